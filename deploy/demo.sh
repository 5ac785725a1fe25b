#!/usr/bin/env bash
# A demo class on this computer: one instructor and N students (default 5), each a real Unix
# user with a password, on a JupyterHub at http://127.0.0.1:8000 (this computer only).
#   sudo deploy/demo.sh [N]         install what is missing, make the class, start the hub
#   sudo deploy/demo.sh --remove    delete the demo users, their homes and the demo exchange
# Ctrl-C stops the hub and every server it started. The passwords are in
# deploy/state/passwords.txt (readable by root only).
set -euo pipefail
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "$(id -u)" = 0 ] || { echo "Run as root: sudo $0 $*  (it makes Unix users)" >&2; exit 1; }
export SUCCESSION_ENV="${SUCCESSION_ENV:-/opt/succession-hub/venv}"
export SUCCESSION_HUB_STATE="$DEPLOY/state"
export SUCCESSION_EXCHANGE="${SUCCESSION_EXCHANGE:-/srv/nbgrader/exchange}"
export SUCCESSION_INSTRUCTORS="${SUCCESSION_INSTRUCTORS:-instructor}"
export SUCCESSION_GRADER="${SUCCESSION_GRADER:-grader-succession}"
count="${1:-5}"
if [ "$count" = "--remove" ]; then
  students="$(cat "$SUCCESSION_HUB_STATE/students" 2>/dev/null || true)"
  "$SUCCESSION_ENV/bin/python" "$DEPLOY/classroom.py" remove --students "$students" --remove-exchange
  rm -rf "$SUCCESSION_HUB_STATE"
  exit 0
fi
[[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge 1 ] && [ "$count" -le 200 ] ||
  { echo "Give the number of students (1 to 200), e.g. sudo $0 5" >&2; exit 1; }
students="$(for i in $(seq 1 "$count"); do printf 'student%02d,' "$i"; done)"
export SUCCESSION_STUDENTS="${students%,}"

bash "$DEPLOY/install.sh"
mkdir -p "$SUCCESSION_HUB_STATE" && chmod 700 "$SUCCESSION_HUB_STATE"
echo "$SUCCESSION_STUDENTS" > "$SUCCESSION_HUB_STATE/students"
"$SUCCESSION_ENV/bin/python" "$DEPLOY/classroom.py" setup --passwords "$SUCCESSION_HUB_STATE/passwords.txt"
echo
echo "Demo class: open http://127.0.0.1:${SUCCESSION_HUB_PORT:-8000} and log in with a name and password from"
echo "  $SUCCESSION_HUB_STATE/passwords.txt"
echo "The instructor's formgrader: http://127.0.0.1:${SUCCESSION_HUB_PORT:-8000}/services/succession/formgrader"
echo "Ctrl-C stops the hub."
[ -d "$(dirname "$SUCCESSION_ENV")/python/lib" ] && export LD_LIBRARY_PATH="$(dirname "$SUCCESSION_ENV")/python/lib"
cd "$SUCCESSION_HUB_STATE"
exec "$SUCCESSION_ENV/bin/jupyterhub" -f "$DEPLOY/jupyterhub_config.py"
