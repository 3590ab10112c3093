#!/bin/sh
# test-install.sh - what `make install` installs besides the programs: the
# man pages are lint-clean and document every option each program's --help
# prints; the default configuration names every setting at its default and
# the daemon accepts it; the systemd unit passes systemd-analyze verify and
# its ExecReload= makes the daemon reopen its index.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

man=$top_srcdir/man
cd "$TMP" || exit 1

# ---- man pages: lint ----
# mandoc (Debian's mandoc) or man-db's groff; "style" messages are about
# manuals the build machine lacks (our own, before they are installed)
if command -v mandoc >/dev/null; then
	render() { mandoc -T ascii "$1" | col -b; }
	for page in "$man"/*.[158]; do
		run mandoc -T lint -W warning "$page"
		is "$out" "" "mandoc -T lint: $(basename "$page") is clean"
	done
elif command -v man >/dev/null; then
	render() { MANWIDTH=80 man -l -P cat "$1" 2>/dev/null | col -b; }
	for page in "$man"/*.[158]; do
		out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
		is "$out" "" "man --warnings: $(basename "$page") is clean"
	done
else
	skip_all "neither mandoc nor man is installed"
fi
for page in wsis-indexer.1 wsis-search.1 wsis-searchd.8 wsis-searchd.conf.5; do
	[ -f "$man/$page" ]; ok $? "$page is written"
	render "$man/$page" > "$page.txt"
done

# ---- every option of --help is in the man page ----
# the options as --help prints them: "-x" and "--long" at the start of an
# indented line or after ", "
help_options() {
	"$top_builddir/$1" --help | grep -E '^ +-' |
		grep -oE '(^ +|, )--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[ ,]*//' | sort -u
}
for prog in wsis-indexer wsis-search; do
	page=$(ls "$man" | grep "^$prog\.[18]$")
	n=0
	for opt in $(help_options $prog); do
		n=$((n + 1))
		grep -qE -- "(^|[^A-Za-z0-9-])$opt([^A-Za-z0-9-]|\$)" "$page.txt"
		ok $? "$prog $opt is in $page"
	done
	[ $n -gt 5 ]; ok $? "$prog --help: $n options read"
done
# wsis-searchd: the flags that are not settings in wsis-searchd(8), each
# setting as a key of wsis-searchd.conf(5) with the default --help prints
"$top_builddir/wsis-searchd" --help > searchd-help.txt
n=0
for opt in $(help_options wsis-searchd); do
	key=${opt#--}
	n=$((n + 1))
	if grep -qE "^  --$key(=V)?  " searchd-help.txt; then
		grep -qE "^ +$key = " wsis-searchd.conf.5.txt
		ok $? "wsis-searchd setting $key is in wsis-searchd.conf(5)"
	else
		grep -qE -- "(^|[^A-Za-z0-9-])$opt([^A-Za-z0-9-]|\$)" wsis-searchd.8.txt
		ok $? "wsis-searchd $opt is in wsis-searchd(8)"
	fi
done
[ $n -gt 20 ]; ok $? "wsis-searchd --help: $n options read"
# each setting's default, in the source of wsis-searchd.conf(5) under its
# .It (the index's: the Debian package's path, which man pages name)
sed -n 's/^  --\([a-z-]*\)[=V]* .*\[\(.*\)\]$/\1 \2/p' searchd-help.txt > defaults.txt
[ "$(wc -l < defaults.txt)" -gt 20 ]; ok $? "wsis-searchd --help: $(wc -l < defaults.txt) defaults read"
while read -r key dflt; do
	[ "$key" = index ] && dflt=/var/lib/wsis-search/idx
	got=$(awk -v k="$key" '/^\.It Cm /{on = ($3 == k)} on && /^Default:/{sub(/^Default:[ ]*/, ""); print; exit}' \
		"$man/wsis-searchd.conf.5" | sed 's/^\.Pa //; s/ *\.$//')
	is "$got" "$dflt" "wsis-searchd.conf(5): $key defaults to $dflt"
done < defaults.txt

# ---- the default configuration ----
conf=$top_builddir/dist/wsis-searchd.conf
[ -f "$conf" ]; ok $? "dist/wsis-searchd.conf is made"
while read -r key dflt; do
	grep -qxF "#$key = $dflt" "$conf"
	ok $? "wsis-searchd.conf: #$key = $dflt"
done < defaults.txt
# settings without a default, commented out empty
for key in $(sed -n 's/^  --\([a-z-]*\)=V .*[^]]$/\1/p' searchd-help.txt); do
	grep -qxF "#$key =" "$conf"
	ok $? "wsis-searchd.conf: #$key ="
done
# every commented setting with a value, uncommented, is a configuration the
# daemon takes
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1
sed 's/^#\([a-z]\)/\1/' "$conf" | grep -v '^foreground\|^log \|^query-log\| =$' > all.conf
start_searchd conf --config "$TMP/all.conf" || exit 1
ok 0 "the daemon starts on wsis-searchd.conf with every key uncommented"

# ---- the systemd unit ----
unit=$top_builddir/dist/wsis-searchd.service
for want in '^NoNewPrivileges=yes$' '^ProtectSystem=strict$' '^StateDirectory=wsis-search$' \
    '^User=wsis-search$' '^ExecReload=/bin/kill -HUP \$MAINPID$' \
    "^ExecStart=.*/wsis-searchd --config .*/wsis-search/wsis-searchd.conf --foreground\$"; do
	grep -q -- "$want" "$unit"; ok $? "wsis-searchd.service: /$want/"
done
# ExecReload= as systemd runs it, $MAINPID the daemon's: it reopens the index
reload=$(sed -n 's/^ExecReload=//p' "$unit" | sed "s/\\\$MAINPID/$SEARCHD_PID/")
sh -c "$reload"; ok $? "ExecReload= ($reload) runs"
i=0; while ! grep -q 'SIGHUP: reopening' "$LOG" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q 'SIGHUP: reopening' "$LOG"; ok $? "ExecReload= makes the daemon reopen its index"
kill -0 "$SEARCHD_PID"; ok $? "the daemon still runs after the reload"
stop_searchd
is "$stop_rc" 0 "SIGTERM: a clean exit"
# systemd-analyze verify, with the unit's programs where this build has them
if command -v systemd-analyze >/dev/null; then
	sed "s|^ExecStart=[^ ]*/wsis-searchd|ExecStart=$top_builddir/wsis-searchd|" "$unit" > wsis-searchd.service
	# --man=no: the man pages are not installed yet (tests/test-package.sh
	# verifies the installed unit with them)
	run systemd-analyze verify --man=no "$TMP/wsis-searchd.service"
	ok $rc "systemd-analyze verify wsis-searchd.service"
	[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
	# systemd's own measure of the hardening: 0 (locked down) to 10 (none);
	# "OK" is under 3, this unit is under 2
	run systemd-analyze security --offline=true --threshold=20 --no-pager "$TMP/wsis-searchd.service"
	ok $rc "systemd-analyze security: $(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]* [A-Z]*\).*/\1/p')"
else
	echo "ok $((_n += 1)) # SKIP systemd-analyze is not installed (Debian package systemd)"
fi

done_testing
