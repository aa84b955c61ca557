// The client's own calendar feed (their bookings in their phone's calendar).
import { useClientFeed } from '../api/clients';
import { FeedLink } from '../ui/FeedLink';

export function ClientFeed({ clientId }: { clientId: string }) {
  const { issue, revoke } = useClientFeed(clientId);
  return (
    <section className="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">Calendar feed</h2>
      <p className="muted">A private link the client adds to their calendar app; it lists their bookings.</p>
      <FeedLink issue={issue} revoke={revoke} who="this client" />
    </section>
  );
}
