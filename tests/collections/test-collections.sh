#!/bin/sh
# test-collections.sh - ranking quality on the Cranfield and CISI test
# collections: ours against plain Xapian and SQLite FTS5 (README.md here).
# The collections are third-party data kept outside the project, in
# ../shared/relevance/collections beside the source tree, or where
# WSIS_COLLECTIONS points; without them the test is skipped.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top_srcdir/tests/lib.sh"

dir=${WSIS_COLLECTIONS:-$top_srcdir/../shared/relevance/collections}
[ -d "$dir" ] ||
	skip_all "no test collections at $dir (set WSIS_COLLECTIONS to their directory)"
TMPDIR=$TMP "$top_builddir/tests/collections/collections" "$dir"
