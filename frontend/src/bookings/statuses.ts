// Booking states as the desk reads them, and the one-click moves the panel offers. The API
// checks every move (and its timing); this list only decides which buttons to show.
import type { BookingStatus } from '../api/types';

const LABELS: Record<BookingStatus, string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export function statusLabel(status: BookingStatus): string {
  return LABELS[status];
}

export interface Move {
  to: BookingStatus;
  label: string;
  /** Undoes a mistaken state; the API allows it on the session's day only. */
  correction?: boolean;
}

const MOVES: Record<BookingStatus, readonly Move[]> = {
  scheduled: [
    { to: 'confirmed', label: 'Confirm' },
    { to: 'checked_in', label: 'Check in' },
    { to: 'no_show', label: 'No-show' },
  ],
  confirmed: [
    { to: 'checked_in', label: 'Check in' },
    { to: 'no_show', label: 'No-show' },
  ],
  checked_in: [
    { to: 'completed', label: 'Complete' },
    { to: 'confirmed', label: 'Undo check-in', correction: true },
  ],
  no_show: [{ to: 'scheduled', label: 'Undo no-show', correction: true }],
  completed: [],
  cancelled: [],
};

export function movesFrom(status: BookingStatus): readonly Move[] {
  return MOVES[status];
}

/** Time, people and place change only while a booking is scheduled or confirmed. */
export function isMovable(status: BookingStatus): boolean {
  return status === 'scheduled' || status === 'confirmed';
}
