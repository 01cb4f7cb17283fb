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
#   as a user makes them: `chio lambda package --class-cache --java JDK` (one training run of the
#   extension at package time), each in its own layer.
# CHIO_BENCH_JAR=path/to/chio.jar measures that jar instead of this tree's (A/B against an older
#   build; a jar without --class-cache gets its caches from one harness training run instead).
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
JAR="${CHIO_BENCH_JAR:-$root/chio-cli/target/chio.jar}"
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
# layer DIR [package options...]: builds a layer with this policy and unpacks it as Lambda would.
layer() {
  local dir="$1"; shift
  "$JAVA17" -jar "$JAR" lambda package --out "$work/$dir.zip" --policy "$work/chio-policy.yaml" "$@" >/dev/null
  mkdir -p "$work/$dir" && (cd "$work/$dir" && unzip -q "../$dir.zip")
}
seed="$(printf '5%.0s' {1..64})"
common=(CHIO_RECEIPT_SINK="file:$work/receipts.jsonl" CHIO_SIGNING_SEED="$seed")
package_cache=""
"$JAVA17" -jar "$JAR" lambda package --help 2>&1 | grep -q -- --class-cache && package_cache=yes
# cached DIR JAVA CACHEFILE: a layer whose class cache was made for JAVA.
cached() {
  if [[ -n "$package_cache" ]]; then
    layer "$1" --class-cache --java "$2"
  else
    layer "$1"
    local flag="-XX:ArchiveClassesAtExit"
    [[ "$3" == *.aot ]] && flag="-XX:AOTCacheOutput"
    harness warm 2 200 "$work/$1/extensions/chio" "${common[@]}" CHIO_HOME="$work/$1/chio" CHIO_JAVA="$2" \
      CHIO_JAVA_OPTS="$flag=$work/$1/chio/$3 -XX:+UseSerialGC -XX:TieredStopAtLevel=1" >/dev/null
  fi
  ls -la "$work/$1/chio/$3" | awk -v f="$3" '{print f ": " $5 " bytes"}'
}
layer opt
launcher="$work/opt/extensions/chio"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); jar $JAR"
echo "== JDK 17 ($("$JAVA17" -version 2>&1 | head -1)), no class cache"
harness cold "$RUNS" "$launcher" "${common[@]}" CHIO_HOME="$work/opt/chio" CHIO_JAVA="$JAVA17"

echo "== JDK 17, AppCDS archive made at package time"
cached opt17 "$JAVA17" chio.jsa
harness cold "$RUNS" "$work/opt17/extensions/chio" "${common[@]}" CHIO_HOME="$work/opt17/chio" CHIO_JAVA="$JAVA17"

if [[ -n "$JAVA25" ]]; then
  echo "== JDK 25 ($("$JAVA25" -version 2>&1 | head -1)), no class cache"
  harness cold "$RUNS" "$launcher" "${common[@]}" CHIO_HOME="$work/opt/chio" CHIO_JAVA="$JAVA25"
  echo "== JDK 25, AOT cache made at package time (-XX:AOTCache)"
  cached opt25 "$JAVA25" chio.aot
  harness cold "$RUNS" "$work/opt25/extensions/chio" "${common[@]}" CHIO_HOME="$work/opt25/chio" CHIO_JAVA="$JAVA25"
else
  echo "== no JDK 25 under /usr/lib/jvm: AOT cache not measured"
fi

echo "== warm, JDK 17, launcher default flags (C1 only), $RATE req/s for $WARM s"
harness warm "$WARM" "$RATE" "$launcher" "${common[@]}" CHIO_HOME="$work/opt/chio" CHIO_JAVA="$JAVA17"
echo "== warm, JDK 17, C2 (CHIO_JAVA_OPTS=-XX:+UseSerialGC), $RATE req/s for $WARM s"
harness warm "$WARM" "$RATE" "$launcher" "${common[@]}" CHIO_HOME="$work/opt/chio" CHIO_JAVA="$JAVA17" CHIO_JAVA_OPTS="-XX:+UseSerialGC"
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
