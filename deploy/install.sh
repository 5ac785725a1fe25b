#!/usr/bin/env bash
# Install what the class hub needs on this machine (as root; safe to run again):
#   Debian packages: nodejs and npm (for the proxy), python3-venv, passwd (useradd), procps
#   the hub's Python environment in $SUCCESSION_ENV (default /opt/succession-hub/venv):
#     requirements.lock + deploy/requirements.txt + this package, and the hub-wide Jupyter settings
#   configurable-http-proxy from npm, into deploy/node_modules (pinned by deploy/package-lock.json)
set -euo pipefail
umask 022      # students' servers must be able to read the environment
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$DEPLOY")"
ENV="${SUCCESSION_ENV:-/opt/succession-hub/venv}"
[ "$(id -u)" = 0 ] || { echo "Run this as root (sudo $0): it installs Debian packages and a shared environment." >&2; exit 1; }

need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v useradd >/dev/null 2>&1 || need+=(passwd)
command -v pkill >/dev/null 2>&1 || need+=(procps)
# A Python every user can run, new enough for requirements.lock (3.11.5 or newer).
PYTHON="${SUCCESSION_PYTHON:-}"
fits() { "$1" -c 'import sys, ensurepip; sys.exit(sys.version_info[:3] < (3, 11, 5))' 2>/dev/null &&
         runuser -u nobody -- "$1" -c pass 2>/dev/null; }
if [ -z "$PYTHON" ]; then
  for candidate in /usr/bin/python3 /usr/local/bin/python3; do
    if [ -x "$candidate" ] && fits "$candidate"; then PYTHON="$candidate"; break; fi
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null
fi

if [ -z "$PYTHON" ]; then
  # None fits (Debian 12's is 3.11.2; pyenv's lives under /root, which users cannot read):
  # copy this machine's python3 installation, less its packages, where users can read it.
  # Its library is found through LD_LIBRARY_PATH, which deploy/jupyterhub_config.py sets.
  base="$(python3 -c 'import sys; print(sys.base_prefix)')"
  copy="$(dirname "$ENV")/python"
  if [ ! -x "$copy/bin/python3" ]; then
    echo "Copying the Python in $base to $copy (students cannot read $base) ..."
    mkdir -p "$copy"
    tar -C "$base" --exclude=./lib/python3.11/site-packages --exclude=./lib/python3.11/test -cf - . | tar -C "$copy" -xf -
    mkdir -p "$copy/lib/python3.11/site-packages"
  fi
  export LD_LIBRARY_PATH="$copy/lib"
  PYTHON="$copy/bin/python3"
fi
if [ ! -x "$ENV/bin/python" ]; then
  echo "Creating the hub's Python environment in $ENV with $PYTHON (once, a few minutes) ..."
  mkdir -p "$(dirname "$ENV")"
  "$PYTHON" -m venv "$ENV"
fi
rm -f "$ENV/.install-complete"    # written last: tests/test_hub.py checks it
STAMP="$ENV/.installed-from"
WANT="$(cat "$ROOT/requirements.lock" "$DEPLOY/requirements.txt" | cksum)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "Installing the pinned packages (requirements.lock and deploy/requirements.txt) ..."
  "$ENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.lock" \
    -r "$DEPLOY/requirements.txt"
  echo "$WANT" > "$STAMP"
fi
# The module itself, as students' servers import it (a copy: they cannot read this repository).
# Built in a temporary folder so no build/ or egg-info lands in the repository.
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./deploy/node_modules --exclude=./deploy/state \
  --exclude='*.egg-info' --exclude=./build -cf - . | tar -C "$build" -xf -
"$ENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$build" >/dev/null

# Every package folder of succession/ must be in the wheel (pyproject.toml lists them by hand).
for init in "$ROOT"/succession/*/__init__.py; do
  sub="$(basename "$(dirname "$init")")"
  [ -f "$("$ENV/bin/python" -c 'import succession, os; print(os.path.dirname(succession.__file__))')/$sub/__init__.py" ] ||
    { echo "The installed package lacks succession.$sub: add it to [tool.setuptools] packages in pyproject.toml" >&2; exit 1; }
done
runuser -u nobody -- env LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" "$ENV/bin/python" -c 'import succession' ||
  { echo "Students could not run $ENV/bin/python: choose a Python all users can read (SUCCESSION_PYTHON)" >&2; exit 1; }

# Hub-wide Jupyter settings: nbgrader's exchange and groups, kernel culling, offline JupyterLab
# (and every notebook cell kept in the page, so the explorers draw wherever a student scrolls).
mkdir -p "$ENV/etc/jupyter" "$ENV/share/jupyter/lab/settings"
cp "$DEPLOY/nbgrader_config.py" "$DEPLOY/jupyter_server_config.py" "$ENV/etc/jupyter/"
cp "$ROOT/share/jupyter/lab/settings/overrides.json" "$ENV/share/jupyter/lab/settings/overrides.json"
# The instructor's command to release feedback after `python -m succession grade`.
{ echo "#!$ENV/bin/python"; cat "$DEPLOY/release_feedback.py"; } > "$ENV/bin/succession-release-feedback"
chmod 755 "$ENV/bin/succession-release-feedback"

if [ ! -x "$DEPLOY/node_modules/.bin/configurable-http-proxy" ]; then
  echo "Installing configurable-http-proxy from npm into deploy/node_modules ..."
  npm ci --prefix "$DEPLOY" --no-audit --no-fund --loglevel=error >/dev/null
fi
touch "$ENV/.install-complete"
echo "Hub installed: environment $ENV, proxy $("$DEPLOY/node_modules/.bin/configurable-http-proxy" --version)"
