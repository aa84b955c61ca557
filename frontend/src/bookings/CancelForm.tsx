// Cancelling with a reason from the practice's list and an optional note; a cancellation
// inside the practice's window is marked late, and the form says so before it is sent.
import { useState } from 'react';
import type { BookingView, CancellationReason, PracticeView } from '../api/types';
import { useVocabulary } from '../api/vocabulary';
import { SelectField, TextField } from '../ui/fields';

export function isLate(startsAt: string, windowHours: number, now = Date.now()): boolean {
  return new Date(startsAt).getTime() - now < windowHours * 3_600_000;
}

interface Props {
  booking: BookingView;
  practice: PracticeView | undefined;
  busy: boolean;
  errorFor: (pointer: string) => string | undefined;
  onCancel: (reason: CancellationReason, note: string) => void;
  onBack: () => void;
}

export function CancelForm({ booking, practice, busy, errorFor, onCancel, onBack }: Props) {
  const vocabulary = useVocabulary();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const window = practice?.cancellation_window_hours ?? 0;
  const late = isLate(booking.starts_at, window);
  return (
    <form
      className="cancel-form"
      onSubmit={(e) => {
        e.preventDefault();
        // The vocabulary's codes are the wire values of CancellationReason (one list in the API).
        onCancel(reason as CancellationReason, note);
      }}
    >
      <h3>Cancel this booking</h3>
      {late ? (
        <p className="late-warning" role="note">
          <strong>Late cancellation:</strong> the session starts within the practice’s {window}-hour window.
        </p>
      ) : null}
      <SelectField pointer="/reason" label="Reason" value={reason} required error={errorFor('/reason')} onChange={(e) => setReason(e.target.value)}>
        <option value="">Choose a reason</option>
        {(vocabulary.data?.cancellation_reasons ?? []).map((r) => (
          <option key={r.code} value={r.code}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <TextField
        pointer="/note"
        label="Note (optional)"
        hint="No health details: the front desk and emails see this note."
        value={note}
        error={errorFor('/note')}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="inline">
        <button type="submit" className="button primary" disabled={busy || !reason}>
          {late ? 'Cancel (late)' : 'Cancel booking'}
        </button>
        <button type="button" className="button subtle" onClick={onBack}>
          Keep it
        </button>
      </div>
    </form>
  );
}
