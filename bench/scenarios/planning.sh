# shellcheck shell=bash disable=SC2154 # bench/run, which sources this file, sets the shared variables
# Scenario 5, sourced by bench/run; one request at a time, p50 and p99:
#   * POST /v1/booking-series: 52 weekly sessions with the conflict check, $series_requests
#     of them (curl, one after another), each on a slot nobody has: a Saturday or Sunday
#     time of one of the therapists without working hours (so `outside_hours`, with a
#     reason), a client of its own;
#   * GET /v1/availability over 4 weeks for the 5 therapists with working hours;
#   * GET /v1/reports/technique-outcomes for the last full month (?from=&to=) and for all
#     time: wrk at one connection against pgbench replaying, at one connection, the
#     statements the API sent for one such request on the connection that read the report
#     (bench/replay.py, from PostgreSQL's log; the audit event the API appends for the read, in
#     a transaction of its own, is left out: the target compares reading the same rows); the
#     figure is API p50 ÷ pgbench p50 (target ≤ 3).
# planning_measure is run again at N=10 by scenario 6.

series_n=0
monday=$(date -u -d "$week_from" +%Y-%m-%d)
availability_path="/v1/availability?service_id=$service&from=$week_from&to=$(date -u -d "$week_from + 28 days" +%Y-%m-%dT%H:%M:%SZ)"
month_from=$(date -u -d "$(date -u +%Y-%m-01) - 1 month" +%Y-%m-%d)
month_to=$(date -u -d "$(date -u +%Y-%m-01) - 1 day" +%Y-%m-%d)
declare -A report_paths=(
  [month]="/v1/reports/technique-outcomes?from=$month_from&to=$month_to"
  [all]=/v1/reports/technique-outcomes
)
declare -A planning=()

# One 52-week series on slot $series_n (therapist 6 + n % 5; Saturday, then Sunday, at
# 00:00 + j × 90 minutes, j = n / 5 % 16); prints curl's time_total in µs.
create_series() {
  local n=$series_n
  series_n=$((n + 1))
  local j=$((n / 5)) day
  ((j < 32)) || die "scenario 5 ran out of free series slots"
  day=$(date -u -d "$monday + $((j < 16 ? 5 : 6)) days" +%Y-%m-%d)
  local minutes=$(((j % 16) * 90)) byday=$((j < 16)) out
  byday=$( ((byday)) && echo SA || echo SU)
  local body
  body=$(printf '{"client_id":"%s","therapist_id":"%s","service_id":"%s","first_start":"%sT%02d:%02d:00","rrule":"FREQ=WEEKLY;BYDAY=%s;COUNT=52","outside_hours":true,"override_reason":{"code":"client_request"}}' \
    "${clients[$((100 + n))]}" "${therapists[$((5 + n % 5))]}" "$service" "$day" $((minutes / 60)) $((minutes % 60)) "$byday")
  out=$(curl -sS -o "$dir/answer.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $BENCH_TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: bench-series-$n" -d "$body" "$base/v1/booking-series")
  [[ ${out%% *} == 201 ]] || die "POST /v1/booking-series answered ${out%% *}: $(head -c 400 "$dir/answer.json")"
  awk -v s="${out#* }" 'BEGIN { printf "%d\n", s * 1e6 }'
}

# The pgbench script replaying the API's statements for the report <which>, in
# $dir/report-<which>.sql.
report_script() {
  local which=$1
  get "${report_paths[$which]}"
  capture_statements "report-$which" get "${report_paths[$which]}"
  python3 "$root/bench/replay.py" "$dir/report-$which.csv" --session-with '^\s*(WITH|SELECT)\b.*technique' \
    --known "$practice" "$owner_id" --vars "$dir/report-$which.vars" >"$dir/report-$which.sql" 2>"$dir/replay.txt" ||
    die "replay.py: $(cat "$dir/replay.txt")"
  report_statements[$which]=$(sed -n 's/^replay.py: \([0-9]*\) statements.*/\1/p' "$dir/replay.txt")
}

# planning_measure <label>: p50s (and p99s) in planning[<label>:<item>].
planning_measure() {
  local label=$1 times=() _ result which
  get "$availability_path"
  for _ in $(seq "$series_requests"); do times+=("$(create_series)"); done
  planning[$label:series]=$(lines "${times[@]}" | median)
  planning[$label:series99]=$(lines "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99 + 0.999); if (i > NR) i = NR; print v[i] }')
  result=$(run_wrk 1 "$availability_path")
  planning[$label:availability]=$(field "$result" p50_us) planning[$label:availability99]=$(field "$result" p99_us)
  for which in month all; do
    result=$(run_wrk 1 "${report_paths[$which]}")
    planning[$label:$which]=$(field "$result" p50_us) planning[$label:${which}99]=$(field "$result" p99_us)
  done
}

scenario_planning() {
  say "scenario 5: 52-week series, availability, the technique-outcome report"
  declare -gA report_statements=()
  local slots which pg
  slots=$(curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" "$base$availability_path" | grep -o '"starts_at"' | wc -l)
  ((slots > 0)) || die "no availability over 4 weeks: the working hours did not take"
  planning_measure n1
  # shellcheck disable=SC2016 # backquotes are markdown
  printf '| 5. `POST /v1/booking-series`, 52 weekly sessions with the conflict check, one at a time (%s series) | p50 **%s**, p99 %s | — | — |\n' \
    "$series_requests" "$(ms "${planning[n1:series]}")" "$(ms "${planning[n1:series99]}")" | row 5
  # shellcheck disable=SC2016 # backquotes are markdown
  printf '| 5. `GET /v1/availability`, 4 weeks, 5 therapists with working hours (%s slots), 1 connection | p50 **%s**, p99 %s | — | — |\n' \
    "$slots" "$(ms "${planning[n1:availability]}")" "$(ms "${planning[n1:availability99]}")" | row 5
  for which in month all; do
    report_script "$which"
    replay_options "report-$which" 1
    pg=$(run_pgbench 1 "$dir/report-$which.sql" "${replay_opts[@]}")
    planning[n1:pg_$which]=${pg#* }
    # shellcheck disable=SC2016 # backquotes are markdown
    printf '| 5. `GET /v1/reports/technique-outcomes` %s, 1 connection: API p50 ÷ pgbench p50 replaying its %s statement(s) (target ≤ 3) | **%s×** | p50 %s, p99 %s | p50 %s |\n' \
      "$([[ $which == month ]] && echo "for $month_from to $month_to" || echo "for all time")" \
      "${report_statements[$which]}" "$(fmt "$(ratio "${planning[n1:$which]}" "${planning[n1:pg_$which]}")" 2)" \
      "$(ms "${planning[n1:$which]}")" "$(ms "${planning[n1:${which}99]}")" "$(ms "${planning[n1:pg_$which]}")" | row 5
  done
}
