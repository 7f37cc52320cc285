#!/usr/bin/env bash
# Scores the LLM-style evaluation set (tests/eval/) and prints the per-rule table:
# recall, missed expectations, traps fired, unlisted findings.
# The test fails when recall is under 90% or more than one trap fires (issue 7).
set -euo pipefail
# Every run lints: timings and comparisons must not read the result cache.
export CONTENTLINT_NO_CACHE=1
cd "$(dirname "$0")/.."
exec cargo test --test eval -- --nocapture --test-threads 1 "$@"
