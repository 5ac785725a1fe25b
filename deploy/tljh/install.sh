#!/usr/bin/env bash
# Add the succession class to a server running The Littlest JupyterHub (TLJH), from a clone of
# this repository on that server (keep the clone where students cannot read it: it holds
# solutions/). Run as root:
#   sudo deploy/tljh/install.sh --instructors teacher --students ann,ben,cat
# Safe to run again (e.g. with more students). TLJH's own installer comes first:
# https://tljh.jupyter.org ("Installing on your own server").
set -euo pipefail
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$DEPLOY")"
USER_ENV=/opt/tljh/user
CONFIG=/opt/tljh/config
[ "$(id -u)" = 0 ] || { echo "Run as root (sudo $0 ...)" >&2; exit 1; }
[ -x "$USER_ENV/bin/python" ] || { echo "No TLJH user environment at $USER_ENV: install TLJH first" >&2; exit 1; }
instructors="" students=""
while [ $# -gt 0 ]; do
  case "$1" in
    --instructors) instructors="$2"; shift 2 ;;
    --students) students="$2"; shift 2 ;;
    *) echo "unknown option $1 (expected --instructors NAMES --students NAMES)" >&2; exit 1 ;;
  esac
done
[ -n "$instructors" ] || { echo "Give --instructors (comma-separated user names)" >&2; exit 1; }

# 1. The module and the hub packages in the users' environment, the hub-wide settings.
"$USER_ENV/bin/python" -m pip install --quiet -r "$ROOT/requirements.lock" -r "$DEPLOY/requirements.txt"
"$USER_ENV/bin/python" -m pip install --quiet --no-deps "$ROOT"
mkdir -p "$USER_ENV/etc/jupyter" "$USER_ENV/share/jupyter/lab/settings" "$USER_ENV/share/succession/lessons"
cp "$DEPLOY/nbgrader_config.py" "$DEPLOY/jupyter_server_config.py" "$USER_ENV/etc/jupyter/"
cp "$ROOT/share/jupyter/lab/settings/overrides.json" "$USER_ENV/share/jupyter/lab/settings/overrides.json"
cp "$ROOT"/notebooks/*.ipynb "$USER_ENV/share/succession/lessons/"
{ echo "#!$USER_ENV/bin/python"; cat "$DEPLOY/release_feedback.py"; } > "$USER_ENV/bin/succession-release-feedback"
chmod 755 "$USER_ENV/bin/succession-release-feedback"

# 2. The hub's part: the class list, the formgrader service, groups, lessons on first login.
mkdir -p "$CONFIG/succession" "$CONFIG/jupyterhub_config.d"
cp "$DEPLOY/classroom.py" "$CONFIG/succession/"
printf 'SUCCESSION_INSTRUCTORS=%s\nSUCCESSION_STUDENTS=%s\n' "$instructors" "$students" > "$CONFIG/succession.env"
cp "$DEPLOY/tljh/succession_hub.py" "$CONFIG/jupyterhub_config.d/succession_hub.py"

# 3. The grader account and its course folder, and nbgrader's exchange (TLJH names Unix users jupyter-NAME).
SUCCESSION_ENV="$USER_ENV" "$USER_ENV/bin/python" "$DEPLOY/classroom.py" setup --instructors "" --students "" \
  --grader jupyter-grader-succession --exchange /srv/nbgrader/exchange

# 4. TLJH's own settings: instructors are admins; idle servers stop after an hour.
for name in ${instructors//,/ }; do tljh-config add-item users.admin "$name"; done
tljh-config set services.cull.timeout 3600
tljh-config reload hub
echo "Done. Students log in at this server's address; the instructor opens /services/succession/formgrader"
