// The client's own intake, opened from a one-time link on their phone. The token travels
// in the URL fragment (`/intake#<token>`), which browsers never send to servers or logs;
// `/intake/<token>` works too. The form is sent once and then replaced by a confirmation.
import { useState, type SubmitEvent } from 'react';
import { useParams } from 'react-router';
import { ApiProblem } from '../api/problem';
import { usePublicIntake, useSubmitPublicIntake } from '../api/intake';
import { useVocabulary } from '../api/vocabulary';
import type { IntakeReceipt, PublicIntake, Vocabulary } from '../api/types';
import { draftFrom, toIntakeInput, unratedAreas, type IntakeDraft } from '../intake/draft';
import { IntakeFields } from '../intake/IntakeFields';
import { ErrorSummary } from '../ui/ErrorSummary';
import { formatDateTime } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { useTitle } from '../ui/useTitle';
import { LinkProblem } from './LinkProblem';
import { readToken } from './token';

export function PublicIntakePage() {
  const { token: pathToken } = useParams();
  const token = readToken(pathToken, window.location.hash);
  const intake = usePublicIntake(token);
  const vocabulary = useVocabulary();
  useTitle('Your intake form');

  let body;
  if (!token) body = <LinkProblem title="This link is incomplete" detail="Open the link exactly as you received it." />;
  else if (intake.isPending || vocabulary.isPending) body = <Loading what="your form" />;
  else if (intake.isError) body = <LinkError error={intake.error} />;
  else if (vocabulary.isError) body = <ErrorMessage error={vocabulary.error} />;
  else body = <PublicForm token={token} intake={intake.data} vocabulary={vocabulary.data} />;

  return (
    <main id="main" className="public-page">
      <div className="public-inner">{body}</div>
    </main>
  );
}

function LinkError({ error }: { error: unknown }) {
  const status = error instanceof ApiProblem ? error.status : 0;
  if (status === 410) {
    return (
      <LinkProblem
        title="This link has already been used or has expired"
        detail="If you still need to update your form, ask the practice for a new link."
      />
    );
  }
  if (status === 404) {
    return <LinkProblem title="This link is not valid" detail="Check that you opened the whole link, or ask the practice for a new one." />;
  }
  return <ErrorMessage error={error} />;
}

function PublicForm({ token, intake, vocabulary }: { token: string; intake: PublicIntake; vocabulary: Vocabulary }) {
  const [draft, setDraft] = useState<IntakeDraft>(() => draftFrom(intake.prefill));
  const [receipt, setReceipt] = useState<IntakeReceipt | null>(null);
  const submit = useSubmitPublicIntake(token);
  const { problem, setProblem, errorFor } = useProblem();

  if (receipt) {
    return (
      <div className="notice success" role="status" tabIndex={-1} ref={(el) => el?.focus()}>
        <h1>Thank you, {intake.client_given_name}</h1>
        <p>
          {intake.practice_name} has your intake form (received {formatDateTime(receipt.submitted_at)}). You can close
          this page.
        </p>
      </div>
    );
  }

  const send = (event: SubmitEvent) => {
    event.preventDefault();
    if (submit.isPending) return;
    setProblem(null);
    const unrated = unratedAreas(draft);
    if (unrated.length > 0) {
      setProblem(new ApiProblem({ type: 'about:blank', title: 'Some pain areas have no intensity', status: 422, errors: unrated }));
      return;
    }
    submit.mutate(toIntakeInput(draft, intake.consent_text_version), {
      onSuccess: setReceipt,
      onError: setProblem,
    });
  };

  return (
    <>
      <p className="practice-name">{intake.practice_name}</p>
      <h1>Hello {intake.client_given_name}</h1>
      <p>
        Please tell us about any pain before your visit.
        {intake.prefill ? ' We have filled in your last answers: change anything that is different now.' : ''}
      </p>
      <p className="muted">This link works once and expires {formatDateTime(intake.expires_at)}.</p>
      <form onSubmit={send} noValidate className="intake-form">
        <ErrorSummary problem={problem} />
        <IntakeFields
          draft={draft}
          setDraft={setDraft}
          vocabulary={vocabulary}
          consentText={intake.consent_text}
          errorFor={errorFor}
          audience="client"
        />
        <div className="actions">
          <button type="submit" className="button primary wide" disabled={submit.isPending}>
            {submit.isPending ? 'Sending…' : 'Send my form'}
          </button>
        </div>
      </form>
    </>
  );
}
