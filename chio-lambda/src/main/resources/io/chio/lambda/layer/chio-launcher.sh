#!/bin/sh
# Chio Lambda extension launcher. Lambda starts every executable in /opt/extensions during INIT;
# the file name ("chio") is the extension name it registers with. Everything else is in /opt/chio.
set -eu
CHIO_HOME="$(cd "${CHIO_HOME:-/opt/chio}" && pwd)"
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
# A class cache made at package time with the same JDK: chio.aot (JDK 25+, -XX:AOTCache) or
# chio.jsa (AppCDS, JDK 17+). The JDK's release file says which major version this java is.
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$(readlink -f "$JAVA")")")/release" 2>/dev/null || true)
CACHE=""
if [ -f "$CHIO_HOME/chio.aot" ] && [ "${major:-0}" -ge 25 ]; then
  CACHE="-XX:AOTCache=$CHIO_HOME/chio.aot"
elif [ -f "$CHIO_HOME/chio.jsa" ]; then
  CACHE="-XX:SharedArchiveFile=$CHIO_HOME/chio.jsa"
fi
# The extension's entry point is the same code as `chio lambda extension`, without building the
# CLI's whole command tree (hundreds of milliseconds of start-up); it reads CHIO_* only.
# The jar is named relative to CHIO_HOME's parent (in Lambda: /opt, cd'ed to here): the class cache
# was trained with chio/chio.jar relative to a scratch directory at package time, and JDK 17 only
# uses an AppCDS archive whose class path names the jar the same way. So relative paths in CHIO_*
# are relative to that directory too.
# The default flags must stay those of io.chio.lambda.layer.ClassCache.LAUNCHER_FLAGS (a JDK 25 AOT
# cache is only used with the flags it was made with).
case "$JAVA" in /*) ;; *) JAVA="$(pwd)/$JAVA" ;; esac
cd "$CHIO_HOME/.."
# shellcheck disable=SC2086
exec "$JAVA" $CACHE ${CHIO_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
  -cp "$(basename "$CHIO_HOME")/chio.jar" io.chio.lambda.extension.ExtensionMain
