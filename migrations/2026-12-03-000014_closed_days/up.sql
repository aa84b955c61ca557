-- Days the whole practice is closed (public holidays, a team day): no free slot is offered on
-- them, and a booking or series occurrence lands on one only when someone overrides on purpose.
-- A day is the practice's local date, one row per date.
CREATE TABLE closed_days (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    day date NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT closed_days_pkey PRIMARY KEY (practice_id, id),
    -- Also the index of the practice foreign key (its leading column).
    CONSTRAINT closed_days_day_key UNIQUE (practice_id, day)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON closed_days TO knead_app;
