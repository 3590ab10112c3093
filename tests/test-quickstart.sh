#!/bin/sh
# test-quickstart.sh - ./quickstart.sh serve in a tree of its own: it passes
# its options to the daemon, indexes once and reuses an index newer than
# corpus/ and the indexer, and stops with a clear message, index untouched,
# when its port is taken.  The tree holds this build's programs and a
# Makefile that builds nothing, so quickstart's build step has nothing to do.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v bash >/dev/null || skip_all "bash is not installed (quickstart.sh probes ports with it)"
# quickstart installs what is missing with apt-get: only where nothing is
for p in $(sed -n 's/^PACKAGES="\([^$]*\)"$/\1/p' "$top_srcdir/quickstart.sh"); do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		skip_all "the Debian package $p is not installed: quickstart.sh would install it"
done

Q=$TMP/tree
mkdir -p "$Q/corpus"
cp "$top_srcdir/quickstart.sh" "$Q/"
cp "$top_srcdir"/corpus/* "$Q/corpus/"
for prog in wsis-indexer wsis-searchd wsis-search; do
	cp "$top_builddir/$prog" "$Q/"
done
# newest last: configure after configure.ac, Makefile.in after Makefile.am,
# Makefile after configure; its default target does nothing
(cd "$Q" && touch configure.ac Makefile.am && sleep 1 &&
	printf '#!/bin/sh\nexit 0\n' > configure && chmod +x configure && touch Makefile.in &&
	sleep 1 && printf 'all:\n\t@:\n' > Makefile)

# serve ARGS...: starts ./quickstart.sh serve in the tree; sets QPID and QLOG,
# and waits for the daemon to say it serves (or for quickstart to exit)
serve() {
	QLOG=$TMP/serve-$_n.log
	(cd "$Q" && exec ./quickstart.sh serve "$@") > "$QLOG" 2>&1 &
	QPID=$!
	at_exit "kill $QPID 2>/dev/null"
	_i=0
	while ! grep -q 'info: serving' "$QLOG" && kill -0 $QPID 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
}
stop() { kill $QPID 2>/dev/null; wait $QPID 2>/dev/null; }
gen() { readlink "$Q/idx"; }

# ---- the first run indexes; options go to the daemon ----
serve --listen 127.0.0.1:0 --http 127.0.0.1:0 --workers 3
log=$(cat "$QLOG")
like "$log" 'wsis-indexer: idx -> idx.gens/gen-000001' "the first serve indexes corpus/ into idx"
port=$(sed -n 's/.*native protocol listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$QLOG")
hport=$(sed -n 's/.*http listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$QLOG")
[ -n "$port" ] && [ "$port" != 7711 ]; ok $? "--listen 127.0.0.1:0 reaches the daemon (port $port, not 7711)"
[ -n "$hport" ] && [ "$hport" != 7780 ]; ok $? "--http 127.0.0.1:0 reaches the daemon (port $hport, not 7780)"
like "$log" 'with 3 workers' "--workers 3 reaches the daemon"
run "$top_builddir/wsis-search" --server "$port" --count "enhanced cooperation"
is "$out" 10 "the daemon quickstart started answers"

# ---- its port taken: a clear message, the index untouched ----
before=$(gen)
touch "$Q/corpus"/*        # an index that would be rebuilt
run sh -c "cd '$Q' && ./quickstart.sh serve --listen $port --http 127.0.0.1:0"
[ "$rc" != 0 ]; ok $? "serve on a taken port: non-zero exit"
like "$out" "something already listens on 127\.0\.0\.1:$port" "serve on a taken port: says which address is taken"
unlike "$out" 'wsis-indexer' "serve on a taken port: does not re-index under the running daemon"
is "$(gen)" "$before" "serve on a taken port: idx still points at $before"
stop

# ---- an index older than corpus/ is rebuilt; an up-to-date one reused ----
serve --listen 127.0.0.1:0 --http 127.0.0.1:0
like "$(cat "$QLOG")" 'wsis-indexer: idx -> idx.gens/gen-000002' "corpus/ newer than idx: indexed again"
stop
serve --listen 127.0.0.1:0 --http 127.0.0.1:0
log=$(cat "$QLOG")
like "$log" 'idx is up to date' "idx newer than corpus/ and the indexer: says it reuses it"
unlike "$log" 'wsis-indexer:' "idx newer than corpus/ and the indexer: not re-indexed"
like "$log" 'info: serving' "and serves it"
stop
sleep 1; touch "$Q/wsis-indexer"
serve --listen 127.0.0.1:0 --http 127.0.0.1:0
like "$(cat "$QLOG")" 'wsis-indexer: idx -> idx.gens/gen-000003' "an indexer newer than idx: indexed again"
stop

done_testing
