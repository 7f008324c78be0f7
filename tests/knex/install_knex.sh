#!/usr/bin/env bash
# Installs the real Knex for the interop tests into a build folder: pinned knex, pg and
# better-sqlite3 (v12: v13 does not load on Node 20; it compiles from source with node-gyp when
# no prebuilt binary can be fetched, which takes minutes). Run by the [knex_npm] tests on first use.
# Usage: install_knex.sh DIR
set -euo pipefail
mkdir -p "$1"
dir=$(cd "$1" && pwd)
knex=3.3.0
pg=8.23.1
better_sqlite3=12.11.1
stamp="$dir/.installed-knex-$knex-pg-$pg-bs3-$better_sqlite3"
exec 9>"$dir/.lock"
flock 9
if [ -f "$stamp" ] && [ -d "$dir/node_modules/knex" ]; then
  exit 0
fi
cd "$dir"
[ -f package.json ] || echo '{"name":"polymigrate-knex-interop","private":true}' > package.json
npm install --no-audit --no-fund --loglevel=error \
  "knex@$knex" "pg@$pg" "better-sqlite3@$better_sqlite3"
node -e "require('knex'); require('pg'); new (require('better-sqlite3'))(':memory:')"
touch "$stamp"
