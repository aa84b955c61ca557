// The one-click status moves: confirm, check in, complete, no-show, and the same-day undo of
// a mistaken check-in or no-show (the API refuses them on another day and says why).
import type { BookingView } from '../api/types';
import { movesFrom } from './statuses';

interface Props {
  booking: BookingView;
  busy: boolean;
  onMove: (to: BookingView['status']) => void;
}

export function StatusActions({ booking, busy, onMove }: Props) {
  const moves = movesFrom(booking.status);
  if (moves.length === 0) return null;
  return (
    <div className="inline status-actions" role="group" aria-label="Status">
      {moves.map((m) => (
        <button
          key={m.to}
          type="button"
          className={`button${m.correction ? ' subtle' : ''}`}
          disabled={busy}
          onClick={() => onMove(m.to)}
        >
          {m.label}
        </button>
      ))}
    </div>
  );
}
