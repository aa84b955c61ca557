// Today: the signed-in therapist's bookings of the day in order, each with what to know
// before the client walks in, and the way into the note.
import { useState } from 'react';
import { useTokens } from '../api/context';
import { useDayNotes } from '../api/notes';
import { useDayBookings } from '../api/today';
import { useVocabulary } from '../api/vocabulary';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { useTitle } from '../ui/useTitle';
import { BookingCard } from './BookingCard';
import { dayOf } from './day';
import './today.css';

export function TodayPage() {
  useTitle('Today');
  const tokens = useTokens();
  const [day] = useState(() => dayOf(new Date()));
  const bookings = useDayBookings(tokens?.staffId, day.from, day.to);
  const notes = useDayNotes(tokens?.staffId, day.day, day.next);
  const vocabulary = useVocabulary();
  const heading = new Date(`${day.day}T00:00:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
  return (
    <div className="page today">
      <div className="page-head">
        <h1>Today</h1>
        <p className="muted">{heading}</p>
      </div>
      {bookings.isPending || vocabulary.isPending ? <Loading what="your day" /> : null}
      {bookings.isError ? <ErrorMessage error={bookings.error} /> : null}
      {bookings.data?.length === 0 ? <Empty>No bookings today.</Empty> : null}
      {bookings.data && vocabulary.data ? (
        <ol className="day-list">
          {bookings.data.map((booking) => (
            <BookingCard
              key={booking.id}
              booking={booking}
              vocabulary={vocabulary.data}
              noteId={notes.data?.find((n) => n.booking_id === booking.id)?.id ?? null}
            />
          ))}
        </ol>
      ) : null}
    </div>
  );
}
