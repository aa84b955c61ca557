DROP TRIGGER bookings_mail ON bookings;
DROP FUNCTION queue_booking_mail();
ALTER TABLE clients DROP COLUMN reminders_opt_out;
ALTER TABLE practices DROP COLUMN reminder_lead_hours;
DELETE FROM email_messages WHERE intent <> 'password_reset';
DROP INDEX email_messages_booking_idx;
DROP INDEX email_messages_client_idx;
ALTER TABLE email_messages DROP CONSTRAINT email_messages_status_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_status_check
    CHECK (status IN ('queued', 'sent', 'failed'));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intent_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intent_check CHECK (intent IN ('password_reset'));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_booking,
    DROP CONSTRAINT email_messages_one_recipient,
    DROP CONSTRAINT email_messages_client_fkey,
    DROP COLUMN booking_starts_at, DROP COLUMN booking_version, DROP COLUMN booking_id, DROP COLUMN client_id;
ALTER TABLE email_messages ALTER COLUMN staff_id SET NOT NULL;
