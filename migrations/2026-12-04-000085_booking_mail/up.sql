-- Email to clients about their bookings: a confirmation, a change (moved) and a cancellation
-- queued by a trigger on bookings in the same transaction as the write (as the events outbox
-- is, so no write path can skip one and a rolled-back write queues nothing), and reminders
-- queued by the mail worker ahead of each practice's lead time.
--
-- A row still holds what to send and to whom, never an address nor any text: the worker
-- composes the message from the current rows when it sends it, and re-checks the booking then
-- (a confirmation for a booking since cancelled, or one a newer message supersedes, is skipped).
ALTER TABLE email_messages ALTER COLUMN staff_id DROP NOT NULL;
ALTER TABLE email_messages
    ADD COLUMN client_id uuid,
    ADD COLUMN booking_id uuid,
    -- The booking's version the message was queued for (confirmation, change, cancellation).
    ADD COLUMN booking_version bigint,
    -- The start a reminder was queued for: a booking moved since is not reminded of the old one.
    ADD COLUMN booking_starts_at timestamptz,
    ADD CONSTRAINT email_messages_client_fkey FOREIGN KEY (practice_id, client_id)
        REFERENCES clients (practice_id, id),
    ADD CONSTRAINT email_messages_one_recipient CHECK (num_nonnulls(staff_id, client_id) = 1),
    ADD CONSTRAINT email_messages_booking CHECK (
        (intent = 'password_reset') = (booking_id IS NULL));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intent_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intent_check CHECK (intent IN (
    'password_reset', 'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder'));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_status_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_status_check
    CHECK (status IN ('queued', 'sent', 'failed', 'skipped'));
CREATE INDEX email_messages_client_idx ON email_messages (practice_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX email_messages_booking_idx ON email_messages (practice_id, booking_id) WHERE booking_id IS NOT NULL;

-- Hours before a session its reminder is sent; NULL: no reminders.
ALTER TABLE practices ADD COLUMN reminder_lead_hours integer DEFAULT 24
    CHECK (reminder_lead_hours BETWEEN 1 AND 168);
-- A client who asked not to be reminded (confirmations and changes are still sent).
ALTER TABLE clients ADD COLUMN reminders_opt_out boolean NOT NULL DEFAULT false;

-- Queues a booking's message: a new booking is confirmed (a series' occurrences are not, one
-- by one), a moved one changed, a cancelled one cancelled (not when the series machinery
-- cancels occurrences as it ends or rewrites a series: those are not one client's
-- cancellation). Only for a client with an email address; the dedupe key is per intent and
-- booking version, so a replayed write queues nothing more.
CREATE FUNCTION queue_booking_mail() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
    mid uuid := gen_random_uuid();
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.series_id IS NOT NULL OR NEW.status = 'cancelled' THEN
            RETURN NULL;
        END IF;
        kind := 'booking_confirmed';
    ELSIF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        IF NEW.cancel_reason IN ('the series was ended', 'replaced by a change to the series') THEN
            RETURN NULL;
        END IF;
        kind := 'booking_cancelled';
    ELSIF NEW.status <> 'cancelled' AND NEW.starts_at IS DISTINCT FROM OLD.starts_at THEN
        kind := 'booking_changed';
    ELSE
        RETURN NULL;
    END IF;
    -- A session already over when written (history entered afterwards, a completed visit)
    -- is nothing to tell the client about.
    IF NEW.ends_at <= NEW.updated_at THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM clients c
                   WHERE c.practice_id = NEW.practice_id AND c.id = NEW.client_id
                     AND c.email IS NOT NULL AND NOT c.archived) THEN
        RETURN NULL;
    END IF;
    INSERT INTO email_messages (practice_id, id, intent, client_id, booking_id, booking_version,
                                dedupe_key, message_id, status, due_at, created_at)
    VALUES (NEW.practice_id, mid, kind, NEW.client_id, NEW.id, NEW.version,
            kind || ':' || NEW.id || ':' || NEW.version,
            '<' || replace(mid::text, '-', '') || '@booking>', 'queued', NEW.updated_at, NEW.updated_at)
    ON CONFLICT (practice_id, dedupe_key) DO NOTHING;
    -- Due at the write's own time (the app's clock), as the events outbox stamps its rows.
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_mail AFTER INSERT OR UPDATE ON bookings
    FOR EACH ROW EXECUTE FUNCTION queue_booking_mail();
