// The sessions booked for the plan. Bookings carry no plan id, so these are the client's
// bookings (not cancelled) with the plan's therapist and services within its dates
// (`planBookings` in plan.ts), accepted proposals among them.
import type { BookingView } from '../api/types';
import { statusLabel } from '../bookings/statuses';
import { dayLabel, localDateOf, timeIn } from '../calendar/zone';
import { Empty } from '../ui/states';

const SHOWN = 12;

interface Props {
  bookings: readonly BookingView[];
  zone: string;
  therapistName: (id: string) => string;
}

export function PlanSessions({ bookings, zone, therapistName }: Props) {
  return (
    <div className="plan-sessions">
      <h3>Booked in this plan</h3>
      {bookings.length === 0 ? <Empty>No sessions booked in the plan’s dates yet.</Empty> : null}
      <ul className="booking-list">
        {bookings.slice(0, SHOWN).map((b) => (
          <li key={b.id}>
            {dayLabel(localDateOf(new Date(b.starts_at), zone))}, {timeIn(b.starts_at, zone)} · {b.service_name} ·{' '}
            {therapistName(b.therapist_id)} · <span className={`badge status-${b.status}`}>{statusLabel(b.status)}</span>
          </li>
        ))}
      </ul>
      {bookings.length > SHOWN ? <p className="muted">and {bookings.length - SHOWN} more later in the plan.</p> : null}
    </div>
  );
}
