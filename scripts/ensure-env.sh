#!/usr/bin/env bash
# Create or reuse .venv and install the locked versions. Sourced by start.sh and run-tests.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

missing() { echo "Missing: $1" >&2; echo "  $2" >&2; exit 1; }

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 ||
  missing "python3 (3.10 or newer)" "On Debian or Ubuntu: sudo apt install python3 python3-venv"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
  missing "Python 3.10 or newer (found $("$PYTHON" --version 2>&1))" "Install a newer python3, or set PYTHON=/path/to/python3.11"

if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating the virtual environment in .venv (once) ..."
  "$PYTHON" -m venv "$VENV" 2>/dev/null ||
    { rm -rf "$VENV"; missing "the venv module" "On Debian or Ubuntu: sudo apt install python3-venv"; }
fi

# Reinstall only when the lock file or the package definition changed.
STAMP="$VENV/.installed-from"
WANT="$(cat "$ROOT/requirements.lock" "$ROOT/pyproject.toml" | cksum)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "Installing the pinned packages from requirements.lock (a few minutes, once) ..."
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.lock"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  echo "$WANT" > "$STAMP"
fi

# JupyterLab for a classroom (share/jupyter/lab/settings/overrides.json says why): no news or
# update checks, no kernel dialog, and keys typed in an explorer stay in the explorer.
mkdir -p "$VENV/share/jupyter/lab/settings"
cp "$ROOT/share/jupyter/lab/settings/overrides.json" "$VENV/share/jupyter/lab/settings/overrides.json"

# Voila's page template without CDN links: a wheel installs it (pyproject's data-files), an
# editable install does not, so link it into the environment.
mkdir -p "$VENV/share/jupyter/voila/templates"
ln -sfn "$ROOT/share/jupyter/voila/templates/succession" "$VENV/share/jupyter/voila/templates/succession"

# nbgrader runs a bare `alembic`: the environment's own commands must come first.
export PATH="$VENV/bin:$PATH"
