#!/usr/bin/env bash
# Where `contentlint check` loses time that its instruction count does not show: instructions,
# simulated cache misses and simulated branch mispredicts (valgrind's cachegrind) of `check`
# and of its floor, the bare pulldown-cmark parse (examples/bare_parse.rs), on one directory,
# one thread each, with the ratios between the two. scripts/bench.sh times CPU; this says how
# much of the CPU ratio is more work (instructions) and how much is work that waits on memory
# (misses) or on branches the CPU guessed wrong (mispredicts).
#
#   scripts/cache-profile.sh DIR [CHECK ARGS...]    (env: BIN=contentlint binary to profile)
#
# Extra arguments go to `check` (`--select structure/single-h1` measures the work every file
# pays whatever the rules: parse, document, prose statistics, SEO figures, report).
#
# The simulated caches have fixed sizes so that runs on different machines compare: L1
# instruction 64 KB, L1 data 48 KB, last level 2 MB (a core's L2 of a current Xeon; cachegrind
# models two levels, and the shared L3 behind that L2 is left out, so "LL misses" are L2
# misses). Cost per miss is not simulated: on such a core an L1 miss that hits L2 costs about
# 15 cycles, an L2 miss that hits L3 50 to 80, a mispredicted branch about 15. Cachegrind's
# branch predictor is simpler than a current CPU's: its mispredict counts overstate both runs,
# and their ratio is the figure to read.
#
# Instructions and L1 counts repeat within 0.2% between runs of one binary; LL counts move by
# up to 8% (where the allocator places memory changes which lines share a set): compare LL
# figures over two or more runs of each binary.
set -euo pipefail
export CONTENTLINT_NO_CACHE=1

[[ $# -ge 1 && -d $1 ]] || {
  echo "usage: $0 DIR [CHECK ARGS...]   (env: BIN)" >&2
  exit 2
}
command -v valgrind >/dev/null 2>&1 || {
  echo "error: valgrind is needed (apt-get install valgrind)" >&2
  exit 2
}
DIR=$1
shift
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
echo "building the release binary and the bare parse ..." >&2
cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" --bin contentlint --example bare_parse
BIN=${BIN:-$ROOT/target/release/contentlint}
BARE=$ROOT/target/release/examples/bare_parse

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CACHES=(--cache-sim=yes --I1=65536,8,64 --D1=49152,12,64 --LL=2097152,16,64 --branch-sim=yes)

# "Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim" totals of one command.
totals() {
  local out=$1
  shift
  valgrind --tool=cachegrind "${CACHES[@]}" --cachegrind-out-file="$out" "$@" >/dev/null 2>&1 || true
  awk '/^summary:/ {print $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14}' "$out"
}

echo "profiling: bare parse" >&2
read -r -a bare < <(totals "$WORK/bare.out" "$BARE" --jobs 1 "$DIR")
echo "profiling: contentlint check $*" >&2
read -r -a check < <(totals "$WORK/check.out" "$BIN" check --jobs 1 --format json "$@" "$DIR")

echo "directory: $DIR   one thread   caches: L1i 64 KB, L1d 48 KB, LL 2 MB (simulated)"
echo "check: $BIN check --jobs 1 --format json $*"
printf '%-26s %16s %16s %8s\n' "event" "bare parse" "check" "ratio"
row() {
  local name=$1 b=$2 c=$3
  awk -v n="$name" -v b="$b" -v c="$c" '
    function commas(x,   s, out) {
      s = sprintf("%.0f", x); out = ""
      while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
      return s out
    }
    BEGIN { printf "%-26s %16s %16s %7.1fx\n", n, commas(b), commas(c), (b > 0 ? c / b : 0) }'
}
row "instructions" "${bare[0]}" "${check[0]}"
row "L1 instruction misses" "${bare[1]}" "${check[1]}"
row "L1 data misses (read)" "${bare[4]}" "${check[4]}"
row "L1 data misses (write)" "${bare[7]}" "${check[7]}"
row "LL misses (read, code)" "$((bare[2] + bare[5]))" "$((check[2] + check[5]))"
row "LL misses (write)" "${bare[8]}" "${check[8]}"
row "branches" "$((bare[9] + bare[11]))" "$((check[9] + check[11]))"
row "mispredicts (simulated)" "$((bare[10] + bare[12]))" "$((check[10] + check[12]))"
