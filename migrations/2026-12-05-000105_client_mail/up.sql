-- Email to clients, second part: practice templates, the one-time manage-booking link, and
-- intake links sent by email; and the owners told of a disabled webhook.

-- A practice's own wording of a client message (absent: the built-in text). The text holds
-- `{{variable}}` placeholders from a fixed, non-clinical list the server checks on save.
CREATE TABLE email_templates (
    practice_id uuid NOT NULL REFERENCES practices (id),
    intent text NOT NULL CHECK (intent IN (
        'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder', 'intake_link')),
    subject text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 200),
    body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
    updated_at timestamptz NOT NULL,
    updated_by uuid NOT NULL,
    CONSTRAINT email_templates_pkey PRIMARY KEY (practice_id, intent),
    CONSTRAINT email_templates_staff_fkey FOREIGN KEY (practice_id, updated_by) REFERENCES staff (practice_id, id)
);
-- Template changes are in the activity log; the resource id is the practice's (a practice has
-- one template per message).
ALTER TABLE activity DROP CONSTRAINT activity_resource_type_check;
ALTER TABLE activity ADD CONSTRAINT activity_resource_type_check CHECK (resource_type IN (
    'booking', 'booking_series', 'client', 'service', 'room', 'staff', 'practice',
    'webhook_endpoint', 'api_key', 'email_template'));
CREATE FUNCTION email_template_activity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r email_templates := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    kind text := nullif(current_setting('knead.actor_kind', true), '');
    actor text := nullif(current_setting('knead.actor_id', true), '');
BEGIN
    IF kind IS NULL OR kind NOT IN ('staff', 'api_key', 'client_link') THEN
        kind := 'system';
    END IF;
    INSERT INTO activity (practice_id, occurred_at, actor_kind, actor_staff_id, actor_api_key_id,
                          actor_role, action, resource_type, resource_id, request_id)
    VALUES (r.practice_id, CASE WHEN TG_OP = 'DELETE' THEN now() ELSE r.updated_at END, kind,
            CASE WHEN kind = 'staff' THEN actor::uuid END,
            CASE WHEN kind = 'api_key' THEN actor::uuid END,
            CASE WHEN kind = 'staff' THEN nullif(current_setting('knead.actor_role', true), '') END,
            'email_template.' || CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE 'updated' END,
            'email_template', r.practice_id,
            nullif(current_setting('knead.request_id', true), ''));
    RETURN NULL;
END;
$$;
CREATE TRIGGER email_templates_activity AFTER INSERT OR UPDATE OR DELETE ON email_templates
    FOR EACH ROW EXECUTE FUNCTION email_template_activity();

-- A manage-booking link, minted by the mail worker when it sends a confirmation, a change or
-- a reminder: the client may view the booking and cancel it. Stored as a hash only; it stops
-- working when the session ends, or once used to cancel.
CREATE TABLE booking_links (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    booking_id uuid NOT NULL,
    secret_hash bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL,
    CONSTRAINT booking_links_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT booking_links_booking_fkey FOREIGN KEY (practice_id, booking_id)
        REFERENCES bookings (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX booking_links_booking_idx ON booking_links (practice_id, booking_id);

-- An intake link sent by email: the row names the client and who asked for it; the worker
-- mints the link when it sends. Whether the link may carry the client's last answers is
-- decided then (see intake_forms.client_email).
ALTER TABLE email_messages ADD COLUMN sent_by uuid, ADD COLUMN link_hours integer
    CHECK (link_hours BETWEEN 1 AND 336),
    ADD CONSTRAINT email_messages_sender_fkey FOREIGN KEY (practice_id, sent_by) REFERENCES staff (practice_id, id);
-- The owners are told when the server disables a webhook endpoint after a run of failures
-- (queued with the failure that disabled it, see webhooks::record).
ALTER TABLE email_messages ADD COLUMN webhook_endpoint_id uuid,
    ADD CONSTRAINT email_messages_webhook_fkey FOREIGN KEY (practice_id, webhook_endpoint_id)
        REFERENCES webhook_endpoints (practice_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT email_messages_webhook CHECK (
        (intent = 'webhook_disabled') = (webhook_endpoint_id IS NOT NULL AND staff_id IS NOT NULL));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intent_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intent_check CHECK (intent IN (
    'password_reset', 'invitation', 'intake_link', 'webhook_disabled',
    'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder'));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_booking;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_booking CHECK (
    (intent IN ('password_reset', 'invitation', 'intake_link', 'webhook_disabled')) = (booking_id IS NULL));
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intake_link CHECK (
    (intent = 'intake_link') = (sent_by IS NOT NULL AND link_hours IS NOT NULL AND client_id IS NOT NULL));

-- The client's address when each intake was submitted, stamped by the database whichever way
-- the intake arrives. An emailed link carries the last answers only while the address is the
-- same: anyone who changed it (the front desk may) does not receive them. Intakes from before
-- this column have none, and their clients' emailed links start empty.
ALTER TABLE intake_forms ADD COLUMN client_email text;
CREATE FUNCTION intake_form_client_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.email INTO NEW.client_email FROM clients c
    WHERE c.practice_id = NEW.practice_id AND c.id = NEW.client_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER intake_forms_client_email BEFORE INSERT ON intake_forms
    FOR EACH ROW EXECUTE FUNCTION intake_form_client_email();
