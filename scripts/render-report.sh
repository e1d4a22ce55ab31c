#!/usr/bin/env bash
# Renders a Parity report.html in headless Chromium (Debian's `chromium` package) to a PNG, and fails if the
# page logs a console error. Used by ReportBrowserTest where Chromium is installed; handy by hand too.
#   scripts/render-report.sh runs/fashion-mnist-coat/report.html /tmp/report.png
set -euo pipefail
REPORT="$(realpath "$1")"
OUT="${2:-${REPORT%.html}.png}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -n "$CHROMIUM" ]] || { echo "render-report: chromium not found (apt-get install chromium)" >&2; exit 2; }
PROFILE="$(mktemp -d)"
LOG="$(mktemp)"
trap 'rm -rf "$PROFILE" "$LOG"' EXIT
# The flags keep Chromium off the network (this machine has none) and away from the user's profile.
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$PROFILE" \
  --enable-logging=stderr --v=0 --window-size=1280,4000 --screenshot="$OUT" "file://$REPORT" 2>"$LOG" || {
  cat "$LOG" >&2; exit 1; }
if grep -E "CONSOLE.*(Uncaught|Error|error)|Not allowed to load|Failed to load resource" "$LOG" >&2; then
  echo "render-report: the page logged errors (above)" >&2
  exit 1
fi
[[ -s "$OUT" ]] || { echo "render-report: no screenshot written" >&2; exit 1; }
echo "$OUT"
