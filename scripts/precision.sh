#!/usr/bin/env bash
# Redoes the counting part of docs/precision.md for one corpus.
#
#   scripts/precision.sh CORPUS_DIR [CONFIG] [OUT_DIR]
#
# Runs `contentlint check --format jsonl` on CORPUS_DIR (with --config CONFIG when given, e.g.
# the contentlint.toml that `contentlint init` writes for the site; otherwise each file's
# contentlint.toml is found as usual, or the defaults apply) and prints:
#   files, files valid (%), input errors and skipped files,
#   the score distribution (min, p10, median, p90, max, a histogram by 10s),
#   findings per rule (count, files),
# and writes into OUT_DIR (default target/precision/<corpus name>):
#   report.jsonl   the raw report
#   summary.md     what is printed
#   samples.md     for every rule that fires, a random sample of up to 20 findings (seed 7,
#                  spread over files: at most 2 per file before any file gives a third) as a
#                  Markdown checklist: path:line, message, and the source line with the span
#                  marked, so that a person can judge each one true or false positive.
#
# Needs bash and python3 (standard library only). CONTENTLINT_BIN overrides the binary;
# otherwise target/release/contentlint is built (cargo build --release) when missing or older
# than the sources. The corpus is only read.
set -euo pipefail
# Every run lints: timings and comparisons must not read the result cache.
export CONTENTLINT_NO_CACHE=1

usage() {
    echo "usage: $0 CORPUS_DIR [CONFIG] [OUT_DIR]" >&2
    exit 2
}
[[ $# -ge 1 && $# -le 3 ]] || usage
corpus=$1
config=${2:-}
[[ -d $corpus ]] || { echo "$0: $corpus is not a directory" >&2; exit 2; }
[[ -z $config || -f $config ]] || { echo "$0: config $config does not exist" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
name=$(basename "$(cd "$corpus" && pwd)")
out=${3:-$root/target/precision/$name}
mkdir -p "$out"

bin=${CONTENTLINT_BIN:-$root/target/release/contentlint}
if [[ -z ${CONTENTLINT_BIN:-} ]]; then
    if [[ ! -x $bin ]] || [[ -n $(find "$root/src" "$root/rules" "$root/Cargo.toml" -newer "$bin" -print -quit) ]]; then
        (cd "$root" && cargo build --release --locked --quiet)
    fi
fi

args=(check --format jsonl)
[[ -n $config ]] && args+=(--config "$config")
status=0
"$bin" "${args[@]}" "$corpus" > "$out/report.jsonl" 2> "$out/stderr.txt" || status=$?
# 0: all pass, 1: some fail, 2: some input errors (still reported). Anything else is a crash.
if [[ $status -gt 2 ]]; then
    echo "$0: contentlint exited with $status; see $out/stderr.txt" >&2
    exit 1
fi

python3 - "$out" "$name" "${config:-defaults}" <<'PY'
import json, os, random, sys
from collections import defaultdict

out, name, config = sys.argv[1], sys.argv[2], sys.argv[3]
files, errors, skipped = [], [], []
with open(os.path.join(out, "report.jsonl"), encoding="utf-8") as fh:
    for n, raw in enumerate(fh, 1):
        raw = raw.strip()
        if not raw:
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as e:
            sys.exit(f"{out}/report.jsonl:{n}: not JSON ({e})")
        kind = rec.get("type")
        if kind == "file":
            files.append(rec)
        elif kind == "error":
            errors.append(rec)
        elif kind == "skipped":
            skipped.append(rec)
        # "summary" and unknown kinds: ignored (recomputed here)

def pct(part, whole):
    return f"{100.0 * part / whole:.1f}%" if whole else "-"

def quantile(sorted_values, q):
    # nearest rank, so every figure is a score some file really has
    if not sorted_values:
        return "-"
    k = max(0, min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]

lines = []
p = lines.append
valid = sum(1 for f in files if f.get("valid"))
p(f"# {name} (config: {config})")
p("")
p(f"- files linted: {len(files)}")
p(f"- files valid: {valid} ({pct(valid, len(files))})")
p(f"- input errors: {len(errors)}; skipped: {len(skipped)}")
scores = sorted(f["score"] for f in files if isinstance(f.get("score"), (int, float)))
if scores:
    p(f"- score: min {scores[0]}, p10 {quantile(scores, 0.1)}, median {quantile(scores, 0.5)}, "
      f"p90 {quantile(scores, 0.9)}, max {scores[-1]}, mean {sum(scores) / len(scores):.1f}")
    p("")
    p("| score | files | |")
    p("|---|---:|---|")
    buckets = [0] * 10
    for s in scores:
        buckets[min(int(s) // 10, 9)] += 1
    top = max(buckets)
    for i, c in enumerate(buckets):
        label = f"{i * 10}-{i * 10 + 9}" if i < 9 else "90-100"
        bar = "#" * (round(40 * c / top) if top else 0)
        p(f"| {label} | {c} | {bar} |")

by_rule = defaultdict(list)
for f in files:
    for key in ("violations", "warnings"):
        for finding in f.get(key) or []:
            by_rule[finding["rule"]].append((f["path"], finding))
p("")
p("| rule | severity | findings | files | per file |")
p("|---|---|---:|---:|---:|")
for rule in sorted(by_rule, key=lambda r: (-len(by_rule[r]), r)):
    found = by_rule[rule]
    nfiles = len({path for path, _ in found})
    sev = "/".join(sorted({x["severity"] for _, x in found}))
    p(f"| {rule} | {sev} | {len(found)} | {nfiles} | {len(found) / nfiles:.1f} |")
if errors:
    p("")
    p("input errors (first 10):")
    for e in errors[:10]:
        p(f"- {e.get('path')}: {e.get('message')}")
summary = "\n".join(lines) + "\n"
print(summary, end="")
with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as fh:
    fh.write(summary)

# Samples: seed 7; files in a shuffled order, each file's findings shuffled; rounds of one
# finding per file, so no file gives a third finding before every file gave two (and so on).
rng = random.Random(7)
cache = {}
def source(path):
    if path not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                cache[path] = fh.read()
        except OSError:
            cache[path] = None
    return cache[path]

def excerpt(path, finding):
    text = source(path)
    if text is None:
        return "(source not readable)"
    raw = text.encode("utf-8")
    start = finding.get("offset", 0)
    end = start + finding.get("length", 0)
    line_start = raw.rfind(b"\n", 0, start) + 1
    line_end = raw.find(b"\n", start)
    line_end = len(raw) if line_end < 0 else line_end
    end = min(end, line_end)
    before = raw[line_start:start].decode("utf-8", "replace")
    span = raw[start:end].decode("utf-8", "replace")
    after = raw[end:line_end].decode("utf-8", "replace")
    before = before if len(before) <= 160 else "..." + before[-160:]
    after = after if len(after) <= 160 else after[:160] + "..."
    marked = before + ("[[" + span + "]]" if span else "") + after
    return marked.replace("`", "'").strip() or "(empty line)"

s = [f"# Samples: {name} (config: {config}, seed 7)", "",
     "Mark each finding: [x] true positive, or leave [ ] and write FP: why. The span is in [[ ]].", ""]
for rule in sorted(by_rule):
    per_file = defaultdict(list)
    for path, finding in by_rule[rule]:
        per_file[path].append(finding)
    paths = sorted(per_file)
    rng.shuffle(paths)
    for path in paths:
        rng.shuffle(per_file[path])
    picked, rnd = [], 0
    while len(picked) < 20 and any(len(per_file[p_]) > rnd for p_ in paths):
        for path in paths:
            if len(per_file[path]) > rnd and len(picked) < 20:
                picked.append((path, per_file[path][rnd]))
        rnd += 1
    picked.sort(key=lambda x: (x[0], x[1].get("line", 0)))
    nfiles = len(per_file)
    s.append(f"## {rule} ({len(by_rule[rule])} findings in {nfiles} files; sample {len(picked)})")
    s.append("")
    s.append("TP: __ / FP: __ / precision: __")
    s.append("")
    for path, f in picked:
        s.append(f"- [ ] `{path}:{f.get('line')}` {f.get('message')}")
        s.append(f"  > {excerpt(path, f)}")
    s.append("")
with open(os.path.join(out, "samples.md"), "w", encoding="utf-8") as fh:
    fh.write("\n".join(s))
print(f"\nwrote {out}/summary.md, {out}/samples.md, {out}/report.jsonl")
PY
