-- Calendar feeds: a secret iCalendar URL per therapist (their sessions) or per client (their
-- upcoming bookings), for calendar apps that subscribe without a login. Only a SHA-256 of the
-- secret is stored; issuing a new one revokes the old, so at most one is live per owner.
CREATE TABLE calendar_feeds (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    staff_id uuid,
    client_id uuid,
    secret_hash bytea NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    CONSTRAINT calendar_feeds_owner_check CHECK ((staff_id IS NULL) <> (client_id IS NULL)),
    CONSTRAINT calendar_feeds_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT calendar_feeds_staff_fkey FOREIGN KEY (practice_id, staff_id) REFERENCES staff (practice_id, id),
    CONSTRAINT calendar_feeds_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id),
    CONSTRAINT calendar_feeds_creator_fkey FOREIGN KEY (practice_id, created_by) REFERENCES staff (practice_id, id)
);
CREATE INDEX calendar_feeds_staff_idx ON calendar_feeds (practice_id, staff_id);
CREATE INDEX calendar_feeds_client_idx ON calendar_feeds (practice_id, client_id);
CREATE INDEX calendar_feeds_creator_idx ON calendar_feeds (practice_id, created_by);
-- One live feed per therapist and per client.
CREATE UNIQUE INDEX calendar_feeds_live_staff_key ON calendar_feeds (practice_id, staff_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX calendar_feeds_live_client_key ON calendar_feeds (practice_id, client_id) WHERE revoked_at IS NULL;
