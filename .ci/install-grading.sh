#!/usr/bin/env bash
# CI set-up for grading: bubblewrap, the sandbox every student's kernel runs in
# (`python -m succession grade`; tests/test_grading_*.py). Run as root by .ci/run.
set -euo pipefail
if ! command -v bwrap >/dev/null; then
  apt-get update -q && apt-get install -y -q bubblewrap >/dev/null
fi
# Check that it can make the namespaces it needs here (some containers forbid them).
if ! bwrap --unshare-all --die-with-parent --ro-bind / / true; then
  echo "install-grading: bwrap is installed but cannot create namespaces here;" \
       "grading will run NOT ISOLATED and the sandbox test will be skipped" >&2
fi
