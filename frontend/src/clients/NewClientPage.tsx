// A new client: names, contact, emergency contact, preferences and the runner profile.
import { useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCreateClient } from '../api/clients';
import { useVocabulary } from '../api/vocabulary';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { useTitle } from '../ui/useTitle';
import { ClientFormFields } from './ClientFormFields';
import { EMPTY, toNewClient, type Draft } from './clientDraft';


export function NewClientPage() {
  useTitle('New client');
  const vocabulary = useVocabulary();
  const create = useCreateClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { problem, setProblem, errorFor } = useProblem();

  if (vocabulary.isPending) return <Loading what="the form" />;
  if (vocabulary.isError) return <ErrorMessage error={vocabulary.error} />;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    create.mutate(toNewClient(draft), {
      onSuccess: (client) => void navigate(`/clients/${client.id}`),
      onError: setProblem,
    });
  };

  return (
    <div className="page narrow">
      <h1>New client</h1>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problem={problem} />
        <ClientFormFields draft={draft} setDraft={setDraft} errorFor={errorFor} vocabulary={vocabulary.data} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Save client'}
          </button>
        </div>
      </form>
    </div>
  );
}
