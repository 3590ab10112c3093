#!/bin/sh
# test-hittext.sh - a search hit's and an audited passage's text is bounded
# (SEARCH and MENTIONS text=, the hit-text setting) over the native
# protocol and HTTP, the audit's occurrences unchanged: generated long
# passages in multibyte text cut at a word at many bounds, DOC whole, the
# reply cache keeping the bounds apart, bad values refused, and the client's
# --text (tests/hittext/hittext.py holds the checks).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is not installed"
cd "$TMP" || exit 1
PY=$top_srcdir/tests/hittext/hittext.py

python3 "$PY" corpus gen.jsonl || exit 1
"$top_builddir/wsis-indexer" -q gen.jsonl -o idx || exit 1

# each line of hittext.py check: "0 what" passed, "1 what" failed
checks() {
	python3 "$PY" check "$NATIVE" "$HTTP" gen.jsonl "$@" >checks.out 2>&1
	ok $? "hittext.py ran"
	while read -r st what; do
		case $st in 0|1) ok "$st" "$what" ;; *) echo "# $st $what" ;; esac
	done <checks.out
}

start_searchd default || exit 1
checks 4096
# the client asks with --text and refuses it where it means nothing
run "$top_builddir/wsis-search" --server "$NATIVE" --json --text 7 needle
like "$out" '"text_cut":true' "wsis-search --text 7: the hits' texts are cut"
unlike "$out" '"text":"[^"]{8,}"' "... to 7 bytes at most"
run "$top_builddir/wsis-search" --server "$NATIVE" --json --text all needle
unlike "$out" 'text_cut' "wsis-search --text all: no hit's text is cut"
run "$top_builddir/wsis-search" --server "$NATIVE" --json --text 7 mentions needle
like "$out" '"text_cut":true' "wsis-search mentions --text 7: the passages' texts are cut"
unlike "$out" '"text":"[^"]{8,}"' "... to 7 bytes at most"
run "$top_builddir/wsis-search" --server "$NATIVE" --text 7 doc long:1
[ "$rc" != 0 ]; ok $? "wsis-search doc --text is refused"
run "$top_builddir/wsis-search" --help
like "$out" '--text N\|all' "--help names --text"
stop_searchd

# the server's default: hit-text
start_searchd small --hit-text 100 || exit 1
checks 100
stop_searchd
start_searchd none --hit-text 0 || exit 1
checks 0
stop_searchd
done_testing
