#!/usr/bin/env bash
# Runs Parity's main job: `parity eval` on the shipped demo, or on the spec given as the first argument.
#   ./run-eval.sh                      # the demo: datasets/fashion-mnist-coat/eval.yaml
#   ./run-eval.sh path/to/spec.yaml [more `parity eval` options, e.g. --out DIR]
#   ./run-eval.sh --quiet              # options alone run the demo with them
# Builds first when needed (Maven fetches dependencies then); the run itself downloads nothing: DJL runs
# offline from the native jars in the local Maven repository.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SPEC="$HERE/datasets/fashion-mnist-coat/eval.yaml"
if [[ $# -gt 0 && "$1" != -* ]]; then
  SPEC="$1"
  shift
fi
exec "$HERE/parity" eval "$SPEC" "$@"
