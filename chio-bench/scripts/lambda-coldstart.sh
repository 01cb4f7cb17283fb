#!/usr/bin/env bash
# Cold start and warm latency of the Chio Lambda extension, against the project's Extensions API
# emulator (chio-lambda's test tree), on loopback only.
#
#   chio-bench/scripts/lambda-coldstart.sh [RUNS] [WARM_SECONDS] [RATE]     (defaults 10, 20, 1000)
#
# Cold start = launcher process start to "registered and listening" (the emulator has the
# registration and the extension has printed its listening line), median of RUNS, for:
#   JDK 17 without a class cache, JDK 17 with AppCDS (chio.jsa), and, when a JDK 25 exists under
#   /usr/lib/jvm, JDK 25 without and with an AOT cache (-XX:AOTCache, chio.aot). The caches are made
#   here as `chio lambda package --aot-cache` expects them: one training run of the extension.
# Warm = POST /v1/evaluate paced at RATE requests/s on one keep-alive connection for WARM_SECONDS,
#   against GET /health on the same connection as the baseline (JDK 17, the launcher's default
#   JVM flags, then full C2 with CHIO_JAVA_OPTS=-XX:+UseSerialGC).
set -euo pipefail
RUNS="${1:-10}"
WARM="${2:-20}"
RATE="${3:-1000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/chio-lambda-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
JAVA17="${JAVA17:-$(command -v java)}"
JAVA25=""
for d in /usr/lib/jvm/*25*; do [[ -x "$d/bin/java" ]] && JAVA25="$d/bin/java" && break; done

if [[ -z "${CHIO_BENCH_SKIP_BUILD:-}" ]]; then
  (cd "$root" && mvn -B -q -pl chio-lambda,chio-cli -am package -DskipTests >&2)
fi
(cd "$root" && mvn -B -q -o -pl chio-lambda -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >&2)
CP="$root/chio-lambda/target/test-classes:$root/chio-lambda/target/classes:$(cat "$work/cp.txt")"
harness() { "$JAVA17" -cp "$CP" io.chio.lambda.fakes.ColdStartHarness "$@"; }

cat > "$work/chio-policy.yaml" <<'YAML'
mode: explicit
policy:
  default: deny
  rules:
    - tool: "database-query"
      scopes: ["db:read"]
      guards: ["pii-filter"]
YAML
"$JAVA17" -jar "$root/chio-cli/target/chio.jar" lambda package --out "$work/layer.zip" --policy "$work/chio-policy.yaml" >/dev/null
mkdir -p "$work/opt" && (cd "$work/opt" && unzip -q ../layer.zip)
launcher="$work/opt/extensions/chio"
seed="$(printf '5%.0s' {1..64})"
common=(CHIO_HOME="$work/opt/chio" CHIO_RECEIPT_SINK="file:$work/receipts.jsonl" CHIO_SIGNING_SEED="$seed")

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== JDK 17 ($("$JAVA17" -version 2>&1 | head -1)), no class cache"
harness cold "$RUNS" "$launcher" "${common[@]}" CHIO_JAVA="$JAVA17"

echo "== JDK 17, AppCDS archive made by one training run"
harness warm 2 200 "$launcher" "${common[@]}" CHIO_JAVA="$JAVA17" \
  CHIO_JAVA_OPTS="-XX:ArchiveClassesAtExit=$work/opt/chio/chio.jsa -XX:+UseSerialGC -XX:TieredStopAtLevel=1" >/dev/null
ls -la "$work/opt/chio/chio.jsa" | awk '{print "chio.jsa: " $5 " bytes"}'
harness cold "$RUNS" "$launcher" "${common[@]}" CHIO_JAVA="$JAVA17"
rm -f "$work/opt/chio/chio.jsa"

if [[ -n "$JAVA25" ]]; then
  echo "== JDK 25 ($("$JAVA25" -version 2>&1 | head -1)), no class cache"
  harness cold "$RUNS" "$launcher" "${common[@]}" CHIO_JAVA="$JAVA25"
  echo "== JDK 25, AOT cache (-XX:AOTCacheOutput training run, then -XX:AOTCache)"
  harness warm 2 200 "$launcher" "${common[@]}" CHIO_JAVA="$JAVA25" \
    CHIO_JAVA_OPTS="-XX:AOTCacheOutput=$work/opt/chio/chio.aot -XX:+UseSerialGC -XX:TieredStopAtLevel=1" >/dev/null
  ls -la "$work/opt/chio/chio.aot" | awk '{print "chio.aot: " $5 " bytes"}'
  harness cold "$RUNS" "$launcher" "${common[@]}" CHIO_JAVA="$JAVA25"
  rm -f "$work/opt/chio/chio.aot"
else
  echo "== no JDK 25 under /usr/lib/jvm: AOT cache not measured"
fi

echo "== warm, JDK 17, launcher default flags (C1 only), $RATE req/s for $WARM s"
harness warm "$WARM" "$RATE" "$launcher" "${common[@]}" CHIO_JAVA="$JAVA17"
echo "== warm, JDK 17, C2 (CHIO_JAVA_OPTS=-XX:+UseSerialGC), $RATE req/s for $WARM s"
harness warm "$WARM" "$RATE" "$launcher" "${common[@]}" CHIO_JAVA="$JAVA17" CHIO_JAVA_OPTS="-XX:+UseSerialGC"
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
