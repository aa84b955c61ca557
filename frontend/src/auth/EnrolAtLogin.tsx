// Enrolment the practice requires before this login may finish: set up the app, confirm with
// a code, save the recovery codes, then continue signed in.
import { useEffect, useState } from 'react';
import { useServices } from '../api/context';
import type { Enrolment, EnrolmentConfirmed } from '../api/types';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { EnrolmentPanel } from './EnrolmentPanel';
import { RecoveryCodes } from './RecoveryCodes';

export function EnrolAtLogin({ challenge, onDone }: { challenge: string; onDone: () => void }) {
  const { session } = useServices();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [started, setStarted] = useState<unknown>(null);
  const [confirmed, setConfirmed] = useState<EnrolmentConfirmed | null>(null);
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, errorFor } = useProblem();

  useEffect(() => {
    session.beginEnrolmentAtLogin(challenge).then(setEnrolment, setStarted);
  }, [session, challenge]);

  if (confirmed) {
    return (
      <RecoveryCodes codes={confirmed.recovery_codes}>
        <button
          type="button"
          className="button primary"
          onClick={() => {
            session.adopt(confirmed.tokens);
            onDone();
          }}
        >
          Continue
        </button>
      </RecoveryCodes>
    );
  }
  if (started) return <ErrorMessage error={started} />;
  if (!enrolment) return <Loading what="your two-factor set-up" />;
  return (
    <>
      <p className="notice-line">Your practice requires two-factor sign-in. Set it up to finish signing in.</p>
      <EnrolmentPanel
        enrolment={enrolment}
        busy={busy}
        problem={problem}
        errorFor={errorFor}
        onConfirm={(code) => {
          setBusy(true);
          setProblem(null);
          session
            .confirmEnrolmentAtLogin(challenge, code)
            .then(setConfirmed, setProblem)
            .finally(() => setBusy(false));
        }}
      />
    </>
  );
}
