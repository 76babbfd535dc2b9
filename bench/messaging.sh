#!/usr/bin/env bash
# Secure-messaging benchmark: BENCH_USERS portal users (half clients, half clinicians, each client with one clinician of
# their care team in a thread of their own), all signed in for real, send messages and read them as the recipient, with
# every protection on (TLS, session and two-factor sign-in, row-level security, sealing, one access decision per
# send and read, audit entries in the send's transaction and durable before a read's data leaves, notification
# outbox mailed to an in-process SMTP server). Each user: send, read as the recipient until it shows, ask for their own
# unread count, pause BENCH_THINK_MS (+-50 %). Reports messages sent per second and the p99 of send-to-visible (from
# the start of a send until the recipient's read first shows it). Targets: p99 <= 300 ms, no errors.
# Options: BENCH_USERS (200), BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (5), BENCH_THINK_MS (1000), BENCH_TIMEOUT (600 s).
# Last line: messaging: users=N per_s=N send_to_visible_p99_ms=N errors=N
set -euo pipefail
cd "$(dirname "$0")/.."

WORK="$(mktemp -d /tmp/haven-messaging-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

mvn -B -o -q test-compile >&2 || mvn -B -q test-compile >&2
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >&2 \
  || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >&2

timeout --kill-after=15 "${BENCH_TIMEOUT:-600}" \
  java ${BENCH_JAVA_OPTS:--XX:+UseParallelGC -Xms64m -Xmx768m -XX:MaxMetaspaceSize=256m} -Djava.io.tmpdir="$WORK" \
  -Dspring.profiles.active=bench \
  -Dbench.users="${BENCH_USERS:-200}" \
  -Dbench.seconds="${BENCH_SECONDS:-60}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP_SECONDS:-5}" \
  -Dbench.think-ms="${BENCH_THINK_MS:-1000}" \
  -cp "target/test-classes:target/classes:$(cat "$WORK/classpath")" health.haven.bench.MessagingBench
