#!/bin/sh
# test-relevance.sh - the measured relevance suite: judged queries over
# corpus/, ours against plain Xapian; fails below the quality thresholds
# (see tests/relevance/relevance.c).  Prints TAP itself.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
exec "$top_builddir/tests/relevance/relevance" "$top_srcdir/corpus" \
	"$top_srcdir/tests/relevance/queries.jsonl"
