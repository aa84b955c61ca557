# shellcheck shell=bash disable=SC2154 # bench/run, which sources this file, sets the shared variables
# Scenario 4, sourced by bench/run: creating a booking, a session note (a draft: clinical, so
# audited) and a client, each at $write_connections connections, as the API (wrk with
# bench/writes.lua: every body and Idempotency-Key distinct; every answer must be 2xx and
# every request must have written its row) against pgbench replaying, inside the same
# transaction, the statements the API sent for one such request (bench/replay.py: taken from
# PostgreSQL's log with their parameters; the row with its indexes, constraints and triggers,
# the idempotency row, the audit event where clinical, the change feed and events rows).
# $write_pairs pairs, API first; the median ratio of API requests/s to pgbench tps, with its
# spread.

write_connections=8

# The first day (UTC midnight, epoch seconds) after every booking so far, and at least 400
# days ahead: the generated calendar and the series end before it.
free_day() {
  sql "SELECT extract(epoch FROM greatest(date_trunc('day', max(ends_at)) + interval '1 day',
                                           date_trunc('day', now()) + interval '400 days'))::bigint
       FROM bookings"
}
table_rows() { sql "SELECT count(*) FROM $1"; }

# write_args <kind>: the lua arguments after the thread count; the run's keys start with
# <kind>-<nanoseconds>.
write_args() {
  local write_run
  write_run=$1-$(date +%s%N)
  case $1 in
    booking)
      local csv_therapists csv_clients
      csv_therapists=$(IFS=,; echo "${therapists[*]:0:5}")
      csv_clients=$(IFS=,; echo "${clients[*]:1:5}")
      echo booking "$write_run" "$(free_day)" "$service" "$csv_therapists" "$csv_clients"
      ;;
    note) echo note "$write_run" "${clients[0]}" ;;
    client) echo client "$write_run" ;;
  esac
}

# write_once <kind> <key> [<start>]: one request with a body of the shape writes.lua sends
# (201 or the run fails).
write_once() {
  local kind=$1 key=$2 start=${3:-}
  local body
  case $kind in
    booking)
      body="{\"client_id\":\"${clients[1]}\",\"therapist_id\":\"${therapists[0]}\",\"service_id\":\"$service\",\"starts_at\":\"$start\"}"
      ;;
    note)
      body="{\"client_id\":\"${clients[0]}\",\"session_date\":\"2026-11-18\",\"duration_minutes\":60,\"subjective\":\"Left heel sore ($key)\",\"techniques\":[{\"technique\":\"deep_tissue\",\"regions\":[{\"region\":\"calf\",\"side\":\"left\"}],\"minutes\":25,\"pressure\":\"firm\"}],\"pain\":[{\"region\":\"calf\",\"side\":\"left\",\"before\":6,\"after\":3}]}"
      ;;
    client)
      body="{\"given_name\":\"Bench\",\"family_name\":\"Writer $key\",\"email\":\"$key@example.com\",\"phone\":\"+1 303 555 0100\"}"
      ;;
  esac
  curl -sS -o "$dir/answer.json" -w '%{http_code}' -H "Authorization: Bearer $BENCH_TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$body" "$base$(write_path "$kind")" >"$dir/status"
  [[ $(cat "$dir/status") == 201 ]] || die "POST $(write_path "$kind") answered $(cat "$dir/status"): $(head -c 400 "$dir/answer.json")"
}
write_path() {
  case $1 in
    booking) echo /v1/bookings ;;
    note) echo /v1/session-notes ;;
    client) echo /v1/clients ;;
  esac
}
write_table() {
  case $1 in
    booking) echo bookings ;;
    note) echo session_notes ;;
    client) echo clients ;;
  esac
}

# The pgbench script for <kind>, in $dir/write-<kind>.sql, checked to write one row.
write_script() {
  local kind=$1 table options=()
  table=$(write_table "$kind")
  local day capture_start
  day=$(free_day)
  capture_start=$(date -u -d "@$((day + 14 * 3600 + 5400))" +%Y-%m-%dT%H:%M:%SZ)
  # A first request warms the statement caches, so the captured one is the usual kind.
  write_once "$kind" "bench-warm-$kind" "$(date -u -d "@$((day + 14 * 3600))" +%Y-%m-%dT%H:%M:%SZ)"
  capture_statements "write-$kind" write_once "$kind" "bench-capture-$kind" "$capture_start"
  case $kind in
    booking)
      options=(--moving "$capture_start"
        --rotate "$(IFS=,; echo "${therapists[*]:0:5}")" --rotate "$(IFS=,; echo "${clients[*]:1:5}")")
      ;;
  esac
  python3 "$root/bench/replay.py" "$dir/write-$kind.csv" --session-with "INSERT INTO \"?$table\"?\\b" \
    --known "$practice" "$owner_id" "$service" "${therapists[@]}" "${clients[@]:0:6}" \
    --marker "capture-$kind" "${options[@]}" --vars "$dir/write-$kind.vars" >"$dir/write-$kind.sql" 2>"$dir/replay.txt" ||
    die "replay.py: $(cat "$dir/replay.txt")"
  local before
  before=$(table_rows "$table")
  replay_options "write-$kind" 1
  "$pg_bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U knead_app -n -M prepared -f "$dir/write-$kind.sql" \
    "${replay_opts[@]}" -t 1 knead >"$dir/pgbench.txt" 2>&1 ||
    die "the replay of POST $(write_path "$kind") failed: $(grep -m 3 -i 'error' "$dir/pgbench.txt")"
  [[ $(table_rows "$table") == $((before + 1)) ]] || die "the replay of POST $(write_path "$kind") wrote no $table row"
  write_statements[$kind]=$(sed -n 's/^replay.py: \([0-9]*\) statements.*/\1/p' "$dir/replay.txt")
}
# replay_options <name> <connections>: sets replay_opts to pgbench's -D options for the
# variables of $dir/<name>.sql (replay.py's $dir/<name>.vars, and its own for <connections>).
replay_options() {
  local entries=() entry
  mapfile -d '' -t entries <"$dir/$1.vars"
  replay_opts=(-D replay_step=0 -D "replay_t0=$(free_day)" -D "replay_clients=$2")
  for entry in "${entries[@]}"; do replay_opts+=(-D "$entry"); done
}

scenario_writes() {
  say "scenario 4: creating a booking, a note and a client against pgbench replaying the API's statements, $write_pairs pair(s) at $write_connections connections"
  declare -gA write_statements=()
  local kind pair api pg tps table before written r
  for kind in booking note client; do
    write_script "$kind"
    table=$(write_table "$kind")
    local ratios=() rps=() tpss=()
    for pair in $(seq "$write_pairs"); do
      before=$(table_rows "$table")
      # shellcheck disable=SC2046 # write_args' words are the lua arguments
      api=$(run_wrk "$write_connections" "$(write_path "$kind")" "$root/bench/writes.lua" $(write_args "$kind"))
      written=$(($(table_rows "$table") - before))
      # wrk stops counting at the deadline; a request then in flight may still write.
      if ((written < $(field "$api" requests) - $(field "$api" non_2xx) ||
        written > $(field "$api" requests) + write_connections)); then
        die "POST $(write_path "$kind"): $written $table rows for $(field "$api" requests) requests"
      fi
      before=$(table_rows "$table")
      replay_options "write-$kind" "$write_connections"
      pg=$(run_pgbench "$write_connections" "$dir/write-$kind.sql" "${replay_opts[@]}")
      tps=${pg%% *}
      written=$(($(table_rows "$table") - before))
      ((written > 0)) || die "the replay of POST $(write_path "$kind") wrote no $table rows"
      r=$(ratio "$(field "$api" rps)" "$tps")
      ratios+=("$r") rps+=("$(field "$api" rps)") tpss+=("$tps")
      say "pair $pair, $kind: API $(field "$api" rps) req/s, pgbench $tps tps, ratio $r"
    done
    # shellcheck disable=SC2016 # backquotes are markdown
    printf '| 4. `POST %s` (create a %s), %s connections: API req/s ÷ pgbench tps replaying its %s statements (target ≥ 0.4) | **%s** | %s req/s | %s tps |\n' \
      "$(write_path "$kind")" "$kind" "$write_connections" "${write_statements[$kind]}" "$(spread "${ratios[@]}")" \
      "$(fmt "$(lines "${rps[@]}" | median)" 0)" "$(fmt "$(lines "${tpss[@]}" | median)" 0)" | row 4
  done
  note "Scenario 4's pgbench scripts are the API's own statements for one request, from PostgreSQL's log" \
    "(\`log_min_duration_statement = 0\` for that request), in its transaction, with the new ids, the" \
    "Idempotency-Key and the booking's times made distinct per transaction (bench/replay.py)."
}
