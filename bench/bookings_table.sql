-- The bench calendar, shared by bench/bookings.sh and bench/series.sh. psql variables:
-- practice (the demo practice's id), weeks, monday (the first week's Monday, a date).
-- Adds 3 therapists (5 in all with the demo's two), 200 clients, a 60-minute service with a
-- 15-minute buffer, working hours Monday to Saturday 08:00-20:00, and :weeks weeks of bookings:
-- every week each therapist has 40 sessions (200 a week). The demo's bookings, series and
-- working hours are removed first.
SET statement_timeout = '10min';
-- The demo calendar makes way: the bench's own hours and bookings replace it.
UPDATE session_notes SET booking_id = NULL WHERE practice_id = :'practice';
DELETE FROM bookings WHERE practice_id = :'practice';
DELETE FROM booking_series_exceptions WHERE practice_id = :'practice';
DELETE FROM booking_series WHERE practice_id = :'practice';
DELETE FROM working_hours WHERE practice_id = :'practice';
INSERT INTO staff (practice_id, id, email, display_name, role)
SELECT :'practice', gen_random_uuid(), format('bench%s@stride.example', n), format('Bench %s', n), 'therapist'
FROM generate_series(1, 3) AS n;
INSERT INTO clients (practice_id, id, given_name, family_name, alerts)
SELECT :'practice', gen_random_uuid(), 'Runner', format('Bench %s', n),
       CASE WHEN n % 5 = 0 THEN '[{"severity": "caution", "handling": "No deep pressure"}]'::jsonb
            ELSE '[]' END
FROM generate_series(1, 200) AS n;
INSERT INTO services (practice_id, id, name, duration_minutes, price_cents, buffer_minutes)
VALUES (:'practice', gen_random_uuid(), 'Bench massage 60', 60, 9500, 15);
CREATE TEMP TABLE t AS
  SELECT id, row_number() OVER (ORDER BY email) - 1 AS i FROM staff
  WHERE practice_id = :'practice' AND role = 'therapist';
CREATE TEMP TABLE c AS
  SELECT id, row_number() OVER (ORDER BY family_name) - 1 AS i FROM clients
  WHERE practice_id = :'practice' AND family_name LIKE 'Bench %';
INSERT INTO working_hours (practice_id, staff_id, weekday, starts, ends)
SELECT :'practice', t.id, d, '08:00', '20:00' FROM t, generate_series(1, 6) AS d;
-- Week w, therapist i, session k (0-39): day k / 8 (Mon-Fri), 08:00 + (k % 8) x 90 min local.
INSERT INTO bookings (practice_id, id, client_id, therapist_id, service_id, starts_at, ends_at,
                      buffer_minutes, occupied_until, outside_hours, created_by)
SELECT :'practice', gen_random_uuid(), c.id, t.id, s.id, b.start, b.start + interval '60 minutes',
       15, b.start + interval '75 minutes', false, t.id
FROM t
CROSS JOIN generate_series(0, :weeks - 1) AS w
CROSS JOIN generate_series(0, 39) AS k
CROSS JOIN LATERAL (SELECT ((:'monday'::date + w * 7 + k / 8) + time '08:00'
                            + (k % 8) * interval '90 minutes') AT TIME ZONE 'America/Denver' AS start) AS b
JOIN c ON c.i = (t.i * 40 + k) % 200
JOIN services s ON s.practice_id = :'practice' AND s.name = 'Bench massage 60';
VACUUM (ANALYZE) bookings;
