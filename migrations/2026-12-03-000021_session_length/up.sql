-- One session length, 5 to 480 minutes (the domain's SessionLength), for series, their moved
-- occurrences and notes still in draft as it already was for services and bookings. Signed
-- notes never change, so their stored length stands. Rows outside the range stop the upgrade
-- with a count rather than being changed here: a person decides what such a booking meant.
DO $$
DECLARE
    series_out bigint;
    moved_out bigint;
    drafts_out bigint;
BEGIN
    SELECT count(*) INTO series_out FROM booking_series WHERE duration_minutes NOT BETWEEN 5 AND 480;
    SELECT count(*) INTO moved_out FROM booking_series_exceptions WHERE moved_minutes NOT BETWEEN 5 AND 480;
    SELECT count(*) INTO drafts_out FROM session_notes
        WHERE status = 'draft' AND duration_minutes NOT BETWEEN 5 AND 480;
    IF series_out + moved_out + drafts_out > 0 THEN
        RAISE EXCEPTION 'sessions last 5 to 480 minutes: % series, % moved occurrences and % draft notes do not; change them with the previous version, then upgrade',
            series_out, moved_out, drafts_out;
    END IF;
END $$;

ALTER TABLE booking_series
    DROP CONSTRAINT booking_series_duration_minutes_check,
    ADD CONSTRAINT booking_series_duration_minutes_check CHECK (duration_minutes BETWEEN 5 AND 480);
ALTER TABLE booking_series_exceptions
    DROP CONSTRAINT booking_series_exceptions_moved_minutes_check,
    ADD CONSTRAINT booking_series_exceptions_moved_minutes_check CHECK (moved_minutes BETWEEN 5 AND 480);
ALTER TABLE session_notes
    DROP CONSTRAINT session_notes_duration_minutes_check,
    ADD CONSTRAINT session_notes_duration_minutes_check
        CHECK (duration_minutes BETWEEN 1 AND 600 AND (status = 'signed' OR duration_minutes BETWEEN 5 AND 480));
