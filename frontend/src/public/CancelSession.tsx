// Cancelling a session from its link: a button, then a confirmation that says when the
// cancellation is late (inside the practice's window) before it is made.
import { useState } from 'react';
import { useCancelPublicBooking } from '../api/publicBookings';
import type { PublicBooking } from '../api/types';
import { ErrorMessage } from '../ui/states';

export function CancelSession({ token, booking, when }: { token: string; booking: PublicBooking; when: string }) {
  const cancel = useCancelPublicBooking(token);
  const [confirming, setConfirming] = useState(false);
  const hours = booking.cancellation_window_hours;

  if (!confirming) {
    return (
      <div className="manage-actions">
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Cancel this session
        </button>
        <p className="hint">To move it instead, contact {booking.practice_name}.</p>
      </div>
    );
  }
  return (
    <div className="cancel-confirm" role="group" aria-labelledby="cancel-confirm-heading" tabIndex={-1} ref={(el) => el?.focus()}>
      <h2 id="cancel-confirm-heading">Cancel your session on {when}?</h2>
      {booking.late ? (
        <p className="late-warning">
          <strong>This is a late cancellation.</strong> It is inside {booking.practice_name}’s {hours}-hour cancellation
          window, so it will be recorded as a late cancellation.
        </p>
      ) : (
        <p>Only this session is cancelled; your other sessions stay as they are.</p>
      )}
      {cancel.isError ? <ErrorMessage error={cancel.error} /> : null}
      <div className="manage-actions">
        <button type="button" className="button danger-solid" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
          {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
        </button>
        <button type="button" className="button subtle" disabled={cancel.isPending} onClick={() => setConfirming(false)}>
          Keep it
        </button>
      </div>
    </div>
  );
}
