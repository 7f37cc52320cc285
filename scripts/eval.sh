#!/usr/bin/env bash
# Scores the LLM-style evaluation set (tests/eval/) and prints the per-rule table:
# recall, missed expectations, traps fired, unlisted findings.
# The test fails when recall is under 90% or more than one trap fires (issue 7).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --test eval -- --nocapture --test-threads 1 "$@"
