#!/bin/sh
# quickstart.sh - set up a fresh Debian bookworm machine and build wsis-search.
#   ./quickstart.sh serve   install, build, index corpus/ into idx/, run the service
#   ./quickstart.sh test    install, build, run every test; ends with "N passed, N failed"
set -eu
cd "$(dirname "$0")"

PACKAGES="build-essential g++ autoconf automake pkg-config libxapian-dev xapian-tools libevent-dev zlib1g-dev curl"

need_packages() {
	missing=
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "quickstart: installing$missing" >&2
	if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

build() {
	mkdir -p m4
	[ -x configure ] && [ configure -nt configure.ac ] && [ Makefile.in -nt Makefile.am ] ||
		autoreconf -fi >/dev/null
	[ -f Makefile ] && [ Makefile -nt configure ] || ./configure -q $CONFIGURE_FLAGS
	make -s -j"$(nproc)"
}

# Prints "N passed, N failed, N skipped" from automake's summary and
# returns non-zero when anything failed.
summarize() {
	log=$1
	pass=$(sed -n 's/^# PASS: *//p' "$log" | tail -1)
	fail=$(sed -n 's/^# FAIL: *//p' "$log" | tail -1)
	err=$(sed -n 's/^# ERROR: *//p' "$log" | tail -1)
	xpass=$(sed -n 's/^# XPASS: *//p' "$log" | tail -1)
	skip=$(sed -n 's/^# SKIP: *//p' "$log" | tail -1)
	failed=$(( ${fail:-0} + ${err:-0} + ${xpass:-0} ))
	[ -n "$pass" ] || failed=$((failed + 1))
	echo "${pass:-0} passed, $failed failed, ${skip:-0} skipped"
	[ "$failed" = 0 ]
}

CONFIGURE_FLAGS=${CONFIGURE_FLAGS:-}
cmd=${1:-}
case "$cmd" in
serve)
	need_packages
	build
	./wsis-indexer corpus/ -o idx
	echo "quickstart: serving idx on 127.0.0.1:7711 (native) and http://127.0.0.1:7780 (HTTP);"
	echo "quickstart: try ./wsis-search \"enhanced cooperation\" or curl 'http://127.0.0.1:7780/search?q=women'"
	exec ./wsis-searchd --index idx --foreground
	;;
test)
	# the slow checks (Makefile.am) need clang with its sanitizer and
	# libFuzzer runtimes, and valgrind; WSIS_SLOW_TESTS= ./quickstart.sh test
	# skips them
	PACKAGES="$PACKAGES clang libclang-rt-14-dev valgrind"
	# SQLite FTS5: only the comparison in tests/collections (README.md there)
	PACKAGES="$PACKAGES libsqlite3-dev"
	# the generated checks' reference (tests/gen/) and its Snowball stemmer
	PACKAGES="$PACKAGES python3 python3-xapian"
	# promtool checks GET /metrics (tests/test-searchd.sh)
	PACKAGES="$PACKAGES prometheus"
	# the portal's browser tests (tests/test-browser.sh): chromium driven
	# by node; npm only where node did not bring its own
	PACKAGES="$PACKAGES chromium nodejs"
	command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"
	need_packages
	# ...and puppeteer-core, from tests/browser's lockfile (git-ignored)
	[ tests/browser/node_modules/.package-lock.json -nt tests/browser/package-lock.json ] ||
		(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	build
	out=$(mktemp)
	rc=0
	WSIS_SLOW_TESTS=${WSIS_SLOW_TESTS-yes} make -s check VERBOSE=1 >"$out" 2>&1 || rc=$?
	grep -aE '^(PASS|FAIL|ERROR|XPASS|SKIP):' "$out" | grep -v '^PASS:' || true
	[ $rc = 0 ] || tail -n 60 "$out"
	summarize "$out" || rc=1
	rm -f "$out"
	exit $rc
	;;
*)
	echo "usage: $0 serve|test" >&2
	exit 2
	;;
esac
