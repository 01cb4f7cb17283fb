#!/usr/bin/env bash
# Added latency of 'chio mcp serve': round trips of tools/call to a trivial stdio MCP server,
# direct and through chio (receipts in memory, then in SQLite), CALLS sequential calls each after
# WARMUP unmeasured ones. Prints p50/p90/p99 per configuration and the added p50/p99.
# Usage: chio-bench/scripts/mcp-latency.sh [CALLS] [WARMUP]      (defaults: 10000 2000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
calls="${1:-10000}"
warmup="${2:-2000}"
command -v node >/dev/null || { echo "mcp-latency: Node.js is required" >&2; exit 2; }
jar="$root/chio-cli/target/chio.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl chio-cli -am)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -jar "$jar" keygen --out "$work/authority.seed" >/dev/null

server=(node "$here/trivial-mcp-server.mjs")
chio=(java ${CHIO_JAVA_OPTS:-} -jar "$jar" --authority-seed-file "$work/authority.seed" mcp serve
  --policy "$here/mcp-latency-policy.yaml" --server-id srv-bench)

run() {
  local label="$1"; shift
  local json
  json="$(node "$here/mcp-latency.mjs" "$calls" "$warmup" -- "$@" 2>/dev/null)"
  echo "$label $json"
}

direct="$(run direct "${server[@]}")"
memory="$(run chio-memory "${chio[@]}" --receipt-store :memory: -- "${server[@]}")"
sqlite="$(run chio-sqlite "${chio[@]}" --receipt-store "$work/receipts.sqlite" -- "${server[@]}")"

python3 - "$direct" "$memory" "$sqlite" <<'PY'
import json, sys
rows = []
for line in sys.argv[1:]:
    label, data = line.split(" ", 1)
    rows.append((label, json.loads(data)))
base = rows[0][1]
print(f"{'configuration':<14}{'calls':>7}{'p50 us':>10}{'p90 us':>10}{'p99 us':>10}{'+p50 us':>10}{'+p99 us':>10}{'errors':>8}")
for label, r in rows:
    add50 = r['p50_us'] - base['p50_us']
    add99 = r['p99_us'] - base['p99_us']
    print(f"{label:<14}{r['calls']:>7}{r['p50_us']:>10.0f}{r['p90_us']:>10.0f}{r['p99_us']:>10.0f}{add50:>10.0f}{add99:>10.0f}{r['errors']:>8}")
PY
