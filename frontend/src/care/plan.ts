// Which of a client's bookings belong to a plan. Bookings carry no plan id, so a plan's
// sessions are those with its therapist and one of its services within its dates.
import type { BookingView, CarePlanView } from '../api/types';
import { localDateOf } from '../calendar/zone';

/** The client's bookings that belong to the plan: its therapist, its services, its dates. */
export function planBookings(plan: CarePlanView, bookings: readonly BookingView[], zone: string): BookingView[] {
  const services = new Set([plan.service_id, plan.light_service_id, ...plan.phases.map((p) => p.service_id)]);
  const days = plan.phases.flatMap((p) => [p.starts_on, p.ends_on]).sort();
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';
  return bookings.filter((b) => {
    const day = localDateOf(new Date(b.starts_at), zone);
    return b.status !== 'cancelled' && b.therapist_id === plan.therapist_id && services.has(b.service_id) && day >= first && day <= last;
  });
}
