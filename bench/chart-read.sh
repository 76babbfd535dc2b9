#!/usr/bin/env bash
# Chart-read benchmark: the chart summary (demographics, current treatment plan, the 5 latest progress notes) over
# HTTPS with every protection on (TLS, session and two-factor sign-in, row-level security, decryption of every value,
# one access decision per part, audit entries durable before the data leaves), against a baseline endpoint that reads
# the same rows behind the same TLS and sign-in but with no decryption, no access decision and no audit (it exists
# only in the 'bench' profile, in test sources). Both measured in the same run on one Haven started like the tests
# start it (embedded PostgreSQL, demo organization): 16 keep-alive connections, 5 s warm-up each, then 30 s each.
# A third endpoint, the floor (a signed-in request that reads nothing), is measured first for 10 s to show what the
# platform itself (TLS, JDBC session, sign-in rules) costs on this machine.
# Targets: protected throughput >= 0.6 x baseline; protected p99 <= 50 ms. About 2 minutes on 2 cores.
# Options: BENCH_CONNECTIONS (16), BENCH_SECONDS (30), BENCH_WARMUP_SECONDS (5), BENCH_TIMEOUT (300 s),
# BENCH_TABLE_STATS=true (after the protected phase: scans and rows per request of each table it used),
# BENCH_TIMELINE=true (per phase, each second's p99 and slowest request: a tail gathered in a few moments or spread).
# Each phase also prints the CPU time per request of Haven, PostgreSQL and the load client (steadier between runs
# on a shared machine than throughput); *_cpu_ms is Haven + PostgreSQL.
# Last line: chart-read: protected_rps=N baseline_rps=N ratio=R protected_p99_ms=N baseline_p99_ms=N protected_p50_ms=N
#   protected_cpu_ms=N baseline_cpu_ms=N floor_cpu_ms=N
set -euo pipefail
cd "$(dirname "$0")/.."

WORK="$(mktemp -d /tmp/haven-chart-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

mvn -B -o -q test-compile >&2 || mvn -B -q test-compile >&2
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >&2 \
  || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >&2

timeout --kill-after=15 "${BENCH_TIMEOUT:-300}" \
  java ${BENCH_JAVA_OPTS:--XX:+UseParallelGC -Xms64m -Xmx768m -XX:MaxMetaspaceSize=256m} -Djava.io.tmpdir="$WORK" \
  -Dspring.profiles.active=bench \
  -Dbench.connections="${BENCH_CONNECTIONS:-16}" \
  -Dbench.seconds="${BENCH_SECONDS:-30}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP_SECONDS:-5}" \
  -Dbench.table-stats="${BENCH_TABLE_STATS:-false}" \
  -Dbench.timeline="${BENCH_TIMELINE:-false}" \
  -cp "target/test-classes:target/classes:$(cat "$WORK/classpath")" health.haven.bench.ChartReadBench
