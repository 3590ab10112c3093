#!/bin/sh
# test-browser.sh - the portal in a real browser: Debian's chromium,
# headless, driven by node with puppeteer-core (tests/browser/portal.mjs).
# Skipped, saying why, without chromium, node or the npm packages
# (./quickstart.sh test installs all three).  Screenshots of each view go
# to $top_builddir/tests/browser-artefacts/.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

NODE=$(command -v node) || skip_all "node is not installed (Debian package nodejs)"
CHROMIUM=$(command -v chromium) || skip_all "chromium is not installed (Debian package chromium)"
PY=$(command -v python3) || skip_all "python3 is not installed"
BROWSER_DIR=$top_srcdir/tests/browser
[ -d "$BROWSER_DIR/node_modules/puppeteer-core" ] ||
	skip_all "puppeteer-core is not installed: (cd tests/browser && npm ci)"
ART=$top_builddir/tests/browser-artefacts
cd "$TMP" || exit 1

cat > hostile.jsonl <<'JSONL'
{"id":"evil:1","title":"Tom & Jerry's <b>Review</b> (2016)","text":"Salt & pepper <script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=2\"> zanzibarite cooperation.","fields":{"part":"evil","para":"7","section":"<i>Odd</i> & \"quoted\""}}
JSONL
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" hostile.jsonl -o idx || exit 1
# the other origin's port: free now, taken by portal.mjs's own server
OTHER=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_searchd browser --cors-origins "http://127.0.0.1:$OTHER" || exit 1
HOME=$TMP TMPDIR=$TMP timeout 300 "$NODE" "$BROWSER_DIR/portal.mjs" "http://$HTTP" "$OTHER" "$ART" "$CHROMIUM"
