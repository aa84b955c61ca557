// Free times on the chosen day for the chosen service (and therapist), from the API's
// availability: working hours less time off, closed days and bookings with their buffers.
import { useAvailability } from '../api/bookings';
import { addDays, minutesOf, timeIn, toInstant, type LocalDate } from '../calendar/zone';

interface Props {
  serviceId: string;
  therapistId: string;
  date: LocalDate;
  zone: string;
  nameOf: (id: string) => string;
  onPick: (minutes: number, therapistId: string) => void;
}

export function SlotPicker({ serviceId, therapistId, date, zone, nameOf, onPick }: Props) {
  const ready = serviceId !== '' && date !== '';
  const availability = useAvailability(
    ready
      ? {
          serviceId,
          therapistId,
          from: toInstant(date, 0, zone).toISOString(),
          to: toInstant(addDays(date, 1), 0, zone).toISOString(),
        }
      : null,
  );
  if (!ready) return null;
  const slots = availability.data?.slots ?? [];
  return (
    <div className="slot-picker" role="group" aria-labelledby="free-times">
      <h3 id="free-times">Free times</h3>
      {availability.isPending ? <p className="muted">Finding free times…</p> : null}
      {availability.isError ? <p className="field-error">Free times could not be loaded.</p> : null}
      {availability.data && slots.length === 0 ? (
        <p className="empty">No free time that day. Pick another day, or book outside hours with a reason.</p>
      ) : null}
      <ul className="slot-list">
        {slots.slice(0, 40).map((s) => (
          <li key={`${s.therapist_id}-${s.starts_at}`}>
            <button
              type="button"
              className="button subtle slot"
              onClick={() => onPick(minutesOf(new Date(s.starts_at), zone), s.therapist_id)}
            >
              {timeIn(s.starts_at, zone)}
              {therapistId ? '' : ` · ${nameOf(s.therapist_id)}`}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
