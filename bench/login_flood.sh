#!/usr/bin/env bash
# Measures the acceptance criterion "a login flood across many distinct accounts (so throttling
# does not short-circuit argon2) while another client reads: the reads' p99 stays within 2x of
# no flood".
#
# Builds knead in release mode, serves it on a fresh database (knead_bench, dropped first),
# adds bench1..bench<N>@stride.example therapists sharing the demo password, then:
#   baseline  wrk reads GET /v1/me for $duration s, alone;
#   flood     the same reader again while a second wrk logs in with correct passwords,
#             cycling through the N accounts.
# The reader is "another client": a few connections, each pausing between requests (about
# 200 reads/s in all), not a saturation test. With KNEAD_BENCH_READ_PAUSE_MS=0 it reads flat
# out instead; on a small machine that measures CPU sharing more than the server's isolation.
# Prints p50/p99 of both, the login rate and latency, and flood_p99 / baseline_p99. Exits 0
# when that ratio is at most 2, 1 when it is not, 2 when the run itself failed.
#
# Knobs: KNEAD_BENCH_PORT (18090), KNEAD_BENCH_SECONDS (20), KNEAD_BENCH_ACCOUNTS (200),
# KNEAD_BENCH_READERS (reader connections, 2), KNEAD_BENCH_READ_PAUSE_MS (10),
# KNEAD_BENCH_LOGINS (login connections, 16),
# plus knead's own (KNEAD_HASH_CONCURRENCY, KNEAD_WORKERS, ...), passed through.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

database=knead_bench
port=${KNEAD_BENCH_PORT:-18090}
duration=${KNEAD_BENCH_SECONDS:-20}
accounts=${KNEAD_BENCH_ACCOUNTS:-200}
readers=${KNEAD_BENCH_READERS:-2}
read_pause_ms=${KNEAD_BENCH_READ_PAUSE_MS:-10}
logins=${KNEAD_BENCH_LOGINS:-16}
password=stride-demo-2026
lua=$root/bench/login_flood.lua
work=$root/.knead/bench
server_log=$work/server.log

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
flood_pid=
cleanup() {
  if [[ -n $flood_pid ]]; then
    kill "$flood_pid" 2>/dev/null || true
    wait "$flood_pid" 2>/dev/null || true
  fi
  stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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

say "building knead (release)"
cargo build --quiet --release --locked -p knead-api --bin knead
target_dir=${CARGO_TARGET_DIR:-target}
[[ $target_dir == /* ]] || target_dir=$root/$target_dir
knead=$target_dir/release/knead

(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "port $port is in use (KNEAD_BENCH_PORT)"
base=http://127.0.0.1:$port
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

pg "$pg_at" -d "$database" -c "
  INSERT INTO staff (practice_id, id, email, display_name, role, password_hash)
  SELECT owner.practice_id, gen_random_uuid(), format('bench%s@stride.example', n),
         format('Bench Therapist %s', n), 'therapist', owner.password_hash
  FROM staff owner, generate_series(1, $accounts) AS n
  WHERE owner.email = 'owner@stride.example'"
have=$(pg "$pg_at" -d "$database" -Atc "SELECT count(*) FROM staff WHERE email LIKE 'bench%'")
[[ $have -eq $accounts ]] || die "expected $accounts bench accounts, found $have"
token_for "bench1@stride.example" >/dev/null || die "a bench account cannot log in"

reader_token=$(token_for "maya@stride.example")
[[ -n $reader_token ]] || die "could not log in as maya@stride.example"
read_args=(-t 1 -c "$readers" --timeout 10s -H "Authorization: Bearer $reader_token"
  "$base/v1/me" -- read "$read_pause_ms")

say "PostgreSQL 127.0.0.1:$pg_at, database $database, $accounts extra accounts; server $base"
say "cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "warming up (3 s)"
(duration=3 run_wrk "$work/warmup.txt" -d 3s "${read_args[@]}") >/dev/null

say "baseline: GET /v1/me, $readers connections pausing ${read_pause_ms} ms, ${duration} s"
baseline=$(run_wrk "$work/baseline.txt" -d "${duration}s" "${read_args[@]}")

say "flood: same reader while $logins connections log in across $accounts accounts"
# The flood starts first and ends last, so the reader sees it for all of its run.
flood_seconds=$((duration + 4))
run_wrk "$work/flood-logins.txt" -t 1 -c "$logins" -d "${flood_seconds}s" --timeout 15s \
  "$base/v1/auth/login" -- login "$accounts" "$password" >"$work/flood-logins.result" &
flood_pid=$!
sleep 2
flood=$(run_wrk "$work/flood-reads.txt" -d "${duration}s" "${read_args[@]}")
wait "$flood_pid" || die "the login flood failed: $(tail -n 5 "$work/flood-logins.txt")"
flood_pid=
login=$(cat "$work/flood-logins.result")
stop_server

b50=$(field "$baseline" p50_us); b99=$(field "$baseline" p99_us)
f50=$(field "$flood" p50_us); f99=$(field "$flood" p99_us)
ratio=$(awk -v f="$f99" -v b="$b99" 'BEGIN { printf "%.2f", (b > 0 ? f / b : 0) }')
echo
printf '%-26s %10s %10s %10s %12s %8s\n' "" p50 p99 max requests/s non-2xx
row() {
  printf '%-26s %10s %10s %10s %12s %8s\n' "$1" "$(ms "$(field "$2" p50_us)")" \
    "$(ms "$(field "$2" p99_us)")" "$(ms "$(field "$2" max_us)")" "$(field "$2" rps)" \
    "$(($(field "$2" non_2xx) + $(field "$2" timeouts) + $(field "$2" socket_errors)))"
}
row "reads, no flood" "$baseline"
row "reads, during flood" "$flood"
row "logins (the flood)" "$login"
echo
say "reader p50 $(ms "$b50") -> $(ms "$f50"); p99 $(ms "$b99") -> $(ms "$f99")"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v r="$ratio" 'BEGIN { exit !(r <= 2) }'; then
  say "flood_p99 / baseline_p99 = $ratio <= 2: criterion met"
else
  say "flood_p99 / baseline_p99 = $ratio > 2: criterion NOT met"
  exit 1
fi
