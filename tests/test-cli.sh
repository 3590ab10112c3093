#!/bin/sh
# test-cli.sh - the three programs' command lines say the same things the
# same way: an unknown option is named with the one usage line of --help; an
# address error has one wording in every program; a port alone is
# 127.0.0.1:PORT; a config file error is its file:line line only.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1
IDX="--index $TMP/idx"

# ---- unknown options: each program, long and short ----
for prog in wsis-indexer wsis-searchd wsis-search; do
	usage=$("$top_builddir/$prog" --help | sed -n 1p)
	for opt in --no-such-option -Z --no-such-option=1; do
		run "$top_builddir/$prog" $opt
		is "$rc" 2 "$prog $opt: exit 2"
		# getopt names --x=1 without its value; wsis-searchd too
		name=${opt%%=*}
		is "$out" "$prog: unknown option $name
$usage" "$prog $opt: 'unknown option $name' and the first line of --help, nothing more"
	done
done

# ---- address errors: one wording ----
# Every address a listener and the client all refuse; each program says
# "PROG: --FLAG: REASON", and REASON is the same in all three.
for spec in 'host:99999' '::1:7711' '[::1' '[::1]x' 'a b:1' 'h:' '123456'; do
	run "$top_builddir/wsis-searchd" $IDX --listen "$spec" --http "" --foreground
	listen=$out; listen_rc=$rc
	run "$top_builddir/wsis-searchd" $IDX --listen "" --http "$spec" --foreground
	http=$out; http_rc=$rc
	run "$top_builddir/wsis-search" --server "$spec" ping
	client=$out; client_rc=$rc
	[ "$listen_rc" != 0 ] && [ "$http_rc" != 0 ] && [ "$client_rc" = 2 ]
	ok $? "\"$spec\": refused by --listen, --http and --server"
	# a listener takes port 0 (the system picks one), the client does not:
	# the lowest port is the one word allowed to differ
	norm() { printf '%s\n' "$1" | sed -n "s/^$2: //p" | sed 's/from [01] to/from N to/'; }
	reason=$(norm "$client" "wsis-search: --server")
	[ -n "$reason" ]; ok $? "\"$spec\": wsis-search says --server: REASON ($reason)"
	is "$(norm "$listen" "wsis-searchd: --listen")" "$reason" "\"$spec\": --listen gives the same reason"
	is "$(norm "$http" "wsis-searchd: --http")" "$reason" "\"$spec\": --http gives the same reason"
done

# ---- a port alone is 127.0.0.1:PORT ----
# port 0 asks the system for one; the log names what was bound
start_searchd bare --listen 0 --http 0 || exit 1
like "$(cat "$LOG")" "native protocol listening on 127\.0\.0\.1:[1-9]" "--listen 0: 127.0.0.1 and a port the system picked"
like "$(cat "$LOG")" "http listening on 127\.0\.0\.1:[1-9]" "--http 0: 127.0.0.1 and a port the system picked"
port=${NATIVE##*:}
run "$top_builddir/wsis-search" --server "$port" --limit 1 "enhanced cooperation"
is "$rc" 0 "wsis-search --server $port: reaches 127.0.0.1:$port"
like "$out" "draft:38" "wsis-search --server $port: the daemon answers"
run env WSIS_SERVER="$port" "$top_builddir/wsis-search" ping
is "$rc" 0 "WSIS_SERVER=$port: reaches 127.0.0.1:$port"
stop_searchd

# ---- a config file error: its file:line line, no usage ----
printf 'workers = 3\n\n# a comment\nnonsense\n' > bad.conf
printf 'workers = lots\n' > badvalue.conf
printf 'no-such-key = 1\n' > badkey.conf
for case in "bad.conf:4: expected key = value" \
    "badvalue.conf:1: workers: 'lots' is not a whole number from 1 to 256" \
    "badkey.conf:1: unknown setting 'no-such-key'"; do
	file=${case%%:*}
	run "$top_builddir/wsis-searchd" --config "$file" $IDX --foreground
	is "$rc" 2 "$file: exit 2"
	is "$out" "wsis-searchd: $case" "$file: the one file:line line, no usage"
done
run "$top_builddir/wsis-searchd" --config "$TMP/absent.conf" $IDX --foreground
is "$out" "wsis-searchd: $TMP/absent.conf: No such file or directory" "a missing config file: one line"

done_testing
