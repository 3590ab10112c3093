#!/bin/sh
# test-api.sh - the HTTP API a portal relies on, against a real wsis-searchd:
# unknown parameters ignored with a notice, limit and offset echoed and a
# capped limit said, one escaping rule, one passage shape, ETag/304 and
# Cache-Control, CORS with its preflight, /opensearch.xml, /suggest, and
# every route's real replies checked against /openapi.json.  The checks
# and their references are tests/api/check-api.py (Python's standard
# library); the OpenAPI checker is tests/api/openapi.py.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
cd "$TMP" || exit 1

# a passage whose every string holds what HTML would read as markup
cat > hostile.json <<'JSON'
{"id":"x<&>:1","title":"<b>Title</b> & \"co\"","text":"A <script>alert('x')</script> & \"quoted\" passage about broadband: 1 < 2 > 0, R&D's &copy; text.","fields":{"section":"<i>S</i> & sec","room":"R&D <lab>"}}
JSON
tr -d '\n' < hostile.json > extra.jsonl && echo >> extra.jsonl
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" extra.jsonl -o idx || exit 1

start_searchd api --cors-origins 'http://portal.example/, http://other.example' \
    --http-max-age 120 --admin-tcp yes || exit 1

# check SECTION...: runs the checks, each line one TAP result
check() {
	python3 "$top_srcdir/tests/api/check-api.py" "$HTTP" hostile.json "$@" > checks.out 2>&1
	_prc=$?
	while IFS= read -r line; do
		case $line in
		'#'*) echo "$line" ;;
		0\ *) ok 0 "${line#0 }" ;;
		1\ *) ok 1 "${line#1 }" ;;
		*) echo "# $line" ;;
		esac
	done < checks.out
	# a Python error ends the run early: that is a failure too
	[ $_prc -eq 0 ] || grep -q '^1 ' checks.out || ok 1 "check-api.py $* ran (exit $_prc)"
}

check params limits escaping shape cors opensearch suggest openapi "cache:120:before"

# a rebuilt index, reloaded: every ETag changes
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://$HTTP/reload")
is "$code" 200 "POST /reload"
check cache_after_reload
stop_searchd

# http-max-age 0: replies are revalidated each time
start_searchd api0 --http-max-age 0 || exit 1
check "cache:0:zero"
stop_searchd

done_testing
