#!/usr/bin/env bash
# Run the whole test suite. Extra arguments go to pytest (e.g. ./run-tests.sh -k dates).
set -euo pipefail
source "$(dirname "$0")/scripts/ensure-env.sh"
cd "$ROOT"
export PYTHONDONTWRITEBYTECODE=1 MPLBACKEND=Agg
if [ "${CI:-}" != "true" ] && ! [ -x /usr/bin/chromium ]; then
  echo "Note: no /usr/bin/chromium, so the browser tests will skip (sudo apt install chromium to run them)."
fi
exec python -m pytest "$@"
