#!/usr/bin/env bash
# Renders the HTML KPI report (the board pack) in headless Chromium and checks it: the DOM loads
# with its charts, the console shows no error or blocked load (the page must need nothing from
# outside), a screenshot is taken, and printing gives a multi-page A4 PDF.
#
#   scripts/check-html.sh [REPORT.html] [OUT_DIR]
#
# Without REPORT.html, the report of examples/acme-ml is built first (needs `npm run compile`).
# Writes OUT_DIR/kpi.png, OUT_DIR/kpi.pdf, OUT_DIR/dom.html, OUT_DIR/console.log.
# Exit 0 when every check passes, 1 when one fails, 3 when Chromium is not installed
# (Debian: apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${2:-$(mktemp -d "${TMPDIR:-/tmp}/modelgate-html-XXXXXX")}"
mkdir -p "$out"
html="${1:-}"
if [ -z "$html" ]; then
  html="$out/kpi.html"
  node bin/modelgate.js report examples/acme-ml --format html --as-of 2026-11-28 --output "$html" 2>/dev/null
fi
html="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"

browser=""
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then browser="$name"; break; fi
done
if [ -z "$browser" ]; then
  echo "check-html: Chromium is not installed (apt-get install -y chromium); HTML report not checked" >&2
  exit 3
fi

profile="$(mktemp -d "${TMPDIR:-/tmp}/modelgate-chromium-XXXXXX")"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$profile")
url="file://$html"

# One browser start does all three in the headless mode of current Chromium; an older one that
# writes only some of them gets a start per output, as before.
"$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom --screenshot="$out/kpi.png" --window-size=1200,2000 --hide-scrollbars \
  --print-to-pdf="$out/kpi.pdf" --no-pdf-header-footer "$url" >"$out/dom.html" 2>"$out/console.log" || true
if ! grep -q '<svg ' "$out/dom.html" || [ ! -s "$out/kpi.png" ] || [ ! -s "$out/kpi.pdf" ]; then
  "$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "$url" >"$out/dom.html" 2>"$out/console.log" || true
  "$browser" "${flags[@]}" --screenshot="$out/kpi.png" --window-size=1200,2000 --hide-scrollbars "$url" >/dev/null 2>&1 || true
  "$browser" "${flags[@]}" --print-to-pdf="$out/kpi.pdf" --no-pdf-header-footer "$url" >/dev/null 2>&1 || true
fi

failed=0
fail() { echo "check-html: FAIL: $*" >&2; failed=1; }

grep -q 'Model governance KPI report' "$out/dom.html" || fail "the page did not render (no title in the DOM)"
svgs=$(grep -o '<svg ' "$out/dom.html" | wc -l)
[ "$svgs" -ge 1 ] || fail "no SVG chart in the rendered DOM"
if grep -E 'CONSOLE|Refused to|Content Security Policy|Failed to load resource|Uncaught' "$out/console.log" >"$out/console-errors.log"; then
  fail "console messages (the page must load nothing and run nothing):"
  cat "$out/console-errors.log" >&2
fi
png_size=$(stat -c %s "$out/kpi.png" 2>/dev/null || echo 0)
[ "$png_size" -gt 10000 ] || fail "screenshot missing or empty ($png_size bytes)"
# The page tree's /Count (Chromium writes it uncompressed); the largest one is the document's.
pages=$(grep -a -o '/Count [0-9]*' "$out/kpi.pdf" 2>/dev/null | awk '{ if ($2 > n) n = $2 } END { print n + 0 }')
[ "$pages" -ge 2 ] || fail "printing gave $pages page(s); expected the sections on separate A4 pages"

if [ "$failed" -ne 0 ]; then exit 1; fi
echo "check-html: ok: $svgs SVG chart(s), no console message, screenshot $out/kpi.png ($png_size bytes), $pages PDF page(s) in $out/kpi.pdf"
