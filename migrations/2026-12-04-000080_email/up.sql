-- Email: the outbox of messages the server sends (a password-reset link, for now).
--
-- A row is what to send and to whom, never the message itself: no address (the recipient's
-- is read from `staff` when it is sent) and no secret (a reset link's token is minted when
-- the message is composed, and only its hash is stored, in `staff_links`). A worker claims
-- due rows with FOR UPDATE SKIP LOCKED and moves `due_at` forward as a lease, so several
-- servers never send the same message at once; one that dies mid-send leaves it due again
-- when the lease runs out.
CREATE TABLE email_messages (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    intent text NOT NULL CHECK (intent IN ('password_reset')),
    staff_id uuid NOT NULL,
    -- One intent sends once: a second request with the same key queues nothing.
    dedupe_key text NOT NULL CHECK (char_length(dedupe_key) BETWEEN 1 AND 200),
    -- The Message-ID header, the same on every attempt, so a receiver can tell a repeat.
    message_id text NOT NULL CHECK (char_length(message_id) BETWEEN 3 AND 250),
    status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    due_at timestamptz NOT NULL,
    sent_at timestamptz,
    error text,
    created_at timestamptz NOT NULL,
    CONSTRAINT email_messages_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT email_messages_dedupe_key UNIQUE (practice_id, dedupe_key),
    CONSTRAINT email_messages_staff_fkey FOREIGN KEY (practice_id, staff_id)
        REFERENCES staff (practice_id, id)
);
CREATE INDEX email_messages_due_idx ON email_messages (due_at) WHERE status = 'queued';
CREATE INDEX email_messages_staff_idx ON email_messages (practice_id, staff_id);

GRANT SELECT, INSERT, UPDATE ON email_messages TO knead_app;
