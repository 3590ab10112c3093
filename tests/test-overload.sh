#!/bin/sh
# test-overload.sh - slow clients and floods cannot deny service: one
# connection budget for both front ends with room kept for the other and
# for admin; a request head must come within header-timeout; a crowd of
# clients that never finish their heads makes room for newcomers; and
# under more load than the workers can answer, every connection of either
# front end is served in turn.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

LOADGEN=$top_builddir/bench/wsis-loadgen
cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1

# field NAME: the value of NAME=... in the loadgen summary in $out
field() { printf '%s\n' "$out" | tail -1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }
stat_of() { raw 'STATS\n' -T 5 | grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
http_stat() { raw 'STATS\n' -T 5 | grep -o '"http":{"current[^}]*}' | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }

# ---- more slow HTTP clients than the budget ----
# 40 places, so HTTP may hold 35; 60 clients send a request line and never
# finish their heads.  header-timeout is long: what keeps the service up
# is that the one that waited longest for its head makes room.
pids=""
start_searchd slow --max-connections 40 --header-timeout 60 || exit 1
# the first 35 fill HTTP's share and send their request lines (a second
# lets them arrive even on a loaded machine: a client closed before any
# of its bytes came is closed quietly, with no 408); the other 25 come then
slow_client() {
	printf 'GET /health HTTP/1.1\r\nHost: x\r\n' |
		"$RAW" -t "$HTTP" -n -T 30 > slow.$1.out 2>&1 &
	pids="$pids $!"
}
i=0
while [ $i -lt 35 ]; do slow_client $i; i=$((i + 1)); done
i=0
while [ "$(http_stat total)" != 35 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 1
i=35
while [ $i -lt 60 ]; do slow_client $i; i=$((i + 1)); done
i=0
while [ "$(http_stat total)" != 60 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(http_stat total)" 60 "60 slow HTTP clients connected"
out=$(raw 'SEARCH limit=1 -- women\n' -T 5)
like "$out" '"id":"' "with 60 slow HTTP clients and 40 places, a native query is answered"
code=$(curl -s -m 5 -o body -w '%{http_code}' "http://$HTTP/search?q=women&limit=1")
is "$code" 200 "and an HTTP query is answered"
like "$(cat body)" '"hits":\[\{"rank":1' "with its hits"
ok $([ "$(http_stat current)" -le 35 ]; echo $?) "HTTP holds at most its share of the budget ($(http_stat current) of 35 of 40)"
is "$(http_stat evicted)" 26 "the 26 clients past it each closed the slowest head"
sleep 0.5
n=$(grep -l 'HTTP/1.1 408 Request Timeout' slow.*.out | wc -l)
is "$n" 26 "each slow client closed so got a 408 saying why"
like "$(cat $(grep -l 'HTTP/1.1 408' slow.*.out | head -1))" 'closed for another client' "the 408 names the reason"
is "$(http_stat rejected)" 0 "no HTTP client was turned away"
kill $pids 2>/dev/null
wait $pids 2>/dev/null
pids=""
stop_searchd

# ---- the head's deadline ----
start_searchd deadline --header-timeout 1 || exit 1
out=$(printf 'GET /health HTTP/1.1\r\nHost: x\r\n' | "$RAW" -t "$HTTP" -n -T 10 | tr -d '\r')
rc=$?
is "$rc" 0 "a head not finished: the daemon closes the connection (header-timeout 1)"
like "$out" '^HTTP/1.1 408 Request Timeout' "with a 408"
like "$out" 'did not arrive in time' "saying why"
out=$("$RAW" -t "$HTTP" -n -T 10 < /dev/null)
rc=$?
is "$rc/$out" "0/" "a connection that sends nothing is closed quietly"
out=$(printf 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n' | "$RAW" -t "$HTTP" -n -T 10 | tr -d '\r')
rc=$?
is "$rc" 0 "an idle keep-alive connection is closed after header-timeout"
like "$out" '"status":"ok"' "after its request was answered"
like "$(http_stat header_timeouts)" '^1$' "STATS counts the head that came too late"
stop_searchd

# ---- a native flood leaves room for HTTP and for admin ----
# 8 places: native may hold 7; the eighth native client is refused, while
# HTTP and the Unix socket are still served.
start_searchd flood --max-connections 8 || exit 1
i=0
while [ $i -lt 7 ]; do
	"$RAW" -t "$NATIVE" -n -T 20 < /dev/null > hold.$i.out 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
# counted through the Unix socket, which takes none of native's places
i=0
while [ "$(printf 'STATS\n' | "$RAW" -u "$SOCK" -T 5 | grep -o '"current":[0-9]*' | head -1)" != '"current":8' ] &&
    [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
out=$(raw 'PING\n' -T 5)
like "$out" 'ERR 503 too many connections' "native past its share: ERR 503 too many connections"
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://$HTTP/health")
is "$code" 200 "HTTP still has its place"
out=$(printf 'PING\n' | "$RAW" -u "$SOCK" -T 5)
like "$out" '\{"pong":true\}' "the Unix socket (admin) still has its places"
kill $pids 2>/dev/null
wait $pids 2>/dev/null
pids=""
stop_searchd
start_searchd hflood --max-connections 8 --header-timeout 60 || exit 1
# HTTP connections with a request running are never closed for others;
# with all 7 HTTP places busy or waiting, native still has its own
i=0
while [ $i -lt 12 ]; do
	printf 'GET /health HTTP/1.1\r\n' | "$RAW" -t "$HTTP" -n -T 20 > /dev/null 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
sleep 1
out=$(raw 'SEARCH limit=1 -- women\n' -T 5)
like "$out" '"id":"' "an HTTP crowd: native still answered"
kill $pids 2>/dev/null
wait $pids 2>/dev/null
pids=""
stop_searchd

# ---- fair under overload ----
# Two workers and no reply cache, with 200 native connections pipelining 4
# requests each and 100 HTTP connections beside them: more than the workers
# answer.  Every connection of both must be served in turn: each gets
# replies, none waits past a bound, and no request times out.
if [ -x "$LOADGEN" ]; then
	printf 'SEARCH limit=10 -- information society\t"total":\nCOUNT -- women\t"total":\nSEARCH -- internet governance\t"total":\n' > fair.q
	start_searchd fair --workers 2 --cache-mb 0 || exit 1
	"$LOADGEN" --native "$NATIVE" -c 200 -p 4 -w 1 -d 6 --timeout 10 --check -f fair.q \
		> fair-native.out 2> fair-native.err &
	np=$!
	"$LOADGEN" --http "$HTTP" -c 100 -p 1 -w 1 -d 6 --timeout 10 --check -f fair.q \
		> fair-http.out 2> fair-http.err &
	hp=$!
	wait $np; nrc=$?
	wait $hp; hrc=$?
	for side in native http; do
		out=$(cat fair-$side.out)
		sed 's/^/#   /' fair-$side.err | head -5
		echo "# $side: $out"
		is "$(field errors)/$(field timeouts)/$(field wrong)" 0/0/0 "overload, $side: no error, no timeout, no wrong reply"
		ok $([ "$(field min_conn)" -ge 1 ]; echo $?) "overload, $side: every connection got replies (the fewest: $(field min_conn))"
		ok $(awk -v m="$(field max_ms)" 'BEGIN { exit !(m < 3000) }'; echo $?) "overload, $side: none waited 3 s (the longest: $(field max_ms) ms)"
		eval "${side}_req=$(field requests)"
	done
	is "$nrc/$hrc" 0/0 "overload: both loadgens exit 0"
	# 800 requests in flight on the native side, 100 on the HTTP side: a
	# queue in arrival order answers them about 8 to 1
	ok $(awk -v n="$native_req" -v h="$http_req" 'BEGIN { r = n / (h > 0 ? h : 1); exit !(r > 4 && r < 16) }'; echo $?) \
	    "overload: native and HTTP served in proportion to what each keeps in flight ($native_req / $http_req)"
	stop_searchd
else
	echo "ok $((_n + 1)) # SKIP bench/wsis-loadgen is not built"; _n=$((_n + 1))
fi

done_testing
