// The activity log (owners): who wrote what — cancelled a booking, changed a service, invited
// a therapist, archived a client — filtered by staff member, resource type and action, one
// keyset page at a time. Beside the audit log, which records clinical calls.
import { useState } from 'react';
import { ACTIVITY_PAGE_SIZE, useActivity, type ActivityFilter } from '../api/activity';
import { useStaff } from '../api/staffDirectory';
import { ErrorMessage, Loading, Empty } from '../ui/states';
import { useTitle } from '../ui/useTitle';
import { ActivityFilters } from './ActivityFilters';
import { ActivityTable } from './ActivityTable';
import '../reports/charts.css';
import '../audit/audit.css';

export function ActivityPage() {
  useTitle('Activity');
  const [filter, setFilter] = useState<ActivityFilter>({ actor: '', resourceType: '', action: '' });
  // Keyset pages: the cursors that led here, so "Newer" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const activity = useActivity(filter, cursor);
  const staff = useStaff();
  const apply = (next: ActivityFilter) => {
    setFilter(next);
    setCursors([undefined]);
  };
  const next = activity.data?.next_cursor;
  return (
    <div className="page">
      <h1>Activity</h1>
      <p className="hint">Who changed what, newest first: bookings, clients, services, staff and settings. Entries hold ids and actions, never notes or reasons.</p>
      <ActivityFilters filter={filter} staff={staff.data ?? []} onApply={apply} />
      {activity.isPending ? <Loading what="the activity log" /> : null}
      {activity.isError ? <ErrorMessage error={activity.error} /> : null}
      {activity.data?.items.length === 0 ? <Empty>No activity matches.</Empty> : null}
      {activity.data && activity.data.items.length > 0 ? (
        <ActivityTable entries={activity.data.items} busy={activity.isPlaceholderData} />
      ) : null}
      <nav className="pager" aria-label="Activity pages">
        <button type="button" className="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <span className="muted">Page {cursors.length} · {ACTIVITY_PAGE_SIZE} per page</span>
        <button type="button" className="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
          Older
        </button>
      </nav>
    </div>
  );
}
