UPDATE bookings SET cancel_reason = coalesce(cancel_note, cancel_reason) WHERE cancel_reason IS NOT NULL;
ALTER TABLE bookings DROP COLUMN cancel_note;
