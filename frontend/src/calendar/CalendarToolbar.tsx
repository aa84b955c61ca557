// Moving through the calendar: previous, today, next; week or day; whose bookings.
import type { StaffView } from '../api/types';
import type { View } from './columns';
import { addDays, dayLabel, type LocalDate } from './zone';

interface Props {
  view: View;
  first: LocalDate;
  who: string;
  therapists: readonly StaffView[];
  onGo: (date: LocalDate) => void;
  onToday: () => void;
  onView: (view: View) => void;
  onWho: (who: string) => void;
  onNew: () => void;
}

export function rangeLabel(view: View, first: LocalDate): string {
  return view === 'day' ? dayLabel(first, 'long') : `${dayLabel(first)} – ${dayLabel(addDays(first, 6), 'long')}`;
}

export function CalendarToolbar({ view, first, who, therapists, onGo, onToday, onView, onWho, onNew }: Props) {
  const step = view === 'day' ? 1 : 7;
  return (
    <div className="cal-toolbar">
      <div className="inline" role="group" aria-label="Dates">
        <button type="button" className="button subtle" onClick={() => onGo(addDays(first, -step))}>
          Previous {view}
        </button>
        <button type="button" className="button subtle" onClick={onToday}>
          Today
        </button>
        <button type="button" className="button subtle" onClick={() => onGo(addDays(first, step))}>
          Next {view}
        </button>
      </div>
      <div className="inline" role="group" aria-label="View">
        {(['week', 'day'] as const).map((v) => (
          <button
            key={v}
            type="button"
            className={`button${view === v ? ' primary' : ' subtle'}`}
            aria-pressed={view === v}
            onClick={() => onView(v)}
          >
            {v === 'week' ? 'Week' : 'Day'}
          </button>
        ))}
      </div>
      <label className="inline">
        <span>Therapist</span>
        <select value={who} onChange={(e) => onWho(e.target.value)}>
          <option value="all">All therapists</option>
          {therapists.map((t) => (
            <option key={t.id} value={t.id}>
              {t.display_name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button primary" onClick={onNew}>
        New booking
      </button>
    </div>
  );
}
