#!/usr/bin/env bash
# Compare the findings of two contentlint binaries on the same directories: a refactoring or a
# speed-up must not change what the rules report, except where a finding was wrong (then the
# difference is listed and justified).
#
#   scripts/compare-findings.sh OLD_BIN NEW_BIN DIR...
#
# Both run `check --format jsonl --today 2026-12-01` (a fixed date, so the clock cannot differ).
# Prints, per directory, how many files' reports differ and the change in finding count per
# rule; with VERBOSE=1 also the first differing report lines. Exits 1 if any report differs.
set -euo pipefail
# Every run lints: timings and comparisons must not read the result cache.
export CONTENTLINT_NO_CACHE=1
[[ $# -ge 3 ]] || { echo "usage: $0 OLD_BIN NEW_BIN DIR..." >&2; exit 2; }
OLD=$1 NEW=$2
shift 2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for dir in "$@"; do
  name=$(basename "$dir")
  "$OLD" check --format jsonl --jobs 2 --today 2026-12-01 "$dir" >"$WORK/old.jsonl" 2>/dev/null || true
  "$NEW" check --format jsonl --jobs 2 --today 2026-12-01 "$dir" >"$WORK/new.jsonl" 2>/dev/null || true
  # One line per file report, keyed by path; the summary line (no "path") is compared too.
  python3 - "$WORK/old.jsonl" "$WORK/new.jsonl" "$name" "${VERBOSE:-0}" <<'PY' || status=1
import json, sys, collections
old_path, new_path, name, verbose = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
def load(p):
    out = {}
    for line in open(p, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        out[r.get("path", "<summary>")] = r
    return out
def counts(reports):
    c = collections.Counter()
    for r in reports.values():
        for v in r.get("violations", []) or []:
            c[(v.get("rule"), v.get("severity"))] += 1
    return c
old, new = load(old_path), load(new_path)
differ = [p for p in sorted(set(old) | set(new)) if old.get(p) != new.get(p)]
co, cn = counts(old), counts(new)
delta = {k: cn[k] - co[k] for k in set(co) | set(cn) if cn[k] != co[k]}
print(f"{name}: {len(old)} reports, {len(differ)} differ" + ("" if differ else " (identical)"))
for (rule, sev), d in sorted(delta.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
    print(f"  {rule} [{sev}]: {co[(rule, sev)]} -> {cn[(rule, sev)]} ({d:+d})")
if verbose:
    for p in differ[:5]:
        a, b = old.get(p), new.get(p)
        keys = sorted(set(a or {}) | set(b or {}))
        for k in keys:
            if (a or {}).get(k) != (b or {}).get(k):
                print(f"  {p}: `{k}` differs\n    old: {json.dumps((a or {}).get(k))[:400]}\n    new: {json.dumps((b or {}).get(k))[:400]}")
sys.exit(1 if differ else 0)
PY
done
exit $status
