#!/usr/bin/env bash
# Installs the Debian packages that tests use where they exist, when they are missing and apt-get can run (CI runs
# as root): Chromium, for the report's browser checks (rendering, console errors, width at 1280 px), and Python's
# torch, for parity export-torch (python3-torch with numpy: about 250 MB of packages); then the npm package the
# Parquet tests write their files with (hyparquet-writer, into harness/src/test/npm). Tests that need a package skip
# themselves, saying so, where it is absent.
set -euo pipefail
# Parquet files made by a writer other than the one Parity reads with: a pinned npm package, in the tests' own folder
if command -v npm >/dev/null 2>&1 && [[ ! -f harness/src/test/npm/node_modules/hyparquet-writer/package.json ]]; then
  (cd harness/src/test/npm && npm ci --no-audit --no-fund --silent) \
    || echo "ci-packages: npm ci in harness/src/test/npm failed; the Parquet tests will be skipped" >&2
fi
want=()
command -v chromium >/dev/null 2>&1 || want+=(chromium)
/usr/bin/python3 -c "import torch, numpy" >/dev/null 2>&1 || want+=(python3-torch python3-numpy)
if [[ ${#want[@]} -eq 0 ]]; then exit 0; fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ci-packages: cannot install ${want[*]} here (not root, or no apt-get); their tests will be skipped" >&2
  exit 0
fi
echo "ci-packages: installing ${want[*]}" >&2
apt-get update -qq >/dev/null 2>&1 || true
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; then
  echo "ci-packages: installing ${want[*]} failed; their tests will be skipped" >&2
fi
