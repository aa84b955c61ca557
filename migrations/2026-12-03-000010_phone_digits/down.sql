DROP INDEX clients_search_idx;
ALTER TABLE clients DROP COLUMN search_text;
ALTER TABLE clients ADD COLUMN search_text text GENERATED ALWAYS AS (
    knead_fold(given_name || ' ' || family_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))
) STORED;
CREATE INDEX clients_search_idx ON clients USING gin (practice_id, search_text gin_trgm_ops);
