#!/usr/bin/env bash
# Receipt-log load and scale runs (io.chio.store.StoreLoad):
#   1. durable appends from 8 threads for 30 s: receipts/s, append latency p50/p99, fsyncs, checkpoint lag;
#   2. fill a log with 1M real signed receipts, then first-page time of filtered `list` queries;
#   3. whole-log verification rate over that log.
# Usage: chio-bench/scripts/store-load.sh [WORKDIR] [SECONDS] [THREADS] [COUNT]
# WORKDIR must be on the disk you want to measure (default: a temp dir); it is left in place.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t chio-store-load.XXXXXX)}"
seconds="${2:-30}"
threads="${3:-8}"
count="${4:-1000000}"
mkdir -p "$work"
(cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl chio-bench -am)
run() { java -Xmx2g -cp "$root/chio-bench/target/chio-benchmarks.jar" io.chio.store.StoreLoad "$@"; }
echo "== workdir $work"
run append "$work/append.db" "$seconds" "$threads"
if [[ ! -f "$work/scale.db" ]]; then
  run fill "$work/scale.db" "$count"
fi
run list "$work/scale.db"
run verify "$work/scale.db"
