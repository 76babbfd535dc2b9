#!/usr/bin/env bash
# Times `./haven run` from launch to healthy, on a fresh data directory (initdb included) and again on the same one,
# then reports the resident memory of Haven plus its embedded PostgreSQL once idle (proportional set size, so that
# PostgreSQL's shared memory is counted once, not once per backend).
# Last line: startup: first_healthy_s=N second_healthy_s=N idle_rss_mb=N
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${BENCH_PORT:-18443}"
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-20}"
DATA="$(mktemp -d /tmp/haven-bench-XXXXXX)"
LOG="$DATA.log"
PID=""

cleanup() {
  if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

./haven build >/dev/null

# Starts Haven in the background (PID) and sets ELAPSED to the seconds until /actuator/health says UP.
start_and_time() {
  local started now
  started=$(date +%s.%N)
  HAVEN_DATA_DIR="$DATA" HAVEN_PORT="$PORT" ./haven run >>"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 1200); do
    if curl -sk --max-time 1 "https://localhost:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
      now=$(date +%s.%N)
      ELAPSED=$(awk -v a="$started" -v b="$now" 'BEGIN { print b - a }')
      return 0
    fi
    kill -0 "$PID" 2>/dev/null || { echo "bench: Haven exited; see $LOG" >&2; tail -5 "$LOG" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench: Haven did not become healthy within 120 s" >&2
  exit 1
}

stop() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}

pss_kb() {
  local total=0 pid value
  for pid in "$@"; do
    value=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

start_and_time
first=$ELAPSED
stop
start_and_time
second=$ELAPSED
sleep "$IDLE_SECONDS"
java_pid=$PID
postmaster=$(pgrep -f "$DATA/postgres" | head -1 || true)
postgres_pids="$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
kb=$(pss_kb "$java_pid" $postgres_pids)
# shellcheck disable=SC2086
postgres_kb=$(pss_kb $postgres_pids)
stop

printf 'haven jvm: %d MB, embedded postgres: %d MB (%d processes)\n' $(((kb - postgres_kb) / 1024)) $((postgres_kb / 1024)) \
  "$(echo "$postgres_pids" | wc -w)"
printf 'startup: first_healthy_s=%.1f second_healthy_s=%.1f idle_rss_mb=%d\n' "$first" "$second" $((kb / 1024))
