-- Webhooks: endpoints an owner registers, and the delivery log.
--
-- An endpoint's signing secret is encrypted with the keyring (KNEAD_ENCRYPTION_KEYS), bound
-- to its row; during a rotation the previous secret is kept, encrypted too, until
-- `previous_secret_expires_at`, and deliveries are signed with both.
CREATE TABLE webhook_endpoints (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    url text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2000),
    description text CHECK (char_length(description) <= 500),
    event_types text[] NOT NULL,
    -- Whether the endpoint may receive clinical events (intake.*, note.*).
    clinical boolean NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    secret text NOT NULL,
    previous_secret text,
    previous_secret_expires_at timestamptz,
    -- Failed attempts since the last success; past the limit the endpoint is disabled.
    consecutive_failures integer NOT NULL DEFAULT 0,
    -- Why the server disabled it (shown to owners); cleared when an owner enables it again.
    disabled_reason text,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT webhook_endpoints_creator_fkey FOREIGN KEY (practice_id, created_by)
        REFERENCES staff (practice_id, id)
);
CREATE INDEX webhook_endpoints_creator_idx ON webhook_endpoints (practice_id, created_by);

-- The delivery log and queue at once: one row per attempt. An attempt is `pending` until a
-- worker makes it; a failed attempt that may be retried leaves a new `pending` row for the
-- next attempt, due after the backoff. A worker claims due rows with FOR UPDATE SKIP LOCKED and
-- pushes their `due_at` forward by a lease, so several servers never make the same attempt,
-- and a server that dies mid-attempt leaves it to be made again when the lease runs out.
-- Bodies are never stored: the payload is built from the event each time.
CREATE TABLE webhook_deliveries (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    endpoint_id uuid NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    attempt integer NOT NULL CHECK (attempt >= 1),
    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    due_at timestamptz NOT NULL,
    response_status integer,
    error text,
    attempted_at timestamptz,
    created_at timestamptz NOT NULL,
    CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT webhook_deliveries_endpoint_fkey FOREIGN KEY (practice_id, endpoint_id)
        REFERENCES webhook_endpoints (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (due_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx
    ON webhook_deliveries (practice_id, endpoint_id, created_at DESC, id DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO knead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO knead_app;

-- Fan-out: each event queues one first attempt for every enabled endpoint of its practice that
-- subscribes to its type (a clinical event only for clinical endpoints), in the transaction that
-- wrote the event, so each endpoint is owed each event exactly once, and an event rolled back is
-- owed to no one.
CREATE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries
        (practice_id, id, endpoint_id, event_id, event_type, attempt, status, due_at, created_at)
    SELECT NEW.practice_id, gen_random_uuid(), e.id, NEW.id, NEW.type, 1, 'pending', now(), now()
    FROM webhook_endpoints e
    WHERE e.practice_id = NEW.practice_id
      AND e.enabled
      AND NEW.type = ANY (e.event_types)
      AND (e.clinical OR NOT NEW.clinical);
    RETURN NULL;
END
$$;
CREATE TRIGGER events_webhook_fan_out AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION webhook_fan_out();
