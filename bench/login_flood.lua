-- wrk script for bench/login_flood.sh (both modes) and bench/client_search.sh (read mode), in
-- one of two modes (the arguments after `--`):
--   login <accounts> <password>   POST /v1/auth/login, cycling bench1..bench<accounts>@stride.example
--   read [pause_ms]               the request given on the command line (GET /v1/me, a client
--                                 list), each connection pausing pause_ms between requests
--                                 (0: flat out)
-- Either way, done() (run in wrk's main state, which never sees init's arguments) prints one
-- machine-readable line of latency percentiles in microseconds.

local mode = "read"
local accounts = 0
local password = ""
local counter = 0
local pause_ms = 0
-- setup() runs in wrk's main state and numbers the threads; each thread reads its number
-- as the global thread_index.
local threads = 0

function setup(thread)
   thread:set("thread_index", threads)
   threads = threads + 1
end

function init(args)
   mode = args[1] or "read"
   if mode == "read" then
      pause_ms = tonumber(args[2] or "0")
   elseif mode == "login" then
      accounts = tonumber(args[2])
      password = args[3]
      -- Threads start at different accounts so they do not log the same one in together.
      counter = (thread_index or 0) * 97
   end
end

function delay()
   return pause_ms
end

function request()
   if mode ~= "login" then
      return wrk.format()
   end
   counter = counter + 1
   local body = string.format('{"email":"bench%d@stride.example","password":"%s"}',
      (counter % accounts) + 1, password)
   return wrk.format("POST", "/v1/auth/login", { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   io.write(string.format(
      "RESULT requests=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
      "non_2xx=%d timeouts=%d socket_errors=%d\n",
      summary.requests, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      errors.status, errors.timeout, errors.connect + errors.read + errors.write))
end
