-- Automatic logoff: minutes without activity before the web app signs its user out.
ALTER TABLE practices
    ADD COLUMN idle_logoff_minutes integer NOT NULL DEFAULT 15
        CONSTRAINT practices_idle_logoff_minutes_range CHECK (idle_logoff_minutes BETWEEN 2 AND 240);
