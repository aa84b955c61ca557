// A therapist records a new intake version, starting from the last one on file.
import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useClient } from '../api/clients';
import { useCreateIntakeForm, useIntakeForms } from '../api/intake';
import { ApiProblem } from '../api/problem';
import { useVocabulary } from '../api/vocabulary';
import type { IntakeFormView, Vocabulary } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { draftFrom, toIntakeInput, unratedAreas, type IntakeDraft } from './draft';
import { IntakeFields } from './IntakeFields';
import { useTitle } from '../ui/useTitle';

export function IntakeFormPage() {
  const { id = '' } = useParams();
  const client = useClient(id);
  const vocabulary = useVocabulary();
  const forms = useIntakeForms(id, true);
  useTitle('New intake');

  const failed = client.error ?? vocabulary.error ?? forms.error;
  if (failed) return <ErrorMessage error={failed} />;
  if (!client.data || !vocabulary.data || !forms.data) return <Loading what="the intake form" />;
  return (
    <IntakeEditor
      clientId={id}
      clientName={`${client.data.data.given_name} ${client.data.data.family_name}`}
      vocabulary={vocabulary.data}
      previous={forms.data[0]}
    />
  );
}

interface EditorProps {
  clientId: string;
  clientName: string;
  vocabulary: Vocabulary;
  previous: IntakeFormView | undefined;
}

function IntakeEditor({ clientId, clientName, vocabulary, previous }: EditorProps) {
  const [draft, setDraft] = useState<IntakeDraft>(() => draftFrom(previous));
  const save = useCreateIntakeForm(clientId);
  const navigate = useNavigate();
  const { problem, setProblem, errorFor } = useProblem();

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const unrated = unratedAreas(draft);
    if (unrated.length > 0) {
      setProblem(new ApiProblem({ type: 'about:blank', title: 'Some pain areas have no intensity', status: 422, errors: unrated }));
      return;
    }
    save.mutate(toIntakeInput(draft, vocabulary.consent_text_version), {
      onSuccess: () => void navigate(`/clients/${clientId}`),
      onError: setProblem,
    });
  };

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/clients/${clientId}`}>{clientName}</Link>
      </p>
      <h1>New intake</h1>
      {previous ? (
        <p className="muted">Starts from version {previous.form_version}; saving adds version {previous.form_version + 1}.</p>
      ) : null}
      <form onSubmit={submit} noValidate className="intake-form">
        <ErrorSummary problem={problem} />
        <IntakeFields
          draft={draft}
          setDraft={setDraft}
          vocabulary={vocabulary}
          consentText={vocabulary.consent_text}
          errorFor={errorFor}
          audience="staff"
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save intake'}
          </button>
          <Link className="button subtle" to={`/clients/${clientId}`}>
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
