#!/usr/bin/env bash
# Audit trail benchmark on a fresh embedded PostgreSQL (loopback only, synchronous_commit on):
#   (a) append throughput with 16 concurrent writers (group-committed, each waits for durability) and its ratio to
#       plain one-row-per-transaction inserts of the same rows without the chain, in the same run;
#   (b) verification rate of the whole chain; (c) p99 of "accesses to client X" and "clients touched by user U in
#   30 days" over 5 million entries. Bounded: about 3-5 minutes on 2 cores.
# Options: BENCH_ROWS (5000000), BENCH_APPEND_SECONDS (10).
# Last line: audit: append_per_s=N append_ratio=R verify_per_s=N client_query_p99_ms=N scope_query_p99_ms=N
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -o test-compile >&2 || mvn -q -B test-compile >&2
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >&2 \
  || mvn -q -B dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >&2

java -XX:+UseSerialGC -Xmx1g -Dbench.rows="${BENCH_ROWS:-5000000}" \
  -Dbench.append-seconds="${BENCH_APPEND_SECONDS:-10}" \
  -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" health.haven.bench.AuditBench
