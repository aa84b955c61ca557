ALTER TABLE practices DROP COLUMN idle_logoff_minutes;
