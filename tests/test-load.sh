#!/bin/sh
# test-load.sh - wsis-loadgen against a real wsis-searchd: 200 pipelining
# connections for 12 s with every reply checked while the index is rebuilt
# and swapped in by SIGHUP; the daemon's memory stays flat; past
# max-connections the extra clients get ERR 503 and the others are served.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

LOADGEN=$top_builddir/bench/wsis-loadgen
[ -x "$LOADGEN" ] || skip_all "bench/wsis-loadgen is not built"
cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1

# field NAME: the value of NAME=... in the loadgen summary in $out
field() { printf '%s\n' "$out" | tail -1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }
rss() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$SEARCHD_PID/status"; }

# Every line expects something no other line's reply holds (mostly the
# query echoed back), so a reply that comes back out of order, or to another
# request, counts as wrong.  Nothing here depends on a ranking or a count
# that a change to the segmenter or the corpus could move.
T=$(printf '\t')
cat > native.q <<EOF
SEARCH limit=3 -- enhanced cooperation$T{"query":"enhanced cooperation","total":
COUNT part=draft -- women$T{"query":"women","total":
DOC -- draft:38$T{"id":"draft:38","part":"draft"
DOC -- draft:48${T}political independence, territorial integrity
SEARCH part=programme -- ICT$T{"query":"ICT","total":
COUNT -- "information society"$T{"query":"\\"information society\\"","total":
SEARCH sort=doc para=30..40 -- internet$T{"query":"internet","total":
SEARCH offset=2 limit=2 -- internet governance$T{"query":"internet governance","total":
DOC -- nope${T}ERR 404
PING$T{"pong":true}
SEARCH limit=-1 -- x${T}ERR 400
FROB${T}ERR 401
EOF
cat > http.q <<EOF
SEARCH limit=3 -- enhanced cooperation$T{"query":"enhanced cooperation","total":
COUNT part=draft -- women$T{"query":"women","total":
DOC -- draft:48${T}political independence, territorial integrity
SEARCH sort=doc para=30..40 -- internet$T{"query":"internet","total":
DOC -- nope${T}ERR 404
/health$T{"status":"ok"
/search?q=x&limit=-1${T}ERR 400
EOF

# ---- 200 connections, pipelining, through index swaps ----
# 200 connections + HTTP + the probes below stay far under the defaults
# (max-connections 1024, max-queue 4096: 200 x 4 in flight never gets 429).
start_searchd load || exit 1
ok 0 "wsis-searchd started ($NATIVE, $HTTP)"
"$LOADGEN" --native "$NATIVE" -c 200 --pipeline 4 -w 2 -d 12 --check \
	-f native.q > native.out 2> native.err &
lp=$!
"$LOADGEN" --http "$HTTP" -c 20 --pipeline 2 -w 2 -d 12 --check \
	-f http.q > http.out 2> http.err &
hp=$!
# and clients that take gzip, as browsers do: workers compress, the reply
# cache keeps those replies apart, the index swaps under them
"$LOADGEN" --http "$HTTP" -c 10 --pipeline 2 -w 2 -d 12 --check --gzip \
	-f http.q > gzip.out 2> gzip.err &
gp=$!
sleep 2.5
rss_warm=$(rss VmRSS)
conns=$(printf 'STATS\n' | "$RAW" -t "$NATIVE" | grep -o '"current":[0-9]*' | head -1 | sed 's/.*://')
# Rebuild and swap the index while the load runs: at least 3 times, as often
# as fits (each build takes about a second on 2 loaded cores).
swaps=0
while [ $swaps -lt 3 ] || { [ $swaps -lt 8 ] && kill -0 $lp 2>/dev/null; }; do
	"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || break
	kill -HUP $SEARCHD_PID || break
	swaps=$((swaps + 1))
	sleep 1
done
wait $lp; lrc=$?
wait $hp; hrc=$?
wait $gp; grc=$?
rss_end=$(rss VmRSS)
rss_peak=$(rss VmHWM)

out=$(cat native.out)
sed 's/^/#   /' native.err | head -20
is "$lrc" 0 "200 connections x pipeline 4 for 12 s: loadgen exit 0"
ok $([ "${conns:-0}" -ge 200 ]; echo $?) "the daemon held them all at once ($conns connections)"
is "$(field errors)" 0 "no failed request (ERR, close, timeout, lost reply)"
is "$(field wrong)" 0 "no wrong or out-of-order reply"
is "$(field established)" 200 "every connection got the greeting"
ok $([ "$(field requests)" -gt 2000 ]; echo $?) "the load was real ($(field requests) requests)"
# bench/run divides these for the client's CPU per request: some CPU, not
# more than 2 cores' worth over the 14 s, and every request counted
awk -v c="$(field cpu_s)" -v t="$(field total)" -v r="$(field requests)" \
	'BEGIN { exit !(c > 0 && c < 28 && t >= r) }'
ok $? "wsis-loadgen reports its CPU time ($(field cpu_s) s) and all its requests ($(field total))"
[ $swaps -ge 3 ]; ok $? "the index was rebuilt and swapped in $swaps times meanwhile"
echo "# native: $out"
echo "# requests=$(field requests) errors=$(field errors) wrong=$(field wrong) qps=$(field qps) p50_ms=$(field p50_ms) p99_ms=$(field p99_ms) max_ms=$(field max_ms) peak_rss_kb=$rss_peak rss_warm_kb=$rss_warm rss_end_kb=$rss_end swaps=$swaps"
n_requests=$(field requests)

out=$(cat http.out)
sed 's/^/#   /' http.err | head -20
is "$hrc" 0 "HTTP keep-alive, pipelining, alongside: loadgen exit 0"
is "$(field errors)/$(field wrong)" 0/0 "HTTP: no failed and no wrong reply"
echo "# http: $out"

out=$(cat gzip.out)
sed 's/^/#   /' gzip.err | head -20
is "$grc" 0 "HTTP with Accept-Encoding: gzip, alongside: loadgen exit 0"
is "$(field errors)/$(field wrong)" 0/0 "gzip: no failed and no wrong reply, each checked once inflated"
ok $([ "$(field gzipped)" -gt 1000 ]; echo $?) "gzip: the replies of 512 bytes and more came compressed ($(field gzipped) of $(field total))"
echo "# gzip: $out"
run "$LOADGEN" --native "$NATIVE" --gzip -n 1
is "$rc/$out" "2/wsis-loadgen: --gzip needs --http" "wsis-loadgen: --gzip without --http is refused"

# Memory after the warm-up stays flat.  The daemon's whole RSS is about
# 10 MB, so a percentage would measure allocator noise; an absolute bound of
# 8 MB fails a leak of 40 bytes per request (over 200000 requests here) or
# of an index handle per swap, and leaves room for the malloc arenas of the
# loop and worker threads.  Under AddressSanitizer RSS means nothing.
if ldd "$top_builddir/wsis-searchd" 2>/dev/null | grep -q libasan; then
	_n=$((_n + 1)); echo "ok $_n # SKIP RSS under AddressSanitizer"
else
	[ $((rss_end - rss_warm)) -lt 8192 ]
	ok $? "RSS flat after the warm-up: ${rss_warm} kB -> ${rss_end} kB (peak $rss_peak kB)"
fi
gen=$(readlink idx | sed 's|.*/||')
sleep 0.3   # the loadgens' closes reach the loop
out=$(printf 'STATS\n' | "$RAW" -t "$NATIVE")
like "$out" "\"generation\":\"$gen\"" "the newest generation is served ($gen)"
like "$out" '"current":1,' "every loadgen connection was closed and freed"
stop_searchd
is "$stop_rc" 0 "SIGTERM after the load: exit 0"
echo "# summary: requests=$n_requests peak_rss_kb=$rss_peak"

# ---- the connection limit ----
# max-connections 57 keeps 7 places for HTTP: native may hold 50
start_searchd limit --max-connections 57 || exit 1
"$LOADGEN" --native "$NATIVE" -c 50 --pipeline 2 -w 1.5 -d 2.5 --check \
	-f native.q > held.out 2> held.err &
hp=$!
sleep 1
out=$("$LOADGEN" --native "$NATIVE" -c 5 -d 1 -f native.q --allow-errors 2>/dev/null)
is "$(field rejected)/$(field established)" 5/0 "5 clients past native's 50 of max-connections 57 are rejected"
out=$(printf 'PING\n' | "$RAW" -t "$NATIVE" -n -T 3)
r=$?
is "$out" "ERR 503 too many connections" "the extra client reads ERR 503 too many connections"
is "$r" 0 "and the server closes it"
wait $hp; r=$?
out=$(cat held.out)
sed 's/^/#   /' held.err | head -10
is "$r/$(field errors)/$(field wrong)" 0/0/0 "the 50 held connections saw no error"
ok $([ "$(field requests)" -gt 0 ]; echo $?) "and were served after the rejections ($(field requests) requests)"
out=$(printf 'PING\n' | "$RAW" -t "$NATIVE")
like "$out" 'OK 13' "once they leave, a new client is served"
stop_searchd

done_testing
