DROP TRIGGER intake_forms_client_email ON intake_forms;
DROP FUNCTION intake_form_client_email();
ALTER TABLE intake_forms DROP COLUMN client_email;
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intake_link;
DELETE FROM email_messages WHERE intent IN ('intake_link', 'webhook_disabled');
ALTER TABLE email_messages DROP CONSTRAINT email_messages_webhook;
ALTER TABLE email_messages DROP COLUMN webhook_endpoint_id;
ALTER TABLE email_messages DROP CONSTRAINT email_messages_booking;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_booking CHECK (
    (intent IN ('password_reset', 'invitation')) = (booking_id IS NULL));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intent_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intent_check CHECK (intent IN (
    'password_reset', 'invitation',
    'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder'));
ALTER TABLE email_messages DROP COLUMN sent_by, DROP COLUMN link_hours;
DROP TABLE booking_links;
DROP TABLE email_templates;
DELETE FROM activity WHERE resource_type = 'email_template';
ALTER TABLE activity DROP CONSTRAINT activity_resource_type_check;
ALTER TABLE activity ADD CONSTRAINT activity_resource_type_check CHECK (resource_type IN (
    'booking', 'booking_series', 'client', 'service', 'room', 'staff', 'practice',
    'webhook_endpoint', 'api_key'));
DROP FUNCTION email_template_activity();
