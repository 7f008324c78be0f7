#!/usr/bin/env bash
# The real Prisma CLI for the interop tests (ctest fixture "prisma_cli"):
#   install_prisma_cli.sh DEST   npm ci of the pinned tests/prisma/interop/package-lock.json in DEST
# Nothing is done when DEST already holds exactly that lock. better-sqlite3 builds from source
# (node-gyp) where no prebuilt binary is reachable: minutes on two cores. Without npm or the
# registry this fails, and with it every interop test (they need the fixture; none is skipped).
set -euo pipefail
src="$(cd "$(dirname "$0")/interop" && pwd)"
dest=${1:?usage: $0 DEST}
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
stamp="$dest/node_modules/.polymigrate-installed-lock"
if cmp -s "$src/package-lock.json" "$stamp" && [ -f "$dest/node_modules/prisma/build/index.js" ]; then
  echo "prisma cli: $dest is up to date"
  exit 0
fi
command -v npm >/dev/null || { echo "prisma cli: npm is not installed (scripts/install-deps.sh)" >&2; exit 1; }
cp "$src/package.json" "$src/package-lock.json" "$dest/"
cd "$dest"
start=$(date +%s)
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
# Not `prisma --version`: without a prisma.config.ts it would try to download engine binaries.
version=$(node -p "require('./node_modules/prisma/package.json').version")
echo "prisma cli: installed prisma $version in $(($(date +%s) - start)) s"
