#!/usr/bin/env bash
# Compares the jdbc store's metric writes with psql's own \copy of the very same rows into the
# very same (partitioned, indexed) table.
#
#   mvn -o -q -pl benchmarks -am package -DskipTests
#   benchmarks/psql-copy-baseline.sh            # ROWS=500000 BATCH=10000 by default
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGDATABASE (test), PGPASSWORD,
# ROWS, BATCH, JAR (benchmarks/target/benchmarks.jar). Drops its schema on exit.
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGDATABASE="${PGDATABASE:-test}"
ROWS="${ROWS:-500000}"
BATCH="${BATCH:-10000}"
JAR="${JAR:-$(dirname "$0")/target/benchmarks.jar}"
SCHEMA="oe_bench_copy_$$_$(date +%s)"
DATA="$(mktemp -t openevolve-metrics-XXXXXX.copy)"
COLUMNS="started_at, component, operation, duration_ns, success, error_message, context, allocated_bytes, cpu_ns, heap_used_bytes, rss_bytes, process_cpu_percent"

cleanup() {
  rm -f "$DATA"
  psql -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS \"$SCHEMA\" CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -o -q -pl benchmarks -am package -DskipTests' first" >&2; exit 2; }

echo "== library: MetricsStore.append ($ROWS rows, batches of $BATCH)"
java -cp "$JAR" dev.openevolve.benchmarks.MetricsWriteThroughput \
  --url "jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" --user "$PGUSER" ${PGPASSWORD:+--password "$PGPASSWORD"} \
  --schema "$SCHEMA" --rows "$ROWS" --batch "$BATCH" --keep

psql -q -v ON_ERROR_STOP=1 -c "\\copy (SELECT $COLUMNS FROM \"$SCHEMA\".system_performance_metrics ORDER BY id) TO '$DATA'"
psql -q -v ON_ERROR_STOP=1 -c "TRUNCATE \"$SCHEMA\".system_performance_metrics"
copied=$(wc -l < "$DATA")

echo "== baseline: psql \\copy of the same $copied rows into the same table"
start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 -c "\\copy \"$SCHEMA\".system_performance_metrics ($COLUMNS) FROM '$DATA'"
end=$(date +%s.%N)
awk -v r="$copied" -v s="$start" -v e="$end" \
  'BEGIN { printf "rows=%d seconds=%.3f rows_per_second=%.0f (psql \\copy)\n", r, e - s, r / (e - s) }'
