#!/bin/sh
# test-cluster.sh - a small cluster on one machine: three shards served by
# xapian-tcpsrv on 127.0.0.2-4, one wsis-searchd searching them under load
# while a shard is stopped, killed and started again (tests/cluster/cluster.py).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
command -v xapian-tcpsrv >/dev/null || skip_all "xapian-tcpsrv is not installed"
python3 "$top_srcdir/tests/cluster/cluster.py" "$top_builddir" "$TMP"
