// A client's bookings (upcoming, then the last ones) and series, with "book again": the
// booking dialog opens with the client and the last service chosen.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useBookings } from '../api/bookings';
import { usePractice } from '../api/practice';
import { useClientSeries } from '../api/series';
import type { BookingView, ClientView } from '../api/types';
import { statusLabel } from '../bookings/statuses';
import { browserZone, dayLabel, localDateOf, timeIn } from '../calendar/zone';
import { Empty, ErrorMessage, Loading } from '../ui/states';

const BookingDialog = lazy(() => import('../bookings/BookingDialog').then((m) => ({ default: m.BookingDialog })));

const YEAR = 365 * 86_400_000;

function Row({ b, zone }: { b: BookingView; zone: string }) {
  return (
    <li>
      {dayLabel(localDateOf(new Date(b.starts_at), zone))}, {timeIn(b.starts_at, zone)} · {b.service_name}
      {b.series_id ? ' ↻' : ''} · <span className={`badge status-${b.status}`}>{statusLabel(b.status)}</span>
      {b.cancellation?.late ? <span className="badge severity-avoid"> late</span> : null}
    </li>
  );
}

export function ClientBookings({ client }: { client: ClientView }) {
  const [now] = useState(() => Date.now());
  const practice = usePractice();
  const zone = practice.data?.data.time_zone ?? browserZone();
  const bookings = useBookings({
    clientId: client.id,
    from: new Date(now - YEAR).toISOString(),
    to: new Date(now + YEAR).toISOString(),
  });
  const series = useClientSeries(client.id);
  const [again, setAgain] = useState(false);
  const { upcoming, past } = useMemo(() => {
    const all = bookings.data ?? [];
    return {
      upcoming: all.filter((b) => new Date(b.starts_at).getTime() >= now),
      past: all.filter((b) => new Date(b.starts_at).getTime() < now).reverse().slice(0, 10),
    };
  }, [bookings.data, now]);
  const last = past[0] ?? upcoming[0];
  const openSeries = (series.data ?? []).filter((s) => !s.ended_at);
  return (
    <section className="card" aria-labelledby="bookings-heading">
      <div className="card-head">
        <h2 id="bookings-heading">Bookings</h2>
        <button type="button" className="button" disabled={client.archived} onClick={() => setAgain(true)}>
          Book again
        </button>
      </div>
      {bookings.isPending ? <Loading what="bookings" /> : null}
      {bookings.isError ? <ErrorMessage error={bookings.error} /> : null}
      <h3>Upcoming</h3>
      {bookings.data && upcoming.length === 0 ? <Empty>Nothing booked.</Empty> : null}
      <ul className="booking-list">
        {upcoming.slice(0, 12).map((b) => (
          <Row key={b.id} b={b} zone={zone} />
        ))}
      </ul>
      {openSeries.length ? <p className="muted">{openSeries.length} repeating series running.</p> : null}
      <h3>Past</h3>
      {bookings.data && past.length === 0 ? <Empty>No visits yet.</Empty> : null}
      <ul className="booking-list">
        {past.map((b) => (
          <Row key={b.id} b={b} zone={zone} />
        ))}
      </ul>
      {again ? (
        <Suspense fallback={<Loading what="the booking form" />}>
          <BookingDialog
            draft={{
              date: localDateOf(new Date(), zone),
              minutes: 9 * 60,
              therapistId: last?.therapist_id ?? '',
              serviceId: last?.service_id ?? '',
              client: { id: client.id, name: `${client.given_name} ${client.family_name}` },
            }}
            onClose={() => setAgain(false)}
          />
        </Suspense>
      ) : null}
    </section>
  );
}
