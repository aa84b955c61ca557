# shellcheck shell=bash disable=SC2154 # bench/run, which sources this file, sets the shared variables
# Scenario 7, sourced by bench/run: scenario 1's read (GET /v1/clients/{id}, wrk at one
# connection, flat out) alone, then beside a login flood (wrk with bench/login_flood.lua, 16
# connections logging in with correct passwords, cycling through $flood_accounts accounts so
# no throttle short-circuits argon2), once per argon2id setting of $argon2_settings. A login
# costs what its stored hash says (verification reads the parameters from the hash), so each
# setting's accounts carry a hash made by `knead demo` run with KNEAD_ARGON2_MEMORY_KIB and
# KNEAD_ARGON2_ITERATIONS set to it; the server's own setting only prices new hashes.

flood_connections=16

# The password hash of a generated owner, made with memory <m> KiB and <t> iterations.
hash_for() {
  local m=$1 t=$2 slug="argon${1}t${2}" hash
  if [[ ! -f $dir/demo-$slug.txt ]]; then
    KNEAD_ARGON2_MEMORY_KIB=$m KNEAD_ARGON2_ITERATIONS=$t DATABASE_URL=$owner_url \
      "$knead" demo --scale 1 --slug "$slug" --clients 10 --bookings 10 --notes 10 >"$dir/demo-$slug.txt" ||
      die "knead demo with KNEAD_ARGON2_MEMORY_KIB=$m KNEAD_ARGON2_ITERATIONS=$t failed"
  fi
  hash=$(sql "SELECT password_hash FROM staff WHERE email = 'owner@$slug.example'")
  [[ $hash == *"m=$m,t=$t,p=1"* ]] || die "the owner of $slug has a hash of other parameters: ${hash%%\$*}…"
  echo "$hash"
}

scenario_logins() {
  local flood_accounts=$((${#argon2_settings[@]} > 1 ? 200 : 20))
  say "scenario 7: reads beside a login flood across $flood_accounts accounts, argon2id ${argon2_settings[*]}"
  sql "INSERT INTO staff (practice_id, id, email, display_name, role, password_hash)
       SELECT '$practice', gen_random_uuid(), format('bench%s@stride.example', n), format('Flood %s', n),
              'therapist', password_hash
       FROM staff, generate_series(1, $flood_accounts) AS n WHERE id = '$owner_id'" >/dev/null
  local setting m t alone beside logins
  for setting in "${argon2_settings[@]}"; do
    read -r m t <<<"$setting"
    sql "UPDATE staff SET password_hash = '$(hash_for "$m" "$t")' WHERE email LIKE 'bench%@stride.example'" >/dev/null
    curl -fsS -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"email\":\"bench1@stride.example\",\"password\":\"$password\"}" "$base/v1/auth/login" ||
      die "a flood account cannot log in"
    alone=$(run_wrk 1 "$client_path")
    # The flood starts first and ends last, so the reader sees it for all of its run.
    wrk -t 1 -c "$flood_connections" -d "$((seconds + 2))s" --timeout 15s --latency -s "$root/bench/login_flood.lua" \
      "$base/v1/auth/login" -- login "$flood_accounts" "$password" >"$dir/flood.txt" 2>&1 &
    flood_pid=$!
    sleep 1
    beside=$(run_wrk 1 "$client_path")
    wait "$flood_pid" || die "the login flood failed: $(tail -n 5 "$dir/flood.txt")"
    flood_pid=
    logins=$(sed -n 's/^RESULT //p' "$dir/flood.txt")
    [[ -n $logins ]] || die "the login flood printed no result: $(tail -n 5 "$dir/flood.txt")"
    # shellcheck disable=SC2016 # backquotes are markdown
    printf '| 7. `GET /v1/clients/{id}` at 1 connection alone → beside %s connections logging in, argon2id m=%s t=%s | p50 %s → **%s**, p99 %s → **%s** | %s logins/s, login p50 %s, %s refused or timed out | — |\n' \
      "$flood_connections" "$m" "$t" "$(ms "$(field "$alone" p50_us)")" "$(ms "$(field "$beside" p50_us)")" \
      "$(ms "$(field "$alone" p99_us)")" "$(ms "$(field "$beside" p99_us)")" "$(fmt "$(field "$logins" rps)" 0)" \
      "$(ms "$(field "$logins" p50_us)")" \
      "$(($(field "$logins" non_2xx) + $(field "$logins" timeouts) + $(field "$logins" socket_errors)))" | row 7
  done
}
