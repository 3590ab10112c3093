#!/bin/sh
# quickstart.sh - set up a fresh Debian bookworm machine and build wsis-search.
#   ./quickstart.sh serve [DAEMON OPTIONS]   install, build, index corpus/ into
#                           idx/ (unless it is up to date), run the service
#   ./quickstart.sh test    install, build, run every test and make distcheck;
#                           ends with "N passed, N failed, N skipped"
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

# Prints "N passed, N failed, N skipped" from automake's summary in $1,
# with $2 more passed and $3 more failed, and returns non-zero when anything
# failed.
summarize() {
	log=$1
	pass=$(sed -n 's/^# PASS: *//p' "$log" | tail -1)
	fail=$(sed -n 's/^# FAIL: *//p' "$log" | tail -1)
	err=$(sed -n 's/^# ERROR: *//p' "$log" | tail -1)
	xpass=$(sed -n 's/^# XPASS: *//p' "$log" | tail -1)
	skip=$(sed -n 's/^# SKIP: *//p' "$log" | tail -1)
	failed=$(( ${fail:-0} + ${err:-0} + ${xpass:-0} + $3 ))
	[ -n "$pass" ] || failed=$((failed + 1))
	echo "$(( ${pass:-0} + $2 )) passed, $failed failed, ${skip:-0} skipped"
	[ "$failed" = 0 ]
}

# Reads the harness's lines on stdin: names each test program as its first
# result arrives ("[3/52] unit tests/test-json"), and prints every result
# that is not a pass at once.
progress() {
	awk -v total="$1" '
	/^(PASS|FAIL|ERROR|XPASS|XFAIL|SKIP): / {
		name = $2
		if (!(name in seen)) {
			seen[name] = 1
			if (name ~ /\/fuzz\/replay-/) group = "fuzz replay"
			else if (name ~ /(test-asan|test-valgrind|fuzz\/run)\.sh$/) group = "slow"
			else if (name ~ /\.sh$/) group = "programs"
			else group = "unit"
			printf "quickstart: [%d/%d] %s %s\n", ++n, total, group, name
		}
		if ($1 != "PASS:" && $1 != "XFAIL:")
			print "quickstart:   " $0
		fflush()
	}'
}

# An address as wsis-searchd reads it: a port alone is 127.0.0.1:PORT.
full_addr() {
	case $1 in
	''|*[!0-9]*) echo "$1" ;;
	*) echo "127.0.0.1:$1" ;;
	esac
}

# Whether something answers at a daemon's address (HOST:PORT, [V6]:PORT).
listening() {
	addr=$1
	host=${addr%:*}; host=${host#[}; host=${host%]}
	bash -c "exec 3<>/dev/tcp/$host/${addr##*:}" 2>/dev/null
}

CONFIGURE_FLAGS=${CONFIGURE_FLAGS:-}
cmd=${1:-}
case "$cmd" in
serve)
	shift
	# the addresses the daemon will take: its defaults, or the flags given
	listen=127.0.0.1:7711 http=127.0.0.1:7780 prev=
	for a in "$@"; do
		case $prev in --listen) listen=$a ;; --http) http=$a ;; esac
		case $a in --listen=*) listen=${a#*=} ;; --http=*) http=${a#*=} ;; esac
		prev=$a
	done
	listen=$(full_addr "$listen") http=$(full_addr "$http")
	need_packages
	build
	for addr in "$listen" "$http"; do
		[ -n "$addr" ] && listening "$addr" || continue
		echo "quickstart: something already listens on $addr (a wsis-searchd started before?);" >&2
		echo "quickstart: stop it, or serve elsewhere: $0 serve --listen 7712 --http 7781" >&2
		exit 1
	done
	# idx is the symlink to the newest generation: up to date when neither
	# corpus/ nor the indexer changed since it was made
	if [ -e idx ] && [ -z "$(find corpus wsis-indexer -newer idx 2>/dev/null)" ]; then
		echo "quickstart: idx is up to date with corpus/ and wsis-indexer; not re-indexing"
	else
		./wsis-indexer corpus/ -o idx
	fi
	echo "quickstart: serving idx on ${listen:-no} (native) and http://${http:-off} (HTTP);"
	echo "quickstart: try ./wsis-search \"enhanced cooperation\" or curl 'http://${http:-127.0.0.1:7780}/search?q=women'"
	exec ./wsis-searchd --index idx --foreground "$@"
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
	# the man pages' lint, the package and its unit (tests/test-install.sh,
	# tests/test-package.sh)
	PACKAGES="$PACKAGES mandoc dpkg-dev debhelper lintian systemd"
	need_packages
	# ...and puppeteer-core, from tests/browser's lockfile (git-ignored)
	[ tests/browser/node_modules/.package-lock.json -nt tests/browser/package-lock.json ] ||
		(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	build
	out=$(mktemp)
	rcfile=$(mktemp)
	ntests=$(make -s list-tests | wc -w)
	echo "quickstart: make check: $ntests test programs"
	# tests/test-package.sh installs the package into this machine: as root
	{ WSIS_PACKAGE_TEST=${WSIS_PACKAGE_TEST-yes} WSIS_SLOW_TESTS=${WSIS_SLOW_TESTS-yes} \
		make -s check VERBOSE=1 2>&1; echo $? > "$rcfile"; } | tee "$out" | progress "$ntests"
	rc=$(cat "$rcfile")
	[ "$rc" = 0 ] || tail -n 60 "$out"
	# make distcheck: the tarball builds and passes make check on its own
	# (the slow checks and the package test are the check above's)
	dpass=0 dfail=0
	if [ "${WSIS_DISTCHECK-yes}" = yes ]; then
		echo "quickstart: make distcheck"
		dout=$(mktemp)
		if WSIS_PACKAGE_TEST= WSIS_SLOW_TESTS= make -s -j"$(nproc)" distcheck >"$dout" 2>&1; then
			dpass=1
			echo "quickstart: make distcheck: $(sed -n 's/^# PASS: *//p' "$dout" | tail -1) passed; $(grep -m1 'archives ready' "$dout" || echo 'archives ready')"
		else
			dfail=1
			echo "quickstart: make distcheck FAILED:"
			grep -aE '^(FAIL|ERROR|XPASS):' "$dout" || tail -n 40 "$dout"
		fi
		rm -f "$dout"
	fi
	summarize "$out" $dpass $dfail || rc=1
	rm -f "$out" "$rcfile"
	exit $rc
	;;
*)
	echo "usage: $0 serve [DAEMON OPTIONS] | test" >&2
	exit 2
	;;
esac
