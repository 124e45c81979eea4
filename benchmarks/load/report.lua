-- wrk script: prints one tab-separated RESULT line (requests/s, p50 and p99 in ms, requests, errors) for run.sh.
-- The scenario's name comes from LOAD_NAME.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT\t%s\twrk\t%.1f\t%.3f\t%.3f\t%d\t%d\n", os.getenv("LOAD_NAME") or "?",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status))
end
