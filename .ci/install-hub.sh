#!/usr/bin/env bash
# CI set-up for the class hub (tests/test_hub.py): Debian packages, the hub's environment,
# configurable-http-proxy from npm. The test makes and removes its own users.
set -euo pipefail
cd "$(dirname "$0")/.."
# A failure here is reported by tests/test_hub.py (it fails in CI with the reason), so the
# rest of the suite still runs.
bash deploy/install.sh || echo "CI set-up: deploy/install.sh failed (above); tests/test_hub.py will fail" >&2
