#!/bin/sh
# test-replicate.sh - index generations shipped to a read replica with
# Xapian's replication (xapian-replicate-server, xapian-replicate) while
# the replica's wsis-searchd answers queries (tests/cluster/replicate.py).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
command -v xapian-replicate >/dev/null || skip_all "xapian-replicate is not installed"
python3 "$top_srcdir/tests/cluster/replicate.py" "$top_builddir" "$TMP"
