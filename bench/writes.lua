-- wrk script for bench/run's scenario 4: POSTs that each create a row, every body and
-- Idempotency-Key distinct, with the access token from BENCH_TOKEN. Arguments after `--`:
--   <threads> booking <run> <t0> <service> <therapist,...> <client,...>
--       POST /v1/bookings: request k of the run books therapist k % #therapists with its
--       own client (the client at the same position) in 90-minute slots from t0 (epoch
--       seconds), eight a day from t0 on: 14:00 to 00:30 UTC (07:00 to 18:30 in Denver),
--       so no two requests conflict
--   <threads> note <run> <client>        POST /v1/session-notes, a draft note
--   <threads> client <run>               POST /v1/clients, a new client
-- where <run> makes this run's keys differ from the other runs'. done() prints the RESULT
-- line of bench/request.lua, and each thread its first failure (a FAILED line).

local threads, thread_index, counter = 1, 0, 0
local kind, run
local t0, service, therapists, clients, client
local index = 0

function setup(thread)
   thread:set("thread_index", index)
   index = index + 1
end

local function split(text)
   local out = {}
   for item in string.gmatch(text or "", "[^,]+") do
      out[#out + 1] = item
   end
   return out
end

function init(args)
   threads = tonumber(args[1])
   kind = args[2]
   run = args[3]
   thread_index = _G.thread_index or 0
   if kind == "booking" then
      t0, service = tonumber(args[4]), args[5]
      therapists, clients = split(args[6]), split(args[7])
   elseif kind == "note" then
      client = args[4]
   end
end

local headers = {
   ["Content-Type"] = "application/json",
   ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
}

function request()
   -- k numbers this run's requests across threads: 0, 1, 2, ... with no gaps per slot.
   local k = counter * threads + thread_index
   counter = counter + 1
   local key = string.format("bench-%s-%d", run, k)
   headers["Idempotency-Key"] = key
   local path, body
   if kind == "booking" then
      local who = k % #therapists
      local slot = math.floor(k / #therapists)
      local starts = t0 + math.floor(slot / 8) * 86400 + 14 * 3600 + (slot % 8) * 5400
      path = "/v1/bookings"
      body = string.format(
         '{"client_id":"%s","therapist_id":"%s","service_id":"%s","starts_at":"%s"}',
         clients[who + 1], therapists[who + 1], service, os.date("!%Y-%m-%dT%H:%M:%SZ", starts))
   elseif kind == "note" then
      path = "/v1/session-notes"
      body = string.format(
         '{"client_id":"%s","session_date":"2026-11-18","duration_minutes":60,' ..
         '"subjective":"Left heel sore on first steps (%s)","assessment":"Calf overload",' ..
         '"techniques":[{"technique":"deep_tissue","regions":[{"region":"calf","side":"left"}],"minutes":25,"pressure":"firm"}],' ..
         '"pain":[{"region":"calf","side":"left","before":6,"after":3}]}',
         client, key)
   else
      path = "/v1/clients"
      body = string.format(
         '{"given_name":"Bench","family_name":"Writer %s","email":"%s@example.com","phone":"+1 303 555 0100"}',
         key, key)
   end
   return wrk.format("POST", path, headers, body)
end

-- The first failure of each thread is printed, for bench/run to show.
local told = false
function response(status, headers, body)
   if status >= 300 and not told then
      told = true
      io.write(string.format("FAILED %d %s\n", status, string.sub(body or "", 1, 300)))
   end
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      "RESULT requests=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d non_2xx=%d socket=%d\n",
      summary.requests, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(99), latency.max,
      errors.status, errors.timeout + errors.connect + errors.read + errors.write))
end
