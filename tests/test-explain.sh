#!/bin/sh
# test-explain.sh - explain=1 and expand=0|1 against a real wsis-searchd
# (tests/explain/check-explain.py): every explanation adds up to its hit's
# score; expansion words appear only where expansion runs; the client's
# --explain prints them.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# Debian's python3, whose python3-xapian reads the index's term lists (the
# expansion check); another python3 runs the rest
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import xapian' 2>/dev/null || PY=python3
command -v "$PY" >/dev/null || skip_all "python3 is not installed"
cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1
start_searchd explain || exit 1

cat "$top_srcdir"/corpus/* | tr -cs "A-Za-z" "\n" | awk 'length($0) > 3' | sort -u > words
# checks INDEX LABEL: check-explain.py against the daemon at $HTTP serving
# INDEX, each of its lines a TAP result, LABEL before each description
checks() {
	"$PY" "$top_srcdir/tests/explain/check-explain.py" "$HTTP" words "$1" > "$1.checks" 2>&1
	_prc=$?
	while IFS= read -r line; do
		case $line in
		'#'*) echo "$line" ;;
		0\ *) ok 1 "$2${line#0 }" ;;
		1\ *) ok 0 "$2${line#1 }" ;;
		*) echo "# $line" ;;
		esac
	done < "$1.checks"
	ok $_prc "${2}check-explain.py ran to its end"
}
checks idx ""

# the same checks over three shards of the same input (a XAPIANDB stub):
# each explanation must still add up to its hit's score
"$top_builddir/wsis-indexer" -q --shards 3 "$top_srcdir/corpus" -o idx3 || exit 1
MAIN_HTTP=$HTTP MAIN_NATIVE=$NATIVE
SEARCHD_INDEX=$TMP/idx3 start_searchd explain3 || exit 1
checks idx3 "3 shards: "
HTTP=$MAIN_HTTP NATIVE=$MAIN_NATIVE

run "$top_builddir/wsis-search" --server "$NATIVE" --color=never --limit 1 --explain \
    "what time is the opening"
like "$out" '= stem:open [0-9.]+ \+ answer: date time [0-9.]+' \
    "wsis-search --explain: the word and the answer kind that made the score"
run "$top_builddir/wsis-search" --server "$NATIVE" --color=never --limit 1 --explain \
    --no-expand "women internet access digital divide"
unlike "$out" '= .*\([a-z:]+ [0-9.]+\)' "wsis-search --no-expand --explain: no expansion word"
run "$top_builddir/wsis-search" --server "$NATIVE" --color=never --limit 1 --explain \
    "women internet access digital divide"
like "$out" '\+ \([a-z:]+ [0-9.]+\)' "wsis-search --explain: expansion words in parentheses"

done_testing
