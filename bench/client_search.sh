#!/usr/bin/env bash
# Measures client lists and searches on a practice with many clients: what an HTTP request
# costs, and what its SQL costs inside PostgreSQL.
#
# Builds knead in release mode, serves it on a fresh database (knead_bench_clients, dropped
# first), adds $clients clients to the demo practice `stride` with one INSERT (names from
# arrays plus the series number, e.g. "Zoë Núñez 4242", emails runner<n>@<domain>, about 1 in 6
# never seen, 1 in 50 archived), vacuums and analyzes the table, logs in as the owner, then
# for each request below runs wrk for $duration s (after a 2 s warm-up) with a few
# connections going flat out:
#   first page by name        GET /v1/clients?limit=50
#   second page by name       GET /v1/clients?limit=50&cursor=<next_cursor of the first page>
#   first page by last visit  GET /v1/clients?limit=50&sort=last_visit
#   search, one hit           GET /v1/clients?q=nunez%204242   (accents ignored)
#   search, many hits         GET /v1/clients?q=rivera
#   search, email fragment    GET /v1/clients?q=runner77@
# and, for each, runs EXPLAIN (ANALYZE, BUFFERS) on the list query the app sends (same
# filters, order and LIMIT 51), with the same values written in.
# Prints one table of p50/p99/max and requests/s, and one of the matching rows, execution
# time, buffers and plan of each query; the plans in full are in .knead/bench-clients/.
# Exits 0 when every run answered 200s only, 2 when the run itself failed.
#
# Knobs: KNEAD_BENCH_PORT (18091), KNEAD_BENCH_SECONDS (10), KNEAD_BENCH_CLIENTS (100000),
# KNEAD_BENCH_CONNECTIONS (2), plus knead's own (KNEAD_WORKERS, KNEAD_DB_POOL_SIZE, ...),
# passed through.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

database=knead_bench_clients
port=${KNEAD_BENCH_PORT:-18091}
duration=${KNEAD_BENCH_SECONDS:-10}
clients=${KNEAD_BENCH_CLIENTS:-100000}
connections=${KNEAD_BENCH_CONNECTIONS:-2}
password=stride-demo-2026
lua=$root/bench/login_flood.lua
work=$root/.knead/bench-clients
# shellcheck source=lib.sh
source "$root/bench/lib.sh"

build_knead
start_fresh

practice=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM practices WHERE slug = 'stride'")
[[ -n $practice ]] || die "the demo practice stride is missing"
demo_clients=$(pg "$pg_at" -d "$database" -Atc "SELECT count(*) FROM clients")

say "inserting $clients clients into practice stride"
started=$(date +%s%N)
# Family names: 4242 % 16 = 2 puts client 4242 at 'Núñez'; 'Rivera' is every 16th client.
pg "$pg_at" -d "$database" -c "SET statement_timeout = '10min'" -c "
  INSERT INTO clients (practice_id, id, given_name, family_name, email, phone, last_visit_at,
                       archived)
  SELECT '$practice', gen_random_uuid(),
         (ARRAY['Ana', 'Ben', 'Chloé', 'Dara', 'Élodie', 'Finn', 'Grace', 'Hugo', 'Inés',
                'Jonas', 'Kai', 'Léa', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa',
                'Sven', 'Tomás', 'Uma', 'Vera', 'Wen', 'Zoë'])[1 + (n / 16) % 24],
         (ARRAY['Rivera', 'Okafor', 'Núñez', 'Lindqvist', 'Kowalski', 'Brennan', 'Müller',
                'Yamamoto', 'Haddad', 'Østergaard', 'Fernández', 'Nakamura', 'O''Brien',
                'Søndergaard', 'Dubois', 'Castro'])[1 + n % 16] || ' ' || n,
         CASE WHEN n % 10 <> 9 THEN format('runner%s@%s', n, (ARRAY['example.com',
              'mail.example', 'club.example', 'post.example'])[1 + n % 4]) END,
         CASE WHEN n % 7 <> 0 THEN format('+1 555 %s %s', lpad((n / 10000)::text, 3, '0'),
              lpad((n % 10000)::text, 4, '0')) END,
         CASE WHEN n % 6 <> 0 THEN now() - (n * 7919 % 1051200) * interval '1 minute' END,
         n % 50 = 0
  FROM generate_series(1, $clients) AS n"
insert_ms=$((($(date +%s%N) - started) / 1000000))
# VACUUM as well as ANALYZE: it empties the trigram index's pending list and sets hint bits,
# so the first query measured does not pay for the bulk load.
started=$(date +%s%N)
pg "$pg_at" -d "$database" -c "SET statement_timeout = '10min'" -c "VACUUM (ANALYZE) clients"
vacuum_ms=$((($(date +%s%N) - started) / 1000000))
have=$(pg "$pg_at" -d "$database" -Atc "SELECT count(*) FROM clients WHERE practice_id = '$practice'")
[[ $have -eq $((clients + demo_clients)) ]] ||
  die "expected $((clients + demo_clients)) clients, found $have"
size=$(pg "$pg_at" -d "$database" -Atc "
  SELECT pg_size_pretty(pg_table_size('clients')) || ' table, '
         || pg_size_pretty(pg_indexes_size('clients')) || ' indexes'")
say "$have clients ($size); insert $insert_ms ms, vacuum + analyze $vacuum_ms ms"

token=$(token_for "owner@stride.example")
[[ -n $token ]] || die "could not log in as owner@stride.example"
auth="Authorization: Bearer $token"

# GET <path>: the body in $work/<name>.json; fails unless the answer is 200.
get() {
  local name=$1 path=$2 status
  status=$(curl -sS --max-time 30 -H "$auth" -o "$work/$name.json" -w '%{http_code}' \
    "$base$path") || die "GET $path failed"
  [[ $status == 200 ]] || die "GET $path answered $status: $(head -c 300 "$work/$name.json")"
}

get page1 "/v1/clients?limit=50"
cursor=$(sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p' "$work/page1.json")
[[ $cursor =~ ^[A-Za-z0-9_-]+$ ]] || die "the first page has no next_cursor"

# The app's list query (crates/persistence/src/clients.rs), its parameters written in.
columns="practice_id, id, given_name, family_name, date_of_birth, email, phone,
  emergency_contact_name, emergency_contact_phone, preferred_therapist_id, pressure_preference,
  areas_to_avoid, notes, runner_profile, alerts, last_visit_at, archived, version, created_at,
  updated_at"
by_name="family_name, given_name, id"
by_visit="last_visit_at DESC NULLS LAST, id"
# A search of three or more characters orders by expressions, as the repository does, so the
# trigram index narrows the rows instead of a walk along the name index.
search_by_name="family_name || '', given_name || '', id"
# The cursor is base64url JSON ({"Name":{"family":…,"given":…,"id":…}}); decode it the same way.
after_page1=$(pg "$pg_at" -d "$database" -Atc "
  SELECT format('(family_name, given_name, id) > (%L, %L, %L)',
                c -> 'Name' ->> 'family', c -> 'Name' ->> 'given', c -> 'Name' ->> 'id')
  FROM (SELECT convert_from(decode(rpad(translate('$cursor', '-_', '+/'),
                                        (length('$cursor') + 3) / 4 * 4, '='), 'base64'),
                            'UTF8')::jsonb AS c) AS decoded")
[[ $after_page1 == "(family_name"* ]] || die "could not decode the cursor $cursor"
search() { echo "search_text LIKE '%' || knead_fold('$1') || '%'"; }

# Each request: its label, path, extra WHERE condition (or none) and ORDER BY.
labels=() paths=() conditions=() orders=()
add_case() { labels+=("$1") paths+=("$2") conditions+=("$3") orders+=("$4"); }
add_case "first page by name" "/v1/clients?limit=50" "" "$by_name"
add_case "second page by name" "/v1/clients?limit=50&cursor=$cursor" "$after_page1" "$by_name"
add_case "first page by last visit" "/v1/clients?limit=50&sort=last_visit" "" "$by_visit"
add_case "q=nunez 4242 (accents)" "/v1/clients?q=nunez%204242" "$(search 'nunez 4242')" "$search_by_name"
add_case "q=rivera (many hits)" "/v1/clients?q=rivera" "$(search rivera)" "$search_by_name"
add_case "q=runner77@ (email)" "/v1/clients?q=runner77@" "$(search runner77@)" "$search_by_name"

say "PostgreSQL 127.0.0.1:$pg_at, database $database; server $base"
say "cores: $(nproc); load average before: $(load_average)"
say "each request: 2 s warm-up, then ${duration} s, $connections connections, flat out"
results=() items=() matches=() executions=() buffers=() plans=()
for i in "${!labels[@]}"; do
  path=${paths[$i]}
  get "case$i" "$path"
  items[i]=$(grep -o '"given_name":' "$work/case$i.json" | wc -l)
  args=(-t 1 -c "$connections" --timeout 10s -H "$auth" "$base$path" -- read 0)
  say "${labels[$i]}: GET $path (${items[$i]} items)"
  (duration=2 run_wrk "$work/warmup$i.txt" -d 2s "${args[@]}") >/dev/null
  results[i]=$(run_wrk "$work/wrk$i.txt" -d "${duration}s" "${args[@]}")

  condition=${conditions[$i]}
  where="practice_id = '$practice' AND archived = false${condition:+ AND $condition}"
  matches[i]=$(pg "$pg_at" -d "$database" -Atc "SELECT count(*) FROM clients WHERE $where")
  explain=$work/explain$i.txt
  pg "$pg_at" -d "$database" -c "SET statement_timeout = '60s'" -c "
    EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM clients WHERE $where
    ORDER BY ${orders[$i]} LIMIT 51" >"$explain"
  executions[i]=$(sed -n 's/^ *Execution Time: \([0-9.]*\) ms$/\1 ms/p' "$explain")
  [[ -n ${executions[$i]} ]] || die "no execution time in $explain"
  buffers[i]=$(sed -n 's/^ *Buffers: \(.*\)$/\1/p' "$explain" | head -n 1)
  # Each plan node, outermost first: "Limit > Index Scan using clients_name_idx".
  plans[i]=$(grep -E '\(cost=' "$explain" | sed -E 's/^ *(-> +)?//; s/  \(cost=.*//;
    s/ on clients$//' | paste -sd '>' | sed 's/>/ > /g')
done
stop_server

echo
label_width=28
table_header
failed=0
for i in "${!labels[@]}"; do
  table_row "${labels[$i]}" "${results[$i]}"
  r=${results[$i]}
  (($(field "$r" non_2xx) + $(field "$r" timeouts) + $(field "$r" socket_errors) == 0)) || failed=1
done
echo
sql_row() { printf '%-28s %5s %8s %11s  %-22s  %s\n' "$@"; }
sql_row "SQL (EXPLAIN ANALYZE)" items matches execution buffers plan
for i in "${!labels[@]}"; do
  sql_row "${labels[$i]}" "${items[$i]}" "${matches[$i]}" "${executions[$i]}" "${buffers[$i]}" \
    "${plans[$i]}"
done
echo
say "items: clients on the page; matches: clients the WHERE clause selects in all"
say "plans in full: ${work#"$root"/}/explain<n>.txt; load average after: $(load_average)"
if ((failed)); then
  say "some requests did not answer 2xx (see the non-2xx column): the run failed"
  exit 2
fi
