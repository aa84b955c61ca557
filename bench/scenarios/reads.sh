# shellcheck shell=bash disable=SC2154 # bench/run, which sources this file, sets the shared variables
# Scenarios 1–3, sourced by bench/run (which defines the helpers used here):
#   1. GET /v1/clients/{id} with wrk against pgbench -M prepared running the statement the
#      API sent for it (taken from pg_stat_statements, the same columns and parameters), at
#      1 and 32 connections, $pairs pairs run alternately (API, then pgbench): the median
#      ratio of API requests/s to pgbench transactions/s, with its spread.
#   2. The latency the API adds at one connection: wrk's p50 minus pgbench's p50 (computed
#      from pgbench's per-transaction log, -l), median over the pairs.
#   3. The week calendar (GET /v1/bookings?from=&to=&limit=200: 200 bookings of 10
#      therapists): p50/p99 at one connection, and statements per request from
#      pg_stat_statements (reset, $statement_requests requests, calls of knead_app ÷ requests).

client_path=/v1/clients/$client
week_path="/v1/bookings?from=$week_from&to=$week_to&limit=200"

# The statement the API sends for the client, its parameters named for pgbench, in
# $dir/client.sql.
client_statement() {
  local stats query script found
  stats=$(statements_per_request "$client_path")
  read -r client_statements client_db_ms <<<"$stats"
  query=$(stat_sql 'query' "AND s.query LIKE '%FROM \"clients\"%' ORDER BY calls DESC LIMIT 1")
  [[ -n $query ]] || die "pg_stat_statements holds no client read by knead_app"
  script=$(sed -E 's/"practice_id" = \$[0-9]+/"practice_id" = :practice/; s/"id" = \$[0-9]+/"id" = :client/;
                   s/LIMIT \$[0-9]+/LIMIT :one/' <<<"$query")
  [[ $script == *'$'[0-9]* ]] && die "a parameter of the client read is not understood: $query"
  echo "$script;" >"$dir/client.sql"
  # The statement with its values written in must find the client, and only it.
  found=$(sed -e "s/:practice/'$practice'/; s/:client/'$client'/; s/:one/1/" "$dir/client.sql" |
    psql -d knead -At | wc -l)
  [[ $found == 1 ]] || die "the client read found $found rows: $(cat "$dir/client.sql")"
}

# p50 in µs of the client read at one connection, one wrk run (for scenario 6).
client_read_p50() { field "$(run_wrk 1 "$client_path")" p50_us; }

scenario_reads() {
  client_statement
  say "scenario 1 and 2: GET $client_path against pgbench, $pairs pair(s) of ${seconds} s at 1 and 32 connections"
  get "$client_path"
  local -A ratios rps tps
  local added=() api_p50=() pg_p50=() api_p99=() pair c api pg pg_tps pg_lat r
  for pair in $(seq "$pairs"); do
    for c in 1 32; do
      api=$(run_wrk "$c" "$client_path")
      pg=$(run_pgbench "$c" "$dir/client.sql" -D practice="$practice" -D client="$client" -D one=1)
      read -r pg_tps pg_lat <<<"$pg"
      r=$(ratio "$(field "$api" rps)" "$pg_tps")
      ratios[$c]+="$r " rps[$c]+="$(field "$api" rps) " tps[$c]+="$pg_tps "
      if [[ $c == 1 ]]; then
        added+=("$(($(field "$api" p50_us) - pg_lat))")
        api_p50+=("$(field "$api" p50_us)") api_p99+=("$(field "$api" p99_us)") pg_p50+=("$pg_lat")
      fi
      say "pair $pair, c=$c: API $(field "$api" rps) req/s, pgbench $pg_tps tps, ratio $r"
    done
  done
  # For scenario 6: the client read's p50 at one connection at N=1.
  n1_client_p50=$(lines "${api_p50[@]}" | median)
  local values
  for c in 1 32; do
    mapfile -t values < <(list "${ratios[$c]}")
    # shellcheck disable=SC2016 # backquotes are markdown
    printf '| 1. `GET /v1/clients/{id}`, %s connection(s): API req/s ÷ pgbench tps (target ≥ %s) | **%s** | %s req/s | %s tps |\n' \
      "$c" "$( ((c == 1)) && echo 0.5 || echo 0.6)" "$(spread "${values[@]}")" \
      "$(fmt "$(list "${rps[$c]}" | median)" 0)" "$(fmt "$(list "${tps[$c]}" | median)" 0)" | row 1
  done
  printf '| 2. latency the API adds at 1 connection: API p50 − pgbench p50 (target ≤ 0.150 ms) | **+%s** (%s – %s) | p50 %s, p99 %s | p50 %s |\n' \
    "$(ms "$(lines "${added[@]}" | median)")" "$(ms "$(lines "${added[@]}" | minimum)")" \
    "$(ms "$(lines "${added[@]}" | maximum)")" "$(ms "$n1_client_p50")" \
    "$(ms "$(lines "${api_p99[@]}" | median)")" "$(ms "$(lines "${pg_p50[@]}" | median)")" | row 2
  note "A client read sends $client_statements statement(s) per request ($client_db_ms ms executing);" \
    "pgbench runs the API's own statement (\`-M prepared\`, as knead_app); its p50 is from its per-transaction log (\`-l\`)."
}

scenario_week() {
  say "scenario 3: the week calendar"
  local stats items week
  stats=$(statements_per_request "$week_path")
  read -r week_statements week_db_ms <<<"$stats"
  items=$(curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" "$base$week_path" | grep -o '"starts_at"' | wc -l)
  week=$(run_wrk 1 "$week_path")
  n1_week_p50=$(field "$week" p50_us)
  # shellcheck disable=SC2016 # backquotes are markdown
  printf '| 3. week calendar, `GET /v1/bookings?from=&to=&limit=200` (%s bookings), 1 connection (target ≤ 2 statements) | **%s statements/request** | p50 %s, p99 %s, %s req/s | %s ms executing per request |\n' \
    "$items" "$week_statements" "$(ms "$n1_week_p50")" "$(ms "$(field "$week" p99_us)")" \
    "$(fmt "$(field "$week" rps)" 0)" "$week_db_ms" | row 3
}
