#!/usr/bin/env bash
# Configures and builds one build folder: scripts/build.sh [BUILD_DIR] [extra cmake options...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
# Two cores and heavy headers: two jobs keep memory and the machine responsive.
cmake --build "$build_dir" -j "${POLYMIGRATE_JOBS:-2}"
