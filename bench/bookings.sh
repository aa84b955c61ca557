#!/usr/bin/env bash
# Measures the calendar and availability with a realistic table behind them.
#
# Builds knead in release mode, serves it on a fresh database (knead_bench_bookings, dropped
# first, demo data loaded), adds to the demo practice `stride` 3 more therapists (5 in all with
# maya and jordan), 200 clients, a 60-minute service with a 15-minute buffer, working hours
# Monday to Saturday 08:00-20:00 for all five, and $weeks weeks of bookings: every week each
# therapist has 40 sessions (200 a week), so the table holds $weeks x 200 bookings (10,000 by
# default). Then, logged in as the front desk, for each request runs wrk for $duration s
# (after a 2 s warm-up) with $connections connections flat out:
#   a week's calendar             GET /v1/bookings?from=<Mon>&to=<next Mon>&limit=200 (200 items)
#   availability, 1 therapist     GET /v1/availability?...&therapist_id=<maya>  (4 weeks)
#   availability, 5 therapists    GET /v1/availability?...                       (4 weeks)
# Statements per request are read from the server's access log (each line counts the
# statements its request sent). Prints p50/p99/max, requests/s and statements per request.
# Exits 0 when every request answered 200, 2 when the run itself failed.
#
# Knobs: KNEAD_BENCH_PORT (18092), KNEAD_BENCH_SECONDS (10), KNEAD_BENCH_WEEKS (50),
# KNEAD_BENCH_CONNECTIONS (2), plus knead's own (KNEAD_WORKERS, KNEAD_DB_POOL_SIZE, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

database=knead_bench_bookings
port=${KNEAD_BENCH_PORT:-18092}
duration=${KNEAD_BENCH_SECONDS:-10}
weeks=${KNEAD_BENCH_WEEKS:-50}
connections=${KNEAD_BENCH_CONNECTIONS:-2}
password=stride-demo-2026
lua=$root/bench/login_flood.lua
work=$root/.knead/bench-bookings
export KNEAD_LOG=info
# shellcheck source=lib.sh
source "$root/bench/lib.sh"

build_knead
start_fresh

practice=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM practices WHERE slug = 'stride'")
[[ -n $practice ]] || die "the demo practice stride is missing"
# The first Monday at least a week ahead, so every slot is in the future.
monday=$(date -u -d "$(date -u +%Y-%m-%d) + $((8 - $(date -u +%u))) days + 7 days" +%Y-%m-%d)

say "adding therapists, clients, a service, working hours and $weeks weeks of bookings"
started=$(date +%s%N)
pg "$pg_at" -d "$database" -v ON_ERROR_STOP=1 -v practice="$practice" -v weeks="$weeks" -v monday="$monday" \
  -f "$root/bench/bookings_table.sql" >/dev/null
load_ms=$((($(date +%s%N) - started) / 1000000))
total=$(pg "$pg_at" -d "$database" -Atc "SELECT count(*) FROM bookings")
say "$total bookings in the table (loaded in $load_ms ms)"
[[ $total -eq $((weeks * 200)) ]] || die "expected $((weeks * 200)) bookings"

service=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM services WHERE name = 'Bench massage 60'")
maya=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM staff WHERE email = 'maya@stride.example'")
token=$(token_for "sam@stride.example")
[[ -n $token ]] || die "could not log in as sam@stride.example"
auth="Authorization: Bearer $token"

week_from=$(date -u -d "$monday + 7 days" +%Y-%m-%dT06:00:00Z)
week_to=$(date -u -d "$monday + 14 days" +%Y-%m-%dT06:00:00Z)
month_to=$(date -u -d "$monday + 35 days" +%Y-%m-%dT06:00:00Z)
labels=("week calendar (200)" "availability 4 wk, 1 therapist" "availability 4 wk, 5 therapists")
paths=("/v1/bookings?from=$week_from&to=$week_to&limit=200"
  "/v1/availability?service_id=$service&therapist_id=$maya&from=$week_from&to=$month_to"
  "/v1/availability?service_id=$service&from=$week_from&to=$month_to")
routes=("/v1/bookings" "/v1/availability" "/v1/availability")

say "PostgreSQL 127.0.0.1:$pg_at, database $database; server $base"
say "cores: $(nproc); load average before: $(load_average)"
results=() sizes=() statements=()
for i in "${!labels[@]}"; do
  path=${paths[$i]}
  status=$(curl -sS -H "$auth" -o "$work/case$i.json" -w '%{http_code}' "$base$path")
  [[ $status == 200 ]] || die "GET $path answered $status: $(head -c 300 "$work/case$i.json")"
  sizes[i]=$(grep -o '"starts_at"' "$work/case$i.json" | wc -l)
  args=(-t 1 -c "$connections" --timeout 10s -H "$auth" "$base$path" -- read 0)
  say "${labels[$i]}: ${sizes[$i]} items"
  (duration=2 run_wrk "$work/warmup$i.txt" -d 2s "${args[@]}") >/dev/null
  results[i]=$(run_wrk "$work/wrk$i.txt" -d "${duration}s" "${args[@]}")
  # The access-log lines of the run: the statements its requests sent (most and fewest).
  sleep 0.2
  counts=$(grep "\"route\":\"${routes[$i]}\"" "$server_log" | tail -n 1000 |
    grep -o '"statements":[0-9]*' | cut -d: -f2 | sort -n | uniq -c | sort -rn | head -n 1)
  statements[i]=$(awk '{print $2}' <<<"$counts")
done
stop_server

echo
label_width=34
printf "%-34s %10s %10s %10s %12s %8s %11s\n" "" p50 p99 max requests/s non-2xx statements
failed=0
for i in "${!labels[@]}"; do
  r=${results[$i]}
  printf "%-34s %10s %10s %10s %12s %8s %11s\n" "${labels[$i]}" "$(ms "$(field "$r" p50_us)")" \
    "$(ms "$(field "$r" p99_us)")" "$(ms "$(field "$r" max_us)")" "$(field "$r" rps)" \
    "$(($(field "$r" non_2xx) + $(field "$r" timeouts) + $(field "$r" socket_errors)))" "${statements[$i]}"
  (($(field "$r" non_2xx) + $(field "$r" timeouts) + $(field "$r" socket_errors) == 0)) || failed=1
done
echo
say "statements: the most common count per request over the run's last 1000, from the access log"
say "load average after: $(load_average)"
((failed == 0)) || { say "some requests did not answer 200: the run failed"; exit 2; }
