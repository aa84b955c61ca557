-- Two-factor sign-in (TOTP, RFC 6238) for staff. The shared secret is stored encrypted
-- (AES-256-GCM, the key id inside the ciphertext: see crates/api/src/encryption.rs); it is
-- pending until confirmed with a code. `last_step` is the last 30-second step a code was
-- accepted for: a code of that step or an earlier one is refused, so no code works twice.
CREATE TABLE staff_second_factors (
    practice_id uuid NOT NULL,
    staff_id uuid NOT NULL,
    secret text NOT NULL,
    confirmed_at timestamptz,
    last_step bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT staff_second_factors_pkey PRIMARY KEY (practice_id, staff_id),
    -- The primary key indexes this foreign key.
    CONSTRAINT staff_second_factors_staff_fkey FOREIGN KEY (practice_id, staff_id)
        REFERENCES staff (practice_id, id)
);

-- Recovery codes: SHA-256 of each (random, 50 bits), each usable once.
CREATE TABLE staff_recovery_codes (
    practice_id uuid NOT NULL,
    staff_id uuid NOT NULL,
    code_hash bytea NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT staff_recovery_codes_pkey PRIMARY KEY (practice_id, staff_id, code_hash),
    CONSTRAINT staff_recovery_codes_staff_fkey FOREIGN KEY (practice_id, staff_id)
        REFERENCES staff (practice_id, id)
);

-- Owners may require the second factor of everyone in the practice.
ALTER TABLE practices ADD COLUMN require_second_factor boolean NOT NULL DEFAULT false;

-- Whether the login a refresh token continues passed the second factor (its access tokens
-- say so).
ALTER TABLE refresh_tokens ADD COLUMN second_factor boolean NOT NULL DEFAULT false;

GRANT SELECT, INSERT, UPDATE, DELETE ON staff_second_factors TO knead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_recovery_codes TO knead_app;
