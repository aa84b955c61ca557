// Clients: search by name, email or phone, a page at a time (keyset cursors from the API).
import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClients } from '../api/clients';
import { useRole } from '../api/context';
import type { ClientView } from '../api/types';
import { formatDate } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { AlertBadges } from './AlertBadges';
import { useTitle } from '../ui/useTitle';

const SEARCH_DELAY_MS = 250;

export function ClientListPage() {
  useTitle('Clients');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // Cursors of the pages before this one; the API only walks forwards.
  const [trail, setTrail] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const searchId = useId();
  const clients = useClients(q, cursor);
  const owner = useRole() === 'owner';

  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => {
      setParams(text ? { q: text } : {}, { replace: true });
      setTrail([]);
      setCursor(undefined);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, q, setParams]);

  const next = clients.data?.next_cursor ?? null;
  const page = trail.length + 1;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Clients</h1>
        <div className="actions-inline">
          {owner ? (
            <Link className="button" to="/clients/import">
              Import clients
            </Link>
          ) : null}
          <Link className="button primary" to="/clients/new">
            New client
          </Link>
        </div>
      </div>
      <div className="search" role="search">
        <label htmlFor={searchId}>Search clients</label>
        <input
          id={searchId}
          type="search"
          placeholder="Name, email or phone"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {clients.isPending ? <Loading what="clients" /> : null}
      {clients.isError ? <ErrorMessage error={clients.error} /> : null}
      {clients.data && clients.data.items.length === 0 ? (
        <Empty>{q ? `No clients match “${q}”.` : 'No clients yet. Add the first one.'}</Empty>
      ) : null}
      {clients.data && clients.data.items.length > 0 ? (
        <ClientTable clients={clients.data.items} busy={clients.isFetching} />
      ) : null}
      {clients.data && (page > 1 || next) ? (
        <nav className="pager" aria-label="Client pages">
          <button
            type="button"
            className="button"
            disabled={page === 1}
            onClick={() => {
              setCursor(trail[trail.length - 1]);
              setTrail(trail.slice(0, -1));
            }}
          >
            Previous
          </button>
          <span aria-live="polite">Page {page}</span>
          <button
            type="button"
            className="button"
            disabled={!next}
            onClick={() => {
              setTrail([...trail, cursor]);
              setCursor(next ?? undefined);
            }}
          >
            Next
          </button>
        </nav>
      ) : null}
    </div>
  );
}

function ClientTable({ clients, busy }: { clients: readonly ClientView[]; busy: boolean }) {
  return (
    <table className="clients" aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Contact</th>
          <th scope="col">Alerts</th>
          <th scope="col">Last visit</th>
        </tr>
      </thead>
      <tbody>
        {clients.map((client) => (
          <tr key={client.id}>
            <td>
              <Link to={`/clients/${client.id}`}>
                {client.given_name} {client.family_name}
              </Link>
            </td>
            <td>{[client.email, client.phone].filter(Boolean).join(' · ') || '—'}</td>
            <td>{client.alerts.length ? <AlertBadges alerts={client.alerts} /> : '—'}</td>
            <td>{client.last_visit_at ? formatDate(client.last_visit_at) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
