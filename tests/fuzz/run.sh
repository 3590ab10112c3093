#!/bin/sh
# run.sh [TARGET...] - builds the libFuzzer targets (build.sh) and fuzzes
# each for a bounded time; prints TAP, so `make check` can run it too.
#
#   WSIS_FUZZ_DIR      work directory (default ${TMPDIR:-/tmp}/wsis-fuzz):
#                      build/ the programs, corpus/NAME/ what the last run
#                      learnt, fuzz-NAME.log its output, crashes/ the inputs
#                      that failed (kept)
#   WSIS_FUZZ_SECONDS  seconds per target (default 8)
#
# Each target starts from tests/fuzz/seeds/NAME/ and regressions/NAME/.
# A crash, a leak, a failed check or a timeout fails the run; its input is
# kept in crashes/ (the path is printed).  Fix the bug, then copy the input
# to tests/fuzz/regressions/NAME/ so `make check` replays it for ever.
# Per target the "#N DONE" line of libFuzzer gives the executions.
# Slow: `make check` skips it unless WSIS_SLOW_TESTS is set (see Makefile.am).
if [ -z "${WSIS_SLOW_TESTS:-}" ] && [ -n "${top_builddir:-}" ]; then
	echo "1..0 # SKIP slow; WSIS_SLOW_TESTS=yes make check, or ./quickstart.sh test, runs it"
	exit 0
fi
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${WSIS_FUZZ_DIR:-${TMPDIR:-/tmp}/wsis-fuzz}
secs=${WSIS_FUZZ_SECONDS:-8}
crashes=$work/crashes

targets=$*
[ -n "$targets" ] ||
	targets=$(cd "$src/tests/fuzz" && ls fuzz-*.c | sed 's/^fuzz-//; s/\.c$//')
n=0
failed=0
t0=$(date +%s)

if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
	echo "1..0 # SKIP ${FUZZ_CC:-clang} is not installed (apt-get install clang libclang-rt-14-dev)"
	exit 0
fi
if ! out=$("$src/tests/fuzz/build.sh" "$work/build" 2>&1); then
	echo "not ok 1 - build the fuzz targets"
	printf '%s\n' "$out" | tail -n 40 | sed 's/^/#   /'
	echo "1..1"
	exit 1
fi
mkdir -p "$crashes"
echo "# fuzzing $secs s per target in $work; crash inputs go to $crashes/"

for t in $targets; do
	n=$((n + 1))
	rm -rf "$work/corpus/$t"      # a fresh start: bounded load time
	mkdir -p "$work/corpus/$t"
	log=$work/fuzz-$t.log
	dirs="$work/corpus/$t $src/tests/fuzz/seeds/$t"
	[ -d "$src/tests/fuzz/regressions/$t" ] && dirs="$dirs $src/tests/fuzz/regressions/$t"
	extra=
	[ "$t" = query ] && extra=-max_len=4096
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
	LSAN_OPTIONS=${LSAN_OPTIONS:-print_suppressions=0}:suppressions=$src/tests/lsan.supp \
	"$work/build/fuzz-$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/$t-" $extra $dirs >"$log" 2>&1
	rc=$?
	done_line=$(grep -a '^#[0-9]*[[:space:]]*DONE' "$log" | tail -1)
	runs=$(printf '%s' "$done_line" | sed 's/^#\([0-9]*\).*/\1/')
	cov=$(printf '%s' "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	if [ $rc = 0 ] && [ -n "$done_line" ]; then
		echo "ok $n - fuzz-$t: ${runs} executions in $secs s, cov $cov"
		echo "#   $done_line"
	else
		failed=$((failed + 1))
		echo "not ok $n - fuzz-$t: exit $rc${runs:+ after $runs executions}"
		grep -a -E 'ERROR|SUMMARY|check failed|Test unit written|==[0-9]+==|#[0-9]+ in ' "$log" |
			head -n 40 | sed 's/^/#   /'
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
		[ -n "$art" ] && echo "#   input kept in $art; reproduce: $work/build/fuzz-$t $art"
		echo "#   full log: $log"
	fi
done
echo "# run.sh: $(($(date +%s) - t0)) s, build included"
echo "1..$n"
[ $failed = 0 ]
