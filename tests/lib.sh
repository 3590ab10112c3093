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
