-- Clients, runner profiles, races, versioned intake forms and self-service intake links.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes this
-- wrapper safe to declare IMMUTABLE, so it can feed a generated column and an index.
CREATE FUNCTION knead_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE TABLE clients (
    practice_id uuid NOT NULL REFERENCES practices (id),
    id uuid NOT NULL,
    given_name text NOT NULL CHECK (length(btrim(given_name)) BETWEEN 1 AND 100),
    family_name text NOT NULL CHECK (length(btrim(family_name)) BETWEEN 1 AND 100),
    date_of_birth date,
    email text,
    phone text,
    emergency_contact_name text,
    emergency_contact_phone text,
    preferred_therapist_id uuid,
    pressure_preference text CHECK (pressure_preference IN ('light', 'medium', 'firm', 'deep')),
    areas_to_avoid text[] NOT NULL DEFAULT '{}',
    notes text,
    runner_profile jsonb,
    -- Severities and neutral handling instructions of the latest intake's contraindications,
    -- kept here so calendars can flag clients without reading clinical records.
    alerts jsonb NOT NULL DEFAULT '[]',
    last_visit_at timestamptz,
    archived boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    search_text text GENERATED ALWAYS AS (
        knead_fold(given_name || ' ' || family_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))
    ) STORED,
    CONSTRAINT clients_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT clients_preferred_therapist_fkey FOREIGN KEY (practice_id, preferred_therapist_id)
        REFERENCES staff (practice_id, id)
);
CREATE INDEX clients_search_idx ON clients USING gin (practice_id, search_text gin_trgm_ops);
CREATE INDEX clients_name_idx ON clients (practice_id, archived, family_name, given_name, id);
CREATE INDEX clients_last_visit_idx ON clients (practice_id, archived, last_visit_at DESC NULLS LAST, id);
CREATE INDEX clients_preferred_therapist_idx ON clients (practice_id, preferred_therapist_id);

CREATE TABLE races (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    race_date date NOT NULL,
    distance_meters integer NOT NULL CHECK (distance_meters BETWEEN 100 AND 1000000),
    priority text NOT NULL CHECK (priority IN ('a', 'b', 'c')),
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT races_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT races_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id)
);
CREATE INDEX races_client_idx ON races (practice_id, client_id, race_date);

CREATE TABLE intake_forms (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    -- 1, 2, 3, … per client; each submission is a new version and none is ever changed.
    form_version integer NOT NULL CHECK (form_version >= 1),
    chief_complaint text,
    pain_areas jsonb NOT NULL DEFAULT '[]',
    conditions text,
    medical_history text,
    medications text,
    contraindications text[] NOT NULL DEFAULT '{}',
    goals text,
    consent_name text NOT NULL CHECK (length(btrim(consent_name)) >= 1),
    consent_text_version text NOT NULL,
    consented_at timestamptz NOT NULL,
    submitted_by_staff_id uuid,
    submitted_via_link_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT intake_forms_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT intake_forms_client_version_key UNIQUE (practice_id, client_id, form_version),
    CONSTRAINT intake_forms_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id),
    CONSTRAINT intake_forms_staff_fkey FOREIGN KEY (practice_id, submitted_by_staff_id) REFERENCES staff (practice_id, id)
);
CREATE INDEX intake_forms_staff_idx ON intake_forms (practice_id, submitted_by_staff_id);

CREATE FUNCTION intake_forms_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a submitted intake form never changes (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER intake_forms_no_update
    BEFORE UPDATE ON intake_forms
    FOR EACH ROW EXECUTE FUNCTION intake_forms_read_only();

CREATE TABLE intake_links (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    secret_hash bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT intake_links_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT intake_links_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id),
    CONSTRAINT intake_links_staff_fkey FOREIGN KEY (practice_id, created_by) REFERENCES staff (practice_id, id)
);
CREATE INDEX intake_links_client_idx ON intake_links (practice_id, client_id);
CREATE INDEX intake_links_staff_idx ON intake_links (practice_id, created_by);
