// One client: alerts first, then contact, running and races, bookings and series, the
// calendar feed, and (for clinical roles) the care plan, progress flags, pain areas and intake
// history. Every role can edit the details, archive, and send a self-service intake link.
import { Link, useParams } from 'react-router';
import { useClient, useClinicalAlerts } from '../api/clients';
import { useRole } from '../api/context';
import { isClinical } from '../api/roles';
import { useVocabulary } from '../api/vocabulary';
import { CarePlanSection } from '../care/CarePlanSection';
import { ProgressSection } from '../care/ProgressSection';
import { IntakeLinkPanel } from '../intake/IntakeLinkPanel';
import { ErrorMessage, Loading } from '../ui/states';
import { AlertsBanner } from './AlertsBanner';
import { ArchiveButton } from './ArchiveButton';
import { ClientBookings } from './ClientBookings';
import { ClientFeed } from './ClientFeed';
import { ContactCard, RunnerCard } from './ClientDetails';
import { ClientNotes } from './ClientNotes';
import { ClinicalSection } from './ClinicalSection';
import { useTitle } from '../ui/useTitle';

export function ClientPage() {
  const { id = '' } = useParams();
  const clinical = isClinical(useRole());
  const client = useClient(id);
  const vocabulary = useVocabulary();
  const c = client.data?.data;
  useTitle(c ? `${c.given_name} ${c.family_name}` : 'Client');
  const alerts = useClinicalAlerts(id, clinical && (c?.alerts.length ?? 0) > 0);

  if (client.isPending || vocabulary.isPending) return <Loading what="the client" />;
  if (client.isError) return <ErrorMessage error={client.error} />;
  if (vocabulary.isError) return <ErrorMessage error={vocabulary.error} />;
  const view = client.data.data;
  return (
    <div className="page">
      <div className="page-head">
        <h1>
          {view.given_name} {view.family_name}
        </h1>
        {view.archived ? <span className="badge">Archived</span> : null}
        <div className="inline">
          <Link className="button" to={`/clients/${view.id}/edit`}>
            Edit details
          </Link>
          <ArchiveButton client={view} />
        </div>
      </div>
      <AlertsBanner alerts={view.alerts} clinical={alerts.data} />
      <div className="client-grid">
        <ContactCard client={view} vocabulary={vocabulary.data} />
        <RunnerCard client={view} vocabulary={vocabulary.data} />
        <ClientBookings client={view} />
        <ClientFeed clientId={view.id} />
        <IntakeLinkPanel clientId={view.id} archived={view.archived} clinical={clinical} />
        {clinical ? <CarePlanSection client={view} /> : null}
        {clinical ? <ProgressSection clientId={view.id} vocabulary={vocabulary.data} /> : null}
        {clinical ? <ClinicalSection clientId={view.id} vocabulary={vocabulary.data} /> : null}
        {clinical ? <ClientNotes clientId={view.id} vocabulary={vocabulary.data} /> : null}
      </div>
    </div>
  );
}
