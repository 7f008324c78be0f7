#!/usr/bin/env bash
# The throwaway PostgreSQL server of the [postgres] tests (ctest fixture "postgres"):
#   pg_server.sh start DIR   initdb + pg_ctl start on a free 127.0.0.1 port; URL written to DIR/url
#   pg_server.sh stop DIR    stop it and remove its data (safe to run twice, or without a start)
# The server runs with fsync off: it holds nothing worth keeping.
set -uo pipefail

action=${1:-}
dir=${2:-}
if [[ -z "$action" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

find_bindir() {
  local candidate
  if command -v pg_config >/dev/null 2>&1; then
    candidate=$(pg_config --bindir 2>/dev/null)
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then echo "$candidate"; return; fi
  fi
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then echo "$candidate"; return; fi
  candidate=$(command -v initdb 2>/dev/null)
  if [[ -n "$candidate" ]]; then dirname "$candidate"; return; fi
  return 1
}

# PostgreSQL refuses to run as root: as root, run it as "postgres" (or "nobody").
run_user=""
if [[ $(id -u) -eq 0 ]]; then
  if id postgres >/dev/null 2>&1; then run_user=postgres; else run_user=nobody; fi
fi
as_user() {
  if [[ -n "$run_user" ]]; then
    runuser -u "$run_user" -- "$@"
  else
    "$@"
  fi
}

# Where the data lives: DIR itself when the server's user can reach it, else a /tmp folder whose
# path is kept in DIR/base (a build tree under an unreadable home is the usual case).
base_of() {
  if [[ -f "$dir/base" ]]; then cat "$dir/base"; else echo "$dir"; fi
}

stop_server() {
  local base bindir
  base=$(base_of)
  bindir=$(find_bindir) || bindir=""
  if [[ -f "$base/data/postmaster.pid" && -n "$bindir" ]]; then
    as_user "$bindir/pg_ctl" stop -D "$base/data" -m fast -w -t 30 >/dev/null 2>&1 ||
      as_user "$bindir/pg_ctl" stop -D "$base/data" -m immediate -w -t 30 >/dev/null 2>&1
  fi
  rm -rf "$base/data" "$base/sock" "$base/server.log" "$base/initdb.log" "$dir/url"
  if [[ "$base" != "$dir" ]]; then
    rm -rf "$base"
    rm -f "$dir/base"
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

fail() {
  echo "pg_server.sh: $1" >&2
  if [[ -n "${2:-}" && -f "$2" ]]; then
    echo "--- last lines of $2 ---" >&2
    tail -n 30 "$2" >&2
  fi
  exit 1
}

start_server() {
  stop_server  # a server left by an interrupted run

  local bindir base version
  bindir=$(find_bindir) || fail "no PostgreSQL server binaries (initdb, pg_ctl) found"
  version=$("$bindir/postgres" --version 2>/dev/null | sed -E 's/^[^0-9]*([0-9][0-9.]*).*/\1/')

  base="$dir"
  if [[ -n "$run_user" ]]; then
    chown "$run_user" "$dir"
    if ! runuser -u "$run_user" -- test -w "$dir" -a -x "$dir"; then
      base=$(mktemp -d /tmp/polymigrate-pg.XXXXXX) || fail "mktemp failed"
      chown "$run_user" "$base"
      echo "$base" >"$dir/base"
    fi
  fi
  mkdir -p "$base/sock"
  [[ -n "$run_user" ]] && chown "$run_user" "$base/sock"
  local log="$base/server.log"
  : >"$log"
  [[ -n "$run_user" ]] && chown "$run_user" "$log"

  as_user "$bindir/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$base/initdb.log" 2>&1 || fail "initdb failed" "$base/initdb.log"

  # Other builds share this machine: a port free when probed may be taken before the server
  # binds it, so try a few.
  local attempt port started=""
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_is_free "$port" || continue
    if as_user "$bindir/pg_ctl" start -w -t 60 -D "$base/data" -l "$log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $base/sock -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
      >/dev/null 2>&1; then
      started=yes
      break
    fi
  done
  [[ -n "$started" ]] || fail "pg_ctl start failed" "$log"

  echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  echo "PostgreSQL $version test server started on 127.0.0.1:$port (data in $base/data)"
}

case "$action" in
  start) start_server ;;
  stop)
    stop_server
    echo "PostgreSQL test server stopped"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
