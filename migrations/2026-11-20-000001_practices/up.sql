-- The tenant table. Every other tenant table carries practice_id and includes it in every
-- primary key, unique, exclusion and foreign-key constraint (checked by the catalog check).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE practices (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$'),
    time_zone text NOT NULL,
    cancellation_window_hours integer NOT NULL DEFAULT 24
        CHECK (cancellation_window_hours BETWEEN 0 AND 168),
    address text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT practices_slug_key UNIQUE (slug)
);
