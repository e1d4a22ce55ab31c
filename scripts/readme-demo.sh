#!/usr/bin/env bash
# Regenerates README.md's demo output block (between the demo-output markers) from a real run of ./run-eval.sh on
# this machine, so the block shows what the current Parity prints. DemoParityTest checks the block's
# machine-independent lines (figures, gates, warnings) against the demo it evaluates, so a stale block fails the tests.
#   scripts/readme-demo.sh          # run the demo, rewrite the block
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
# the history store of a demo run is not the user's: keep it in the temporary folder
# exit 0 or 1 is a finished run (a failed gate is still the demo's output); 2 or 3 is an error: keep the old block
code=0
"$HERE/run-eval.sh" --out "$OUT/run" --no-history > "$OUT/stdout" || code=$?
if [[ $code -gt 1 ]]; then
  echo "readme-demo.sh: ./run-eval.sh exited $code; README.md is unchanged" >&2
  exit "$code"
fi
# the last line names the temporary folder: it says nothing about the demo
grep -v '^Wrote ' "$OUT/stdout" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' > "$OUT/block"
python3 - "$HERE/README.md" "$OUT/block" <<'PY'
import sys
readme, block = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
text = open(readme).read()
start, end = "<!-- demo-output:start -->", "<!-- demo-output:end -->"
a, b = text.index(start) + len(start), text.index(end)
open(readme + ".tmp", "w").write(text[:a] + "\n```\n" + block + "\n```\n" + text[b:])
import os
os.replace(readme + ".tmp", readme)
PY
echo "README.md: demo block regenerated"
