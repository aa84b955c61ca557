-- Invitations by email: the mail worker mints the invitation link when it sends the message,
-- as it does a reset link; the row names the invited staff member, never a token.
ALTER TABLE email_messages DROP CONSTRAINT email_messages_intent_check;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_intent_check CHECK (intent IN (
    'password_reset', 'invitation',
    'booking_confirmed', 'booking_changed', 'booking_cancelled', 'booking_reminder'));
ALTER TABLE email_messages DROP CONSTRAINT email_messages_booking;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_booking CHECK (
    (intent IN ('password_reset', 'invitation')) = (booking_id IS NULL));
