#!/usr/bin/env bash
# Open the dashboard (notebooks/dashboard.ipynb) as a web app with Voila, on this computer only.
#
# Voila starts a kernel for every page opened and, by default, never stops one: a class of 30
# reloading pages would fill the machine. So idle kernels are culled (jupyter_server's
# MappingKernelManager settings, which Voila's kernel manager inherits):
#   cull_idle_timeout  a kernel idle this many seconds is shut down (20 minutes: a lesson's pause)
#   cull_interval      how often, in seconds, kernels are checked
#   cull_connected     True: cull even a kernel whose page is still open (a forgotten tab); the
#                      student reloads the page to start again
# Change them here, or add your own after the script's name: ./dashboard.sh --MappingKernelManager.cull_idle_timeout=3600
# --template=succession is Voila's page without links to a CDN (share/jupyter/voila/templates).
set -euo pipefail
source "$(dirname "$0")/scripts/ensure-env.sh"
cd "$ROOT"
echo "Voila: idle kernels are shut down after 20 minutes (see the notes at the top of dashboard.sh)."
exec voila --Voila.ip=127.0.0.1 --template=succession \
  --MappingKernelManager.cull_idle_timeout=1200 \
  --MappingKernelManager.cull_interval=60 \
  --MappingKernelManager.cull_connected=True \
  "$@" notebooks/dashboard.ipynb
