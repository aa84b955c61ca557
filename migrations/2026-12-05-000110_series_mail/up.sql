-- A new recurring series is confirmed to its client in one message listing its sessions
-- (`series_confirmed`), queued by the first occurrence written in the series' own
-- transaction; occurrences are still not confirmed one by one, and a split or the horizon
-- job's later occurrences queue nothing.
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intent_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intent_check CHECK (intent IN (
    'password_reset', 'invitation', 'intake_link', 'webhook_disabled',
    'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder',
    'series_confirmed'));
ALTER TABLE email_templates DROP CONSTRAINT email_templates_intent_check;
ALTER TABLE email_templates ADD CONSTRAINT email_templates_intent_check CHECK (intent IN (
    'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder', 'intake_link',
    'series_confirmed'));

CREATE OR REPLACE FUNCTION queue_booking_mail() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
    mid uuid := gen_random_uuid();
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'cancelled' THEN
            RETURN NULL;
        END IF;
        IF NEW.series_id IS NULL THEN
            kind := 'booking_confirmed';
        ELSIF EXISTS (SELECT 1 FROM booking_series s
                      WHERE s.practice_id = NEW.practice_id AND s.id = NEW.series_id
                        AND s.previous_id IS NULL AND s.created_at = NEW.created_at) THEN
            -- An occurrence written with its new series, at the series' own time (not a
            -- split, not a later edit of the series, not the horizon job a year on): the
            -- series is confirmed once, keyed by the series.
            kind := 'series_confirmed';
        ELSE
            RETURN NULL;
        END IF;
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
            CASE WHEN kind = 'series_confirmed' THEN kind || ':' || NEW.series_id
                 ELSE kind || ':' || NEW.id || ':' || NEW.version END,
            '<' || replace(mid::text, '-', '') || '@booking>', 'queued', NEW.updated_at, NEW.updated_at)
    ON CONFLICT (practice_id, dedupe_key) DO NOTHING;
    -- Due at the write's own time (the app's clock), as the events outbox stamps its rows.
    RETURN NULL;
END;
$$;
