#!/usr/bin/env bash
# Timings and memory for the hostile inputs of issue 12 (items 5, 6, 7, 8), on the release
# binary. Not a test: numbers to compare before/after a change. Needs python3 and GNU time.
# Usage: scripts/io-limits.sh [path/to/contentlint]
set -euo pipefail
# Every run lints: timings and comparisons must not read the result cache.
export CONTENTLINT_NO_CACHE=1
bin=${1:-target/release/contentlint}
[ -x "$bin" ] || cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "$label: %e s, %M KB peak" "$@" >"$tmp/out" 2>"$tmp/err" || true
  tail -n1 "$tmp/err"
  echo "  output: $(wc -c <"$tmp/out") bytes"
}

python3 -c "print('#\n' * 100000, end='')" >"$tmp/headings.md"
python3 -c "print('# T\n\n' + 'word ' * 4000000 + 'in order to end')" >"$tmp/long.md"

measure "100k empty headings, human" "$bin" check "$tmp/headings.md"
measure "100k empty headings, json" "$bin" check --format json "$tmp/headings.md"
measure "20 MB one-line article, human" "$bin" check "$tmp/long.md"
measure "/dev/zero" timeout 20 "$bin" check /dev/zero

# The language server: open the 100k-heading document, then shut down.
python3 - "$tmp/headings.md" >"$tmp/lsp.in" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
def frame(m):
    b = json.dumps(m).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b
out = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
out += frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
out += frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": "file:///tmp/h.md", "languageId": "markdown", "version": 1, "text": text}}})
out += b"Content-Length: 99999999999\r\n\r\n"
out += frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
out += frame({"jsonrpc": "2.0", "method": "exit"})
sys.stdout.buffer.write(out)
PY
/usr/bin/time -f "lsp, 100k empty headings + huge Content-Length: %e s, %M KB peak" \
  "$bin" lsp <"$tmp/lsp.in" >"$tmp/out" 2>"$tmp/err" && echo "  exit 0" || echo "  exit $?"
tail -n1 "$tmp/err"
