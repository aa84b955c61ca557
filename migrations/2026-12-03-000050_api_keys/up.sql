-- API keys for integrations: a practice's own principal, not a staff member's login. Only a
-- SHA-256 of the secret is stored (the secret is 256 random bits, so a fast hash is as strong
-- as a slow one, and a lookup per request stays cheap); the key is found by that hash.
-- `last_used_at` is coarse: written at most once a minute, so a key's reads stay reads.
CREATE TABLE api_keys (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    secret_hash bytea NOT NULL,
    -- The secret's first characters, shown in lists so a key can be recognised.
    hint text NOT NULL,
    can_write boolean NOT NULL,
    clinical boolean NOT NULL,
    expires_at timestamptz,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at timestamptz,
    CONSTRAINT api_keys_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT api_keys_secret_hash_key UNIQUE (practice_id, secret_hash),
    CONSTRAINT api_keys_creator_fkey FOREIGN KEY (practice_id, created_by)
        REFERENCES staff (practice_id, id)
);
CREATE INDEX api_keys_creator_idx ON api_keys (practice_id, created_by);
-- A presented key names no practice: it is found by its hash alone. 256 random bits make two
-- equal hashes in different practices as likely as guessing a key; the lookup takes the one
-- row (see persistence/api_keys.rs), and uniqueness is kept per practice like every key.
CREATE INDEX api_keys_secret_hash_idx ON api_keys (secret_hash);

-- Idempotency keys are scoped by principal: a staff member, or an API key (whose calls are
-- recorded under its creator's staff id and its own id, so a key never replays its creator's
-- answers nor they its). The nil uuid: no API key.
ALTER TABLE idempotency_keys
    ADD COLUMN api_key_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (practice_id, staff_id, api_key_id, key);

GRANT SELECT, INSERT, UPDATE ON api_keys TO knead_app;
