#!/usr/bin/env bash
# Time `contentlint check` with its result cache on a copy of DIR, against the same run without
# the cache, in one run:
#
#   scripts/cache-bench.sh DIR      (env: JOBS=2 threads, RUNS=3 rounds)
#
# Each round, with a new cache directory:
#   no cache     CONTENTLINT_NO_CACHE=1: every file linted (what scripts/bench.sh times)
#   first run    an empty cache: every file linted and its entry written
#   rerun        every entry read
#   next day     a rerun on a later date: the first runs are made in the time zone UTC-12 and
#                this one in UTC+14, whose date is always a day or two later. Only the reports
#                judged against the clock (articles without a date) are linted again.
#   one changed  a rerun after a line was appended to one file
# The first run's system time depends on the file system's state: right after a large deletion
# (a cache removed) ext4 takes longer to find free inodes, and that run can take twice as long.
# Each row is the median over the rounds of CPU seconds (user + system, all threads) and wall
# seconds, from /usr/bin/time (hundredths of a second), and the cache's own count of entries
# read, files linted and entries written (CONTENTLINT_CACHE_STATS) of the last round. Exit
# codes are ignored: real corpora have failing articles.
set -euo pipefail

usage() {
  echo "usage: $0 DIR   (env: JOBS=2, RUNS=3)" >&2
  exit 2
}
[[ $# -eq 1 && -d $1 ]] || usage
JOBS=${JOBS:-2}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

echo "building the release binary ..." >&2
cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" --bin contentlint
BIN="$ROOT/target/release/contentlint"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A copy, so that one file can change; the cache directories live beside it.
cp -r "$1" "$WORK/site"
chmod -R u+w "$WORK/site"
# The file that changes: the first report of a run over the copy (a file that cannot be linted,
# such as one with bad front matter, is never cached; one the configuration excludes is not
# linted at all). This run also warms the page cache.
CHANGED=$(CONTENTLINT_NO_CACHE=1 "$BIN" check --format jsonl --jobs "$JOBS" "$WORK/site" 2>/dev/null |
  grep -m 1 '"score":' | sed -E 's/^\{"path":"([^"]*)".*/\1/' || true)
[[ -f $CHANGED ]] || { echo "error: no file under $1 has a report to cache" >&2; exit 2; }

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

ROWS=("no cache" "first run" "rerun" "next day" "one changed")
# One run of check: appends "CPU WALL" to $WORK/<row>.times, keeps its cache line in <row>.stats.
run() {
  local row=$1 cache=$2 tz=$3
  shift 3
  env -u CONTENTLINT_NO_CACHE CONTENTLINT_CACHE_STATS=1 TZ="$tz" "$@" /usr/bin/time -f "%U %S %e" \
    -o "$WORK/time" "$BIN" check --format jsonl --jobs "$JOBS" --cache-dir "$cache" "$WORK/site" \
    >/dev/null 2>"$WORK/stderr" || true
  # The last line: /usr/bin/time puts "Command exited with non-zero status N" before it.
  tail -n 1 "$WORK/time" | awk '{printf "%.3f %.3f\n", $1 + $2, $3}' >>"$WORK/$row.times"
  grep '^cache:' "$WORK/stderr" >"$WORK/$row.stats" || echo "cache: off" >"$WORK/$row.stats"
}

for ((round = 1; round <= RUNS; round++)); do
  cache="$WORK/cache-$round"
  run "${ROWS[0]}" "$cache" Etc/GMT+12 CONTENTLINT_NO_CACHE=1
  run "${ROWS[1]}" "$cache" Etc/GMT+12
  run "${ROWS[2]}" "$cache" Etc/GMT+12
  run "${ROWS[3]}" "$cache" Pacific/Kiritimati
  printf '\nOne more line, round %d.\n' "$round" >>"$CHANGED"
  run "${ROWS[4]}" "$cache" Pacific/Kiritimati
done

printf '%s: %s files, jobs %s, %s rounds\n' "$1" "$(find "$WORK/site" -name '*.md' -type f | wc -l)" "$JOBS" "$RUNS"
printf '| run | CPU s | wall s | cache (last round) |\n|---|---|---|---|\n'
for row in "${ROWS[@]}"; do
  cpu=$(cut -d' ' -f1 "$WORK/$row.times" | median)
  wall=$(cut -d' ' -f2 "$WORK/$row.times" | median)
  printf '| %s | %s | %s | %s |\n' "$row" "$cpu" "$wall" "$(sed 's/^cache: //' "$WORK/$row.stats")"
done
