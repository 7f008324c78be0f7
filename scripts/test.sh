#!/usr/bin/env bash
# The README's second command and what CI runs: install, build, run the whole test suite (a
# throwaway PostgreSQL server included), then the same suite built with ASan + UBSan.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
"$repo/scripts/install-deps.sh"

echo "== build and test (RelWithDebInfo)"
"$repo/scripts/build.sh" build
(cd build && ctest -j2 --output-on-failure)

if [ "${POLYMIGRATE_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== build and test with AddressSanitizer + UndefinedBehaviorSanitizer"
  "$repo/scripts/build.sh" build-asan -DPOLYMIGRATE_SANITIZE=ON -DPOLYMIGRATE_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest -j2 --output-on-failure)
fi
