// One client: alerts first, then contact, running, and (for clinical roles) pain areas and
// intake history. Every role can send a self-service intake link.
import { useParams } from 'react-router';
import { useClient, useClinicalAlerts } from '../api/clients';
import { useRole } from '../api/context';
import { isClinical } from '../api/roles';
import { useVocabulary } from '../api/vocabulary';
import { IntakeLinkPanel } from '../intake/IntakeLinkPanel';
import { ErrorMessage, Loading } from '../ui/states';
import { AlertsBanner } from './AlertsBanner';
import { ClientDetails } from './ClientDetails';
import { ClientNotes } from './ClientNotes';
import { ClinicalSection } from './ClinicalSection';
import { useTitle } from '../ui/useTitle';

export function ClientPage() {
  const { id = '' } = useParams();
  const clinical = isClinical(useRole());
  const client = useClient(id);
  const vocabulary = useVocabulary();
  useTitle(client.data ? `${client.data.given_name} ${client.data.family_name}` : 'Client');
  const alerts = useClinicalAlerts(id, clinical && (client.data?.alerts.length ?? 0) > 0);

  if (client.isPending || vocabulary.isPending) return <Loading what="the client" />;
  if (client.isError) return <ErrorMessage error={client.error} />;
  if (vocabulary.isError) return <ErrorMessage error={vocabulary.error} />;
  const c = client.data;
  return (
    <div className="page">
      <div className="page-head">
        <h1>
          {c.given_name} {c.family_name}
        </h1>
        {c.archived ? <span className="badge">Archived</span> : null}
      </div>
      <AlertsBanner alerts={c.alerts} clinical={alerts.data} />
      <div className="client-grid">
        <ClientDetails client={c} vocabulary={vocabulary.data} />
        <IntakeLinkPanel clientId={c.id} archived={c.archived} clinical={clinical} />
        {clinical ? <ClinicalSection clientId={c.id} vocabulary={vocabulary.data} /> : null}
        {clinical ? <ClientNotes clientId={c.id} vocabulary={vocabulary.data} /> : null}
      </div>
    </div>
  );
}
