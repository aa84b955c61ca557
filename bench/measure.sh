# shellcheck shell=bash disable=SC2154 # bench/run, which sources this file, sets the shared variables
# The measuring helpers of bench/run, sourced after the server is up: statements from
# pg_stat_statements and from PostgreSQL's log, wrk and pgbench runs, and the arithmetic and
# rows of the table. The scenarios in bench/scenarios/ use them.
stat_sql() {
  sql "SELECT $1 FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       JOIN pg_roles r ON r.oid = s.userid
       WHERE d.datname = 'knead' AND r.rolname = 'knead_app' $2"
}
# Statements knead_app sent per request of GET $1 over $statement_requests requests, and their
# execution time per request in ms.
statements_per_request() {
  get "$1"
  sql 'SELECT pg_stat_statements_reset()' >/dev/null
  local _
  for _ in $(seq "$statement_requests"); do get "$1"; done
  stat_sql "to_char(coalesce(sum(calls), 0) / $statement_requests::numeric, 'FM990.00') || ' ' ||
            to_char(coalesce(sum(total_exec_time), 0) / $statement_requests, 'FM990.000')" ''
}
# capture_statements <name> <command...>: runs the command (one request) with every statement
# logged, and writes what knead_app sent for it, with its parameters, to $dir/<name>.csv.
capture_statements() {
  local name=$1 from
  shift
  sleep 0.1 # what the workers were doing is logged before the mark
  from=$(stat -c %s "$csv_log" 2>/dev/null || echo 0)
  psql -d postgres -c 'ALTER SYSTEM SET log_min_duration_statement = 0' -c 'SELECT pg_reload_conf()' >/dev/null
  sleep 0.2 # every backend has read the new setting
  "$@" >/dev/null
  psql -d postgres -c 'ALTER SYSTEM RESET log_min_duration_statement' -c 'SELECT pg_reload_conf()' >/dev/null
  sleep 0.2 # the collector has written the log
  tail -c +"$((from + 1))" "$csv_log" >"$dir/$name.csv"
}

# run_wrk <connections> <path> [<lua script> [<lua args>...]]: RESULT fields of bench/request.lua's
# kind; dies when more than 1 in 1000 requests failed.
run_wrk() {
  local connections=$1 path=$2 lua=${3:-$root/bench/request.lua}
  shift 2
  (($# > 0)) && shift
  local threads=$((connections > 1 ? 2 : 1))
  wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s --latency -s "$lua" "$base$path" \
    -- "$threads" "$@" >"$dir/wrk.txt" 2>&1 || die "wrk failed: $(tail -n 5 "$dir/wrk.txt")"
  local result
  result=$(sed -n 's/^RESULT //p' "$dir/wrk.txt")
  [[ -n $result ]] || die "wrk printed no result: $(tail -n 5 "$dir/wrk.txt")"
  # A few failures on a loaded machine are reported; more than 1 in 1000 void the run.
  local failed=$(($(field "$result" non_2xx) + $(field "$result" socket)))
  if ((failed * 1000 > $(field "$result" requests))); then
    die "$path: $failed of $(field "$result" requests) requests failed: $(grep -m 1 '^FAILED' "$dir/wrk.txt")" \
      "(server log: $(tail -n 3 "$dir/server.log"))"
  fi
  echo "$failed" >>"$dir/failed"
  echo "$result"
}
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
# run_pgbench <connections> <script> [pgbench options...]: "tps p50_us" (p50 from the
# per-transaction log); dies when a transaction failed.
run_pgbench() {
  local connections=$1 script=$2
  shift 2
  local threads=$((connections > 1 ? 2 : 1))
  rm -f "$dir"/pgb.*
  "$pg_bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U knead_app -n -M prepared -f "$script" "$@" \
    -c "$connections" -j "$threads" -T "$seconds" -l --log-prefix="$dir/pgb" knead >"$dir/pgbench.txt" 2>&1 ||
    die "pgbench $(basename "$script") failed: $(grep -m 3 -i 'error\|abort' "$dir/pgbench.txt")"
  local tps p50
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$dir/pgbench.txt")
  # Each log line: client, transaction, latency (us), script, epoch s, us.
  p50=$(cat "$dir"/pgb.* | awk '{ print $3 }' | median)
  echo "$tps $p50"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
minimum() { sort -g | head -n 1; }
maximum() { sort -g | tail -n 1; }
fmt() { awk -v x="$1" -v d="${2:-2}" 'BEGIN { printf "%.*f", d, x }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.3f ms", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }'; }
list() { tr ' ' '\n' <<<"$1" | sed '/^$/d'; }
lines() { printf '%s\n' "$@"; }
# spread <numbers...>: "median (min–max)" with three decimals.
spread() {
  printf '%s (%s–%s)' "$(fmt "$(lines "$@" | median)" 3)" "$(fmt "$(lines "$@" | minimum)" 3)" \
    "$(fmt "$(lines "$@" | maximum)" 3)"
}
# Each scenario writes its rows to $dir/rows.<scenario>; the table takes them in order.
row() { cat >>"$dir/rows.$1"; }
note() { echo "$*" >>"$dir/notes"; }
: >"$dir/failed"
