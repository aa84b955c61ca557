ALTER TABLE session_notes DROP CONSTRAINT session_notes_booking_fkey;
DROP INDEX session_notes_booking_idx;
DROP TABLE bookings;
DROP TABLE time_off;
DROP TABLE working_hours;
DROP TABLE rooms;
DROP TABLE services;
