#!/usr/bin/env bash
# Fuzzes Parity's parsers with Jazzer (coverage-guided), each for ROUNDS x 30 s; the corpus each round grows is
# kept in <module>/.cifuzz-corpus/ and reused by the next. A crash fails the run and Jazzer stores the input under
# src/test/resources/.../*Inputs/, where normal test runs replay it.
#   scripts/fuzz.sh            # one 30 s round of each target (what CI runs)
#   ROUNDS=20 scripts/fuzz.sh  # 10 minutes each
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS="${ROUNDS:-1}"
for target in harness:NpyFuzzTest harness:SpecFuzzTest convert:OnnxFuzzTest runners:ResponseFuzzTest runners:GrpcResponseFuzzTest; do
  module="${target%%:*}"
  test="${target##*:}"
  for ((i = 1; i <= ROUNDS; i++)); do
    echo "[fuzz] $test round $i/$ROUNDS" >&2
    JAZZER_FUZZ=1 mvn -B -q test -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false
  done
done
echo "[fuzz] no findings" >&2
