// The API's preview of a series: every occurrence, with what is in its way (another booking,
// time off, a closed day or hours the therapist does not work).
import type { PreviewOccurrence, Unavailable } from '../api/types';
import { dayLabel, localDateOf, timeIn } from '../calendar/zone';

const UNAVAILABLE: Record<Unavailable, string> = {
  outside_hours: 'outside working hours',
  time_off: 'time off',
  closed_day: 'closed day',
};

const RESOURCE: Record<string, string> = {
  therapist: 'therapist already booked',
  room: 'room taken',
  client: 'client already booked',
};

export function problemsOf(o: PreviewOccurrence): string[] {
  return [
    ...new Set(o.clashes.map((c) => RESOURCE[c.resource] ?? 'clash')),
    ...(o.unavailable ? [UNAVAILABLE[o.unavailable]] : []),
  ];
}

export function SeriesPreviewList({ occurrences, zone }: { occurrences: readonly PreviewOccurrence[]; zone: string }) {
  const clashing = occurrences.filter((o) => problemsOf(o).length > 0).length;
  return (
    <section className="series-preview" aria-labelledby="preview-heading">
      <h3 id="preview-heading">
        {occurrences.length} sessions{clashing ? `, ${clashing} with a clash` : ', no clashes'}
      </h3>
      <ol>
        {occurrences.map((o) => {
          const problems = problemsOf(o);
          return (
            <li key={o.recurrence_id} className={problems.length ? 'clash' : undefined}>
              {dayLabel(localDateOf(new Date(o.starts_at), zone), 'long')}, {timeIn(o.starts_at, zone)}–{timeIn(o.ends_at, zone)}
              {problems.length ? <strong className="clash-mark"> Clash: {problems.join(', ')}</strong> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
