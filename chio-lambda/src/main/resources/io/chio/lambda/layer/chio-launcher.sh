#!/bin/sh
# Chio Lambda extension launcher. Lambda starts every executable in /opt/extensions during INIT;
# the file name ("chio") is the extension name it registers with. Everything else is in /opt/chio.
set -eu
CHIO_HOME="${CHIO_HOME:-/opt/chio}"
JAVA="${CHIO_JAVA:-}"
if [ -z "$JAVA" ]; then
  for j in "${JAVA_HOME:-/nonexistent}/bin/java" /var/lang/bin/java "$(command -v java 2>/dev/null || true)"; do
    if [ -n "$j" ] && [ -x "$j" ]; then JAVA="$j"; break; fi
  done
fi
if [ -z "$JAVA" ]; then
  echo "chio: no java for the extension: use a Java runtime or set CHIO_JAVA" >&2
  exit 1
fi
: "${CHIO_POLICY_SOURCE:=$CHIO_HOME/chio-policy.yaml}"
export CHIO_POLICY_SOURCE
# An AOT cache made at package time (JDK 25+) is used when present; older JVMs ignore the flag.
AOT=""
if [ -f "$CHIO_HOME/chio.aot" ]; then AOT="-XX:AOTCache=$CHIO_HOME/chio.aot"; fi
# shellcheck disable=SC2086
exec "$JAVA" -XX:+IgnoreUnrecognizedVMOptions $AOT ${CHIO_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k} \
  -cp "$CHIO_HOME/chio.jar" io.chio.cli.Main lambda extension
