-- wrk script for bench/run: sends the request given on the command line with the access
-- token from BENCH_TOKEN, and prints one machine-readable line of results (latencies in
-- microseconds) when done.

wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      "RESULT requests=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d non_2xx=%d socket=%d\n",
      summary.requests, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(99), latency.max,
      errors.status, errors.timeout + errors.connect + errors.read + errors.write))
end
