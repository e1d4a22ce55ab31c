#!/usr/bin/env bash
# Runs Parity's main job: `parity eval` on the shipped demo, or on the spec given as the first argument.
#   ./run-eval.sh                      # the demo: datasets/fashion-mnist-coat/eval.yaml
#   ./run-eval.sh path/to/spec.yaml [more parity eval options, e.g. --out DIR]
# Builds first when the build is missing or older than the sources (Maven fetches dependencies then; the
# run itself downloads nothing: DJL runs offline from the native jars in the local Maven repository).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLASSPATH_FILE="$HERE/harness/target/classpath.txt"
STAMP="$HERE/harness/target/.run-eval-built"   # touched after each build this script makes

needs_build() {
  [[ -f "$CLASSPATH_FILE" && -f "$STAMP" ]] || return 0
  for jar in "$HERE"/metrics/target/parity-metrics-*.jar "$HERE"/runners/target/parity-runners-*.jar \
             "$HERE"/harness/target/parity-harness-*.jar; do
    [[ -f "$jar" ]] || return 0
  done
  # Any source or pom newer than the last build means the build is stale.
  [[ -n "$(find "$HERE"/pom.xml "$HERE"/*/pom.xml "$HERE"/*/src/main -newer "$STAMP" -print -quit)" ]]
}

if needs_build; then
  echo "[run-eval] building Parity (mvn -B -q -DskipTests install)..." >&2
  (cd "$HERE" && mvn -B -q -DskipTests install) >&2
  touch "$STAMP"
fi

# The first argument is the spec unless it is an option (then the demo's spec is used).
SPEC="$HERE/datasets/fashion-mnist-coat/eval.yaml"
if [[ $# -gt 0 && "$1" != -* ]]; then
  SPEC="$1"
  shift
fi

export DJL_OFFLINE=true
# PARITY_JAVA_OPTS adds JVM options, e.g. -Dai.djl.pytorch.graph_optimizer=false
exec java -Xmx4g ${PARITY_JAVA_OPTS:-} -Dai.djl.offline=true -Djava.awt.headless=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error \
  -cp "$HERE/harness/target/parity-harness-0.1.0.jar:$(cat "$CLASSPATH_FILE")" \
  dev.parity.harness.cli.ParityCli eval "$SPEC" "$@"
