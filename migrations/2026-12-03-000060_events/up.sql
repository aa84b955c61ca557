-- The events outbox: one row per business event (a booking created, cancelled, moved; a note
-- signed; a staff member invited ...), written by AFTER row triggers calling record_event()
-- in the same transaction as the change, so no write path can skip one and a transaction that
-- rolls back emits nothing. Read at GET /v1/events, and delivered by webhooks.
--
-- Paging follows the change feed (see 2026-12-03-000040_change_feed): rows are delivered in
-- (xid, seq) order, only below the reader's snapshot xmin, so a page never skips a row that a
-- slower transaction commits later.
--
-- `data` holds the type's allow-listed fields only: ids, times, statuses and flags, never free
-- text (names, emails, phone numbers, notes, cancellation or override reasons) nor clinical
-- content. A receiver that needs more fetches the resource with its own credentials.
CREATE TABLE events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),   -- the stable event id (webhook-id)
    practice_id uuid NOT NULL REFERENCES practices (id),
    seq bigserial NOT NULL,
    xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    type text NOT NULL,            -- e.g. 'booking.created'
    resource_type text NOT NULL,   -- 'booking', 'booking_series', 'client', 'intake_form', 'session_note', 'staff'
    resource_id uuid NOT NULL,
    version bigint,
    clinical boolean NOT NULL,     -- intake and note events: clinical principals/endpoints only
    data jsonb NOT NULL,           -- the type's allow-listed, non-clinical fields only
    occurred_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX events_practice_seq ON events (practice_id, seq);
CREATE INDEX events_feed_order ON events (practice_id, xid, seq);

-- One function for every table: TG_TABLE_NAME picks the event, or none (an update that
-- changes only bookkeeping columns, such as the series horizon's materialised_until, emits
-- nothing).
CREATE FUNCTION record_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n jsonb;
    o jsonb;
    kind text;
    rtype text;
    rid uuid;
    ver bigint;
    clin boolean := false;
    payload jsonb;
    at timestamptz;
    note record;
BEGIN
    IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW); END IF;
    IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD); END IF;
    at := CASE WHEN TG_OP = 'DELETE' THEN now()
               ELSE coalesce((n ->> 'updated_at')::timestamptz, (n ->> 'created_at')::timestamptz, now())
          END;

    IF TG_TABLE_NAME = 'bookings' THEN
        rtype := 'booking';
        IF TG_OP = 'INSERT' THEN
            kind := 'booking.created';
        ELSIF TG_OP = 'DELETE' THEN
            kind := 'booking.deleted';
        ELSIF n ->> 'status' = 'cancelled' AND o ->> 'status' <> 'cancelled' THEN
            kind := 'booking.cancelled';
        ELSIF (n -> 'starts_at', n -> 'ends_at', n -> 'therapist_id', n -> 'room_id')
              IS DISTINCT FROM (o -> 'starts_at', o -> 'ends_at', o -> 'therapist_id', o -> 'room_id') THEN
            kind := 'booking.moved';
        ELSIF (n - 'updated_at' - 'version') IS DISTINCT FROM (o - 'updated_at' - 'version') THEN
            kind := 'booking.updated';
        ELSE
            RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN
            rid := (o ->> 'id')::uuid;
            payload := '{}'::jsonb;
        ELSE
            rid := (n ->> 'id')::uuid;
            ver := (n ->> 'version')::bigint;
            payload := jsonb_build_object(
                'starts_at', n -> 'starts_at', 'ends_at', n -> 'ends_at', 'status', n -> 'status',
                'therapist_id', n -> 'therapist_id', 'client_id', n -> 'client_id',
                'service_id', n -> 'service_id', 'room_id', n -> 'room_id',
                'series_id', n -> 'series_id');
        END IF;

    ELSIF TG_TABLE_NAME = 'booking_series' THEN
        rtype := 'booking_series';
        IF TG_OP = 'INSERT' THEN
            kind := CASE WHEN n ->> 'previous_id' IS NULL THEN 'series.created' ELSE 'series.split' END;
        ELSIF n ->> 'ended_at' IS NOT NULL AND o ->> 'ended_at' IS NULL THEN
            kind := 'series.ended';
        ELSIF (n - 'updated_at' - 'version' - 'materialised_until')
              IS DISTINCT FROM (o - 'updated_at' - 'version' - 'materialised_until') THEN
            kind := 'series.changed';
        ELSE
            RETURN NULL;
        END IF;
        rid := (n ->> 'id')::uuid;
        ver := (n ->> 'version')::bigint;
        payload := jsonb_build_object(
            'therapist_id', n -> 'therapist_id', 'client_id', n -> 'client_id',
            'service_id', n -> 'service_id');
        IF kind = 'series.split' THEN
            payload := payload || jsonb_build_object('previous_id', n -> 'previous_id');
        END IF;

    ELSIF TG_TABLE_NAME = 'clients' THEN
        rtype := 'client';
        IF TG_OP = 'INSERT' THEN
            kind := 'client.created';
        ELSIF (n ->> 'archived')::boolean AND NOT (o ->> 'archived')::boolean THEN
            kind := 'client.archived';
        ELSIF (n - 'updated_at' - 'version' - 'search_text')
              IS DISTINCT FROM (o - 'updated_at' - 'version' - 'search_text') THEN
            kind := 'client.updated';
        ELSE
            RETURN NULL;
        END IF;
        rid := (n ->> 'id')::uuid;
        ver := (n ->> 'version')::bigint;
        payload := jsonb_build_object('archived', n -> 'archived');

    ELSIF TG_TABLE_NAME = 'intake_forms' THEN
        kind := 'intake.submitted';
        rtype := 'intake_form';
        rid := (n ->> 'id')::uuid;
        clin := true;
        payload := jsonb_build_object('client_id', n -> 'client_id');

    ELSIF TG_TABLE_NAME = 'session_notes' THEN
        IF NOT (n ->> 'signed_at' IS NOT NULL AND (TG_OP = 'INSERT' OR o ->> 'signed_at' IS NULL)) THEN
            RETURN NULL;
        END IF;
        kind := 'note.signed';
        rtype := 'session_note';
        rid := (n ->> 'id')::uuid;
        ver := (n ->> 'version')::bigint;
        clin := true;
        payload := jsonb_build_object('client_id', n -> 'client_id')
            || CASE WHEN n ->> 'booking_id' IS NULL THEN '{}'::jsonb
                    ELSE jsonb_build_object('booking_id', n -> 'booking_id') END;

    ELSIF TG_TABLE_NAME = 'session_note_amendments' THEN
        SELECT s.client_id, s.booking_id, s.version INTO note
        FROM session_notes s
        WHERE s.practice_id = (n ->> 'practice_id')::uuid AND s.id = (n ->> 'note_id')::uuid;
        kind := 'note.amended';
        rtype := 'session_note';
        rid := (n ->> 'note_id')::uuid;
        ver := note.version;
        clin := true;
        payload := jsonb_build_object('client_id', note.client_id)
            || CASE WHEN note.booking_id IS NULL THEN '{}'::jsonb
                    ELSE jsonb_build_object('booking_id', note.booking_id) END;

    ELSIF TG_TABLE_NAME = 'staff_links' THEN
        IF n ->> 'purpose' <> 'invitation' THEN
            RETURN NULL;
        END IF;
        kind := 'staff.invited';
        rtype := 'staff';
        rid := (n ->> 'staff_id')::uuid;
        payload := jsonb_build_object('staff_id', n -> 'staff_id');

    ELSE
        RAISE EXCEPTION 'record_event: no events for table %', TG_TABLE_NAME;
    END IF;

    INSERT INTO events (practice_id, type, resource_type, resource_id, version, clinical, data, occurred_at)
    VALUES ((coalesce(n, o) ->> 'practice_id')::uuid, kind, rtype, rid, ver, clin, payload, at);
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_event AFTER INSERT OR UPDATE OR DELETE ON bookings
    FOR EACH ROW EXECUTE FUNCTION record_event();
CREATE TRIGGER booking_series_event AFTER INSERT OR UPDATE ON booking_series
    FOR EACH ROW EXECUTE FUNCTION record_event();
CREATE TRIGGER clients_event AFTER INSERT OR UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION record_event();
CREATE TRIGGER intake_forms_event AFTER INSERT ON intake_forms
    FOR EACH ROW EXECUTE FUNCTION record_event();
CREATE TRIGGER session_notes_event AFTER INSERT OR UPDATE ON session_notes
    FOR EACH ROW EXECUTE FUNCTION record_event();
CREATE TRIGGER session_note_amendments_event AFTER INSERT ON session_note_amendments
    FOR EACH ROW EXECUTE FUNCTION record_event();
CREATE TRIGGER staff_links_event AFTER INSERT ON staff_links
    FOR EACH ROW EXECUTE FUNCTION record_event();

-- Append-only for the app: it adds rows (through the triggers) and reads them.
GRANT SELECT, INSERT ON events TO knead_app;
REVOKE UPDATE, DELETE ON events FROM knead_app;
GRANT USAGE, SELECT ON SEQUENCE events_seq_seq TO knead_app;
