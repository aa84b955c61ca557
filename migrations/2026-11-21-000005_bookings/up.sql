-- Services, rooms, therapists' working hours and time off, and bookings. No double booking is
-- PostgreSQL's guarantee: exclusion constraints over time ranges, scoped by practice.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE services (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    price_cents integer NOT NULL CHECK (price_cents BETWEEN 0 AND 10000000),
    buffer_minutes integer NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 120),
    preparation text,
    active boolean NOT NULL DEFAULT true,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT services_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT services_name_key UNIQUE (practice_id, name)
);

CREATE TABLE rooms (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    active boolean NOT NULL DEFAULT true,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rooms_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT rooms_name_key UNIQUE (practice_id, name)
);

-- A weekly template in the practice's zone: several intervals a day (ISO weekday 1 = Monday).
CREATE TABLE working_hours (
    practice_id uuid NOT NULL,
    staff_id uuid NOT NULL,
    weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts time NOT NULL,
    ends time NOT NULL,
    CHECK (starts < ends),
    CONSTRAINT working_hours_pkey PRIMARY KEY (practice_id, staff_id, weekday, starts),
    CONSTRAINT working_hours_staff_fkey FOREIGN KEY (practice_id, staff_id) REFERENCES staff (practice_id, id)
);

CREATE TABLE time_off (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    staff_id uuid NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_at < ends_at),
    CONSTRAINT time_off_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT time_off_staff_fkey FOREIGN KEY (practice_id, staff_id) REFERENCES staff (practice_id, id)
);
CREATE INDEX time_off_staff_idx ON time_off (practice_id, staff_id, ends_at);

CREATE TABLE bookings (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    service_id uuid NOT NULL,
    room_id uuid,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    -- Copied from the service when booked, so a later change to the service moves nothing.
    buffer_minutes integer NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 120),
    -- ends_at + buffer: what the therapist and the room are busy for.
    occupied_until timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show')),
    cancel_reason text,
    cancelled_late boolean,
    cancelled_at timestamptz,
    -- Booked outside working hours or in time off on purpose.
    outside_hours boolean NOT NULL DEFAULT false,
    created_by uuid NOT NULL,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_at < ends_at),
    CHECK (occupied_until = ends_at + make_interval(mins => buffer_minutes)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CONSTRAINT bookings_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT bookings_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id),
    CONSTRAINT bookings_therapist_fkey FOREIGN KEY (practice_id, therapist_id) REFERENCES staff (practice_id, id),
    CONSTRAINT bookings_service_fkey FOREIGN KEY (practice_id, service_id) REFERENCES services (practice_id, id),
    CONSTRAINT bookings_room_fkey FOREIGN KEY (practice_id, room_id) REFERENCES rooms (practice_id, id),
    CONSTRAINT bookings_creator_fkey FOREIGN KEY (practice_id, created_by) REFERENCES staff (practice_id, id),
    -- Every state but cancelled occupies its slot. The therapist and the room need the buffer
    -- after a session; the client does not (back-to-back sessions with two therapists are fine).
    CONSTRAINT bookings_therapist_overlap EXCLUDE USING gist (
        practice_id WITH =, therapist_id WITH =, tstzrange(starts_at, occupied_until) WITH &&
    ) WHERE (status <> 'cancelled'),
    CONSTRAINT bookings_room_overlap EXCLUDE USING gist (
        practice_id WITH =, room_id WITH =, tstzrange(starts_at, occupied_until) WITH &&
    ) WHERE (status <> 'cancelled' AND room_id IS NOT NULL),
    CONSTRAINT bookings_client_overlap EXCLUDE USING gist (
        practice_id WITH =, client_id WITH =, tstzrange(starts_at, ends_at) WITH &&
    ) WHERE (status <> 'cancelled')
);
-- The calendar: a practice's bookings by start (with or without cancelled ones).
CREATE INDEX bookings_start_idx ON bookings (practice_id, starts_at, id);
CREATE INDEX bookings_therapist_idx ON bookings (practice_id, therapist_id, starts_at);
CREATE INDEX bookings_client_idx ON bookings (practice_id, client_id, starts_at);
CREATE INDEX bookings_service_idx ON bookings (practice_id, service_id);
CREATE INDEX bookings_room_idx ON bookings (practice_id, room_id, starts_at);
CREATE INDEX bookings_creator_idx ON bookings (practice_id, created_by);

-- Session notes may now point at the booking they record.
CREATE INDEX session_notes_booking_idx ON session_notes (practice_id, booking_id);
ALTER TABLE session_notes ADD CONSTRAINT session_notes_booking_fkey
    FOREIGN KEY (practice_id, booking_id) REFERENCES bookings (practice_id, id);
