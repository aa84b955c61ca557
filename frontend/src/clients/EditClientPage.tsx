// Editing a client's contact, preferences (pressure, areas to avoid) and runner profile. The
// change names the version it was read at; a 412 means someone else saved first.
import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useClient, useUpdateClient } from '../api/clients';
import type { Tagged } from '../api/problem';
import type { ClientView, Vocabulary } from '../api/types';
import { useVocabulary } from '../api/vocabulary';
import { ProblemNotice } from '../ui/ProblemNotice';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { useTitle } from '../ui/useTitle';
import { ClientFormFields } from './ClientFormFields';
import { fromClient, toPatch } from './clientDraft';

export function EditClientPage() {
  const { id = '' } = useParams();
  const client = useClient(id);
  const vocabulary = useVocabulary();
  useTitle('Edit client');
  if (client.isPending || vocabulary.isPending) return <Loading what="the client" />;
  if (client.isError) return <ErrorMessage error={client.error} />;
  if (vocabulary.isError) return <ErrorMessage error={vocabulary.error} />;
  // Keyed by version: a reload after a 412 starts the form again from the stored client.
  return <EditForm key={client.data.etag} current={client.data} vocabulary={vocabulary.data} reload={() => void client.refetch()} />;
}

function EditForm({ current, vocabulary, reload }: { current: Tagged<ClientView>; vocabulary: Vocabulary; reload: () => void }) {
  const c = current.data;
  const [draft, setDraft] = useState(() => fromClient(c));
  const update = useUpdateClient(c.id);
  const navigate = useNavigate();
  const { problem, setProblem, errorFor } = useProblem();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    update.mutate(
      { etag: current.etag, body: toPatch(draft) },
      { onSuccess: () => void navigate(`/clients/${c.id}`), onError: setProblem },
    );
  };
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/clients/${c.id}`}>
          {c.given_name} {c.family_name}
        </Link>
      </p>
      <h1>Edit client</h1>
      <form onSubmit={submit} noValidate>
        <ProblemNotice problem={problem} onReload={reload} />
        <ClientFormFields draft={draft} setDraft={setDraft} errorFor={errorFor} vocabulary={vocabulary} withAreas />
        <div className="actions">
          <button type="submit" className="button primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save changes'}
          </button>
          <Link className="button subtle" to={`/clients/${c.id}`}>
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
