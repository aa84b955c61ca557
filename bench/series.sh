#!/usr/bin/env bash
# Measures creating a 52-week series, conflict check included, against a full calendar.
#
# Builds knead in release mode, serves it on a fresh database (knead_bench_series, dropped
# first, demo data loaded) and loads the bench calendar of bench/bookings_table.sql ($weeks
# weeks x 200 bookings: 10,000 by default, 5 therapists busy Monday to Friday). Then, logged in
# as the front desk, sends one request at a time ($runs of each, after 5 warm-up requests):
#   free     POST /v1/booking-series, FREQ=WEEKLY;COUNT=52 on a weekend slot nobody has
#            (therapist r % 5, Saturday or Sunday 08:00-15:30 every 90 minutes, a client of
#            its own): 201, a year of rows written
#   clashing POST /v1/booking-series, FREQ=WEEKLY;BYDAY=MO;COUNT=52 at 08:00, where the
#            therapist already has a session every Monday: 409 listing every clashing week,
#            nothing written
# and prints p50/p99/max (curl's time_total: one request in flight, so the latency of one
# creation with nothing else running), rows written or clashes reported, and the statements
# each request sent (from the server's access log). Exits 0 when every request answered as
# expected, 2 when the run itself failed.
#
# Knobs: KNEAD_BENCH_PORT (18093), KNEAD_BENCH_WEEKS (50), KNEAD_BENCH_RUNS (60).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

database=knead_bench_series
port=${KNEAD_BENCH_PORT:-18093}
duration=10
weeks=${KNEAD_BENCH_WEEKS:-50}
runs=${KNEAD_BENCH_RUNS:-60}
password=stride-demo-2026
lua=$root/bench/login_flood.lua
work=$root/.knead/bench-series
export KNEAD_LOG=info
# shellcheck source=lib.sh
source "$root/bench/lib.sh"

build_knead
start_fresh

practice=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM practices WHERE slug = 'stride'")
[[ -n $practice ]] || die "the demo practice stride is missing"
monday=$(date -u -d "$(date -u +%Y-%m-%d) + $((8 - $(date -u +%u))) days + 7 days" +%Y-%m-%d)
say "loading the bench calendar: $weeks weeks from $monday"
pg "$pg_at" -d "$database" -v practice="$practice" -v weeks="$weeks" -v monday="$monday" \
  -f "$root/bench/bookings_table.sql" >/dev/null
say "$(pg "$pg_at" -d "$database" -Atc "SELECT count(*) FROM bookings") bookings in the table"

service=$(pg "$pg_at" -d "$database" -Atc "SELECT id FROM services WHERE name = 'Bench massage 60'")
mapfile -t therapists < <(pg "$pg_at" -d "$database" -Atc \
  "SELECT id FROM staff WHERE practice_id = '$practice' AND role = 'therapist' ORDER BY email")
mapfile -t clients < <(pg "$pg_at" -d "$database" -Atc \
  "SELECT id FROM clients WHERE practice_id = '$practice' AND family_name LIKE 'Bench %' ORDER BY id")
((${#therapists[@]} == 5)) || die "expected 5 therapists, found ${#therapists[@]}"
token=$(token_for "sam@stride.example")
[[ -n $token ]] || die "could not log in as sam@stride.example"
saturday=$(date -u -d "$monday + 5 days" +%Y-%m-%d)
sunday=$(date -u -d "$monday + 6 days" +%Y-%m-%d)
clash_monday=$(date -u -d "$monday + 7 days" +%Y-%m-%d)

# create <n> <kind> <expected status>: one request; prints "<status> <seconds> <count>", where
# count is the rows booked (201) or the clashes reported (409).
create() {
  local n=$1 kind=$2 start rule
  local therapist=${therapists[$((n % 5))]} client=${clients[$((n % ${#clients[@]}))]}
  if [[ $kind == free ]]; then
    # Slot j = n / 5 of twelve: Saturday (j < 6) or Sunday, 08:00 + (j % 6) x 90 minutes.
    local j=$(((n / 5) % 12)) day=$saturday byday=SA
    ((j < 6)) || { day=$sunday byday=SU; }
    local minutes=$((8 * 60 + (j % 6) * 90))
    start=$(printf '%sT%02d:%02d:00' "$day" $((minutes / 60)) $((minutes % 60)))
    rule="FREQ=WEEKLY;BYDAY=$byday;COUNT=52"
  else
    start=${clash_monday}T08:00:00
    rule="FREQ=WEEKLY;BYDAY=MO;COUNT=52"
  fi
  local body="{\"client_id\":\"$client\",\"therapist_id\":\"$therapist\",\"service_id\":\"$service\",\"first_start\":\"$start\",\"rrule\":\"$rule\",\"outside_hours\":true}"
  local out
  out=$(curl -sS -o "$work/answer.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$body" "$base/v1/booking-series")
  local count
  if [[ ${out%% *} == 201 ]]; then
    count=$(sed -n 's/.*"booked":\([0-9]*\).*/\1/p' "$work/answer.json")
  else
    count=$(grep -o '"recurrence_id"' "$work/answer.json" | wc -l)
  fi
  echo "$out $count"
}

say "PostgreSQL 127.0.0.1:$pg_at, database $database; server $base; cores: $(nproc)"
failed=0
declare -A summary
for kind in free clashing; do
  expected=201
  [[ $kind == clashing ]] && expected=409
  # Warm-up: clashing requests (they write nothing).
  for n in 0 1 2 3 4; do create "$n" clashing >/dev/null; done
  : >"$work/$kind.txt"
  log_from=$(wc -l <"$server_log")
  for ((n = 0; n < runs; n++)); do
    read -r status seconds count < <(create "$n" "$kind")
    [[ $status == "$expected" ]] || {
      say "$kind #$n answered $status: $(head -c 300 "$work/answer.json")"
      failed=1
    }
    echo "$seconds $count" >>"$work/$kind.txt"
  done
  sleep 0.2
  statements=$(tail -n +"$((log_from + 1))" "$server_log" | grep '"route":"/v1/booking-series"' |
    grep -o '"statements":[0-9]*' | cut -d: -f2 | sort -n | uniq -c | sort -rn | head -n 1 | awk '{print $2}')
  summary[$kind]=$(sort -n "$work/$kind.txt" | awk -v s="$statements" '
    { t[NR] = $1 * 1000; c[NR] = $2 }
    END {
      p50 = t[int((NR + 1) / 2)]; i99 = int(NR * 0.99 + 0.999); if (i99 > NR) i99 = NR
      printf "%8.2f ms %8.2f ms %8.2f ms %10s %11s", p50, t[i99], t[NR], c[1], s
    }')
done
stop_server

echo
printf "%-40s %11s %11s %11s %10s %11s\n" "" p50 p99 max rows/clashes statements
printf "%-40s %s\n" "52-week series, free (201)" "${summary[free]}"
printf "%-40s %s\n" "52-week series, every week clashes (409)" "${summary[clashing]}"
echo
say "$runs requests each, one at a time; rows: occurrences booked inside the one-year horizon"
say "load average after: $(load_average)"
((failed == 0)) || { say "some requests did not answer as expected: the run failed"; exit 2; }
