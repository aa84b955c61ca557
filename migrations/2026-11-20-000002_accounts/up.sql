-- Staff accounts, refresh tokens, one-time links, login throttles, idempotency keys and the
-- hash-chained audit log.

CREATE TABLE staff (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('owner', 'therapist', 'front_desk')),
    -- NULL until the invitation link has been used to set a password.
    password_hash text,
    active boolean NOT NULL DEFAULT true,
    credentials text,
    licence_number text,
    techniques text[] NOT NULL DEFAULT '{}',
    -- Access tokens issued before this instant are refused (deactivation, password change).
    valid_after timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT staff_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT staff_email_key UNIQUE (practice_id, email)
);
-- Login looks an email up across practices before it knows the practice.
CREATE INDEX staff_email_idx ON staff (email);

CREATE TABLE refresh_tokens (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    staff_id uuid NOT NULL,
    family_id uuid NOT NULL,
    secret_hash bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT refresh_tokens_staff_fkey FOREIGN KEY (practice_id, staff_id)
        REFERENCES staff (practice_id, id)
);
CREATE INDEX refresh_tokens_staff_idx ON refresh_tokens (practice_id, staff_id);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (practice_id, family_id);

-- One-time links: staff invitations and owner-issued password resets.
CREATE TABLE staff_links (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    staff_id uuid NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    secret_hash bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT staff_links_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT staff_links_staff_fkey FOREIGN KEY (practice_id, staff_id)
        REFERENCES staff (practice_id, id)
);
CREATE INDEX staff_links_staff_idx ON staff_links (practice_id, staff_id);

-- Global: a throttle key (an account or a client IP) is known before any practice is.
CREATE TABLE login_throttles (
    key text PRIMARY KEY,
    window_started_at timestamptz NOT NULL,
    failures integer NOT NULL DEFAULT 0,
    locked_until timestamptz
);

CREATE TABLE idempotency_keys (
    practice_id uuid NOT NULL,
    staff_id uuid NOT NULL,
    key text NOT NULL,
    operation text NOT NULL,
    request_hash bytea NOT NULL,
    response_status integer,
    response_body jsonb,
    response_location text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (practice_id, staff_id, key),
    CONSTRAINT idempotency_keys_staff_fkey FOREIGN KEY (practice_id, staff_id)
        REFERENCES staff (practice_id, id)
);

-- The audit log: append-only, one hash chain per practice.
CREATE TABLE audit_events (
    practice_id uuid NOT NULL REFERENCES practices (id),
    seq bigint NOT NULL,
    id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor_id uuid,
    actor_role text,
    action text NOT NULL,
    resource_type text NOT NULL,
    resource_id uuid,
    client_id uuid,
    request_id text NOT NULL,
    ip text,
    outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'not_found', 'failed')),
    status integer NOT NULL,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT audit_events_pkey PRIMARY KEY (practice_id, seq),
    CONSTRAINT audit_events_id_key UNIQUE (practice_id, id)
);
CREATE INDEX audit_events_client_idx ON audit_events (practice_id, client_id);
CREATE INDEX audit_events_actor_idx ON audit_events (practice_id, actor_id);
CREATE INDEX audit_events_time_idx ON audit_events (practice_id, occurred_at);

-- The chain's head per practice: appends lock this row, so concurrent requests cannot fork
-- the chain, and verification can tell when tail events were deleted.
CREATE TABLE audit_heads (
    practice_id uuid NOT NULL REFERENCES practices (id),
    seq bigint NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT audit_heads_pkey PRIMARY KEY (practice_id)
);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Practices become updatable by owners: a version for ETags.
ALTER TABLE practices ADD COLUMN version bigint NOT NULL DEFAULT 1;
