// The activity log's filters: staff member, resource type and action.
import { useId, useState, type SubmitEvent } from 'react';
import type { ActivityFilter, ActivityResourceType } from '../api/activity';
import type { StaffView } from '../api/staffDirectory';
import { COMMON_ACTIONS, RESOURCE_LABELS } from './labels';

interface Props {
  filter: ActivityFilter;
  staff: readonly StaffView[];
  onApply: (filter: ActivityFilter) => void;
}

export function ActivityFilters({ filter, staff, onApply }: Props) {
  const [actor, setActor] = useState(filter.actor);
  const [resourceType, setResourceType] = useState(filter.resourceType);
  const [action, setAction] = useState(filter.action);
  const ids = { actor: useId(), resource: useId(), action: useId() };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onApply({ actor, resourceType, action });
  };
  return (
    <form className="report-filters audit-filters" onSubmit={submit} role="search" aria-label="Filter the activity log">
      <div className="field">
        <label htmlFor={ids.actor}>Who</label>
        <select id={ids.actor} value={actor} onChange={(e) => setActor(e.target.value)}>
          <option value="">Everyone</option>
          {staff.map((s) => <option key={s.id} value={s.id}>{s.display_name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.resource}>Resource</label>
        <select id={ids.resource} value={resourceType} onChange={(e) => setResourceType(e.target.value as ActivityResourceType | '')}>
          <option value="">All resources</option>
          {Object.entries(RESOURCE_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.action}>Action</label>
        <select id={ids.action} value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">All actions</option>
          {COMMON_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </div>
      <div className="field">
        <button type="submit" className="button primary">Show</button>
      </div>
    </form>
  );
}
