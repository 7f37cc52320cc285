#!/usr/bin/env bash
# Streams generated {"path", "text"} records through `check --input-format jsonl -` and reports
# records per second and peak memory (GNU time's maximum resident set size). The stream is
# generated as it is read, never stored, so memory is contentlint's alone.
#
#   scripts/bench-jsonl.sh [BINARY] [RECORDS] [JOBS]
#
# BINARY defaults to target/release/contentlint, RECORDS to 100000, JOBS to all cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/contentlint}"
n="${2:-100000}"
jobs="${3:-$(nproc)}"
[ -x /usr/bin/time ] || { echo "bench-jsonl: needs GNU time (/usr/bin/time)" >&2; exit 2; }

# Articles of about 400 words in 4 sections, each different (its number in the title, the
# text and the year), so no two records are the same.
generate() {
  awk -v n="$n" 'BEGIN {
    srand(42)
    split("content linter checks articles before they are published on the site", words, " ")
    for (i = 0; i < n; i++) {
      text = "---\\ntitle: Article " i " about linting\\ndescription: A generated article number " i " for the record stream benchmark of contentlint, long enough for a meta description.\\n---\\n# Article " i " about linting\\n\\n"
      for (s = 1; s <= 4; s++) {
        text = text "## Section " s "\\n\\n"
        for (p = 0; p < 4; p++) {
          para = ""
          for (w = 0; w < 25; w++) para = para words[int(rand() * 11) + 1] " "
          text = text "In " (2000 + i % 30) " the " para "ends here.\\n\\n"
        }
      }
      printf "{\"path\": \"gen/%d/a%d.md\", \"text\": \"%s\"}\n", i % 100, i, text
    }
  }'
}

start=$(date +%s.%N)
generate | /usr/bin/time -v -o /tmp/bench-jsonl.time "$bin" check --input-format jsonl --format jsonl \
  --today 2026-06-01 -j "$jobs" - >/tmp/bench-jsonl.out || true
end=$(date +%s.%N)
lines=$(grep -c '"type":"file"' /tmp/bench-jsonl.out || true)
errors=$(grep -c '"type":"error"' /tmp/bench-jsonl.out || true)
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' /tmp/bench-jsonl.time)
secs=$(echo "$end - $start" | bc)
echo "records: $n in, $lines file results, $errors errors"
echo "time: ${secs}s, $(echo "$lines / $secs" | bc) records/s on $jobs threads"
echo "peak RSS: ${rss} KB"
tail -1 /tmp/bench-jsonl.out
