#!/usr/bin/env bash
# Builds the benchmark jar and runs JMH. Arguments go to JMH (e.g. a benchmark regex, -f 1 -i 5).
# Example: chio-bench/scripts/jmh.sh 'Ed25519Benchmark|ReceiptSignBenchmark'
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl chio-bench -am)
exec java -jar "$root/chio-bench/target/chio-benchmarks.jar" "$@"
