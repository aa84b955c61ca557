// The audit log's filters: client (found by name), staff member, and a date range.
import { useId, useState, type SubmitEvent } from 'react';
import type { AuditFilter } from '../api/audit';
import { useClients } from '../api/clients';
import type { StaffView } from '../api/staffDirectory';
import { TextField } from '../ui/fields';

interface Props {
  filter: AuditFilter;
  staff: readonly StaffView[];
  onApply: (filter: AuditFilter) => void;
  errorFor: (pointer: string) => string | undefined;
}

/** A date input's day as the instant the local day starts (RFC 3339), or empty. */
function startOf(day: string): string {
  return day ? new Date(`${day}T00:00:00`).toISOString() : '';
}

export function AuditFilters({ filter, staff, onApply, errorFor }: Props) {
  const [q, setQ] = useState('');
  const [clientId, setClientId] = useState(filter.clientId);
  const [actorId, setActorId] = useState(filter.actorId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const clients = useClients(q, undefined);
  const clientSelect = useId();
  const staffSelect = useId();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const end = to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : '';
    onApply({ clientId, actorId, from: startOf(from), to: end });
  };
  return (
    <form className="report-filters audit-filters" onSubmit={submit} role="search" aria-label="Filter the audit log">
      <TextField pointer="client-search" label="Find a client" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="field">
        <label htmlFor={clientSelect}>Client</label>
        <select id={clientSelect} value={clientId} onChange={(e) => setClientId(e.target.value)}>
          <option value="">All clients</option>
          {clients.data?.items.map((c) => <option key={c.id} value={c.id}>{c.given_name} {c.family_name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={staffSelect}>Staff member</label>
        <select id={staffSelect} value={actorId} onChange={(e) => setActorId(e.target.value)}>
          <option value="">Everyone</option>
          {staff.map((s) => <option key={s.id} value={s.id}>{s.display_name}</option>)}
        </select>
      </div>
      <TextField pointer="from" label="From" type="date" value={from} error={errorFor('from')} onChange={(e) => setFrom(e.target.value)} />
      <TextField pointer="to" label="To (inclusive)" type="date" value={to} error={errorFor('to')} onChange={(e) => setTo(e.target.value)} />
      <div className="field">
        <button type="submit" className="button primary">Show</button>
      </div>
    </form>
  );
}
