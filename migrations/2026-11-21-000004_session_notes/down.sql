DROP TABLE session_note_amendments;
DROP FUNCTION session_note_amendments_append_only();
DROP TABLE session_note_pain;
DROP TABLE session_note_techniques;
DROP FUNCTION session_note_children_read_only();
DROP TABLE session_notes;
DROP FUNCTION session_notes_signed_read_only();
