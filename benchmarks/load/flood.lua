-- wrk script for the flood run: cookie-less GET / (each one a new visitor), at most FLOOD_PER_THREAD responses
-- per wrk thread, then the thread stops; run.sh bounds the time with -d as well.
local quota = tonumber(os.getenv("FLOOD_PER_THREAD") or "100000")
local count = 0
response = function(status, headers, body)
  count = count + 1
  if count == quota then
    io.write("QUOTA\n")
    io.flush()
    wrk.thread:stop()
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT\tflood-anonymous\twrk\t%.1f\t%.3f\t%.3f\t%d\t%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status))
end
