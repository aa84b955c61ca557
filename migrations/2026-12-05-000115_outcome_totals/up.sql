-- The technique-outcome report's totals, kept as notes are signed (`persistence::notes::outcomes`,
-- in the signing transaction), so the report reads one row per (month, region, technique,
-- client) instead of joining every note's techniques with its pain scores.
--
-- Exact, not estimated: the client stays in the key, so distinct clients over any run of months
-- is a count of distinct keys; `sessions` counts the notes in which the technique reached a
-- scored side of this region, and `first_region_sessions` counts each of those notes once for
-- the technique (on the first such region in the vocabulary's text order), so a report over all
-- regions sums it without counting a note twice. A report whose dates cut a month reads that
-- month's part from the notes themselves. Signed notes never change or go (triggers), so the
-- totals only grow.
CREATE TABLE outcome_totals (
    practice_id uuid NOT NULL,
    month date NOT NULL CHECK (month = date_trunc('month', month)::date),
    region text NOT NULL,
    technique text NOT NULL,
    client_id uuid NOT NULL,
    sessions integer NOT NULL CHECK (sessions > 0),
    first_region_sessions integer NOT NULL CHECK (first_region_sessions BETWEEN 0 AND sessions),
    measurements integer NOT NULL CHECK (measurements >= sessions),
    sum_before bigint NOT NULL CHECK (sum_before >= 0),
    sum_after bigint NOT NULL CHECK (sum_after >= 0),
    PRIMARY KEY (practice_id, month, region, technique, client_id),
    CONSTRAINT outcome_totals_client_fkey FOREIGN KEY (practice_id, client_id)
        REFERENCES clients (practice_id, id)
);
CREATE INDEX outcome_totals_client_idx ON outcome_totals (practice_id, client_id);

-- Totals only grow, through the signing path's upsert.
REVOKE DELETE, TRUNCATE ON outcome_totals FROM knead_app;

-- The notes signed before this migration. The side pairs are `Side::reaching_pairs()` as of
-- now, written out once for this backfill; from here on the signing path generates them from
-- the domain rule.
WITH measured AS (
    SELECT DISTINCT t.technique, t.note_id, t.position, n.client_id, n.session_date,
                    p.region, p.side, p.before, p.after, n.practice_id
    FROM session_note_techniques t
    JOIN session_notes n ON n.practice_id = t.practice_id AND n.id = t.note_id
    JOIN session_note_pain p ON p.practice_id = t.practice_id AND p.note_id = t.note_id
                            AND p.region = t.region
                            AND (t.side, p.side) IN (('left', 'left'), ('left', 'bilateral'),
                                                     ('right', 'right'), ('right', 'bilateral'),
                                                     ('bilateral', 'left'), ('bilateral', 'right'),
                                                     ('bilateral', 'bilateral'), ('midline', 'midline'))
    WHERE n.status = 'signed'
), per_region AS (
    SELECT practice_id, technique, note_id, client_id, session_date, region,
           count(*) AS measurements, sum(before) AS sum_before, sum(after) AS sum_after,
           region = min(region) OVER (PARTITION BY practice_id, technique, note_id) AS first_region
    FROM measured
    GROUP BY practice_id, technique, note_id, client_id, session_date, region
)
INSERT INTO outcome_totals (practice_id, month, region, technique, client_id, sessions,
                            first_region_sessions, measurements, sum_before, sum_after)
SELECT practice_id, date_trunc('month', session_date)::date, region, technique, client_id,
       count(*), count(*) FILTER (WHERE first_region), sum(measurements), sum(sum_before), sum(sum_after)
FROM per_region
GROUP BY 1, 2, 3, 4, 5;
