#!/usr/bin/env bash
# Run the whole test suite. Extra arguments go to pytest (e.g. ./run-tests.sh -k dates).
set -euo pipefail
source "$(dirname "$0")/scripts/ensure-env.sh"
cd "$ROOT"
export PYTHONDONTWRITEBYTECODE=1 MPLBACKEND=Agg
if [ "${CI:-}" != "true" ] && ! [ -x /usr/bin/chromium ]; then
  echo "Note: no /usr/bin/chromium, so the browser tests will skip (sudo apt install chromium to run them)."
fi
# axe-core, for the accessibility checks inside the browser tests: from npm, once.
if ! [ -e tests/axe/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error >/dev/null ||
      echo "Note: npm could not install axe-core, so the accessibility checks will skip."
  else
    echo "Note: no npm, so the accessibility checks will skip (sudo apt install npm to run them)."
  fi
fi
exec python -m pytest "$@"
