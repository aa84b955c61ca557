// Activity entries as a table: when, who (name and role, an API key, a client's link or the
// system), what action, on which resource.
import type { ActivityEntry } from '../api/activity';
import { formatDateTime } from '../ui/format';
import { RESOURCE_LABELS } from './labels';

const ACTORS = { api_key: 'API key', client_link: 'Client (intake link)', system: 'System', staff: 'Staff' } as const;

function who(entry: ActivityEntry): string {
  const { actor } = entry;
  if (actor.kind === 'staff') {
    const role = actor.role ? ` (${actor.role.replace('_', ' ')})` : '';
    return `${actor.display_name ?? `…${(actor.id ?? '').slice(-8)}`}${role}`;
  }
  if (actor.kind === 'api_key') return `${ACTORS.api_key}: ${actor.display_name ?? `…${(actor.id ?? '').slice(-8)}`}`;
  return ACTORS[actor.kind];
}

export function ActivityTable({ entries, busy }: { entries: readonly ActivityEntry[]; busy: boolean }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Activity (scrolls sideways)">
      <table className="data-table audit-table" aria-busy={busy}>
        <caption>Activity, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Resource</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-action={e.action} data-actor-kind={e.actor.kind}>
              <td>{formatDateTime(e.occurred_at)}</td>
              <td>{who(e)}</td>
              <td><code>{e.action}</code></td>
              <td title={e.resource_id}>{RESOURCE_LABELS[e.resource_type]} …{e.resource_id.slice(-8)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
