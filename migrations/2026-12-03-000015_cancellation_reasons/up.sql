-- A cancellation names its reason from a closed list (knead_domain::reasons::CancellationReason,
-- published in /v1/vocabulary) and may add a short note, which the front desk and emails see.
-- Earlier free-text reasons become the note of 'other'; the cancellations the system makes
-- itself (a series ended or changed) keep their sentence.
ALTER TABLE bookings ADD COLUMN cancel_note text CHECK (length(cancel_note) <= 500);
UPDATE bookings
SET cancel_note = cancel_reason, cancel_reason = 'other'
WHERE cancel_reason IS NOT NULL
    AND cancel_reason NOT IN ('the series was ended', 'replaced by a change to the series');
