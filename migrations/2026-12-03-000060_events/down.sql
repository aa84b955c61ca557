DROP TRIGGER staff_links_event ON staff_links;
DROP TRIGGER session_note_amendments_event ON session_note_amendments;
DROP TRIGGER session_notes_event ON session_notes;
DROP TRIGGER intake_forms_event ON intake_forms;
DROP TRIGGER clients_event ON clients;
DROP TRIGGER booking_series_event ON booking_series;
DROP TRIGGER bookings_event ON bookings;
DROP FUNCTION record_event();
DROP TABLE events;
