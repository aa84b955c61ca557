#!/usr/bin/env bash
# Measures session-note reads on a practice with many notes: the note list filtered by
# technique, by client, and the outcomes-by-technique report over a month and over all time.
#
# Builds knead in release mode, serves it on a fresh database (knead_bench_notes), adds
# $notes signed notes (one technique on the left calf each, pain 6 -> 3) spread over 50
# clients and 1000 days with one INSERT per table (triggers off while loading), analyzes, logs
# in as a therapist, then runs wrk for $duration s per request after a 2 s warm-up.
# Prints p50/p99/max and requests/s. Exits 2 when the run itself failed.
#
# Knobs: KNEAD_BENCH_PORT (18092), KNEAD_BENCH_SECONDS (10), KNEAD_BENCH_NOTES (500000),
# KNEAD_BENCH_CONNECTIONS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

database=knead_bench_notes
port=${KNEAD_BENCH_PORT:-18092}
duration=${KNEAD_BENCH_SECONDS:-10}
notes=${KNEAD_BENCH_NOTES:-500000}
connections=${KNEAD_BENCH_CONNECTIONS:-2}
password=stride-demo-2026
lua=$root/bench/login_flood.lua
work=$root/.knead/bench-notes
# shellcheck source=lib.sh
source "$root/bench/lib.sh"

build_knead
start_fresh

practice=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM practices WHERE slug = 'stride'")
author=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM staff WHERE email = 'maya@stride.example'")
[[ -n $practice && -n $author ]] || die "the demo practice is missing"
say "inserting $notes signed notes"
started=$(date +%s%N)
pg "$pg_at" -d "$database" -c "SET statement_timeout = '20min'" -c "
  SET session_replication_role = replica;
  INSERT INTO clients (practice_id, id, given_name, family_name)
  SELECT '$practice', gen_random_uuid(), 'Bench', 'Runner ' || n FROM generate_series(1, 50) AS n;
  INSERT INTO session_notes (practice_id, id, client_id, therapist_id, session_date,
                             duration_minutes, status, signed_at, content_hash)
  SELECT '$practice', gen_random_uuid(), c.ids[1 + i % 50], '$author',
         current_date - 1 - (i % 1000), 60, 'signed', now(), '\\x00'
  FROM generate_series(1, $notes) AS i,
       (SELECT array_agg(id) AS ids FROM clients WHERE family_name LIKE 'Runner %') AS c;
  INSERT INTO session_note_techniques (practice_id, note_id, position, technique, region, side,
                                       minutes, pressure)
  SELECT practice_id, id, 0,
         (ARRAY['deep_tissue', 'trigger_point', 'myofascial_release', 'cupping', 'sports_massage',
                'cross_fibre_friction', 'active_release', 'reflexology', 'lymphatic_drainage',
                'swedish', 'stretching', 'instrument_assisted', 'percussive'])
           [1 + abs(hashtext(id::text)) % 13],
         'calf', 'left', 30, 'firm'
  FROM session_notes;
  INSERT INTO session_note_pain (practice_id, note_id, region, side, before, after)
  SELECT practice_id, id, 'calf', 'left', 6, 3 FROM session_notes;
  SET session_replication_role = origin;" >/dev/null
pg "$pg_at" -d "$database" -c "VACUUM (ANALYZE) session_notes, session_note_techniques, session_note_pain" >/dev/null
say "loaded in $((($(date +%s%N) - started) / 1000000)) ms"

token=$(token_for "maya@stride.example")
[[ -n $token ]] || die "could not log in as maya@stride.example"
client=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM clients WHERE family_name = 'Runner 7'")
month_from=$(date -d '-40 days' +%F)
month_to=$(date -d '-10 days' +%F)

labels=("notes by technique" "notes of one client" "outcomes, one month" "outcomes, all time")
paths=("/v1/session-notes?technique=cupping&limit=50"
  "/v1/session-notes?client_id=$client&limit=50"
  "/v1/reports/technique-outcomes?region=calf&from=$month_from&to=$month_to"
  "/v1/reports/technique-outcomes")
results=()
for i in "${!labels[@]}"; do
  args=(-t 1 -c "$connections" --timeout 30s -H "Authorization: Bearer $token" "$base${paths[$i]}" -- read 0)
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base${paths[$i]}")
  [[ $status == 200 ]] || die "GET ${paths[$i]} answered $status"
  say "${labels[$i]}: GET ${paths[$i]}"
  (duration=2 run_wrk "$work/warmup$i.txt" -d 2s "${args[@]}") >/dev/null
  results[i]=$(run_wrk "$work/run$i.txt" -d "${duration}s" "${args[@]}")
done
stop_server

echo
label_width=24 table_header
for i in "${!labels[@]}"; do
  label_width=24 table_row "${labels[$i]}" "${results[$i]}"
done
say "load average after: $(load_average)"
