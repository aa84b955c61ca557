-- Clients are found by the digits of their phone number too: the search text carries the
-- number as written and its digits alone, so '3035550142', '303-555-0142' and
-- '(303) 555 0142' (searched by their digits, see knead_domain::client::search_text_query)
-- all find '+1 303 555 0142'. A generated column's expression cannot be altered in place
-- (before PostgreSQL 17): the column and its trigram index are made again, in the same place.

DROP INDEX clients_search_idx;
ALTER TABLE clients DROP COLUMN search_text;
ALTER TABLE clients ADD COLUMN search_text text GENERATED ALWAYS AS (
    knead_fold(given_name || ' ' || family_name || ' ' || coalesce(email, '') || ' '
        || coalesce(phone, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]+', '', 'g'))
) STORED;
CREATE INDEX clients_search_idx ON clients USING gin (practice_id, search_text gin_trgm_ops);
