#!/bin/sh
# test-portal.sh - the portal's server-made pages (/search.html, /p/ID,
# /mentions.svg) and files (/, /widget.js) on a real wsis-searchd, checked
# by tests/portal/check.py against the JSON replies they are made from, on
# the corpus plus a passage written to be hostile (markup and & in its text,
# section and title).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PY=$(command -v python3) || skip_all "python3 is not installed"
cd "$TMP" || exit 1
cat > hostile.jsonl <<'JSONL'
{"id":"evil:1","title":"Tom & Jerry's <b>Review</b> (2016)","text":"Salt & pepper <script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=2\"> zanzibarite cooperation.","fields":{"part":"evil","para":"7","section":"<i>Odd</i> & \"quoted\""}}
JSONL
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" hostile.jsonl -o idx || exit 1
start_searchd portal || exit 1
"$PY" "$top_srcdir/tests/portal/check.py" "http://$HTTP" "$top_srcdir"/corpus/*.txt hostile.jsonl
