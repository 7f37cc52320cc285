#!/usr/bin/env bash
# Fuzz the linter for DURATION seconds (default 60) on one thread at low priority: every case
# goes through Document::parse, every rule and every output format (examples/fuzz). Prints
# executions and crashes; each new crash is saved under tests/data/fuzz-regressions/, which
# `cargo test --test fuzz_regressions` replays. Exit 1 if anything crashed.
#
#   scripts/fuzz.sh [DURATION]        (env: SEED=n to reproduce a run)
set -euo pipefail
DURATION=${1:-60}
if ! [[ $DURATION =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [DURATION_SECONDS]" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
cargo build --release --example fuzz --quiet
args=(--seconds "$DURATION")
if [[ -n ${SEED:-} ]]; then
  args+=(--seed "$SEED")
fi
exec nice -n 19 target/release/examples/fuzz "${args[@]}"
