ALTER TABLE practices DROP COLUMN version;
DROP TABLE audit_heads;
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE idempotency_keys;
DROP TABLE login_throttles;
DROP TABLE staff_links;
DROP TABLE refresh_tokens;
DROP TABLE staff;
