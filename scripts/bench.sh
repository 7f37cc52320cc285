#!/usr/bin/env bash
# Time `contentlint check` on a directory against its floor, a bare pulldown-cmark parse of the
# same files (examples/bare_parse.rs), and against `rumdl check` if rumdl is on PATH, all in
# one run so the ratios compare like with like.
#
#   scripts/bench.sh DIR            (env: JOBS=2 threads, RUNS=5 timed runs per tool)
#   scripts/bench.sh --generated    the three measurements of generated inputs (below)
#
# --generated times, in one run: one 10 KB article whole-process (`check --format json`, the
# start-up latency: target under 10 ms), a 50 MB article against its bare parse (the scaling:
# target within 10x its CPU, peak memory under 8x its size), and the language server's latency
# after an edit of a 1 MB article (examples/lsp_edit.rs; target under 20 ms). The articles come
# from examples/gen_article.rs (benches/corpus.rs), so every machine times the same bytes.
#
# Wall time is the median of RUNS runs after one warm-up (hyperfine if installed, else
# /usr/bin/time); peak RSS ("maximum resident set size") is the median over /usr/bin/time
# runs; CPU seconds (user + system, all threads) are hyperfine's mean over its runs if
# installed (microseconds), else the median over /usr/bin/time runs (hundredths of a second).
# MB/s is Markdown bytes (as bare_parse counts them) / median wall time / 10^6. On a shared
# machine wall times move with the load of others; CPU seconds move less, so the table shows
# both.
# contentlint exits 1 when an article fails and 2 when a file cannot be linted: both are
# expected on real corpora, so exit codes of the timed tools are ignored.
set -euo pipefail
# Every run lints: timings and comparisons must not read the result cache.
export CONTENTLINT_NO_CACHE=1

usage() {
  echo "usage: $0 DIR | --generated   (env: JOBS=2, RUNS=5)" >&2
  exit 2
}
[[ $# -eq 1 && ( -d $1 || $1 == --generated ) ]] || usage
JOBS=${JOBS:-2}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ ! -x /usr/bin/time ]]; then
  echo "error: /usr/bin/time is needed for peak RSS (apt-get install time)" >&2
  exit 2
fi

echo "building the release binary and examples ..." >&2
cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" --bin contentlint \
  --example bare_parse --example gen_article --example lsp_edit
BIN="$ROOT/target/release/contentlint"
BARE="$ROOT/target/release/examples/bare_parse"
EXAMPLES="$ROOT/target/release/examples"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Wall seconds, peak RSS (KB) and CPU seconds of one command; prints "WALL RSS_KB CPU".
measure() {
  local cmd=$1 i wall rss cpu
  # Warm-up: page cache, lazily loaded binaries.
  $cmd >/dev/null 2>&1 || true
  : >"$WORK/runs"
  # RSS hardly varies: with hyperfine timing the wall, three runs are enough for it.
  local rss_runs=$RUNS
  command -v hyperfine >/dev/null 2>&1 && ((rss_runs > 3)) && rss_runs=3
  for ((i = 0; i < rss_runs; i++)); do
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/one" $cmd >/dev/null 2>&1 || true
    tail -n 1 "$WORK/one" >>"$WORK/runs"
  done
  rss=$(awk '{print $2}' "$WORK/runs" | median)
  cpu=$(awk '{print $3 + $4}' "$WORK/runs" | median)
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --shell=none --ignore-failure --warmup 1 --runs "$RUNS" \
      --export-json "$WORK/h.json" "$cmd" >/dev/null 2>&1
    wall=$(sed -n 's/.*"median": *\([0-9.eE+-]*\).*/\1/p' "$WORK/h.json" | head -n 1)
    # hyperfine reads each run's CPU in microseconds (getrusage): its mean replaces the median
    # of /usr/bin/time's, which counts in hundredths of a second (a bare parse of a blog takes
    # two of them, so a ratio to it moved by a third with one tick).
    local user system
    user=$(sed -n 's/.*"user": *\([0-9.eE+-]*\).*/\1/p' "$WORK/h.json" | head -n 1)
    system=$(sed -n 's/.*"system": *\([0-9.eE+-]*\).*/\1/p' "$WORK/h.json" | head -n 1)
    if [[ -n $user && -n $system ]]; then
      cpu=$(awk -v u="$user" -v s="$system" 'BEGIN {print u + s}')
    fi
  else
    wall=$(awk '{print $1}' "$WORK/runs" | median)
  fi
  echo "$wall $rss $cpu"
}

if [[ $1 == --generated ]]; then
  echo "threads: $JOBS   runs: $RUNS (median)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
  mkdir -p "$WORK/small" "$WORK/big"
  "$EXAMPLES/gen_article" 0.01 >"$WORK/small/article.md"
  "$EXAMPLES/gen_article" 50 >"$WORK/big/article.md"
  "$EXAMPLES/gen_article" 1 >"$WORK/lsp.md"
  echo
  printf '%-44s %9s %9s %12s\n' "measurement" "wall ms" "CPU ms" "peak RSS MB"
  read -r wall rss cpu < <(measure "$BIN check --format json $WORK/small/article.md")
  awk -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$(wc -c <"$WORK/small/article.md")" 'BEGIN {
    printf "%-44s %9.1f %9.1f %12.1f   (%d bytes; target: under 10 ms)\n",
      "one 10 KB article, whole process", w * 1e3, c * 1e3, r / 1024, b }'
  big_bytes=$(wc -c <"$WORK/big/article.md")
  read -r bwall brss bcpu < <(measure "$BARE --jobs $JOBS $WORK/big")
  read -r cwall crss ccpu < <(measure "$BIN check --format jsonl --jobs $JOBS $WORK/big")
  awk -v w="$bwall" -v c="$bcpu" -v r="$brss" 'BEGIN {
    printf "%-44s %9.0f %9.0f %12.1f\n", "50 MB article: bare parse", w * 1e3, c * 1e3, r / 1024 }'
  awk -v w="$cwall" -v c="$ccpu" -v r="$crss" -v bc="$bcpu" -v b="$big_bytes" 'BEGIN {
    printf "%-44s %9.0f %9.0f %12.1f   (%.1fx the parse CPU, target 10x; RSS %.1fx the file, target 8x)\n",
      "50 MB article: contentlint check", w * 1e3, c * 1e3, r / 1024, (bc > 0 ? c / bc : 0), r * 1024 / b }'
  echo "timing: language server, $RUNS edits of a 1 MB article" >&2
  printf '%-44s %s   (target: under 20 ms)\n' "language server, edit of a 1 MB article" \
    "$("$EXAMPLES/lsp_edit" "$BIN" "$WORK/lsp.md" "$RUNS")"
  exit 0
fi

DIR=$(cd "$1" && pwd)
# "N files, B bytes, E events"
read -r FILES BYTES < <("$BARE" --jobs "$JOBS" "$DIR" | awk '{print $1, $3}')

# Name and command of each tool; rumdl only if installed. rumdl keeps a result cache by
# default, which would time a cache hit: --no-cache times a real lint. The third row runs one
# cheap rule: what is left is the report's own work (the parse, the prose statistics, the
# keyword and SEO figures, the phrase scan that filler's discount needs, the scores and the
# JSON), the floor that the rules add to.
NAMES=("bare parse (pulldown-cmark)" "contentlint check" "contentlint, one rule")
CMDS=("$BARE --jobs $JOBS $DIR" "$BIN check --format jsonl --jobs $JOBS $DIR"
  "$BIN check --format jsonl --jobs $JOBS --select structure/single-h1 $DIR")
if command -v rumdl >/dev/null 2>&1; then
  NAMES+=("rumdl check")
  CMDS+=("rumdl check --no-cache $DIR")
fi

TIMER=$(command -v hyperfine >/dev/null 2>&1 && echo "hyperfine $(hyperfine --version | awk '{print $2}')" || echo "/usr/bin/time")
echo "corpus: $DIR ($FILES files, $(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB)"
echo "threads: $JOBS   runs: $RUNS (median)   wall time: $TIMER   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-30s %8s %8s %7s %12s %14s\n' "tool" "wall s" "MB/s" "CPU s" "peak RSS MB" "vs bare parse"
WALLS=()
CPUS=()
for i in "${!CMDS[@]}"; do
  echo "timing: ${CMDS[$i]}" >&2
  read -r wall rss cpu < <(measure "${CMDS[$i]}")
  WALLS+=("$wall")
  CPUS+=("$cpu")
  awk -v name="${NAMES[$i]}" -v wall="$wall" -v rss="$rss" -v cpu="$cpu" -v bytes="$BYTES" -v base="${WALLS[0]}" 'BEGIN {
    printf "%-30s %8.3f %8.1f %7.3f %12.1f %13.1fx\n", name, wall, bytes / 1e6 / wall, cpu, rss / 1024, wall / base
  }'
done
echo
# The targets (docs/benchmarks.md): CPU within 5x of the bare parse, faster than rumdl.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0 ? "%.1fx" : "n/a"), a / b}'; }
echo "contentlint / bare parse: $(ratio "${WALLS[1]}" "${WALLS[0]}") wall, $(ratio "${CPUS[1]}" "${CPUS[0]}") CPU (target: 5x or less)"
echo "one rule / bare parse:    $(ratio "${WALLS[2]}" "${WALLS[0]}") wall, $(ratio "${CPUS[2]}" "${CPUS[0]}") CPU (the floor; no target)"
if ((${#WALLS[@]} > 3)); then
  echo "rumdl / contentlint:      $(ratio "${WALLS[3]}" "${WALLS[1]}") wall, $(ratio "${CPUS[3]}" "${CPUS[1]}") CPU (target: above 1x)"
fi
exit 0
