#!/usr/bin/env bash
# Side-by-side benchmark: wall time and peak memory of `inspect`, `status` and `up` on generated
# histories, against the floor (the sqlite3 shell running the same work). Prints a table.
#   bench/run.sh [BUILD_DIR]     (default: build; built by scripts/build.sh)
# The real Alembic and Knex, where they are installed, run the same generated histories beside it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$repo/build}" && pwd)"
pm="$build/polymigrate"
gen="$build/bench/pm_generate_history"
work="$build/bench-work"
mkdir -p "$work"

command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 shell (apt-get install sqlite3)"; exit 2; }

# measure CMD... -> "seconds peak_MB", best wall time of 3 runs (peak of that run). /usr/bin/time
# writes to its own file, so the command's output can go to /dev/null.
measure() {
  local best="" best_mem="" report="$work/time.out"
  for _ in 1 2 3; do
    /usr/bin/time -o "$report" -f "%e %M" "$@" >/dev/null 2>&1 || true
    local out
    out=$(tail -1 "$report")
    local secs=${out% *} kb=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_mem=$kb; fi
  done
  printf "%s %s" "$best" "$(awk "BEGIN{printf \"%.1f\", $best_mem/1024}")"
}

# measure_cpu CMD... -> "seconds cpu_seconds peak_MB" of the run with the best wall time of 3.
# CPU time (user + sys) is the figure to compare on a busy machine, where wall time waits for a
# core: the loaders read files on several threads, so wall time can be below CPU time.
measure_cpu() {
  local best="" best_cpu="" best_mem="" report="$work/time.out"
  for _ in 1 2 3; do
    /usr/bin/time -o "$report" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
    local secs user sys kb
    read -r secs user sys kb < <(tail -1 "$report")
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then
      best=$secs; best_cpu=$(awk "BEGIN{printf \"%.2f\", $user + $sys}"); best_mem=$kb
    fi
  done
  printf "%s %s %s" "$best" "$best_cpu" "$(awk "BEGIN{printf \"%.1f\", $best_mem/1024}")"
}

# inspect and status (on an empty SQLite database; --json, then the text table) of every
# framework's layout. Target (#2): 10,000 migrations in at most 0.2 s and 64 MB.
printf "%-34s %10s %10s %10s\n" "inspect / status" "seconds" "cpu s" "peak MB"
for framework in flyway prisma alembic knex; do
  for n in 1000 10000; do
    dir="$work/$framework-$n"
    "$gen" --framework "$framework" --count "$n" --out "$dir" >/dev/null
    db="$work/status-$framework-$n.db"; rm -f "$db"
    printf "%-34s %10s %10s %10s\n" "$framework inspect N=$n" $(measure_cpu "$pm" inspect "$dir" --json)
    printf "%-34s %10s %10s %10s\n" "$framework status N=$n (empty db)" \
      $(measure_cpu "$pm" status "$dir" --db "sqlite:$db" --json)
    # The text table needs no steps: the files are read for their identity only (Knex: none).
    printf "%-34s %10s %10s %10s\n" "$framework status, text N=$n" \
      $(measure_cpu "$pm" status "$dir" --db "sqlite:$db")
  done
done
echo

# The floor under Alembic's and Knex's loads: the same 10,000 files only read and parsed by
# tree-sitter (no translation, no model, no output), on one thread and on the loaders' pool.
echo "alembic versions folder, tree-sitter alone:"
"$build/bench/pm_parse_floor" python "$work/alembic-10000/alembic/versions"
echo "knex migrations folder, tree-sitter alone:"
"$build/bench/pm_parse_floor" javascript "$work/knex-10000/migrations"
echo

printf "%-34s %10s %10s\n" "measure" "seconds" "peak MB"
row() { printf "%-34s %10s %10s\n" "$1" $2; }
ratio() { awk -v a="${1% *}" -v b="${2% *}" -v l="$3" 'BEGIN{ if (a > 0) printf "%-34s %10.1fx\n", l, b/a }'; }

n=1000
dir="$work/flyway-$n"
up_once() { rm -f "$work/up.db"; "$pm" up "$dir" --db "sqlite:$work/up.db" >/dev/null; }
floor_once() { rm -f "$work/floor.db"; sqlite3 "$work/floor.db" < "$dir/floor.sql"; }
export -f up_once floor_once; export pm dir work
up=$(measure bash -c up_once)
floor=$(measure bash -c floor_once)
row "flyway up N=$n (sqlite)" "$up"
row "sqlite3 shell, same work (floor)" "$floor"
awk -v a="${up% *}" -v b="${floor% *}" 'BEGIN{ if (b > 0) printf "%-34s %10.2fx\n", "up / floor", a/b }'
# After `up`, status over the applied table: the join, not just the files.
row "flyway status N=$n (all applied)" "$(measure "$pm" status "$dir" --db "sqlite:$work/up.db" --json)"

# The real Alembic on the same generated history, when it is installed (scripts/install-deps.sh).
if /usr/bin/python3 -c "import alembic" 2>/dev/null; then
  n=1000
  dir="$work/alembic-$n"
  "$gen" --framework alembic --count "$n" --out "$dir" >/dev/null
  alembic_cmd() { (cd "$dir" && /usr/bin/python3 -m alembic "$@"); }
  export -f alembic_cmd; export dir
  pm_up_once() { rm -f "$work/al-pm.db"; "$pm" up "$dir" --db "sqlite:$work/al-pm.db" >/dev/null; }
  al_up_once() { rm -f "$work/al-native.db"; alembic_cmd -x "url=sqlite:///$work/al-native.db" upgrade head >/dev/null 2>&1; }
  export -f pm_up_once al_up_once
  echo
  printf "%-34s %10s %10s\n" "alembic, N=$n" "seconds" "peak MB"
  pm_inspect=$(measure "$pm" inspect "$dir" --json)
  al_history=$(measure bash -c 'alembic_cmd history')
  row "polymigrate inspect" "$pm_inspect"
  row "alembic history" "$al_history"
  pm_up=$(measure bash -c pm_up_once)
  al_up=$(measure bash -c al_up_once)
  row "polymigrate up (sqlite)" "$pm_up"
  row "alembic upgrade head (sqlite)" "$al_up"
  pm_status=$(measure "$pm" status "$dir" --db "sqlite:$work/al-pm.db" --json)
  al_current=$(measure bash -c "alembic_cmd -x url=sqlite:///$work/al-native.db current")
  row "polymigrate status" "$pm_status"
  row "alembic current" "$al_current"
  ratio "$pm_inspect" "$al_history" "alembic history / pm inspect"
  ratio "$pm_up" "$al_up" "alembic upgrade / pm up"
  ratio "$pm_status" "$al_current" "alembic current / pm status"
else
  echo "(the real Alembic is not installed: no Alembic columns)"
fi

# The real Knex on the same generated history, from the interop tests' npm tools
# (tests/npm/install.sh; ctest's npm_tools fixture installs them).
npm_tools="$repo/.cache/npm-tools"
if [ -f "$npm_tools/node_modules/knex/bin/cli.js" ]; then
  n=1000
  dir="$work/knex-$n"
  "$gen" --framework knex --count "$n" --out "$dir" >/dev/null
  ln -sfn "$npm_tools/node_modules" "$dir/node_modules"
  knex_cmd() { (cd "$dir" && node node_modules/knex/bin/cli.js "$@"); }
  export -f knex_cmd; export dir
  pm_knex_up_once() { rm -f "$work/kx-pm.db"; "$pm" up "$dir" --db "sqlite:$work/kx-pm.db" >/dev/null; }
  kx_up_once() { rm -f "$dir/bench.db"; knex_cmd migrate:latest >/dev/null 2>&1; }
  export -f pm_knex_up_once kx_up_once
  echo
  printf "%-34s %10s %10s\n" "knex, N=$n" "seconds" "peak MB"
  pm_inspect=$(measure "$pm" inspect "$dir" --json)
  pm_up=$(measure bash -c pm_knex_up_once)
  kx_up=$(measure bash -c kx_up_once)
  pm_status=$(measure "$pm" status "$dir" --db "sqlite:$work/kx-pm.db" --json)
  kx_list=$(measure bash -c 'knex_cmd migrate:list')
  row "polymigrate inspect" "$pm_inspect"
  row "polymigrate up (sqlite)" "$pm_up"
  row "knex migrate:latest (sqlite)" "$kx_up"
  row "polymigrate status" "$pm_status"
  row "knex migrate:list" "$kx_list"
  ratio "$pm_up" "$kx_up" "knex latest / pm up"
  ratio "$pm_status" "$kx_list" "knex list / pm status"
else
  echo "(the real Knex is not installed in $npm_tools: no Knex columns; run the tests once)"
fi
