// The calendar on a phone: each day of the range as a list of bookings, in time order.
import type { Column } from './columns';
import { bookingSummary } from './BookingBlock';
import { dayLabel, timeIn, type LocalDate } from './zone';

interface Props {
  columns: readonly Column[];
  zone: string;
  today: LocalDate;
  nameOf: (id: string) => string;
  onOpen: (id: string) => void;
}

export function CalendarList({ columns, zone, today, nameOf, onOpen }: Props) {
  const days = [...new Set(columns.map((c) => c.date))];
  return (
    <div className="cal-list">
      {days.map((date) => {
        const cols = columns.filter((c) => c.date === date);
        const closed = cols.find((c) => c.closed)?.closed;
        const bookings = cols
          .flatMap((c) => c.bookings)
          .sort((a, b) => a.booking.starts_at.localeCompare(b.booking.starts_at));
        return (
          <section key={date} aria-labelledby={`day-${date}`} className="cal-list-day">
            <h2 id={`day-${date}`}>
              {dayLabel(date, 'long')}
              {date === today ? <span className="badge">Today</span> : null}
            </h2>
            {closed ? <p className="cal-list-closed">Closed: {closed.name}</p> : null}
            {bookings.length === 0 ? <p className="empty">No bookings.</p> : null}
            <ul>
              {bookings.map(({ booking: b }) => (
                <li key={b.id}>
                  <button
                    type="button"
                    className={`booking-row status-${b.status}`}
                    aria-label={bookingSummary(b, zone, nameOf(b.therapist_id))}
                    onClick={() => onOpen(b.id)}
                  >
                    <span className="booking-time">
                      {timeIn(b.starts_at, zone)}–{timeIn(b.ends_at, zone)}
                      {b.series_id ? ' ↻' : ''}
                    </span>
                    <strong>
                      {b.client.given_name} {b.client.family_name}
                    </strong>
                    <span className="booking-meta">
                      {b.service_name} · {nameOf(b.therapist_id)}
                      {b.room_name ? ` · ${b.room_name}` : ''}
                    </span>
                    {b.client.alerts[0] ? (
                      <span className={`badge severity-${b.client.alerts[0].severity}`}>
                        {b.client.alerts[0].severity}: {b.client.alerts[0].handling}
                      </span>
                    ) : null}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
