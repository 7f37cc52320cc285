#!/usr/bin/env bash
# Drives the HTML report in a real headless Chromium: the page loads without console errors,
# sorting, filtering and search change the rows, a page opens to its findings, and a
# screenshot is written.
#
#   scripts/html-report-test.sh [BINARY] [OUT_DIR]
#
# BINARY defaults to target/debug/contentlint; OUT_DIR (report.html, report.png, result.json)
# to a new temporary directory. Installs Debian's `chromium` when /usr/bin/chromium is
# missing (apt-get, as root) and playwright-core from npm into a cache directory
# ($CONTENTLINT_NODE_CACHE, default ~/.cache/contentlint-html-test) on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
bin="${1:-$root/target/debug/contentlint}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "html-report-test: /usr/bin/chromium is missing; run as root to install it (apt-get install chromium)" >&2
    exit 2
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

node_cache="${CONTENTLINT_NODE_CACHE:-$HOME/.cache/contentlint-html-test}"
if [ ! -d "$node_cache/node_modules/playwright-core" ]; then
  mkdir -p "$node_cache"
  (cd "$node_cache" && npm install --no-audit --no-fund --silent playwright-core@1.65 >/dev/null)
fi

# The fixture tree: every article under fixtures/ (passing and failing pages in folders),
# with a fixed date so the report does not depend on the day it runs.
(cd "$root" && "$bin" check --format html --today 2026-06-01 --no-cache fixtures >"$out/report.html") || {
  code=$?
  # 1 means some page fails, which the fixtures are there to show; 2 or more is an error.
  [ "$code" = 1 ] || { echo "html-report-test: contentlint exited $code" >&2; exit 2; }
}

PLAYWRIGHT_CORE="$node_cache/node_modules/playwright-core" \
  node "$here/html-report-test.cjs" "$out/report.html" "$out/report.png" | tee "$out/result.json"
echo "html-report-test: screenshot $out/report.png ($(stat -c %s "$out/report.png") bytes)"
