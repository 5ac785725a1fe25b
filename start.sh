#!/usr/bin/env bash
# Open the module: JupyterLab on the lessons in notebooks/.
set -euo pipefail
source "$(dirname "$0")/scripts/ensure-env.sh"
cd "$ROOT"
extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)   # Jupyter refuses root without it
exec jupyter lab "${extra[@]}" "$@" notebooks/00_start_here.ipynb
