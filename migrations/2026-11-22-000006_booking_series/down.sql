ALTER TABLE bookings DROP CONSTRAINT bookings_occurrence_key, DROP CONSTRAINT bookings_series_fkey,
    DROP CONSTRAINT bookings_series_check, DROP COLUMN recurrence_id, DROP COLUMN series_id;
DROP TABLE booking_series_exceptions;
DROP TABLE booking_series;
