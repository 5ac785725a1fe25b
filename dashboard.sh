#!/usr/bin/env bash
# Open the dashboard (notebooks/dashboard.ipynb) as a web app with Voila, on this computer only.
set -euo pipefail
source "$(dirname "$0")/scripts/ensure-env.sh"
cd "$ROOT"
exec voila --Voila.ip=127.0.0.1 "$@" notebooks/dashboard.ipynb
