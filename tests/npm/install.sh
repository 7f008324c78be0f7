#!/usr/bin/env bash
# The native tools the interop tests run (ctest fixture "npm_tools"): the real Knex and the real
# Prisma CLI with their drivers, and TypeScript + ts-node (which the Knex CLI registers for a
# knexfile.ts), pinned with integrity by tests/npm/package-lock.json.
#   install.sh DEST   npm ci of that lock in DEST (shared by every build folder: see tests/CMakeLists.txt)
# Nothing is done when DEST already holds exactly that lock. better-sqlite3 builds from source
# (node-gyp) where no prebuilt binary is reachable: minutes on two cores, once. Without npm or the
# registry this fails, and with it every interop test (they need the fixture; none is skipped).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
dest=${1:?usage: $0 DEST}
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
exec 9>"$dest/.lock"
flock 9
stamp="$dest/node_modules/.polymigrate-installed-lock"
if cmp -s "$src/package-lock.json" "$stamp" && [ -f "$dest/node_modules/prisma/build/index.js" ] &&
  [ -f "$dest/node_modules/knex/bin/cli.js" ] && [ -f "$dest/node_modules/ts-node/register/index.js" ]; then
  echo "npm tools: $dest is up to date"
  exit 0
fi
command -v npm >/dev/null || { echo "npm tools: npm is not installed (scripts/install-deps.sh)" >&2; exit 1; }
cp "$src/package.json" "$src/package-lock.json" "$dest/"
cd "$dest"
start=$(date +%s)
npm ci --no-audit --no-fund --loglevel=error
# The native module must load on this Node (a wrong better-sqlite3 major crashes Node 20).
node -e "require('knex'); require('pg'); require.resolve('ts-node/register'); new (require('better-sqlite3'))(':memory:').close()"
cp package-lock.json "$stamp"
echo "npm tools: installed knex $(node -p "require('knex/package.json').version"), prisma" \
  "$(node -p "require('prisma/package.json').version") in $(($(date +%s) - start)) s"
