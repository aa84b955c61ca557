// The calendar's columns and what each shows, from the data in the practice's zone: a day
// (week view, one therapist or all of them together) or a therapist on a day (day view).
import type { BookingView, ClosedDayView as ClosedDay, DayOfWeek, IntervalView, StaffView, TimeOffView } from '../api/types';
import type { Span } from './layout';
import { addDays, localDateOf, minutesOf, parseClock, toInstant, weekdayOf, type LocalDate } from './zone';

export type View = 'week' | 'day';

export const DAYS: readonly DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface Placement extends Span {
  booking: BookingView;
}

export interface Column {
  key: string;
  date: LocalDate;
  /** The therapist whose column it is; null when it shows every therapist shown. */
  therapist: StaffView | null;
  /** Working time (minutes of the day); outside it the column is shaded. */
  open: Span[];
  /** Time off: blocked. */
  off: (Span & { reason: string })[];
  closed: ClosedDay | null;
  bookings: Placement[];
}

export interface CalendarData {
  zone: string;
  therapists: readonly StaffView[];
  hours: ReadonlyMap<string, readonly IntervalView[]>;
  timeOff: ReadonlyMap<string, readonly TimeOffView[]>;
  closedDays: readonly ClosedDay[];
  bookings: readonly BookingView[];
}

/** The part of an instant range that falls on a day, in minutes of that day. */
function onDay(date: LocalDate, startsAt: string, endsAt: string, zone: string): Span | null {
  const dayStart = toInstant(date, 0, zone).getTime();
  const dayEnd = toInstant(addDays(date, 1), 0, zone).getTime();
  const start = Math.max(new Date(startsAt).getTime(), dayStart);
  const end = Math.min(new Date(endsAt).getTime(), dayEnd);
  if (end <= start) return null;
  return {
    start: minutesOf(new Date(start), zone),
    end: end === dayEnd ? 24 * 60 : minutesOf(new Date(end), zone),
  };
}

function buildColumn(date: LocalDate, therapist: StaffView | null, data: CalendarData): Column {
  const who = therapist ? [therapist] : data.therapists;
  const ids = new Set(who.map((t) => t.id));
  const weekday = DAYS[weekdayOf(date)];
  const open = who.flatMap((t) =>
    (data.hours.get(t.id) ?? [])
      .filter((i) => i.weekday === weekday)
      .map((i) => ({ start: parseClock(i.starts), end: parseClock(i.ends) })),
  );
  const off = therapist
    ? (data.timeOff.get(therapist.id) ?? []).flatMap((t) => {
        const span = onDay(date, t.starts_at, t.ends_at, data.zone);
        return span ? [{ ...span, reason: t.reason }] : [];
      })
    : [];
  const bookings = data.bookings
    .filter((b) => ids.has(b.therapist_id) && localDateOf(new Date(b.starts_at), data.zone) === date)
    .map((b) => {
      const span = onDay(date, b.starts_at, b.ends_at, data.zone) ?? { start: 0, end: 0 };
      return { ...span, booking: b };
    });
  return {
    key: `${date}:${therapist?.id ?? 'all'}`,
    date,
    therapist,
    open,
    off,
    closed: data.closedDays.find((c) => c.date === date) ?? null,
    bookings,
  };
}

/** Week: seven days of the chosen therapist (or all together). Day: one column per therapist. */
export function buildColumns(view: View, first: LocalDate, chosen: StaffView | null, data: CalendarData): Column[] {
  if (view === 'day') {
    const who = chosen ? [chosen] : data.therapists;
    return who.map((t) => buildColumn(first, t, data));
  }
  return Array.from({ length: 7 }, (_, i) => buildColumn(addDays(first, i), chosen, data));
}
