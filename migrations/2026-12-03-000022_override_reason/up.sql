-- Who booked outside the usual rules (outside working hours, in time off, on a closed day) on
-- purpose, and why: a code of the closed list and an optional short note without health
-- details. On a series, and copied onto each occurrence it books.
ALTER TABLE bookings
    ADD COLUMN override_by uuid,
    ADD COLUMN override_reason text CHECK (override_reason IN ('client_request', 'therapist_agreed', 'urgent_care', 'make_up', 'other')),
    ADD COLUMN override_note text CHECK (length(btrim(override_note)) BETWEEN 1 AND 200),
    ADD CONSTRAINT bookings_override_whole
        CHECK ((override_by IS NULL) = (override_reason IS NULL) AND (override_note IS NULL OR override_reason IS NOT NULL)),
    ADD CONSTRAINT bookings_override_by_fkey FOREIGN KEY (practice_id, override_by) REFERENCES staff (practice_id, id);
CREATE INDEX bookings_override_by_idx ON bookings (practice_id, override_by);

ALTER TABLE booking_series
    ADD COLUMN override_by uuid,
    ADD COLUMN override_reason text CHECK (override_reason IN ('client_request', 'therapist_agreed', 'urgent_care', 'make_up', 'other')),
    ADD COLUMN override_note text CHECK (length(btrim(override_note)) BETWEEN 1 AND 200),
    ADD CONSTRAINT booking_series_override_whole
        CHECK ((override_by IS NULL) = (override_reason IS NULL) AND (override_note IS NULL OR override_reason IS NOT NULL)),
    ADD CONSTRAINT booking_series_override_by_fkey FOREIGN KEY (practice_id, override_by) REFERENCES staff (practice_id, id);
CREATE INDEX booking_series_override_by_idx ON booking_series (practice_id, override_by);
