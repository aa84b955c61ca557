-- The change feed: one row per change to a resource an integrator mirrors, written by an
-- AFTER row trigger on the resource's table, so it commits in the same transaction as the
-- change whatever wrote it (a repository's single statement, a transaction, the series
-- horizon job, a series edit deleting bookings, a cascade) and no write path can skip it.
--
-- `xid` is the writing transaction's id (top-level, 64-bit, as bigint). A reader delivers
-- only rows whose xid is below its snapshot's xmin: every transaction that could still add
-- rows there has ended, and a transaction that has not yet taken an xid takes a larger one.
-- Rows are delivered in (xid, seq) order, and the cursor is the last (xid, seq) delivered.
CREATE TABLE changes (
    practice_id uuid NOT NULL,
    seq bigserial NOT NULL,
    xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    resource_type text NOT NULL CHECK (resource_type IN (
        'client', 'race', 'booking', 'booking_series', 'service', 'room', 'staff',
        'working_hours', 'time_off', 'closed_day', 'session_note')),
    resource_id uuid NOT NULL,
    version bigint,
    change text NOT NULL CHECK (change IN ('upsert', 'delete')),
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (practice_id, seq)
);

CREATE INDEX changes_feed_order ON changes (practice_id, xid, seq);

-- TG_ARGV[0]: the resource type; TG_ARGV[1]: the column naming the resource. When that
-- column is the row's own `id`, deleting the row deletes the resource (a tombstone); when it
-- names a parent (a staff member's working hours, a note's amendments), any change to the
-- row changes the parent, which still exists (an upsert).
CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r jsonb;
    gone boolean;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := to_jsonb(OLD);
    ELSE
        r := to_jsonb(NEW);
    END IF;
    gone := TG_OP = 'DELETE' AND TG_ARGV[1] = 'id';
    INSERT INTO changes (practice_id, resource_type, resource_id, version, change, changed_at)
    VALUES (
        (r ->> 'practice_id')::uuid,
        TG_ARGV[0],
        (r ->> TG_ARGV[1])::uuid,
        CASE WHEN gone OR TG_ARGV[1] <> 'id' THEN NULL ELSE (r ->> 'version')::bigint END,
        CASE WHEN gone THEN 'delete' ELSE 'upsert' END,
        CASE WHEN TG_OP = 'DELETE' THEN now()
             ELSE coalesce((r ->> 'updated_at')::timestamptz, (r ->> 'created_at')::timestamptz, now())
        END);
    RETURN NULL;
END;
$$;

CREATE TRIGGER clients_change AFTER INSERT OR UPDATE OR DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION record_change('client', 'id');
CREATE TRIGGER races_change AFTER INSERT OR UPDATE OR DELETE ON races
    FOR EACH ROW EXECUTE FUNCTION record_change('race', 'id');
CREATE TRIGGER bookings_change AFTER INSERT OR UPDATE OR DELETE ON bookings
    FOR EACH ROW EXECUTE FUNCTION record_change('booking', 'id');
CREATE TRIGGER booking_series_change AFTER INSERT OR UPDATE OR DELETE ON booking_series
    FOR EACH ROW EXECUTE FUNCTION record_change('booking_series', 'id');
CREATE TRIGGER services_change AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION record_change('service', 'id');
CREATE TRIGGER rooms_change AFTER INSERT OR UPDATE OR DELETE ON rooms
    FOR EACH ROW EXECUTE FUNCTION record_change('room', 'id');
CREATE TRIGGER staff_change AFTER INSERT OR UPDATE OR DELETE ON staff
    FOR EACH ROW EXECUTE FUNCTION record_change('staff', 'id');
CREATE TRIGGER working_hours_change AFTER INSERT OR UPDATE OR DELETE ON working_hours
    FOR EACH ROW EXECUTE FUNCTION record_change('working_hours', 'staff_id');
CREATE TRIGGER time_off_change AFTER INSERT OR UPDATE OR DELETE ON time_off
    FOR EACH ROW EXECUTE FUNCTION record_change('time_off', 'id');
CREATE TRIGGER closed_days_change AFTER INSERT OR UPDATE OR DELETE ON closed_days
    FOR EACH ROW EXECUTE FUNCTION record_change('closed_day', 'id');
CREATE TRIGGER session_notes_change AFTER INSERT OR UPDATE OR DELETE ON session_notes
    FOR EACH ROW EXECUTE FUNCTION record_change('session_note', 'id');
CREATE TRIGGER session_note_amendments_change AFTER INSERT ON session_note_amendments
    FOR EACH ROW EXECUTE FUNCTION record_change('session_note', 'note_id');

-- What exists already, once, so that a mirror built from the feed alone is complete.
INSERT INTO changes (practice_id, resource_type, resource_id, version, change, changed_at)
SELECT practice_id, 'client', id, version, 'upsert', updated_at FROM clients
UNION ALL SELECT practice_id, 'race', id, version, 'upsert', updated_at FROM races
UNION ALL SELECT practice_id, 'booking', id, version, 'upsert', updated_at FROM bookings
UNION ALL SELECT practice_id, 'booking_series', id, version, 'upsert', updated_at FROM booking_series
UNION ALL SELECT practice_id, 'service', id, version, 'upsert', updated_at FROM services
UNION ALL SELECT practice_id, 'room', id, version, 'upsert', updated_at FROM rooms
UNION ALL SELECT practice_id, 'staff', id, version, 'upsert', updated_at FROM staff
UNION ALL SELECT DISTINCT practice_id, 'working_hours', staff_id, NULL::bigint, 'upsert', now() FROM working_hours
UNION ALL SELECT practice_id, 'time_off', id, NULL, 'upsert', created_at FROM time_off
UNION ALL SELECT practice_id, 'closed_day', id, NULL, 'upsert', created_at FROM closed_days
UNION ALL SELECT practice_id, 'session_note', id, version, 'upsert', updated_at FROM session_notes;

-- Append-only for the app: it adds rows (through the triggers) and reads them.
GRANT SELECT, INSERT ON changes TO knead_app;
REVOKE UPDATE, DELETE ON changes FROM knead_app;
GRANT USAGE, SELECT ON SEQUENCE changes_seq_seq TO knead_app;
