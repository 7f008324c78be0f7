#!/usr/bin/env bash
# The README's first command: install, build, then run the main job on the bundled example
# project (fixtures/flyway/basic) against the embedded SQLite default, and show the result.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
"$repo/scripts/install-deps.sh"
"$repo/scripts/build.sh" build

work="$repo/build/quickstart"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
pm="$repo/build/polymigrate"
example="$repo/fixtures/flyway/basic"

run() { echo; echo "\$ polymigrate $*"; "$pm" "$@" || true; }
run inspect "$example"
run status "$example"
run up "$example"
run status "$example"
echo
echo "The database is $work/polymigrate.db; its flyway_schema_history is Flyway's own."
