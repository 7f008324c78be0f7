#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test polymigrate. Idempotent: it
# installs only missing packages, and uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libsqlite3-dev sqlite3 libpqxx-dev postgresql
  libpugixml-dev libcli11-dev libboost-dev libboost-filesystem-dev catch2
  nlohmann-json3-dev libtomlplusplus-dev libtree-sitter-dev
  python3-alembic python3-sqlalchemy python3-psycopg2
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# npm fetches the pinned tree-sitter grammars at configure time. A machine with Node from another
# source (nodesource) already has npm, and Debian's npm package would conflict with it.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
