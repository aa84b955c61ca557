-- Amendments join the tamper evidence. Each amendment's link holds its position in the note's
-- chain and sha256(previous hash ‖ amendment), the first over the note's signed hash; each
-- signed note's head holds how many amendments it has and the last hash, so a deleted
-- amendment shows as a gap or as a head that counts more than the chain.
--
-- The hashes are computed in Rust (knead_domain::amendments::link_hash), never here. Notes
-- signed before this migration have no head yet: `knead migrate` (and every start, which
-- migrates) seals them once — computing the links of their existing amendments with the same
-- code, in `notes::seal_unchained` — and `knead notes verify` reports any signed note still
-- without a head as unverifiable.

CREATE TABLE session_note_amendment_links (
    practice_id uuid NOT NULL,
    amendment_id uuid NOT NULL,
    note_id uuid NOT NULL,
    seq integer NOT NULL CHECK (seq >= 1),
    hash bytea NOT NULL,
    CONSTRAINT session_note_amendment_links_pkey PRIMARY KEY (practice_id, amendment_id),
    CONSTRAINT session_note_amendment_links_seq_key UNIQUE (practice_id, note_id, seq),
    CONSTRAINT session_note_amendment_links_amendment_fkey FOREIGN KEY (practice_id, amendment_id)
        REFERENCES session_note_amendments (practice_id, id),
    CONSTRAINT session_note_amendment_links_note_fkey FOREIGN KEY (practice_id, note_id)
        REFERENCES session_notes (practice_id, id)
);

CREATE TABLE session_note_chain_heads (
    practice_id uuid NOT NULL,
    note_id uuid NOT NULL,
    amendments integer NOT NULL CHECK (amendments >= 0),
    hash bytea NOT NULL,
    CONSTRAINT session_note_chain_heads_pkey PRIMARY KEY (practice_id, note_id),
    CONSTRAINT session_note_chain_heads_note_fkey FOREIGN KEY (practice_id, note_id)
        REFERENCES session_notes (practice_id, id)
);

-- Links are append-only; a head only ever moves forward by one amendment.
CREATE FUNCTION session_note_amendment_links_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'amendment links are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER session_note_amendment_links_no_change
    BEFORE UPDATE OR DELETE ON session_note_amendment_links
    FOR EACH ROW EXECUTE FUNCTION session_note_amendment_links_append_only();

CREATE FUNCTION session_note_chain_heads_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.practice_id = OLD.practice_id AND NEW.note_id = OLD.note_id
       AND NEW.amendments = OLD.amendments + 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a note''s chain head only moves forward by one amendment (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER session_note_chain_heads_forward
    BEFORE UPDATE OR DELETE ON session_note_chain_heads
    FOR EACH ROW EXECUTE FUNCTION session_note_chain_heads_forward_only();
