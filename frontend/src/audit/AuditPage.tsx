// The clinical audit log (owners): who called which clinical operation, when, from where and
// with what outcome; filtered by client, staff member and dates, one keyset page at a time.
import { useState } from 'react';
import { AUDIT_PAGE_SIZE, useAuditEvents, type AuditFilter } from '../api/audit';
import { ApiProblem } from '../api/problem';
import { useStaff } from '../api/staffDirectory';
import { ErrorMessage, Loading, Empty } from '../ui/states';
import { useTitle } from '../ui/useTitle';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import '../reports/charts.css';
import './audit.css';

export function AuditPage() {
  useTitle('Audit log');
  const [filter, setFilter] = useState<AuditFilter>({ clientId: '', actorId: '', from: '', to: '' });
  // Keyset pages: the cursors that led here, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const events = useAuditEvents(filter, cursor);
  const staff = useStaff();
  const problem = events.error instanceof ApiProblem ? events.error : null;
  const apply = (next: AuditFilter) => {
    setFilter(next);
    setCursors([undefined]);
  };
  const next = events.data?.next_cursor;
  return (
    <div className="page">
      <h1>Audit log</h1>
      <p className="hint">Every call of a clinical operation, newest first. Entries hold ids and outcomes, never clinical text.</p>
      <AuditFilters filter={filter} staff={staff.data ?? []} onApply={apply} errorFor={(p) => problem?.messageFor(p)} />
      {events.isPending ? <Loading what="the audit log" /> : null}
      {events.isError ? <ErrorMessage error={events.error} /> : null}
      {events.data?.items.length === 0 ? <Empty>No events match.</Empty> : null}
      {events.data && events.data.items.length > 0 ? (
        <AuditTable events={events.data.items} staff={staff.data ?? []} busy={events.isPlaceholderData} />
      ) : null}
      <nav className="pager" aria-label="Audit log pages">
        <button type="button" className="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <span className="muted">Page {cursors.length} · {AUDIT_PAGE_SIZE} per page</span>
        <button type="button" className="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
          Older
        </button>
      </nav>
    </div>
  );
}
