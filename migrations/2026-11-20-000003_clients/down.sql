DROP TABLE intake_links;
DROP TABLE intake_forms;
DROP FUNCTION intake_forms_read_only();
DROP TABLE races;
DROP TABLE clients;
DROP FUNCTION knead_fold(text);
