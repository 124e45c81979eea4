#!/usr/bin/env bash
# The demo's load benchmark (docs/BENCHMARKS.md, "The demo under load"). One command, from the repository root:
#
#   benchmarks/load/run.sh
#
# Builds the demo (unless JAR is set), installs wrk when missing (Debian's package), starts the demo with --http
# on random loopback ports and drives it: a returning session, a new session, /stateless, a 404, and the same
# server with Hardtack's sign/verify taken out (--unsigned-baseline); then a flood run (returning users keep
# visiting while anonymous requests pour in) and a slowloris run. Everything stays on 127.0.0.1, and every run
# is bounded in count and time (about 5 minutes in all). Results: a table on stdout, and
# benchmarks/target/load/results.tsv and load.svg (the chart).
#
# Knobs (environment): JAR, DURATION (s, per wrk scenario, default 10), THREADS (2), CONNECTIONS (50), HEAP
# (the demo's -Xmx, 256m), FLOOD_USERS (1000), FLOOD_VISITS_PER_SECOND (all returning users together, 50),
# FLOOD_ANONYMOUS (200000), FLOOD_SECONDS (a time cap, 120),
# ROUNDS (pairs of returning-session runs with and without Hardtack, 6), SLOW_CONNECTIONS (200), PROBES (1000
# paced requests, 10 ms apart), OUT (benchmarks/target/load), ONLY (run one
# part: throughput, flood or slowloris).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=benchmarks/load
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
HEAP=${HEAP:-256m}
FLOOD_USERS=${FLOOD_USERS:-1000}
FLOOD_ANONYMOUS=${FLOOD_ANONYMOUS:-200000}
FLOOD_SECONDS=${FLOOD_SECONDS:-120}
SLOW_CONNECTIONS=${SLOW_CONNECTIONS:-200}
PROBES=${PROBES:-1000}
ROUNDS=${ROUNDS:-6}
OUT=${OUT:-benchmarks/target/load}

if ! command -v wrk >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; fi
  echo "installing wrk (apt-get)..."
  timeout 300 $sudo env DEBIAN_FRONTEND=noninteractive sh -c \
    'apt-get update -q && apt-get install -y -q --no-install-recommends wrk' >/dev/null
fi
command -v curl >/dev/null 2>&1 || { echo "run.sh needs curl" >&2; exit 1; }
if [ -z "${JAR:-}" ]; then
  echo "building the demo..."
  mvn -B -q -pl demo -am package -DskipTests
  JAR=demo/target/hardtack-demo.jar
fi
mkdir -p "$OUT"
results="$OUT/results.tsv"
: >"$results"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start_demo NAME [flags...]: starts the demo on a random loopback port; sets PID and PORT.
start_demo() {
  local name=$1; shift
  java ${JAVA_OPTS:-} -Xms"$HEAP" -Xmx"$HEAP" -jar "$JAR" --http --port 0 "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" &
  PID=$!
  pids+=("$PID")
  PORT=""
  for _ in $(seq 1 300); do
    PORT=$(sed -n 's|.*running at http://[^:]*:\([0-9]*\)/.*|\1|p' "$OUT/$name.out" | head -1)
    [ -n "$PORT" ] && return 0
    kill -0 "$PID" 2>/dev/null || { echo "the demo ($name) did not start:"; cat "$OUT/$name.err"; return 1; }
    sleep 0.1
  done
  echo "the demo ($name) printed no address within 30 s"; return 1
}
stop_demo() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
heap_used() { # live heap after a full GC, in MiB
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1 | awk '{printf "%.1f", $1/1024}'
}
# a_cookie PORT PATH NAME: the Set-Cookie value NAME=... of a first visit to PATH.
a_cookie() {
  curl -s -o /dev/null -D - "http://127.0.0.1:$1$2" | tr -d '\r' | sed -n "s/^[Ss]et-[Cc]ookie: \($3=[^;]*\).*/\1/p"
}
# load NAME PORT PATH [COOKIE]: one wrk scenario.
load() {
  local name=$1 port=$2 path=$3 cookie=${4:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$here/report.lua")
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  LOAD_NAME=$name wrk "${args[@]}" "http://127.0.0.1:$port$path" | grep '^RESULT' | tee -a "$results"
}
driver() { java "$here/LoadDriver.java" "$@"; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load before: $(cut -d' ' -f1-3 /proc/loadavg)" \
  | tee "$OUT/machine.txt"
echo "# java: $(java -version 2>&1 | head -1); wrk: $(wrk --version 2>&1 | head -1 | cut -c1-40)" | tee -a "$OUT/machine.txt"

ONLY=${ONLY:-}
part() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

# ---- 1. Throughput: the demo, and the same demo with an unsigned random cookie, both up; runs alternate ----
if part throughput; then
start_demo demo; demo_pid=$PID; demo_port=$PORT
baseline_port=""
if start_demo baseline --unsigned-baseline >/dev/null 2>&1; then
  baseline_pid=$PID; baseline_port=$PORT
else
  echo "(this demo has no --unsigned-baseline: no baseline rows)"
fi
sid=$(a_cookie "$demo_port" / __Host-sid)
visits=$(a_cookie "$demo_port" /stateless __Host-visits)
[ -n "$baseline_port" ] && raw=$(a_cookie "$baseline_port" / __Host-sid)
echo "warming up (${DURATION}s each)..."
LOAD_NAME=warmup wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "Cookie: $sid" "http://127.0.0.1:$demo_port/" >/dev/null
[ -n "$baseline_port" ] && LOAD_NAME=warmup wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" \
  -H "Cookie: $raw" "http://127.0.0.1:$baseline_port/" >/dev/null
# ROUNDS pairs, back to back, so that each pair sees about the same machine; goal 1 is the median pair's ratio.
# Even rounds run the baseline first, so that a drift (the JIT, the machine's other load) favours neither side.
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 0 ] && [ -n "$baseline_port" ]; then
    load "baseline: returning, unsigned #$round" "$baseline_port" / "$raw"
    load "returning session #$round" "$demo_port" / "$sid"
  else
    load "returning session #$round" "$demo_port" / "$sid"
    [ -n "$baseline_port" ] && load "baseline: returning, unsigned #$round" "$baseline_port" / "$raw"
  fi
done
load "new session" "$demo_port" /
[ -n "$baseline_port" ] && load "baseline: new session, unsigned" "$baseline_port" /
load "/stateless" "$demo_port" /stateless "$visits"
load "404 page" "$demo_port" /nothing
stop_demo "$demo_pid"
[ -n "$baseline_port" ] && stop_demo "$baseline_pid"
fi

# ---- 2. Flood: FLOOD_USERS returning users keep visiting while FLOOD_ANONYMOUS anonymous requests arrive ----
if part flood; then
start_demo flood; flood_pid=$PID
pause="$OUT/flood.pause"; rm -f "$pause"
FLOOD_PAUSE_FILE="$pause" driver flood "$PORT" "$FLOOD_USERS" "$FLOOD_ANONYMOUS" "$FLOOD_SECONDS" \
  "$here/flood.lua" >"$OUT/flood.txt" &
driver_pid=$!
while [ ! -e "$pause" ] && kill -0 "$driver_pid" 2>/dev/null; do sleep 0.2; done
heap_before=$(heap_used "$flood_pid")
rm -f "$pause"
wait "$driver_pid"
heap_after=$(heap_used "$flood_pid")
cat "$OUT/flood.txt"
grep '^RESULT' "$OUT/flood.txt" >>"$results"
printf 'RESULT\theap\tMiB\tbefore=%s\tafter=%s\n' "$heap_before" "$heap_after" | tee -a "$results"
stop_demo "$flood_pid"
fi

# ---- 3. Slowloris: a normal visitor's latency alone, then beside SLOW_CONNECTIONS trickling connections ----
if part slowloris; then
start_demo slowloris; slow_pid=$PID
sid=$(a_cookie "$PORT" / __Host-sid)
driver probe "$PORT" / "$sid" 200 10 "probe warmup" >/dev/null
driver probe "$PORT" / "$sid" "$PROBES" 10 "normal request, unloaded" | tee -a "$results"
slow_seconds=$(( PROBES * 10 / 1000 + 15 ))
driver slowloris "$PORT" "$SLOW_CONNECTIONS" "$slow_seconds" >"$OUT/slowloris.txt" &
slow_driver=$!
sleep 5
driver probe "$PORT" / "$sid" "$PROBES" 10 "normal request, $SLOW_CONNECTIONS slowloris" | tee -a "$results"
wait "$slow_driver" || true
cat "$OUT/slowloris.txt"
stop_demo "$slow_pid"
fi

echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
driver chart "$results" "$OUT/load.svg"
echo
echo "Summary (columns: name, kind, requests/s, p50 ms, p99 ms, ok/requests, failed/errors):"
column -t -s $'\t' "$results" 2>/dev/null || cat "$results"
awk -F'\t' '
  $2 ~ /^returning session #/ { split($2, p, "#"); r[p[2]] = $4; rn++ }
  $2 ~ /^baseline: returning/ { split($2, p, "#"); b[p[2]] = $4; bn++ }
  $2 ~ /unloaded/ { u = $6 }
  $2 ~ /slowloris/ { s = $6; sf = $8 }
  END {
    if (bn) {
      for (i = 1; i <= bn; i++) q[i] = r[i] / b[i]
      for (i = 1; i <= bn; i++) for (j = i + 1; j <= bn; j++) if (q[j] < q[i]) { t = q[i]; q[i] = q[j]; q[j] = t }
      med = bn % 2 ? q[(bn + 1) / 2] : (q[bn / 2] + q[bn / 2 + 1]) / 2
      printf "Goal 1: returning session with Hardtack / without, median of %d pairs = %.3fx (pairs %.3f to %.3f;", bn, med, q[1], q[bn]
      printf " target >= 0.9x)\n"
    }
    if (u) printf "Goal 3: p99 under slowloris / unloaded = %.2fx (target <= 2x), failed: %d\n", s/u, sf
  }' "$results"
grep -h '^RESULT.flood.users' "$results" | sed 's/^/Goal 2: /' || true
grep -h '^RESULT.heap' "$results" | sed 's/^/Goal 2: /' || true
echo "Chart: $OUT/load.svg"
