// A therapist's weekly hours: several intervals a day, in the practice's zone, saved whole
// (PUT replaces the week).
import { useState } from 'react';
import { useReplaceWorkingHours } from '../api/staff';
import type { DayOfWeek, IntervalView } from '../api/types';
import { DAYS } from '../calendar/columns';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useProblem } from '../ui/useProblem';

const NAMES: Record<DayOfWeek, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

const hhmm = (t: string) => t.slice(0, 5);

export function HoursEditor({ staffId, name, initial }: { staffId: string; name: string; initial: readonly IntervalView[] }) {
  const [intervals, setIntervals] = useState<IntervalView[]>(() => initial.map((i) => ({ ...i, starts: hhmm(i.starts), ends: hhmm(i.ends) })));
  const [saved, setSaved] = useState(false);
  const replace = useReplaceWorkingHours(staffId);
  const { problem, setProblem } = useProblem();
  const change = (index: number, next: Partial<IntervalView>) =>
    setIntervals(intervals.map((i, n) => (n === index ? { ...i, ...next } : i)));
  return (
    <fieldset className="settings-form hours">
      <legend>Weekly hours of {name}</legend>
      <ErrorSummary problem={problem} />
      {DAYS.map((day) => (
        <div key={day} className="hours-day" role="group" aria-label={NAMES[day]}>
          <strong>{NAMES[day]}</strong>
          {intervals.map((i, n) =>
            i.weekday === day ? (
              <span key={n} className="inline interval">
                <input type="time" aria-label={`${NAMES[day]} from`} value={i.starts} onChange={(e) => change(n, { starts: e.target.value })} />
                <span aria-hidden="true">–</span>
                <input type="time" aria-label={`${NAMES[day]} until`} value={i.ends} onChange={(e) => change(n, { ends: e.target.value })} />
                <button type="button" className="button subtle" aria-label={`Remove ${NAMES[day]} ${i.starts}–${i.ends}`} onClick={() => setIntervals(intervals.filter((_, m) => m !== n))}>
                  Remove
                </button>
              </span>
            ) : null,
          )}
          <button
            type="button"
            className="button subtle"
            aria-label={`Add hours on ${NAMES[day]}`}
            onClick={() => setIntervals([...intervals, { weekday: day, starts: '09:00', ends: '17:00' }])}
          >
            Add
          </button>
        </div>
      ))}
      <div className="inline">
        <button
          type="button"
          className="button primary"
          disabled={replace.isPending}
          onClick={() => {
            setProblem(null);
            setSaved(false);
            replace.mutate(intervals, { onSuccess: () => setSaved(true), onError: setProblem });
          }}
        >
          Save hours
        </button>
        {saved ? <span role="status">Hours saved.</span> : null}
      </div>
    </fieldset>
  );
}
