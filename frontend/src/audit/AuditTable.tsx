// Audit events as a table: when, who (name and role), what operation, on which client and
// resource, the outcome and status, and where from.
import type { AuditEvent } from '../api/audit';
import type { StaffView } from '../api/staffDirectory';
import { formatDateTime } from '../ui/format';

const short = (id: string | null | undefined) => (id ? id.slice(-8) : '—');

export function AuditTable({ events, staff, busy }: { events: readonly AuditEvent[]; staff: readonly StaffView[]; busy: boolean }) {
  const nameOf = (id: string | null | undefined) => staff.find((s) => s.id === id)?.display_name ?? (id ? `…${short(id)}` : '—');
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit events (scrolls sideways)">
      <table className="data-table audit-table" aria-busy={busy}>
        <caption>Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Operation</th>
            <th scope="col">Client</th><th scope="col">Resource</th><th scope="col">Outcome</th><th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td>{e.seq}</td>
              <td>{formatDateTime(e.occurred_at)}</td>
              <td>{nameOf(e.actor_id)}{e.actor_role ? <span className="muted"> ({e.actor_role.replace('_', ' ')})</span> : null}</td>
              <td><code>{e.action}</code></td>
              <td title={e.client_id ?? undefined}>{e.client_id ? `…${short(e.client_id)}` : '—'}</td>
              <td>{e.resource_type} {e.resource_id ? `…${short(e.resource_id)}` : ''}</td>
              <td>{e.outcome} ({e.status})</td>
              <td>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
