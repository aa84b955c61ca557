-- SOAP session notes: drafts until signed, never changed once signed, corrected by
-- append-only amendments. Techniques and pain are child rows so they can be indexed and
-- aggregated by technique and region.

CREATE TABLE session_notes (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    -- Bookings arrive later; until then a note may name none.
    booking_id uuid,
    session_date date NOT NULL,
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600),
    subjective text,
    objective text,
    assessment text,
    plan text,
    home_care jsonb NOT NULL DEFAULT '[]',
    next_visit_in_days integer CHECK (next_visit_in_days BETWEEN 1 AND 365),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
    signed_at timestamptz,
    -- SHA-256 of the note's canonical JSON, taken at signing.
    content_hash bytea,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_notes_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT session_notes_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id),
    CONSTRAINT session_notes_therapist_fkey FOREIGN KEY (practice_id, therapist_id) REFERENCES staff (practice_id, id),
    CONSTRAINT session_notes_signed_check
        CHECK ((status = 'signed') = (signed_at IS NOT NULL AND content_hash IS NOT NULL))
);
CREATE INDEX session_notes_client_idx ON session_notes (practice_id, client_id, session_date DESC, id);
CREATE INDEX session_notes_therapist_idx ON session_notes (practice_id, therapist_id, session_date DESC, id);
CREATE INDEX session_notes_date_idx ON session_notes (practice_id, session_date DESC, id);

CREATE TABLE session_note_techniques (
    practice_id uuid NOT NULL,
    note_id uuid NOT NULL,
    position integer NOT NULL,
    technique text NOT NULL,
    region text NOT NULL,
    side text NOT NULL CHECK (side IN ('left', 'right', 'bilateral', 'midline')),
    minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    pressure text NOT NULL CHECK (pressure IN ('light', 'medium', 'firm', 'deep')),
    CONSTRAINT session_note_techniques_pkey PRIMARY KEY (practice_id, note_id, position, region, side),
    CONSTRAINT session_note_techniques_note_fkey FOREIGN KEY (practice_id, note_id)
        REFERENCES session_notes (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX session_note_techniques_technique_idx ON session_note_techniques (practice_id, technique, note_id);
CREATE INDEX session_note_techniques_region_idx ON session_note_techniques (practice_id, region, note_id);

CREATE TABLE session_note_pain (
    practice_id uuid NOT NULL,
    note_id uuid NOT NULL,
    region text NOT NULL,
    side text NOT NULL CHECK (side IN ('left', 'right', 'bilateral', 'midline')),
    before integer NOT NULL CHECK (before BETWEEN 0 AND 10),
    after integer NOT NULL CHECK (after BETWEEN 0 AND 10),
    CONSTRAINT session_note_pain_pkey PRIMARY KEY (practice_id, note_id, region, side),
    CONSTRAINT session_note_pain_note_fkey FOREIGN KEY (practice_id, note_id)
        REFERENCES session_notes (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX session_note_pain_region_idx ON session_note_pain (practice_id, region, note_id);

CREATE TABLE session_note_amendments (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    note_id uuid NOT NULL,
    author_id uuid NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
    body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_note_amendments_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT session_note_amendments_note_fkey FOREIGN KEY (practice_id, note_id)
        REFERENCES session_notes (practice_id, id),
    CONSTRAINT session_note_amendments_author_fkey FOREIGN KEY (practice_id, author_id)
        REFERENCES staff (practice_id, id)
);
CREATE INDEX session_note_amendments_note_idx ON session_note_amendments (practice_id, note_id, created_at);
CREATE INDEX session_note_amendments_author_idx ON session_note_amendments (practice_id, author_id);

-- A signed note, its techniques and its pain never change; amendments are append-only.
CREATE FUNCTION session_notes_signed_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'signed' THEN
        RAISE EXCEPTION 'a signed session note never changes (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER session_notes_signed_no_change
    BEFORE UPDATE OR DELETE ON session_notes
    FOR EACH ROW EXECUTE FUNCTION session_notes_signed_read_only();

CREATE FUNCTION session_note_children_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    note_status text;
BEGIN
    SELECT status INTO note_status FROM session_notes
    WHERE practice_id = COALESCE(NEW.practice_id, OLD.practice_id)
      AND id = COALESCE(NEW.note_id, OLD.note_id);
    IF note_status = 'signed' THEN
        RAISE EXCEPTION 'a signed session note never changes (% on %)', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER session_note_techniques_signed_no_change
    BEFORE INSERT OR UPDATE OR DELETE ON session_note_techniques
    FOR EACH ROW EXECUTE FUNCTION session_note_children_read_only();
CREATE TRIGGER session_note_pain_signed_no_change
    BEFORE INSERT OR UPDATE OR DELETE ON session_note_pain
    FOR EACH ROW EXECUTE FUNCTION session_note_children_read_only();

CREATE FUNCTION session_note_amendments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'amendments are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER session_note_amendments_no_change
    BEFORE UPDATE OR DELETE ON session_note_amendments
    FOR EACH ROW EXECUTE FUNCTION session_note_amendments_append_only();
