#!/bin/sh
# test-generated.sh - the generated checks of issue 21 (tests/gen/): every
# word and every adjacent pair of words of corpus/ searched, the mentions
# audit of every repeated phrase, totals of every page, and typed text, each
# compared with the independent reference of tests/gen/reference.py, against
# a real wsis-searchd on free loopback ports.  generated.py prints the TAP.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# Debian's python3 with python3-xapian (the Snowball stemmer); not a python
# of PATH, which may lack the module
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "$PY is not installed (Debian package python3)"
"$PY" -c 'import xapian' 2>/dev/null || skip_all "python3-xapian is not installed"
cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || { echo "Bail out! wsis-indexer failed"; exit 1; }
start_searchd gen || { echo "Bail out! wsis-searchd did not start"; exit 1; }
"$PY" -B "$top_srcdir/tests/gen/generated.py" --http "$HTTP" \
	--normalize "$top_srcdir/lib/normalize.c" \
	--queries "$top_srcdir/tests/relevance/queries.jsonl"
rc=$?
stop_searchd
exit $rc
