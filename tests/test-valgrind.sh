#!/bin/sh
# test-valgrind.sh - tests/test-searchd.sh again with every daemon it starts
# under valgrind memcheck (through WSIS_SEARCHD_WRAPPER, see start_searchd in
# tests/lib.sh).  Its TAP lines are repeated here, prefixed "valgrind:", and
# each daemon gets one more line: valgrind found no memory error and no
# definite leak in it.
# Slow: `make check` skips it unless WSIS_SLOW_TESTS is set (see Makefile.am).
if [ -z "${WSIS_SLOW_TESTS:-}" ] && [ -n "${top_builddir:-}" ]; then
	echo "1..0 # SKIP slow; WSIS_SLOW_TESTS=yes make check, or ./quickstart.sh test, runs it"
	exit 0
fi
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v valgrind >/dev/null || skip_all "valgrind is not installed"
t0=$(date +%s)
vg=$TMP/valgrind
mkdir -p "$vg"
# Definite leaks count as errors; "possibly lost" and "still reachable"
# (memory held by libevent and Xapian at exit) do not.
WSIS_SEARCHD_WRAPPER="valgrind --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite --errors-for-leak-kinds=definite \
--num-callers=30 --log-file=$vg/searchd.%p.log"
export WSIS_SEARCHD_WRAPPER

${SHELL:-/bin/sh} "$top_srcdir/tests/test-searchd.sh" >"$TMP/out" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*)
		ok 0 "valgrind: $(printf '%s' "$line" | sed 's/^ok [0-9]* *-* *//')" ;;
	"not ok "*)
		ok 1 "valgrind: $(printf '%s' "$line" | sed 's/^not ok [0-9]* *-* *//')" ;;
	"#"*)
		printf '%s\n' "$line" ;;
	esac
done <"$TMP/out"
[ $rc = 0 ]; ok $? "valgrind: tests/test-searchd.sh exits 0 ($rc)"

n=0
for log in "$vg"/searchd.*.log; do
	[ -f "$log" ] || continue
	n=$((n + 1))
	pid=${log##*/searchd.}; pid=${pid%.log}
	args=$(sed -n 's/^==[0-9]*== Command: //p' "$log" | head -1 |
		sed 's/.*--workers 2 *//')
	summary=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: //p' "$log" | tail -1)
	case $summary in
	"0 errors"*) ok 0 "valgrind: wsis-searchd ${args:+$args }(pid $pid): $summary" ;;
	*)
		ok 1 "valgrind: wsis-searchd ${args:+$args }(pid $pid): ${summary:-no summary (killed?)}"
		grep -v '^==[0-9]*== *$' "$log" | head -n 80 | sed 's/^/#   /' ;;
	esac
done
[ $n -ge 1 ]; ok $? "valgrind: ran $n daemons under memcheck"
echo "# $(basename "$0"): $(($(date +%s) - t0)) s"
done_testing
