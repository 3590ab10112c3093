#!/bin/sh
# test-asan.sh - the whole `make check` again, built with AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer (./configure --enable-asan),
# in $top_builddir/build-asan.  Its test results are repeated here as TAP
# lines prefixed "asan:", so every sanitizer finding fails this test.
#
# The source tree is copied there first (without objects and build
# directories) and configured in place: automake refuses a second, out-of-
# tree configuration of a source tree that is already configured in place,
# which is how ./quickstart.sh builds.  libevent, Xapian and zlib are not
# instrumented (ASan still checks every byte our code touches in them, and
# LSan sees their allocations).  The only suppression, in tests/lsan.supp,
# is a leak inside Xapian's QueryParser, with its proof.
# Slow: `make check` skips it unless WSIS_SLOW_TESTS is set (see Makefile.am).
if [ -z "${WSIS_SLOW_TESTS:-}" ] && [ -n "${top_builddir:-}" ]; then
	echo "1..0 # SKIP slow; WSIS_SLOW_TESTS=yes make check, or ./quickstart.sh test, runs it"
	exit 0
fi
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

dir=$top_builddir/build-asan
t0=$(date +%s)
# The make that runs this test passes its command-line variables (such as
# TESTS=) down through MAKEFLAGS: the inner make must not see them, or it
# could run this test again, inside itself.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES VERBOSE
# ... nor run the slow tests (this one among them) again, nor install the
# Debian package into the machine a second time (tests/test-package.sh
# builds it from the source tree, not from this copy)
WSIS_SLOW_TESTS=
WSIS_PACKAGE_TEST=
export WSIS_SLOW_TESTS WSIS_PACKAGE_TEST
jobs=$(nproc 2>/dev/null || echo 2)
rm -rf "$dir"
mkdir -p "$dir" || exit 1
(cd "$top_srcdir" && tar -cf - --exclude=./.git --exclude='./build-[!a]*' \
	--exclude=./build-asan --exclude=./build --exclude=./idx \
	--exclude=./idx.gens --exclude='*.o' --exclude='*.a' --exclude='*.log' \
	--exclude='*.trs' .) | (cd "$dir" && tar -xf -)
ok $? "asan: copy the source tree to $dir"

cd "$dir" || exit 1
run sh -c './configure -q --enable-asan && make clean >/dev/null && make -s -j'"$jobs"
ok $rc "asan: ./configure --enable-asan && make"
[ $rc = 0 ] || { printf '%s\n' "$out" | tail -n 40 | sed 's/^/#   /'; done_testing; exit 1; }

# LSan is on by default with ASan on Linux; say so anyway.  Every report
# goes to a file per process in $TMP/san, so one from a process whose exit
# status no test looks at (a daemon killed at the end, a client in a
# pipeline) still fails this test.
mkdir -p "$TMP/san"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}:log_path=$TMP/san/asan
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}:log_path=$TMP/san/ubsan
# Leaks proven to be Xapian's, not ours: tests/lsan.supp says which and why.
LSAN_OPTIONS=${LSAN_OPTIONS:-print_suppressions=0}:suppressions=$top_srcdir/tests/lsan.supp
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
# The tests run one at a time, as in the outer make check: the daemon tests
# have timing margins that ASan on 2 busy cores can eat.
make -s check >"$TMP/check.out" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	*"Testsuite summary"*)
		break ;;     # what follows repeats the results
	SKIP:\ tests/test-asan.sh*|SKIP:\ tests/test-valgrind.sh*|SKIP:\ tests/fuzz/run.sh*)
		;;   # the slow tests, run by the outer make check
	PASS:*|XFAIL:*)
		ok 0 "asan: ${line#*: }" ;;
	SKIP:*"# SKIP"*)
		ok 0 "asan: ${line#*: }" ;;
	SKIP:*)
		ok 0 "asan: ${line#*: } # SKIP" ;;
	FAIL:*|XPASS:*|ERROR:*)
		ok 1 "asan: ${line#*: }" ;;
	esac
done <"$TMP/check.out"
[ $rc = 0 ]; ok $? "asan: make check exits 0 ($rc)"
reports=$(ls "$TMP/san")
[ -z "$reports" ]; ok $? "asan: no sanitizer report from any process"
for f in $reports; do
	echo "# ---- $f"
	head -n 60 "$TMP/san/$f" | sed 's/^/#   /'
done
if [ $rc != 0 ]; then
	# the logs of what failed
	for log in $(sed -n 's/^\(FAIL\|ERROR\): \([^ ]*\).*/\2.log/p' "$TMP/check.out" | sort -u); do
		echo "# ---- $log"
		grep -E -A5 'not ok|^#' "$log" |
			head -n 60 | sed 's/^/#   /'
	done
fi
echo "# $(basename "$0"): $(($(date +%s) - t0)) s"
done_testing
