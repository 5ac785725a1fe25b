#!/usr/bin/env bash
# CI set-up for the class hub (tests/test_hub.py): Debian packages, the hub's environment,
# configurable-http-proxy from npm. The test makes and removes its own users.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install.sh
