#!/usr/bin/env bash
# Compares the chio pii detector with the npm packages redact-pii 3.4.0 and @openredaction/openredaction 1.0.4
# on the same labelled corpus (6,000 generated sentences, chio-bench/src/main/resources/io/chio/kernel/pii/corpus.jsonl),
# in one run: throughput (median of 5 timed passes after a time-based warm-up) and the same recall/precision measure
# for every tool. A bench script, not part of mvn verify. The npm packages come from the committed
# chio-bench/pii-compare/package-lock.json (npm ci), installed here only if node_modules is missing.
# Usage: chio-bench/scripts/pii-compare.sh [--no-build]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="$root/chio-bench/src/main/resources/io/chio/kernel/pii/corpus.jsonl"
if [[ "${1:-}" != "--no-build" ]]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl chio-bench -am)
fi
if [[ ! -d "$root/chio-bench/pii-compare/node_modules" ]]; then
  (cd "$root/chio-bench/pii-compare" && npm ci --no-audit --no-fund --ignore-scripts >&2)
fi
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
java -cp "$root/chio-bench/target/chio-benchmarks.jar" io.chio.kernel.pii.PiiCompareRunner "$corpus" >>"$results"
node "$root/chio-bench/pii-compare/compare.mjs" "$corpus" >>"$results"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const base = rows.find((r) => r.tool.startsWith("redact-pii"));
console.log("| tool | MB/s | µs/sentence | vs redact-pii | recall (all types) | recall (redact-pii types) | precision |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.tool} | ${r.mb_per_s.toFixed(2)} | ${r.us_per_sentence.toFixed(1)} | ${(r.mb_per_s / base.mb_per_s).toFixed(2)}x | ${r.recall_all.toFixed(3)} | ${r.recall_common.toFixed(3)} | ${r.precision.toFixed(3)} |`);
}' "$results"
