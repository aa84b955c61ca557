// Two-factor sign-in (every role): its status, and setting it up with an authenticator app.
import { useState } from 'react';
import { useBeginEnrolment, useConfirmEnrolment, useMySecondFactor } from '../api/secondFactor';
import type { Enrolment } from '../api/types';
import { EnrolmentPanel } from '../auth/EnrolmentPanel';
import { RecoveryCodes } from '../auth/RecoveryCodes';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';

export function SecondFactorSection() {
  const status = useMySecondFactor();
  const begin = useBeginEnrolment();
  const confirm = useConfirmEnrolment();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const { problem, setProblem, errorFor } = useProblem();
  return (
    <section className="card" aria-labelledby="second-factor-heading">
      <h2 id="second-factor-heading">Two-factor sign-in</h2>
      {status.isPending ? <Loading what="your two-factor sign-in" /> : null}
      {status.isError ? <ErrorMessage error={status.error} /> : null}
      {codes ? (
        <RecoveryCodes codes={codes}>
          <button type="button" className="button" onClick={() => setCodes(null)}>
            I have saved them
          </button>
        </RecoveryCodes>
      ) : null}
      {status.data && !codes ? (
        status.data.enrolled ? (
          <p>
            On: signing in asks for a code from your authenticator app. {status.data.recovery_codes_left} recovery codes
            left. Lost your phone? An owner can reset it.
          </p>
        ) : enrolment ? (
          <EnrolmentPanel
            enrolment={enrolment}
            busy={confirm.isPending}
            problem={problem}
            errorFor={errorFor}
            onConfirm={(code) => {
              setProblem(null);
              confirm.mutate(code, {
                onSuccess: (done) => {
                  setEnrolment(null);
                  setCodes(done.recovery_codes);
                },
                onError: setProblem,
              });
            }}
          />
        ) : (
          <>
            <p>Off. With it on, signing in also asks for a code from an app on your phone.</p>
            {begin.isError ? <ErrorMessage error={begin.error} /> : null}
            <button
              type="button"
              className="button primary"
              disabled={begin.isPending}
              onClick={() => begin.mutate(undefined, { onSuccess: setEnrolment })}
            >
              Set up two-factor sign-in
            </button>
          </>
        )
      ) : null}
    </section>
  );
}
