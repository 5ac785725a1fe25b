#!/usr/bin/env bash
# Open the module for a student: JupyterLab on the first lesson, without nbgrader's instructor tools.
# (Instructors who want Create Assignment, Formgrader and Validate run `.venv/bin/jupyter lab` instead:
# this script changes nothing in their own set-up.)
set -euo pipefail
source "$(dirname "$0")/scripts/ensure-env.sh"
cd "$ROOT"

# A Jupyter configuration of the student's own, rewritten at every launch, so that a student's
# JupyterLab never shows the instructor's tools and never picks up ~/.jupyter from elsewhere.
STUDENT_CONFIG="$VENV/student-config"
mkdir -p "$STUDENT_CONFIG/labconfig"
cat > "$STUDENT_CONFIG/labconfig/page_config.json" <<'JSON'
{
  "disabledExtensions": {
    "@jupyter/nbgrader:create-assignment": true,
    "@jupyter/nbgrader:formgrader": true,
    "@jupyter/nbgrader:validate-assignment": true,
    "@jupyter/nbgrader:course-list": true,
    "@jupyter/nbgrader:menu": true
  }
}
JSON
cat > "$STUDENT_CONFIG/jupyter_server_config.json" <<'JSON'
{
  "ServerApp": {
    "jpserver_extensions": {
      "nbgrader.server_extensions.formgrader": false,
      "nbgrader.server_extensions.validate_assignment": false,
      "nbgrader.server_extensions.course_list": false
    }
  }
}
JSON
export JUPYTER_CONFIG_DIR="$STUDENT_CONFIG"

extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)   # Jupyter refuses root without it
exec jupyter lab "${extra[@]}" "$@" notebooks/00_start_here.ipynb
