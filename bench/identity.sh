#!/usr/bin/env bash
# Identity costs, on a Haven started like the tests start it (embedded PostgreSQL, demo organization):
#  1. one sign-in's password check: matches() of the application's Argon2id encoder (19 MiB, 2 iterations, 1 lane)
#     against the demo clinician's stored hash, single thread, mean of 20; target <= 500 ms;
#  2. one access decision (AccessDecisions.decide) with warm care-team and break-glass caches, a clinician over the
#     twelve demo clients (half permitted, half denied), median of 15 rounds of 200,000; target <= 50 us;
#  3. one decision right after a care-team change (relationships re-read from PostgreSQL), median and p99 of 400,
#     checking each time that the decision flips Deny -> Permit after CareTeams.assignClient and back after
#     unassignClient (the script fails if it does not).
# A plain timed main (not JMH): the decision needs a whole running Haven. About 1 minute on 2 cores.
# Options: BENCH_PASSWORD_CHECKS (20), BENCH_DECISION_ROUNDS (15), BENCH_DECISIONS_PER_ROUND (200000),
# BENCH_CHANGES (200, each an assign and an unassign), BENCH_TIMEOUT (240 s).
# Last line: identity: password_check_ms=N decision_us=N decision_after_change_us=N decision_after_change_p99_us=N
#            miss_to_hit_ratio=R
set -euo pipefail
cd "$(dirname "$0")/.."

WORK="$(mktemp -d /tmp/haven-identity-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

mvn -B -o -q test-compile >&2 || mvn -B -q test-compile >&2
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >&2 \
  || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >&2

timeout --kill-after=15 "${BENCH_TIMEOUT:-240}" \
  java -XX:+UseSerialGC -Xmx1g -Djava.io.tmpdir="$WORK" \
  -Dbench.password-checks="${BENCH_PASSWORD_CHECKS:-20}" \
  -Dbench.decision-rounds="${BENCH_DECISION_ROUNDS:-15}" \
  -Dbench.decisions-per-round="${BENCH_DECISIONS_PER_ROUND:-200000}" \
  -Dbench.changes="${BENCH_CHANGES:-200}" \
  -cp "target/test-classes:target/classes:$(cat "$WORK/classpath")" health.haven.bench.IdentityBench
