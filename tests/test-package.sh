#!/bin/sh
# test-package.sh - the Debian package end to end, as an administrator
# meets it: dpkg-buildpackage builds wsis-search_*.deb from debian/, lintian
# finds no error in it, apt-get installs it, the installed indexer builds the
# index into /var/lib/wsis-search as the unit's user, the installed daemon
# runs as the unit's ExecStart= line says (no systemd needed), the installed
# client queries it, systemd-analyze verifies the installed unit, and
# apt-get purge leaves nothing behind.
#
# It installs into this machine: it runs only as root, with
# WSIS_PACKAGE_TEST=yes (./quickstart.sh test sets it; CI is a fresh
# machine), and while nothing listens on the unit's ports.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

[ "${WSIS_PACKAGE_TEST:-}" = yes ] || skip_all "installs a package into this machine: WSIS_PACKAGE_TEST=yes runs it"
[ "$(id -u)" = 0 ] || skip_all "needs root (apt-get install, runuser)"
for tool in dpkg-buildpackage dh lintian apt-get runuser curl; do
	command -v $tool >/dev/null || skip_all "$tool is not installed"
done
if dpkg-query -W -f='${Status}' wsis-search 2>/dev/null | grep -q 'ok installed'; then
	skip_all "a wsis-search package is installed already; this test would purge it"
fi
# the unit's addresses: the configuration's defaults
for port in 7711 7780; do
	if bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
		skip_all "something listens on 127.0.0.1:$port, the unit's port"
	fi
done

# ---- build ----
# a copy of the source tree (dpkg-buildpackage writes into it and beside
# it): git's files, tracked or new, without what the build made
mkdir "$TMP/src"
if git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top_srcdir" && git ls-files -co --exclude-standard -z | tar -cf - --null -T -)
else
	(cd "$top_srcdir" && tar -cf - --exclude=.git .)
fi | tar -xf - -C "$TMP/src" || exit 1
# nocheck: the test suite that runs this test is the package's check
(cd "$TMP/src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) > "$TMP/build.log" 2>&1
rc=$?
ok $rc "dpkg-buildpackage -us -uc -b"
[ $rc = 0 ] || { tail -30 "$TMP/build.log" | sed 's/^/#   /'; done_testing; exit 1; }
deb=$(ls "$TMP"/wsis-search_*.deb | head -1)
[ -f "$deb" ]; ok $? "it builds $(basename "$deb")"

run lintian --fail-on error "$deb"
ok $rc "lintian: no errors"
printf '%s\n' "$out" | grep -v '^running with root' | sed 's/^/#   lintian: /'

# ---- install ----
at_exit "apt-get purge -y -qq wsis-search >/dev/null 2>&1"
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb"
ok $rc "apt-get install ./$(basename "$deb")"
[ $rc = 0 ] || { printf '%s\n' "$out" | tail -20 | sed 's/^/#   /'; done_testing; exit 1; }
for f in /usr/bin/wsis-indexer /usr/bin/wsis-searchd /usr/bin/wsis-search \
    /etc/wsis-search/wsis-searchd.conf /lib/systemd/system/wsis-searchd.service \
    /usr/lib/sysusers.d/wsis-search.conf /usr/lib/tmpfiles.d/wsis-search.conf \
    /usr/share/man/man8/wsis-searchd.8.gz /usr/share/man/man5/wsis-searchd.conf.5.gz \
    /usr/share/man/man1/wsis-indexer.1.gz /usr/share/man/man1/wsis-search.1.gz \
    /usr/share/doc/wsis-search/copyright /usr/share/wsis-search/corpus; do
	[ -e "$f" ]; ok $? "installed: $f"
done
getent passwd wsis-search >/dev/null; ok $? "the system user wsis-search exists (sysusers.d)"
[ "$(stat -c %U /var/lib/wsis-search 2>/dev/null)" = wsis-search ]
ok $? "/var/lib/wsis-search belongs to wsis-search (tmpfiles.d)"

unit=/lib/systemd/system/wsis-searchd.service
if command -v systemd-analyze >/dev/null; then
	man=yes; command -v man >/dev/null || man=no
	run systemd-analyze verify --man=$man "$unit"
	ok $rc "systemd-analyze verify $unit (man pages checked: $man)"
	[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
else
	echo "ok $((_n += 1)) # SKIP systemd-analyze is not installed (Debian package systemd)"
fi

# ---- index, serve, query: as the unit does ----
user=$(sed -n 's/^User=//p' "$unit")
is "$user" wsis-search "the unit runs as wsis-search"
run runuser -u "$user" -- wsis-indexer -q /usr/share/wsis-search/corpus -o /var/lib/wsis-search/idx
ok $rc "the installed indexer builds /var/lib/wsis-search/idx as $user"
[ -L /var/lib/wsis-search/idx ]; ok $? "/var/lib/wsis-search/idx is a generation symlink"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
like "$exec_start" '^/usr/bin/wsis-searchd --config /etc/wsis-search/wsis-searchd.conf --foreground$' \
	"ExecStart= runs the installed daemon in the foreground on the installed configuration"
# from / as systemd does; the index is the installed default
(cd / && exec runuser -u "$user" -- $exec_start) > "$TMP/daemon.log" 2>&1 &
pid=$!
at_exit "kill $pid 2>/dev/null"
i=0
while ! grep -q serving "$TMP/daemon.log" && kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
like "$(cat "$TMP/daemon.log")" "serving /var/lib/wsis-search/idx " "the daemon serves /var/lib/wsis-search/idx by default"
run wsis-search --limit 1 "enhanced cooperation"
is "$rc" 0 "the installed client: exit 0"
like "$out" "draft:38" "the installed client finds draft:38 for enhanced cooperation"
run curl -s "http://127.0.0.1:7780/ready"
like "$out" "\"status\":\"ready\"" "HTTP /ready on the unit's address: ready"
# runuser's child is the daemon: its pid is the one to signal
dpid=$(pgrep -P $pid wsis-searchd || echo $pid)
reload=$(sed -n 's/^ExecReload=//p' "$unit" | sed "s/\$MAINPID/$dpid/")
sh -c "$reload"; ok $? "ExecReload= ($reload)"
i=0; while ! grep -q 'SIGHUP' "$TMP/daemon.log" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q 'SIGHUP: reopening' "$TMP/daemon.log"; ok $? "the daemon reopens its index on ExecReload="
kill -TERM $dpid 2>/dev/null; wait $pid
ok $? "SIGTERM: the daemon exits cleanly"

# ---- detached, it logs to syslog ----
# a datagram socket at /dev/log stands in for the journal or rsyslog
if [ ! -e /dev/log ] && command -v python3 >/dev/null; then
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
import os; os.chmod("/dev/log", 0o666)
s.settimeout(10)
print("bound", flush=True)
with open(sys.argv[1], "ab") as f:
    while True:
        try:
            f.write(s.recv(65536) + b"\n"); f.flush()
        except socket.timeout:
            break
' "$TMP/syslog" > "$TMP/syslogd.out" 2>&1 &
	spid=$!
	at_exit "kill $spid 2>/dev/null; rm -f /dev/log"
	i=0; while ! grep -qs bound "$TMP/syslogd.out" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	run runuser -u "$user" -- /usr/bin/wsis-searchd --config /etc/wsis-search/wsis-searchd.conf \
		--pidfile /tmp/wsis-searchd-package.pid
	ok $rc "without --foreground the daemon detaches"
	is "$out" "" "detached, it writes nothing to the terminal"
	i=0; while ! grep -q serving "$TMP/syslog" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	like "$(cat "$TMP/syslog" 2>/dev/null)" 'wsis-searchd\[[0-9]+\]: serving /var/lib/wsis-search/idx' \
		"detached, it logs to syslog (log = auto)"
	kill -TERM "$(cat /tmp/wsis-searchd-package.pid 2>/dev/null)" 2>/dev/null
	i=0; while [ -e /tmp/wsis-searchd-package.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill $spid 2>/dev/null; rm -f /dev/log
else
	echo "ok $((_n += 1)) # SKIP /dev/log exists (a real syslog) or no python3: syslog not checked"
fi

# ---- purge ----
run env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq wsis-search
ok $rc "apt-get purge wsis-search"
for f in /usr/bin/wsis-searchd /etc/wsis-search /lib/systemd/system/wsis-searchd.service \
    /var/lib/wsis-search /usr/share/wsis-search /usr/share/doc/wsis-search; do
	[ ! -e "$f" ]; ok $? "purged: $f is gone"
done
dpkg-query -W -f='${Status}' wsis-search 2>/dev/null | grep -q 'ok installed'
[ $? != 0 ]; ok $? "dpkg no longer lists wsis-search as installed"

done_testing
