ALTER TABLE session_notes
    DROP CONSTRAINT session_notes_duration_minutes_check,
    ADD CONSTRAINT session_notes_duration_minutes_check CHECK (duration_minutes BETWEEN 1 AND 600);
ALTER TABLE booking_series_exceptions
    DROP CONSTRAINT booking_series_exceptions_moved_minutes_check,
    ADD CONSTRAINT booking_series_exceptions_moved_minutes_check CHECK (moved_minutes BETWEEN 1 AND 720);
ALTER TABLE booking_series
    DROP CONSTRAINT booking_series_duration_minutes_check,
    ADD CONSTRAINT booking_series_duration_minutes_check CHECK (duration_minutes BETWEEN 1 AND 720);
