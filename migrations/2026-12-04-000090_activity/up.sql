-- The activity log: who wrote what, for owners. One row per write to a table that matters to
-- running the practice (bookings, series, clients, services, rooms, staff, the practice's
-- settings, webhook endpoints, API keys), written by an AFTER row trigger in the same
-- transaction as the write, so no write path can skip it and a write that rolls back leaves
-- none. Separate from the audit log (clinical reads and writes, hash-chained).
--
-- The actor comes from the connection's settings, set by the app at every checkout of a
-- pooled connection for the request that holds it (`knead.actor_kind`, `knead.actor_id`,
-- `knead.actor_role`, `knead.request_id`; see `persistence::activity`). Writes with none set
-- (the series horizon, the webhook worker, migrations, the command line, demo seeding) are
-- the `system`'s.
--
-- A row holds ids, the action and the actor only: never names, notes, reasons or any other
-- free text, whatever the table holds.
CREATE TABLE activity (
    practice_id uuid NOT NULL,
    seq bigserial NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'api_key', 'client_link', 'system')),
    actor_staff_id uuid,
    actor_api_key_id uuid,
    actor_role text CHECK (actor_role IN ('owner', 'therapist', 'front_desk')),
    action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    resource_type text NOT NULL CHECK (resource_type IN (
        'booking', 'booking_series', 'client', 'service', 'room', 'staff', 'practice',
        'webhook_endpoint', 'api_key')),
    resource_id uuid NOT NULL,
    request_id text,
    PRIMARY KEY (practice_id, seq),
    CHECK ((actor_kind = 'staff') = (actor_staff_id IS NOT NULL)),
    CHECK ((actor_kind = 'api_key') = (actor_api_key_id IS NOT NULL))
);

CREATE INDEX activity_resource ON activity (practice_id, resource_type, resource_id, seq);
CREATE INDEX activity_actor ON activity (practice_id, actor_staff_id, seq);

-- TG_ARGV[0]: the resource type; the rest: bookkeeping columns an update may change without
-- being anyone's activity (versions, the horizon's materialised_until, a key's last use, a
-- webhook endpoint's failure count). An update that changes nothing else records nothing.
CREATE FUNCTION record_activity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ignored text[] := TG_ARGV[1:TG_NARGS - 1];
    r jsonb;
    o jsonb;
    n jsonb;
    verb text;
    kind text := nullif(current_setting('knead.actor_kind', true), '');
    actor text := nullif(current_setting('knead.actor_id', true), '');
    at timestamptz := now();
BEGIN
    IF kind IS NULL OR kind NOT IN ('staff', 'api_key', 'client_link') THEN
        kind := 'system';
    END IF;
    IF TG_OP = 'INSERT' THEN
        r := to_jsonb(NEW);
        verb := CASE WHEN TG_ARGV[0] = 'staff' AND r ->> 'password_hash' IS NULL THEN 'invited' ELSE 'created' END;
        at := coalesce((r ->> 'created_at')::timestamptz, now());
    ELSIF TG_OP = 'DELETE' THEN
        r := to_jsonb(OLD);
        verb := 'deleted';
    ELSE
        r := to_jsonb(NEW);
        o := to_jsonb(OLD) - ignored;
        n := r - ignored;
        IF o = n THEN
            RETURN NULL;
        END IF;
        verb := CASE
            WHEN n ->> 'status' IS DISTINCT FROM o ->> 'status' THEN
                CASE WHEN n ->> 'status' = 'scheduled' THEN 'updated' ELSE n ->> 'status' END
            WHEN n -> 'archived' IS DISTINCT FROM o -> 'archived' THEN
                CASE WHEN (n ->> 'archived')::boolean THEN 'archived' ELSE 'restored' END
            WHEN n -> 'active' IS DISTINCT FROM o -> 'active' THEN
                CASE WHEN (n ->> 'active')::boolean THEN 'reactivated' ELSE 'deactivated' END
            WHEN n -> 'enabled' IS DISTINCT FROM o -> 'enabled' THEN
                CASE WHEN (n ->> 'enabled')::boolean THEN 'enabled' ELSE 'disabled' END
            WHEN n ->> 'revoked_at' IS NOT NULL AND o ->> 'revoked_at' IS NULL THEN 'revoked'
            WHEN n ->> 'ended_at' IS NOT NULL AND o ->> 'ended_at' IS NULL THEN 'ended'
            WHEN n ->> 'role' IS DISTINCT FROM o ->> 'role' THEN 'role_changed'
            WHEN n ->> 'password_hash' IS DISTINCT FROM o ->> 'password_hash' THEN 'password_set'
            WHEN n ->> 'secret' IS DISTINCT FROM o ->> 'secret' THEN 'secret_rotated'
            ELSE 'updated'
        END;
        -- The app's clock when the row carries it (tests move time), else the transaction's.
        IF r ->> 'updated_at' IS DISTINCT FROM to_jsonb(OLD) ->> 'updated_at' THEN
            at := coalesce((r ->> 'updated_at')::timestamptz, now());
        END IF;
    END IF;
    INSERT INTO activity (practice_id, occurred_at, actor_kind, actor_staff_id, actor_api_key_id,
                          actor_role, action, resource_type, resource_id, request_id)
    VALUES (
        coalesce(r ->> 'practice_id', r ->> 'id')::uuid,
        at,
        kind,
        CASE WHEN kind = 'staff' THEN actor::uuid END,
        CASE WHEN kind = 'api_key' THEN actor::uuid END,
        CASE WHEN kind = 'staff' THEN nullif(current_setting('knead.actor_role', true), '') END,
        TG_ARGV[0] || '.' || verb,
        TG_ARGV[0],
        (r ->> 'id')::uuid,
        nullif(current_setting('knead.request_id', true), ''));
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_activity AFTER INSERT OR UPDATE OR DELETE ON bookings
    FOR EACH ROW EXECUTE FUNCTION record_activity('booking', 'version', 'updated_at');
CREATE TRIGGER booking_series_activity AFTER INSERT OR UPDATE OR DELETE ON booking_series
    FOR EACH ROW EXECUTE FUNCTION record_activity('booking_series', 'version', 'updated_at', 'materialised_until');
CREATE TRIGGER clients_activity AFTER INSERT OR UPDATE OR DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION record_activity('client', 'version', 'updated_at', 'last_visit_at', 'search_text');
CREATE TRIGGER services_activity AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION record_activity('service', 'version', 'updated_at');
CREATE TRIGGER rooms_activity AFTER INSERT OR UPDATE OR DELETE ON rooms
    FOR EACH ROW EXECUTE FUNCTION record_activity('room', 'version', 'updated_at');
CREATE TRIGGER staff_activity AFTER INSERT OR UPDATE OR DELETE ON staff
    FOR EACH ROW EXECUTE FUNCTION record_activity('staff', 'version', 'updated_at', 'valid_after');
CREATE TRIGGER practices_activity AFTER UPDATE ON practices
    FOR EACH ROW EXECUTE FUNCTION record_activity('practice', 'version', 'updated_at');
CREATE TRIGGER webhook_endpoints_activity AFTER INSERT OR UPDATE OR DELETE ON webhook_endpoints
    FOR EACH ROW EXECUTE FUNCTION record_activity('webhook_endpoint', 'updated_at', 'consecutive_failures');
CREATE TRIGGER api_keys_activity AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION record_activity('api_key', 'last_used_at');

-- Append-only for the app: it adds rows (through the triggers) and reads them.
GRANT SELECT, INSERT ON activity TO knead_app;
REVOKE UPDATE, DELETE, TRUNCATE ON activity FROM knead_app;
GRANT USAGE, SELECT ON SEQUENCE activity_seq_seq TO knead_app;
