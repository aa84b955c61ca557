# shellcheck shell=bash
# Shared by the benchmarks in bench/: sourced, never run. The script sets, before sourcing:
#   root      the repository (the script has cd'ed there)
#   database  the database knead dev creates and uses (dropped first: it is the bench's own)
#   port      the port knead listens on, on 127.0.0.1
#   work      a scratch folder under .knead/ (emptied by start_fresh)
#   duration  the usual wrk run in seconds (bounds every wrk run)
#   lua       the wrk script; its done() prints one `RESULT key=value ...` line
#   password  the demo password
# and may define on_exit, run when the script ends, before the server stops.
#
# What it gives: say/die (exit 2: the run itself failed), pg <port> <psql args...>, pg_port,
# build_knead, start_fresh (fresh database, server up), start_server/stop_server, token_for,
# run_wrk, field, ms, table_header/table_row, load_average.

: "${root:?}" "${database:?}" "${port:?}" "${work:?}" "${duration:?}" "${lua:?}" "${password:?}"
server_log=$work/server.log
base=http://127.0.0.1:$port

say() { echo "bench: $*"; }
die() {
  echo "bench: $*" >&2
  exit 2
}

command -v wrk >/dev/null || die "wrk is needed (Debian/Ubuntu: apt-get install wrk)"
command -v curl >/dev/null || die "curl is needed"
psql=$(command -v psql || printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
[[ -x $psql ]] || psql=
[[ -n $psql ]] || die "psql is needed"

pg() {
  local pg_port=$1; shift
  "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

# The server knead dev picks: 5432, else the private cluster on 54329 (empty when neither
# answers yet).
pg_port() {
  local candidate
  for candidate in 5432 54329; do
    if pg "$candidate" -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
}

server_pid=
start_server() {
  env -u DATABASE_URL KNEAD_DEV_DATABASE="$database" KNEAD_BIND="127.0.0.1:$port" \
    KNEAD_PROJECT_DIR="$root" KNEAD_LOG="${KNEAD_LOG:-warn}" "$knead" dev >>"$server_log" 2>&1 &
  server_pid=$!
  local _
  for _ in $(seq 240); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      tail -n 20 "$server_log" >&2
      die "knead dev exited before it was ready (log: ${server_log#"$root"/})"
    fi
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "knead dev did not answer $base/readyz within 120 s"
}
stop_server() {
  [[ -n $server_pid ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
cleanup() {
  if declare -F on_exit >/dev/null; then
    on_exit
  fi
  stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Builds knead in release mode; sets knead to the binary.
build_knead() {
  say "building knead (release)"
  cargo build --quiet --release --locked -p knead-api --bin knead
  local target_dir=${CARGO_TARGET_DIR:-target}
  [[ $target_dir == /* ]] || target_dir=$root/$target_dir
  knead=$target_dir/release/knead
}

# Empties $work, drops $database and starts knead dev on it (which migrates and loads the demo
# data); sets pg_at to the PostgreSQL port in use.
start_fresh() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "port $port is in use (KNEAD_BENCH_PORT)"
  rm -rf "$work"
  mkdir -p "$work"

  pg_at=$(pg_port)
  if [[ -z $pg_at ]]; then
    # Nothing answers yet: let knead dev start the private cluster, then start afresh.
    start_server
    stop_server
    pg_at=$(pg_port)
    [[ -n $pg_at ]] || die "no PostgreSQL on 127.0.0.1:5432 or :54329"
  fi
  pg "$pg_at" -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" 2>/dev/null
  start_server
}

# An access token for a demo-practice account (empty when the login fails).
token_for() {
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$password\"}" "$base/v1/auth/login" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# wrk with the bench script; prints the RESULT line's key=value pairs.
run_wrk() {
  local out=$1; shift
  timeout $((duration * 3 + 30)) wrk --latency -s "$lua" "$@" >"$out" 2>&1 ||
    die "wrk failed: $(tail -n 5 "$out")"
  grep '^RESULT ' "$out" | cut -d' ' -f2- || die "no RESULT line in $out"
}
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }

# A table of wrk results, one row per run; the label column is $label_width wide (26).
table_header() {
  printf "%-${label_width:-26}s %10s %10s %10s %12s %8s\n" "" p50 p99 max requests/s non-2xx
}
table_row() {
  printf "%-${label_width:-26}s %10s %10s %10s %12s %8s\n" "$1" "$(ms "$(field "$2" p50_us)")" \
    "$(ms "$(field "$2" p99_us)")" "$(ms "$(field "$2" max_us)")" "$(field "$2" rps)" \
    "$(($(field "$2" non_2xx) + $(field "$2" timeouts) + $(field "$2" socket_errors)))"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
