DELETE FROM email_messages WHERE intent = 'invitation';
ALTER TABLE email_messages DROP CONSTRAINT email_messages_booking;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_booking CHECK (
    (intent = 'password_reset') = (booking_id IS NULL));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intent_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intent_check CHECK (intent IN (
    'password_reset', 'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder'));
