// Today: the signed-in therapist's bookings of the day in order, each with what to know
// before the client walks in, and the way into the note.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTokens } from '../api/context';
import { useDayNotes } from '../api/notes';
import { useDayBookings } from '../api/today';
import { useVocabulary } from '../api/vocabulary';
import { usePendingSync } from '../notes/usePendingSync';
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
  const pending = usePendingSync();
  const heading = new Date(`${day.day}T00:00:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
  return (
    <div className="page today">
      <div className="page-head">
        <h1>Today</h1>
        <p className="muted">{heading}</p>
      </div>
      {pending.data?.sent ? (
        <p className="notice-line" role="status">
          {pending.data.sent === 1 ? 'A note draft kept on this device was' : `${pending.data.sent} note drafts kept on this device were`} saved to Knead.
        </p>
      ) : null}
      {pending.data?.left.length ? (
        <div className="error-box" role="alert">
          Note drafts on this device could not be saved yet:{' '}
          {pending.data.left.map((d, i) => (
            <span key={d.slot}>
              {i > 0 ? ', ' : ''}
              <Link to={d.noteId ? `/notes/${d.noteId}` : slotPath(d.slot)}>open draft {i + 1}</Link>
            </span>
          ))}
        </div>
      ) : null}
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

/** Where a draft not yet created on the API is reopened from its slot name. */
function slotPath(slot: string): string {
  const booking = /^new-booking-(.+)$/.exec(slot)?.[1];
  if (booking) return `/notes/new?booking=${booking}`;
  const client = /^new-client-(.+)-\d{4}-\d{2}-\d{2}$/.exec(slot)?.[1];
  return client ? `/notes/new?client=${client}` : '/today';
}
