# shellcheck shell=bash disable=SC2154 # bench/run, which sources this file, sets the shared variables
# Scenario 6, sourced by bench/run, after every other scenario: grows the database from one
# practice to $growth_practices (N=10: `knead demo --scale 1` nine more times, with slugs
# bench2 … bench10, each practice the size of the first: ten times the data in all, as the
# issue's N=10 spreads it over ten practices), then measures the first practice again: the p50
# of scenario 1's read at one connection, scenario 3's week and scenario 5's four requests.
# The figure is p50 at N=10 ÷ p50 at N=1 (target ≤ 1.3).

scenario_growth() {
  say "scenario 6: growing to $growth_practices practices"
  local started i growth_s reads=() item
  started=$(date +%s%N)
  # ANALYZE after each: the generator's own statements (the outcome totals it records per
  # chunk of notes) are planned on the statistics of the practices before.
  for i in $(seq 2 "$growth_practices"); do
    demo "bench$i"
    psql -d knead -c 'ANALYZE'
  done
  growth_s=$(elapsed "$started")
  psql -d knead -c 'VACUUM (ANALYZE)'
  say "generated $((growth_practices - 1)) more practice(s) in $growth_s s"
  # Generating may outlast the access token's fifteen minutes: log in again.
  BENCH_TOKEN=$(token "$login")
  [[ -n $BENCH_TOKEN ]] || die "could not log in again as $login"
  export BENCH_TOKEN
  get "$client_path"
  for i in $(seq "$write_pairs"); do reads+=("$(client_read_p50)"); done
  local client_p50 week_p50
  client_p50=$(lines "${reads[@]}" | median)
  week_p50=$(field "$(run_wrk 1 "$week_path")" p50_us)
  planning_measure n10
  growth_row() { # label N=1 N=10 (µs)
    printf '| 6. growth to N=%s, p50 of %s (target ≤ 1.3×) | **%s×** | N=%s: %s | N=1: %s |\n' \
      "$growth_practices" "$1" "$(fmt "$(ratio "$3" "$2")" 2)" "$growth_practices" "$(ms "$3")" "$(ms "$2")" | row 6
  }
  # shellcheck disable=SC2016 # backquotes are markdown
  growth_row '`GET /v1/clients/{id}`' "$n1_client_p50" "$client_p50"
  # shellcheck disable=SC2016 # backquotes are markdown
  growth_row 'the week calendar' "$n1_week_p50" "$week_p50"
  for item in series availability month all; do
    growth_row "$(growth_label "$item")" "${planning[n1:$item]}" "${planning[n10:$item]}"
  done
  note "Scenario 6 generated $((growth_practices - 1)) more practice(s) of the same size in $growth_s s" \
    "($(sql 'SELECT count(*) FROM clients') clients, $(sql 'SELECT count(*) FROM bookings') bookings and" \
    "$(sql 'SELECT count(*) FROM session_notes') notes in the database then) and measured the first practice again."
}

growth_label() {
  case $1 in
    series) echo 'a 52-week series' ;;
    availability) echo 'availability over 4 weeks' ;;
    month) echo 'the outcome report for a month' ;;
    all) echo 'the outcome report for all time' ;;
  esac
}
