#!/usr/bin/env bash
# Scores the LLM-style evaluation set (tests/eval/) and prints the per-rule table:
# recall, missed expectations, traps fired, unlisted findings.
# CONTENTLINT_EVAL_STRICT=1 also enforces recall >= 90% and at most one trap fired.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --test eval -- --nocapture --test-threads 1 "$@"
