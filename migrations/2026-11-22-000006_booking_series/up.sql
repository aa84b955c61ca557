-- Recurring series. A series is a wall-clock pattern (first local start, the practice's zone,
-- an RFC 5545 weekly rule); its occurrences are booking rows, materialised up to a horizon
-- that the server extends as time passes, so the exclusion constraints on bookings cover them.
CREATE TABLE booking_series (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    service_id uuid NOT NULL,
    room_id uuid,
    -- DTSTART as local wall-clock time in time_zone: the first occurrence's RECURRENCE-ID.
    first_local timestamp NOT NULL,
    time_zone text NOT NULL,
    -- The rule without DTSTART, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10.
    rrule text NOT NULL CHECK (rrule LIKE 'FREQ=WEEKLY%'),
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 720),
    buffer_minutes integer NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 120),
    outside_hours boolean NOT NULL DEFAULT false,
    -- The series this one was split from ("this and following").
    previous_id uuid,
    -- Occurrences starting before this instant have booking rows.
    materialised_until timestamptz NOT NULL,
    -- Set when the series was ended: no occurrence from this instant on.
    ended_at timestamptz,
    created_by uuid NOT NULL,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT booking_series_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT booking_series_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id),
    CONSTRAINT booking_series_therapist_fkey FOREIGN KEY (practice_id, therapist_id) REFERENCES staff (practice_id, id),
    CONSTRAINT booking_series_service_fkey FOREIGN KEY (practice_id, service_id) REFERENCES services (practice_id, id),
    CONSTRAINT booking_series_room_fkey FOREIGN KEY (practice_id, room_id) REFERENCES rooms (practice_id, id),
    CONSTRAINT booking_series_previous_fkey FOREIGN KEY (practice_id, previous_id) REFERENCES booking_series (practice_id, id),
    CONSTRAINT booking_series_creator_fkey FOREIGN KEY (practice_id, created_by) REFERENCES staff (practice_id, id)
);
CREATE INDEX booking_series_client_idx ON booking_series (practice_id, client_id);
CREATE INDEX booking_series_therapist_idx ON booking_series (practice_id, therapist_id);
CREATE INDEX booking_series_service_idx ON booking_series (practice_id, service_id);
CREATE INDEX booking_series_room_idx ON booking_series (practice_id, room_id);
CREATE INDEX booking_series_previous_idx ON booking_series (practice_id, previous_id);
CREATE INDEX booking_series_creator_idx ON booking_series (practice_id, created_by);
-- The horizon job: open series whose rows stop short of the horizon.
CREATE INDEX booking_series_horizon_idx ON booking_series (materialised_until) WHERE ended_at IS NULL;

-- Single occurrences changed on their own, kept by later edits of the series: cancelled (by
-- the client or the practice), skipped (in the way of another booking when the series was
-- created or extended) or moved (to another wall-clock start, and length).
CREATE TABLE booking_series_exceptions (
    practice_id uuid NOT NULL,
    series_id uuid NOT NULL,
    recurrence_id timestamp NOT NULL,
    kind text NOT NULL CHECK (kind IN ('cancelled', 'skipped', 'moved')),
    moved_local timestamp,
    moved_minutes integer CHECK (moved_minutes BETWEEN 1 AND 720),
    CHECK ((kind = 'moved') = (moved_local IS NOT NULL)),
    CONSTRAINT booking_series_exceptions_pkey PRIMARY KEY (practice_id, series_id, recurrence_id),
    CONSTRAINT booking_series_exceptions_series_fkey FOREIGN KEY (practice_id, series_id)
        REFERENCES booking_series (practice_id, id)
);

-- Occurrence rows: the series and the occurrence's rule-given local start (RECURRENCE-ID).
ALTER TABLE bookings ADD COLUMN series_id uuid, ADD COLUMN recurrence_id timestamp,
    ADD CONSTRAINT bookings_series_check CHECK ((series_id IS NULL) = (recurrence_id IS NULL)),
    ADD CONSTRAINT bookings_series_fkey FOREIGN KEY (practice_id, series_id) REFERENCES booking_series (practice_id, id),
    ADD CONSTRAINT bookings_occurrence_key UNIQUE (practice_id, series_id, recurrence_id);
