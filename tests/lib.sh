# lib.sh - TAP helpers for the shell tests (sourced).
# Each test ends with `done_testing`, which prints the plan and exits non-zero
# when anything failed.  Temporary files live in $TMP, removed at exit.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wsis-test.XXXXXX")
_n=0
_failed=0
_cleanup_hooks=""
at_exit() { _cleanup_hooks="$_cleanup_hooks
$1"; }
_cleanup() { eval "$_cleanup_hooks"; rm -rf "$TMP"; }
trap _cleanup EXIT

ok() {   # ok COND_EXIT_STATUS DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}
# run CMD... ; sets $out (stdout+stderr) and $rc
run() { out=$("$@" 2>&1); rc=$?; }
# is GOT WANT DESCRIPTION
is() {
	[ "$1" = "$2" ]; ok $? "$3"
	[ "$1" = "$2" ] || printf '#   got  "%s"\n#   want "%s"\n' "$1" "$2"
}
# like TEXT PATTERN DESCRIPTION (grep -E)
like() {
	printf '%s\n' "$1" | grep -Eq -- "$2"; _r=$?; ok $_r "$3"
	[ $_r = 0 ] || printf '#   "%s"\n#   does not match /%s/\n' "$(printf '%s' "$1" | head -c 600)" "$2"
}
unlike() {
	printf '%s\n' "$1" | grep -Eq -- "$2"; _r=$?
	[ $_r != 0 ]; ok $? "$3"
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
done_testing() {
	echo "1..$_n"
	[ "$_failed" = 0 ]
}

# ---- a real wsis-searchd on free loopback ports ----
# start_searchd NAME [FLAGS...]: starts a daemon on an index at $TMP/idx with
# ports picked by the kernel; sets SEARCHD_PID, NATIVE (HOST:PORT), HTTP
# (HOST:PORT), SOCK and LOG.  Fails the test run if it does not come up.
start_searchd() {
	_name=$1; shift
	LOG=$TMP/searchd-$_name.log
	SOCK=$TMP/$_name.sock
	# WSIS_SEARCHD_WRAPPER runs the daemon under a tool (tests/test-valgrind.sh
	# sets "valgrind ..."); it then gets 60 s instead of 10 to come up.
	_wait=100
	[ -n "${WSIS_SEARCHD_WRAPPER:-}" ] && _wait=600
	${WSIS_SEARCHD_WRAPPER:-} "$top_builddir/wsis-searchd" --index "${SEARCHD_INDEX:-$TMP/idx}" \
		--listen 127.0.0.1:0 --http 127.0.0.1:0 --socket "$SOCK" \
		--foreground --workers 2 "$@" >"$LOG" 2>&1 &
	SEARCHD_PID=$!
	at_exit "kill -9 $SEARCHD_PID 2>/dev/null"
	_i=0
	while [ $_i -lt $_wait ]; do
		NATIVE=$(sed -n 's/.*native protocol listening on \(.*\)$/\1/p' "$LOG" 2>/dev/null | tail -1)
		HTTP=$(sed -n 's/.*http listening on \(.*\)$/\1/p' "$LOG" 2>/dev/null | tail -1)
		[ -n "$NATIVE" ] && [ -n "$HTTP" ] && grep -q 'serving' "$LOG" && return 0
		kill -0 $SEARCHD_PID 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "# wsis-searchd did not start:"; sed 's/^/#   /' "$LOG"
	return 1
}
# stop_searchd: SIGTERM and wait; sets $stop_rc to its exit status.
stop_searchd() {
	kill -TERM $SEARCHD_PID 2>/dev/null
	_i=0
	while kill -0 $SEARCHD_PID 2>/dev/null && [ $_i -lt 150 ]; do sleep 0.1; _i=$((_i + 1)); done
	wait $SEARCHD_PID 2>/dev/null; stop_rc=$?
}
RAW=$top_builddir/tests/rawsock
# raw BYTES [rawsock flags]: sends BYTES (printf format) to the native port
raw() { _b=$1; shift; printf "$_b" | "$RAW" -t "$NATIVE" "$@"; }
