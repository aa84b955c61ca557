ALTER TABLE bookings DROP CONSTRAINT bookings_length;
