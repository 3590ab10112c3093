#!/bin/sh
# test-searchd.sh - a real wsis-searchd on free loopback ports, driven with
# raw protocol bytes, with HTTP (curl), and through reloads and shutdown.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v curl >/dev/null || skip_all "curl is not installed"
cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1

# ---- start-up errors ----
run "$top_builddir/wsis-searchd" --index "$TMP/missing" --listen 127.0.0.1:0 --http "" --foreground
[ $rc -ne 0 ]; ok $? "a missing index: non-zero exit"
like "$out" 'cannot open index' "a missing index: says so"
mkdir notanindex; echo junk > notanindex/iamglass
run "$top_builddir/wsis-searchd" --index "$TMP/notanindex" --listen 127.0.0.1:0 --http "" --foreground
[ $rc -ne 0 ]; ok $? "a corrupt index: non-zero exit"
run "$top_builddir/wsis-searchd" --bogus-flag 1
is "$rc" 2 "an unknown flag: exit 2"
like "$out" "unknown option --bogus-flag" "an unknown flag: named"
run "$top_builddir/wsis-searchd" --workers 0
is "$rc" 2 "an out-of-range value: exit 2"
printf 'workers = 3\nnonsense\n' > bad.conf
run "$top_builddir/wsis-searchd" --config bad.conf
like "$out" 'bad.conf:2' "a bad config line: file:line"
run "$top_builddir/wsis-searchd" --cache-mb lots --index "$TMP/idx" --listen 127.0.0.1:0 --http "" --foreground
is "$rc" 2 "--cache-mb lots: exit 2"
like "$out" "cache-mb: 'lots' is not a whole number from 0 to 65536" "--cache-mb lots: says what it takes"
run "$top_builddir/wsis-searchd" --cache-mb=-1 --index "$TMP/idx" --listen 127.0.0.1:0 --http "" --foreground
is "$rc" 2 "--cache-mb=-1: exit 2"
like "$out" "cache-mb: '-1' is not a whole number" "--cache-mb=-1: refused"
printf 'cache-mb = 65537\n' > bigcache.conf
run "$top_builddir/wsis-searchd" --config bigcache.conf --index "$TMP/idx" --listen 127.0.0.1:0 --http "" --foreground
is "$rc" 2 "cache-mb past its maximum in a config file: exit 2"
like "$out" "bigcache.conf:1: cache-mb: '65537' is not a whole number from 0 to 65536" "cache-mb in a config file: file:line and the range"

start_searchd main || exit 1
ok 0 "wsis-searchd starts on free loopback ports ($NATIVE, $HTTP)"
like "$(cat "$LOG")" "listening on 127\.0\.0\.1:" "listens on loopback only"

# ---- port in use ----
run "$top_builddir/wsis-searchd" --index "$TMP/idx" --listen "$NATIVE" --http "" --foreground
[ $rc -ne 0 ]; ok $? "a port in use: non-zero exit"
like "$out" 'cannot listen' "a port in use: says so"

# ---- native protocol ----
out=$(raw 'PING\n')
like "$out" '^WSIS 1\.2 wsis-searchd/' "greeting with the protocol version"
like "$out" 'OK 13' "PING answered"
out=$(raw 'SEARCH limit=3 -- enhanced cooperation\n')
first=$(printf '%s\n' "$out" | sed -n 3p | grep -o '"id":"[^"]*"' | head -1)
is "$first" '"id":"draft:38"' "SEARCH ranks draft:38 first for enhanced cooperation"
like "$out" '"section":"2.1 Enhanced Cooperation"' "hits carry their section"
like "$out" '<mark>enhanced cooperation</mark>' "snippets mark the matched words, a run of them in one mark"
# "did you mean": a word in no passage gets the index's nearest word
out=$(raw 'SEARCH limit=1 -- enhanced cooperatoin\n')
like "$out" '"suggestion":"enhanced cooperation"' "a misspelt word gets a suggestion, the rest as typed"
out=$(raw 'SEARCH limit=1 -- digtal divide\n')
like "$out" '"total":[1-9][0-9]*,"total_exact":true,"suggestion":"digital divide"' \
    "the words that match still find passages, with the suggestion beside them"
out=$(raw 'SEARCH limit=1 -- enhanced cooperation\n')
unlike "$out" '"suggestion"' "no suggestion when every word is in some passage"
out=$(raw 'SEARCH limit=1 -- A/66/77x\n')
unlike "$out" '"suggestion"' "no suggestion for a document symbol"

# the exact-phrase boost: the same words in another order weigh the same
# in BM25, and only passages holding the phrase as typed get twice that
score_of() {   # score_of ID QUERY: ID's score in the first 10 hits of QUERY
	raw "SEARCH limit=10 -- $2\n" | sed -n 3p |
	    grep -o "\"id\":\"$1\",\"score\":[0-9.]*" | sed 's/.*://'
}
boosted() {    # boosted ID PHRASE REVERSED: ID scores twice as much for PHRASE
	awk -v a="$(score_of "$1" "$2")" -v b="$(score_of "$1" "$3")" \
	    'BEGIN { exit !(a != "" && b != "" && a + 0 > 0 && (a / b - 2) ^ 2 < 1e-6) }'
}
same() {       # same ID PHRASE REVERSED: ID scores the same for both
	awk -v a="$(score_of "$1" "$2")" -v b="$(score_of "$1" "$3")" \
	    'BEGIN { exit !(a != "" && a + 0 > 0 && a == b) }'
}
boosted draft:20 "digital divide" "divide digital"
ok $? "a passage holding the query as a phrase scores twice its BM25 (draft:20)"
same draft:16 "digital divide" "divide digital"
ok $? "a passage holding the words apart keeps its BM25 score (draft:16)"
out=$(raw 'SEARCH limit=10 -- digital divide\n' | sed -n 3p | grep -o '"id":"[^"]*"' | tr '\n' ' ')
like "$out" '"draft:20" .*"draft:16"' "so the phrase passage now ranks above it"
boosted questions:6 "information and communication technology" \
    "technology communication and information"
ok $? "the phrase of an acronym's expansion boosts a passage that says ICT (questions:6)"
boosted draft:34 "how many small island developing States" \
    "States developing island small"
ok $? "question words before the phrase are left out of it"
out=$(raw 'SEARCH limit=3 -- programmes\n')
like "$out" '"snippet":"[^"]*<mark>programme</mark>' "snippets mark a word as the index matches it (programmes: programme)"
out=$(raw 'SEARCH limit=3 -- cyber*\n')
like "$out" '"snippet":"[^"]*<mark>cyber[a-z]*</mark>' "snippets mark the words a wildcard matched"
out=$(raw 'SEARCH limit=1 -- zzzqqq OR women\n')
like "$out" '"snippet":"[^"]*<mark>women</mark>' "snippets mark the words of an OR that matched"
# a page's passages repeat their words and the highlighter remembers its
# answers per request: every spelling on the page must still be marked
out=$(raw 'SEARCH limit=20 -- development developing Women\n')
snips=$(printf '%s' "$out" | grep -o '"snippet":"[^"]*"')
marked=$(printf '%s' "$snips" | grep -oiE '<mark>[^<]*</mark>' | wc -l)
unmarked=$(printf '%s' "$snips" | sed 's/<mark>[^<]*<\/mark>//g' |
    grep -oiE '(^|[^a-z])(develop(ment|ments|ing|ed)?|wom[ae]n)([^a-z]|$)' | wc -l)
ok $(( marked >= 20 && unmarked == 0 ? 0 : 1 )) \
    "every spelling of the query's words on a 20-hit page is marked ($marked marks, $unmarked unmarked)"
out=$(raw 'DOC -- draft:48\n')
like "$out" 'political independence, territorial integrity' "DOC returns the repaired paragraph 48"
out=$(raw 'DOC -- nope\n')
like "$out" '^ERR 404 ' "DOC of an unknown id: ERR 404"
out=$(raw 'COUNT part=draft -- women\n')
like "$out" '"total":[1-9][0-9]*,"total_exact":true' "COUNT with a filter is exact"
out=$(raw 'SEARCH para=30..40 sort=doc -- ICT\n')
ids=$(printf '%s' "$out" | grep -o '"id":"draft:[0-9]*"' | tr -d '"' | sed 's/id:draft://' | tr '\n' ' ')
like "$ids" '^3[0-9] ' "para range filter and document order ($ids)"
out=$(raw 'STATS\n')
like "$out" '"documents":128' "STATS reports the passages"
out=$(raw 'MENTIONS context=20 -- women\n')
like "$out" '"total_passages":5,"total_occurrences":6' "MENTIONS women: every passage and occurrence"
like "$out" '"by_part":\[\{"part":"questions","passages":1,"occurrences":1\},\{"part":"draft","passages":4,"occurrences":5\}\]' "MENTIONS counts per part in document order"
like "$out" '"match":"women'"'"'s","after":" education' "MENTIONS gives each occurrence in context, a possessive in its word"
like "$out" '"total_occurrences":6,"forms":\[\{"form":"women","count":5\},\{"form":"women'"'"'s","count":1\}\]' \
    "MENTIONS lists the forms it matched, a count each"
# word forms, never stems (R3 of issue 21)
# a symbol Xapian holds no term for is no syntax error
out=$(raw 'MENTIONS -- women OR →\n')
like "$out" '"total_passages":5,"total_occurrences":6' "MENTIONS women OR →: the audit of women"
out=$(raw 'MENTIONS -- →\n')
like "$out" '"total_passages":0,"total_occurrences":0' "MENTIONS →: nothing"
unlike "$out" 'ERR' "MENTIONS →: no error"
out=$(raw 'MENTIONS -- woman\n')
like "$out" '"total_passages":5,"total_occurrences":6,' "MENTIONS woman finds women"
out=$(raw 'MENTIONS -- developed countries\n')
like "$out" '"total_occurrences":4,"forms":\[\{"form":"developed countries","count":4\}\]' \
    "MENTIONS developed countries counts no developing countries"
out=$(raw 'MENTIONS -- governance\n')
like "$out" '"forms":\[\{"form":"governance","count":12\}\]' "MENTIONS governance counts no government"
out=$(raw 'MENTIONS -- cybersecurity\n')
like "$out" '"total_occurrences":8,"forms":\[\{"form":"cyber security","count":4\},\{"form":"cybersecurity","count":4\}\]' \
    "MENTIONS cybersecurity counts cyber security too, per form"
# the candidates are asked for without stopwords: "the" has forms
out=$(raw 'MENTIONS context=0 -- the\n')
like "$out" '"total_passages":92,"total_occurrences":328,' "MENTIONS of a stopword reads every passage that has it"
out=$(raw 'MENTIONS exact=1 context=20 -- women\n')
like "$out" '"exact":true,.*"total_passages":4,"total_occurrences":5,"forms":\[\{"form":"women","count":5\}\]' \
    "MENTIONS exact=1: the word as typed only"
out=$(raw 'MENTIONS exact=1 -- woman\n')
like "$out" '"total_passages":0,"total_occurrences":0,"forms":\[\]' "MENTIONS exact=1 woman: no women"
out=$(raw 'MENTIONS exact=0 -- woman\n')
like "$out" '"exact":false,.*"total_occurrences":6,' "MENTIONS exact=0: every form"
out=$(raw 'MENTIONS exact=yes -- women\n')
like "$out" '^ERR 400 .*exact: expected 0 or 1' "MENTIONS exact=yes: ERR 400"
out=$(raw 'SEARCH exact=1 -- women\n')
like "$out" '^ERR 400 .*does not take the option "exact"' "exact is an option of MENTIONS only"
out=$(raw 'MENTIONS -- ((\n')
like "$out" '^ERR 422 .*concept is missing' "a malformed mentions query: ERR 422 saying what"
out=$(raw 'MENTIONS\n')
like "$out" '^ERR 400 ' "MENTIONS without a query: ERR 400"
out=$(raw 'BOGUS\n')
like "$out" '^ERR 401 ' "unknown command: ERR 401"
out=$(raw 'SEARCH limit=-1 -- x\n')
like "$out" '^ERR 400 ' "a negative number: ERR 400"
out=$(raw 'SEARCH limit=99999999999 -- x\n')
like "$out" '^ERR 400 ' "an overflowing number: ERR 400"
out=$(raw 'SEARCH -- (((\n')
like "$out" '^(OK|ERR 4[0-9][0-9]) ' "unbalanced parentheses: an answer, not a hang"
out=$(raw 'RELOAD\n')
like "$out" '^ERR 403 ' "RELOAD over TCP is refused by default"
out=$(printf 'RELOAD\n' | "$RAW" -u "$SOCK")
like "$out" '"reloaded":true' "RELOAD on the Unix socket"
out=$(raw 'QUIT\nPING\n' -n -T 5)
r=$?
like "$out" '"bye":true' "QUIT answered"
unlike "$out" 'pong' "nothing is answered after QUIT"
is "$r" 0 "QUIT closes the connection"
out=$(printf '\000\001garbage\377\n' | "$RAW" -t "$NATIVE")
like "$out" '^ERR 400 ' "binary garbage: ERR 400"
out=$(raw 'PING\nSEARCH -- enhanced cooperation\nPING\n' -c 1 -d 2)
n=$(printf '%s\n' "$out" | grep -c '^OK ')
is "$n" 3 "requests split byte by byte are answered"

# pipelining: 58 DOC requests in one write come back in order
req=""
for i in $(seq 1 58); do req="${req}DOC -- draft:$i\n"; done
out=$(raw "$req")
got=$(printf '%s\n' "$out" | grep -o '^{"id":"draft:[0-9]*"' | sed 's/.*draft://; s/"//' | tr '\n' ' ')
is "$got" "$(seq 1 58 | tr '\n' ' ')" "58 pipelined requests answered in order"

# a line past max-line: 413, then closed
long=$(head -c 9000 /dev/zero | tr '\0' 'a')
out=$(printf 'SEARCH -- %s\nPING\n' "$long" | "$RAW" -t "$NATIVE" -n -T 5)
r=$?
like "$out" 'ERR 413 ' "a line past max-line: ERR 413"
is "$r" 0 "a line past max-line: the connection is closed"
out=$(raw 'PING\n')
like "$out" 'OK 13' "the daemon still serves others"

# a closing reply with input still unread: the daemon closes lingering
# (shutdown, then reads to the end), so the replies still in its send
# buffer reach the client.  A plain close would reset the connection and
# drop them.  The client reads late, through a small receive buffer, so
# that those replies are still in the daemon's send buffer when it closes.
{
	for i in $(seq 1 200); do printf 'DOC -- draft:38\n'; done
	printf 'QUIT\n'
	for i in $(seq 1 20000); do printf 'PING\n'; done
} > linger-quit.in
{
	for i in $(seq 1 200); do printf 'DOC -- draft:38\n'; done
	printf 'SEARCH -- %s\n' "$long"
	for i in $(seq 1 20000); do printf 'PING\n'; done
} > linger-413.in
nq=0; n413=0
for i in 1 2 3; do
	"$RAW" -t "$NATIVE" -R 4096 -W 300 -T 10 < linger-quit.in | tail -n 1 | grep -q '"bye":true' &&
	    nq=$((nq + 1))
	"$RAW" -t "$NATIVE" -R 4096 -W 300 -T 10 < linger-413.in | tail -n 1 | grep -q '^ERR 413 ' &&
	    n413=$((n413 + 1))
done
is "$nq" 3 "200 pipelined DOCs, QUIT, 100 KB more, read late: the last line is QUIT's bye (3 runs)"
is "$n413" 3 "200 pipelined DOCs, a line past max-line, 100 KB more, read late: the last line is ERR 413 (3 runs)"

# ---- the command-line client ----
CLI=$top_builddir/wsis-search
run "$CLI" --server "$NATIVE" --limit 3 enhanced cooperation
is "$rc" 0 "wsis-search: hits exit 0"
like "$out" '^(about )?[0-9]+ hits for "enhanced cooperation"' "wsis-search: a header with the total"
like "$out" '1\. draft:38  \[2\.1 Enhanced Cooperation\]  [0-9.]+' "wsis-search: rank, id, section, score"
unlike "$out" "$(printf '\033')" "wsis-search: no escapes when piped"
run "$CLI" --server "$NATIVE" --color=always women
like "$out" "$(printf '\033')\\[1mwomen" "wsis-search --color=always: matches in bold"
run "$CLI" --server "$NATIVE" zzzznothing
is "$rc" 1 "wsis-search: no hits exit 1"
run "$CLI" --server "$NATIVE" --json women
like "$out" '^\{"query":"women","total":5,' "wsis-search --json: the HTTP fields"
run "$CLI" --socket "$SOCK" ping
like "$out" '^PONG [0-9.]+ ms' "wsis-search --socket ping"
out=$(WSIS_SERVER=$NATIVE "$CLI" doc draft:48)
like "$out" 'political independence, territorial integrity' "WSIS_SERVER and doc ID print the whole passage"
run "$CLI" --server "$NATIVE" count women
is "$out" "5" "wsis-search count"
run "$CLI" --server "$NATIVE" stats
like "$out" 'index\.documents: +128' "wsis-search stats"
run "$CLI" --server "$NATIVE" mentions women
like "$out" '^5 passages, 6 occurrences of "women"' "wsis-search mentions: totals"
like "$out" 'draft:20  .*enhance \[women'"'"'s\] education' "wsis-search mentions: each occurrence in context"
like "$out" '^  "women": 5$' "wsis-search mentions: the forms, a count each (1)"
like "$out" '^  "women'"'"'s": 1$' "wsis-search mentions: the forms, a count each (2)"
run "$CLI" --server "$NATIVE" mentions --exact women
like "$out" '^4 passages, 5 occurrences of "women"' "wsis-search mentions --exact: the word as typed only"
unlike "$out" "women's" "wsis-search mentions --exact: no possessive"
run "$CLI" --server "$NATIVE" mentions woman
like "$out" '^5 passages, 6 occurrences of "woman"' "wsis-search mentions woman: women counted"
run "$CLI" --server "$NATIVE" count --exact women
is "$rc" 2 "wsis-search count --exact: a usage error"
run "$CLI" --server "$NATIVE" mentions --csv SIDS
like "$out" '^id,part,section,para,offset,before,match,after' "wsis-search mentions --csv: a header"
n=$(printf '%s\n' "$out" | grep -c '"small island developing States"')
is "$n" 4 "wsis-search mentions --csv: a row per occurrence"
run "$CLI" --server "$NATIVE" para:abc
is "$rc" 2 "wsis-search: a server error exits 2"
like "$out" 'server error 422: para: takes a number or a range' "wsis-search: the server's code and message"
run "$CLI" --server 127.0.0.1:1 women
is "$rc" 2 "wsis-search: a down server exits 2"
like "$out" 'cannot connect to 127\.0\.0\.1:1' "wsis-search: says where it tried"
run "$CLI" --limit abc women
is "$rc" 2 "wsis-search: a bad number is a usage error"

# ---- HTTP ----
H=http://$HTTP
out=$(curl -s -D headers "$H/search?q=enhanced+cooperation&limit=2")
like "$out" '"query":"enhanced cooperation","total":' "HTTP /search answers JSON"
like "$out" '"hits":\[\{"rank":1,"id":"draft:38","score":[0-9.]+,"part":"draft","para":38,"section":"2.1 Enhanced Cooperation","fields":\{"chapter":"2. Internet Governance"\},"citations":\[.*\],"snippet":' "HTTP hit fields as documented"
like "$out" '"took_ms":' "HTTP reports took_ms"
like "$(cat headers)" 'Content-Type: application/json; charset=utf-8' "JSON content type"
# the body is the JSON and one newline, and Content-Length counts both
curl -s -D headers -o body "$H/search?q=women&limit=1"
is "$(tail -c 2 body | od -An -c | tr -d ' ')" '}\n' "an HTTP body ends with the JSON's } and a newline"
like "$(cat headers)" "Content-Length: $(wc -c < body | tr -d ' ')" "Content-Length is the body's length, newline included"
unlike "$(cat headers)" 'Access-Control-Allow-Origin' "no CORS header by default"
out=$(curl -s "$H/mentions?q=SIDS")
ids=$(printf '%s' "$out" | grep -o '"id":"[^"]*"' | tr -d '"' | sed 's/id://' | tr '\n' ' ')
is "$ids" "draft:9 draft:23 draft:26 draft:34 " "/mentions?q=SIDS finds every written-out mention"
like "$out" '"match":"small island developing States"' "the match is given as written"
code=$(curl -s -o body -w '%{http_code}' "$H/mentions?q=%22women")
is "$code" 422 "/mentions with an unbalanced quote: 422"
out=$(curl -s "$H/mentions?q=cybersecurity&exact=1")
like "$out" '"exact":true,.*"total_occurrences":4,"forms":\[\{"form":"cybersecurity","count":4\}\]' \
    "/mentions?exact=1: the word as typed only"
out=$(curl -s "$H/mentions?q=zero+draft")
like "$out" '"forms":\[\{"form":"zero-draft","count":6\},\{"form":"zero draft","count":4\},\{"form":"zerodraft","count":1\}\]' \
    "/mentions: hyphen, space and joined forms, by count"
code=$(curl -s -o body -w '%{http_code}' "$H/mentions?q=women&exact=2")
is "$code" 400 "/mentions?exact=2: 400"
code=$(curl -s -o body -w '%{http_code}' "$H/search?q=women&exact=1")
is "$code" 200 "/search takes no exact parameter: ignored"
like "$(cat body)" '"notices":\["unknown parameter ignored: exact"\]' "and a notice says so"
code=$(curl -s -o body -w '%{http_code}' "$H/doc/draft:38")
is "$code" 200 "GET /doc/draft:38"
like "$(cat body)" '"fields":\{' "/doc returns the fields"
code=$(curl -s -o body -w '%{http_code}' "$H/doc/draft:38?x=1")
is "$code" 200 "GET /doc/draft:38?x=1: the parameter is ignored"
like "$(cat body)" '"notices":\["unknown parameter ignored: x"\]' "and a notice says so"
code=$(curl -s -o body -w '%{http_code}' "$H/doc/nope")
is "$code" 404 "GET /doc/unknown: 404"
like "$(cat body)" '^\{"error":\{"code":404' "404 is a JSON error"
code=$(curl -s -o body -w '%{http_code}' "$H/doc/..%2F..%2Fetc%2Fpasswd")
is "$code" 404 "/doc/ with ../ is just an unknown id"
code=$(curl -s -o body -w '%{http_code}' "$H/search?q=%zz")
is "$code" 400 "bad percent-encoding: 400"
like "$(cat body)" 'percent-encoding' "bad percent-encoding: explained"
code=$(curl -s -o body -w '%{http_code}' "$H/search?q=x&bogus=1")
is "$code" 200 "unknown parameter: ignored"
code=$(curl -s -o body -w '%{http_code}' "$H/search?q=x&limit=abc")
is "$code" 400 "bad limit: 400"
code=$(curl -s -o body -w '%{http_code}' -X POST "$H/search?q=x")
is "$code" 405 "POST /search: 405"
code=$(curl -s -o body -w '%{http_code}' -X GET --data 'x=1' "$H/health")
is "$code" 400 "a body where none belongs: 400"
# the same over HTTP: pipelined requests, then one with a body the daemon
# does not read and 100 KB of it; read late, the 400 still arrives last
{
	for i in $(seq 1 100); do printf 'GET /doc/draft:38 HTTP/1.1\r\nHost: x\r\n\r\n'; done
	printf 'GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n'
	head -c 100000 /dev/zero | tr '\0' x
} > linger-body.in
nb=0
for i in 1 2 3; do
	"$top_builddir/tests/rawsock" -t "$HTTP" -R 4096 -W 300 -T 10 < linger-body.in | tail -c 200 |
	    grep -q 'a request body is not expected here' && nb=$((nb + 1))
done
is "$nb" 3 "HTTP: 100 pipelined requests, a body of 100 KB, read late: the 400 arrives last (3 runs)"
code=$(curl -s -o body -w '%{http_code}' "$H/nowhere")
is "$code" 404 "unknown path: 404"
code=$(curl -s -o body -w '%{http_code}' "$H/health")
is "$code" 200 "/health: 200"
out=$(curl -s "$H/stats")
like "$out" '"latency_ms":\{"p50":' "/stats reports latency percentiles"
like "$out" '"uptime_s":' "/stats reports uptime"
# HEAD: the GET's headers and length, no body; the connection goes on
len=$(curl -s "$H/search?q=women&limit=3" | wc -c)
out=$(printf 'HEAD /search?q=women&limit=3 HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
	"$top_builddir/tests/rawsock" -n -T 5 -t "$HTTP" | tr -d '\r')
like "$out" "Content-Length: $len" "HEAD says the length of the GET's body ($len)"
is "$(printf '%s\n' "$out" | grep -c '^{')" 1 "HEAD sends no body: the next reply on the connection is the next JSON"
like "$out" '"documents":' "and the request after HEAD is answered"
# ---- /metrics and /ready ----
# a daemon of its own, so the counters hold exactly what is sent here
NATIVE0=$NATIVE; HTTP0=$HTTP; H0=$H; LOG0=$LOG; PID0=$SEARCHD_PID; SOCK0=$SOCK
start_searchd metrics || exit 1
raw 'SEARCH -- women\nSEARCH -- women\nDOC -- nope\nFROB\n' > /dev/null
curl -s -o /dev/null "http://$HTTP/search?q=women"
curl -s -o /dev/null "http://$HTTP/nowhere"
curl -s -D headers -o metrics.txt "http://$HTTP/metrics"
like "$(cat headers)" 'Content-Type: text/plain; version=0.0.4' "/metrics: Prometheus's text format"
got=$(grep '^wsis_requests_total' metrics.txt | tr '\n' ' ')
is "$got" 'wsis_requests_total{front="native",command="none",code="401"} 1 wsis_requests_total{front="native",command="SEARCH",code="ok"} 2 wsis_requests_total{front="native",command="DOC",code="404"} 1 wsis_requests_total{front="http",command="none",code="404"} 1 wsis_requests_total{front="http",command="SEARCH",code="ok"} 1 ' \
    "/metrics counts requests by front end, command and outcome"
like "$(cat metrics.txt)" 'wsis_request_duration_seconds_count 5' "/metrics: the latency histogram counts the native replies and HTTP's worker replies (5)"
like "$(cat metrics.txt)" 'wsis_index_documents 128' "/metrics: the index's passages"
like "$(cat metrics.txt)" 'wsis_index_info\{generation="gen-[0-9]*"\} 1' "/metrics: the generation served"
like "$(cat metrics.txt)" 'wsis_connections\{front="native"\} [0-9]' "/metrics: connections by front end"
if command -v promtool >/dev/null; then
	promtool check metrics < metrics.txt > promtool.out 2>&1
	ok $? "promtool check metrics accepts /metrics $(tr '\n' ' ' < promtool.out)"
else
	_n=$((_n + 1)); echo "ok $_n # SKIP promtool is not installed (Debian package prometheus)"
fi
out=$(curl -s -w ' %{http_code}' "http://$HTTP/ready" | tr -d '\n')
is "$out" "{\"status\":\"ready\",\"documents\":128,\"shards_down\":0,\"shards\":[{\"shard\":\"$TMP/idx\",\"state\":\"up\",\"failures\":0}]} 200" \
    "/ready: an index is open, its one shard up"
stop_searchd
NATIVE=$NATIVE0; HTTP=$HTTP0; H=$H0; LOG=$LOG0; SEARCHD_PID=$PID0; SOCK=$SOCK0

# a client that half-closes after its requests gets every reply, then the close
out=$(printf 'GET /count?q=women HTTP/1.1\r\nHost: x\r\n\r\n' | "$top_builddir/tests/rawsock" -T 5 -t "$HTTP" | tr -d '\r')
like "$out" '"query":"women","total":' "HTTP: a request then a half-close: answered"
out=$(printf 'GET /count?q=a1 HTTP/1.1\r\nHost: x\r\n\r\nGET /count?q=a2 HTTP/1.1\r\nHost: x\r\n\r\nGET /count?q=a3 HTTP/1.1\r\nHost: x\r\n\r\n' |
	"$top_builddir/tests/rawsock" -T 5 -t "$HTTP" | tr -d '\r' | grep -o '"query":"a[0-9]"' | tr '\n' ' ')
is "$out" '"query":"a1" "query":"a2" "query":"a3" ' "HTTP: three pipelined requests then a half-close: three replies, in order"
# keep-alive is said, with how long an idle connection waits
out=$(printf 'GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' | "$top_builddir/tests/rawsock" -T 5 -t "$HTTP" | tr -d '\r')
like "$out" 'Connection: keep-alive' "HTTP/1.0 keep-alive: the reply says so"
like "$out" 'Keep-Alive: timeout=10' "and says how long it waits for the next request"
out=$(printf 'GET /health HTTP/1.1\r\n\r\n' | "$top_builddir/tests/rawsock" -T 5 -t "$HTTP" | tr -d '\r')
like "$out" '^HTTP/1.1 400 Bad Request' "HTTP/1.1 without Host: 400"
like "$out" 'needs a Host field' "saying why"
curl -s -o body -X POST "$H/search?q=x"
like "$(cat body)" '"code":405,"status":405' "an HTTP status of HTTP's own is also the error's code"
# a pasted paragraph longer than max-line fits a URL: searched by its first bytes
long=$(sed -n '/^- [1-4][0-9]\./p' "$top_srcdir/corpus/wsis-review-zero-draft-2015.txt" | tr '\n' ' ' | head -c 10000)
code=$(curl -s -o body -w '%{http_code}' -G --data-urlencode "q=$long" "$H/search?limit=1")
is "$code" 200 "a 10 KB pasted query over HTTP: 200"
like "$(cat body)" '"notices":\[[^]]*longer than 8192 bytes: its first [0-9]* are searched' "searched by its first bytes, with a notice"
# requests answered without a worker are in the query log too
curl -s -o /dev/null "$H/nowhere-at-all"
sleep 0.3
like "$(cat "$LOG")" 'nowhere-at-all.*404' "an HTTP 404 is in the query log"
curl -s -D headers -H 'Accept-Encoding: gzip' -o body.gz "$H/search?q=women&limit=5"
like "$(cat headers)" 'Content-Encoding: gzip' "gzip when the client accepts it"
gunzip -c body.gz > body 2>/dev/null; ok $? "the gzip body decompresses"
like "$(cat body)" '"query":"women"' "the gzip body is the JSON"
# Accept-Encoding as clients write it: any case, x-gzip, *, and q=0 refusing
for ae in 'GZIP' 'deflate, gzip;q=0.5' 'x-gzip' '*' 'br, gzip'; do
	curl -s -D headers -H "Accept-Encoding: $ae" -o /dev/null "$H/search?q=women&limit=5"
	like "$(cat headers)" 'Content-Encoding: gzip' "gzip for Accept-Encoding: $ae"
done
for ae in 'gzip;q=0' 'gzip; q=0.0, deflate' 'identity' 'gzipx'; do
	curl -s -D headers -H "Accept-Encoding: $ae" -o /dev/null "$H/search?q=women&limit=5"
	unlike "$(cat headers)" 'Content-Encoding' "no gzip for Accept-Encoding: $ae"
done
like "$(cat headers)" 'Vary: Accept-Encoding' "a plain reply that could be gzip says Vary: Accept-Encoding"
code=$(curl -s -o body -w '%{http_code}' -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' x)" "$H/health")
[ "$code" -ge 400 ]; ok $? "oversized headers are refused ($code)"
# a pasted paragraph of 7 KB fits a URL, percent-encoded, as it fits a line
paste=$(sed -n '/^- 1[0-9]\./p' "$top_srcdir/corpus/wsis-review-zero-draft-2015.txt" | tr '\n' ' ' | head -c 7000)
code=$(curl -s -o body -w '%{http_code}' -G --data-urlencode "q=$paste" "$H/search?limit=1")
is "$code" 200 "a 7 KB pasted query over HTTP GET: 200 ($(wc -c <body) bytes)"
like "$(cat body)" '"hits":\[\{"rank":1' "and it is searched"
code=$(curl -s -o body -w '%{http_code}' -X POST "$H/reload")
is "$code" 403 "POST /reload without admin-tcp: 403"

# ---- the reply cache ----
cache_stat() {   # cache_stat KEY: that counter of the "cache" object of STATS
	raw 'STATS\n' | grep -o '"cache":{[^}]*}' | grep -o "\"$1\":[0-9]*" | cut -d: -f2
}
payload() {      # payload REQUEST: the payload of the reply to one request line
	raw "$1\n" | sed -n 3p
}
like "$(curl -s "$H/stats")" '"cache":\{"hits":[0-9]+,"misses":[0-9]+,"entries":[0-9]+,"bytes":[0-9]+,"evictions":[0-9]+,"max_bytes":16777216\}' "/stats reports the reply cache (16 MiB by default)"
h0=$(cache_stat hits)
a=$(payload 'SEARCH limit=4 -- digital divide')
like "$a" '^\{"query":"digital divide",.*"took_ms":' "cache: a SEARCH is answered"
b=$(payload 'SEARCH limit=4 -- digital divide')
is "$b" "$a" "cache: the same SEARCH again gets the identical payload, took_ms included"
is "$(cache_stat hits)" $((h0 + 1)) "cache: and /stats counts a hit"
c=$(curl -s "$H/search?q=digital+divide&limit=4")
is "$c" "$a" "cache: HTTP /search of the same request shares the entry"
is "$(cache_stat hits)" $((h0 + 2)) "cache: counted as a hit too"
a=$(payload 'SEARCH part=draft limit=3 para=1..30 -- women')
b=$(payload 'SEARCH para=1..30 limit=003 part=draft -- women')
is "$b" "$a" "cache: options in another order hit the same entry"
is "$(cache_stat hits)" $((h0 + 3)) "cache: counted as a hit"
payload 'DOC -- questions:3' >/dev/null
payload 'COUNT -- internet' >/dev/null
payload 'MENTIONS -- youth' >/dev/null
c=$(curl -s "$H/doc/questions:3")
like "$c" '^\{"id":"questions:3"' "cache: DOC answered over HTTP"
payload 'COUNT -- internet' >/dev/null
c=$(curl -s "$H/mentions?q=youth")
like "$c" '"total_passages":' "cache: MENTIONS answered over HTTP"
is "$(cache_stat hits)" $((h0 + 6)) "cache: DOC, COUNT and MENTIONS are cached too"
# gzip replies are compressed by a worker and cached apart from plain ones
U="$H/search?q=internet+governance&limit=5"
curl -s -H 'Accept-Encoding: gzip' -o g1.gz "$U"
curl -s -D headers -H 'Accept-Encoding: gzip' -o g2.gz "$U"
like "$(cat headers)" 'Content-Encoding: gzip' "cache: gzip again, from the cache"
is "$(cache_stat hits)" $((h0 + 7)) "cache: the gzip request again is a hit"
cmp -s g1.gz g2.gz; ok $? "cache: with the same gzip bytes"
curl -s -D headers -o plain "$U"
unlike "$(cat headers)" 'Content-Encoding' "cache: after gzip replies, a plain client gets no gzip"
like "$(head -c 1 plain)" '^\{$' "cache: but the JSON itself"
gunzip -c g1.gz > g1 2>/dev/null; ok $? "cache: the gzip reply inflates"
is "$(sed 's/"took_ms":[0-9.]*//' g1)" "$(sed 's/"took_ms":[0-9.]*//' plain)" \
    "cache: to the plain reply (took_ms aside)"
is "$(tail -c 1 g1 | od -An -tx1 | tr -d ' ')" 0a "cache: newline included, as in a plain reply"
curl -s -D headers -H 'Accept-Encoding: gzip' -o small "$H/count?q=women"
unlike "$(cat headers)" 'Content-Encoding' "a reply under 512 bytes is not compressed"
like "$(cat small)" '^\{"query":"women"' "and is the JSON as it is"
h0=$((h0 + 1))
raw 'DOC -- nope\n' >/dev/null
out=$(raw 'DOC -- nope\n')
like "$out" '^ERR 404 ' "cache: an error is answered again"
is "$(cache_stat hits)" $((h0 + 6)) "cache: errors are never cached"
sleep 0.3   # the query log's lines are written every 100 ms
like "$(cat "$LOG")" 'SEARCH "digital divide" hits=[0-9]+ us=[0-9]+ cache=hit' "the query log marks replies from the cache"
like "$(cat "$LOG")" 'SEARCH "digital divide" hits=[0-9]+ us=[0-9]+$' "and only those"
raw 'SEARCH -- written at exit\n' >/dev/null
stop_searchd
is "$stop_rc" 0 "SIGTERM: exit 0"
like "$(cat "$LOG")" 'SEARCH "written at exit" hits=' "SIGTERM writes the query log's last lines"

# ---- the reply cache across rebuilt indexes: RELOAD, SIGHUP, POST /reload ----
mkdir -p c1 c2 c3
printf '{"id":"p1","text":"the portal asks about broadband"}\n' > c1/a.jsonl
printf '{"id":"p1","text":"the portal asks about broadband"}\n{"id":"p2","text":"broadband for every portal"}\n' > c2/a.jsonl
cp c2/a.jsonl c3/a.jsonl
printf '{"id":"p3","text":"broadband, a third time"}\n' >> c3/a.jsonl
"$top_builddir/wsis-indexer" -q c1 -o cidx
SEARCHD_INDEX=$TMP/cidx start_searchd cache --admin-tcp || exit 1
reopened() {     # reopened N: waits until the log says "index reopened" N times
	_i=0
	while [ "$(grep -c 'index reopened' "$LOG")" -lt "$1" ] && [ $_i -lt 400 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
}
a=$(payload 'SEARCH -- broadband')
like "$a" '"total":1,' "cache: the first index has one passage"
b=$(payload 'SEARCH -- broadband')
is "$b" "$a" "cache: asked again, the same reply"
# eight pipelined queries (other keys: no hits) keep both workers busy, so
# each has a handle of the first index before the reload
pipe=""
for n in 1 2 3 4 5 6 7 8; do pipe="${pipe}SEARCH limit=$n -- broadband\n"; done
is "$(raw "$pipe" | grep -c '"total":1,')" 8 "cache: 8 pipelined queries, on both workers, see the first index"
h0=$(cache_stat hits)
"$top_builddir/wsis-indexer" -q c2 -o cidx
out=$(printf 'RELOAD\n' | "$RAW" -u "$SOCK")
like "$out" '"reloaded":true' "cache: the rebuilt index is reloaded (RELOAD)"
out=$(payload 'SEARCH -- broadband')
like "$out" '"total":2,.*"id":"p2"' "cache: after RELOAD the reply comes from the new index"
is "$(cache_stat hits)" "$h0" "cache: not from the cached reply of the old one"
is "$(raw "$pipe" | grep -c '"total":2,')" 8 "after RELOAD both workers serve the new index (8 pipelined queries)"
"$top_builddir/wsis-indexer" -q c3 -o cidx
kill -HUP $SEARCHD_PID
reopened 2
out=$(payload 'SEARCH -- broadband')
like "$out" '"total":3,' "cache: after SIGHUP the reply comes from the new index"
"$top_builddir/wsis-indexer" -q c2 -o cidx
code=$(curl -s -o body -w '%{http_code}' -X POST "http://$HTTP/reload")
is "$code" 200 "cache: POST /reload with admin-tcp"
out=$(curl -s "http://$HTTP/search?q=broadband")
like "$out" '"total":2,' "cache: after POST /reload the reply comes from the new index"
is "$(cache_stat hits)" "$h0" "cache: no hit across the three reloads"
out=$(curl -s "http://$HTTP/search?q=broadband")
like "$out" '"total":2,' "cache: the new index's reply is cached in turn"
is "$(cache_stat hits)" $((h0 + 1)) "cache: and served as a hit"
stop_searchd

# ---- replies the workers send themselves ----
# A query first in line on a quiet connection is sent by its worker; the
# loop takes the job back (query log, counters, cache) when the connection
# next speaks, or within 10 ms when it stays quiet.
start_searchd direct || exit 1
e0=$(cache_stat entries)
printf 'SEARCH limit=2 -- quiet connection information society\n' | "$RAW" -t "$NATIVE" -n -T 3 >quiet.out &
qpid=$!
i=0
while [ "$(cache_stat entries)" = "$e0" ] && [ $i -lt 50 ]; do sleep 0.05; i=$((i + 1)); done
kill -0 $qpid 2>/dev/null
ok $? "a worker's reply on a connection still open reaches the cache without its next request"
sleep 0.3   # the query log's lines are written every 100 ms
like "$(cat "$LOG")" 'SEARCH "quiet connection information society" hits=' "and the query log"
wait $qpid
like "$(cat quiet.out)" 'OK [0-9]+' "the quiet connection got its reply"
# pipelined behind a query, a PING waits for it: replies in request order
out=$(raw 'SEARCH limit=1 -- digital divide\nPING\nSEARCH limit=1 -- women\nPING\n')
is "$(printf '%s\n' "$out" | grep -o '^{"[a-z]*"' | tr '\n' ' ')" '{"query" {"pong" {"query" {"pong" ' \
    "a PING behind a query is answered after it"
stop_searchd
start_searchd pipe1 --max-pipeline 1 || exit 1
out=$(raw 'SEARCH limit=1 -- digital divide\nSEARCH limit=1 -- women\nPING\n' -T 10)
is "$(printf '%s\n' "$out" | grep -o '^{"[a-z]*":"[a-z ]*"\|^{"pong"' | tr '\n' ' ')" \
    '{"query":"digital divide" {"query":"women" {"pong" ' \
    "--max-pipeline 1: lines sent at once are answered one after the other"
stop_searchd

# ---- the reply cache turned off, and a query near the time limit ----
start_searchd nocache --cache-mb 0 || exit 1
like "$(cat "$LOG")" 'reply cache off' "--cache-mb 0: the log says the cache is off"
a=$(payload 'SEARCH -- digital divide')
b=$(payload 'SEARCH -- digital divide')
like "$a$b" '^\{"query":"digital divide".*\}\{"query":"digital divide"' "--cache-mb 0: queries are answered"
out=$(raw 'STATS\n')
like "$out" '"cache":\{"hits":0,"misses":0,"entries":0,"bytes":0,"evictions":0,"max_bytes":0\}' "--cache-mb 0: no hits, nothing held"
sleep 0.3
unlike "$(cat "$LOG")" 'cache=hit' "--cache-mb 0: no reply from a cache in the query log"
stop_searchd
# 1 ms: a MENTIONS of "the" reads most passages and takes several
start_searchd timelimit --query-time-limit-ms 1 || exit 1
payload 'MENTIONS -- the' >/dev/null
payload 'MENTIONS -- the' >/dev/null
out=$(raw 'STATS\n')
like "$out" '"cache":\{"hits":0,"misses":2,"entries":0,' "a reply that ran into 90% of the time limit is not cached"
stop_searchd

# ---- daemon mode with a pidfile, settings from a config file ----
cat > daemon.conf <<CONF
# a config file: every flag has a key
index = $TMP/idx
listen = 127.0.0.1:0
http =
pidfile = $TMP/searchd.pid
log = syslog
CONF
run "$top_builddir/wsis-searchd" --config daemon.conf
ok $rc "daemon mode: the launcher exits 0"
i=0; while [ ! -s searchd.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
dpid=$(cat searchd.pid 2>/dev/null)
[ -n "$dpid" ] && kill -0 "$dpid" 2>/dev/null; ok $? "daemon mode: the pidfile names a running daemon"
at_exit "kill -9 $dpid 2>/dev/null"
kill -TERM "$dpid" 2>/dev/null
i=0; while kill -0 "$dpid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
! kill -0 "$dpid" 2>/dev/null; ok $? "daemon mode: SIGTERM stops it"
[ ! -e searchd.pid ]; ok $? "daemon mode: the pidfile is removed at exit"

# ---- --user: root is dropped after binding ----
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chmod 755 "$TMP"
	start_searchd user --user nobody || exit 1
	uid=$(awk '/^Uid:/ {print $2, $3, $4, $5}' /proc/$SEARCHD_PID/status)
	is "$uid" "$(id -u nobody) $(id -u nobody) $(id -u nobody) $(id -u nobody)" "--user nobody: the daemon runs as nobody after binding"
	out=$(raw 'SEARCH -- women\n')
	like "$out" '"id":"draft:' "--user nobody: it still serves"
	stop_searchd
	chmod 700 "$TMP"
else
	echo "ok $((_n + 1)) # SKIP --user needs root"; _n=$((_n + 1))
	echo "ok $((_n + 1)) # SKIP --user needs root"; _n=$((_n + 1))
fi

# ---- shards: a local index and one served by Xapian's xapian-tcpsrv ----
if command -v xapian-tcpsrv >/dev/null; then
	mkdir -p shard2
	printf '{"id":"x1","text":"enhanced cooperation in a second shard"}\n{"id":"x2","text":"R&D <script>alert(1)</script> markup"}\n' > shard2/x.jsonl
	# a remote shard keeps its term lists: xapian-tcpsrv sends them with a
	# document; one built without them is refused with a clear message
	"$top_builddir/wsis-indexer" -q --no-termlists shard2 -o idx3
	"$top_builddir/wsis-indexer" -q shard2 -o idx2
	port=$((20000 + $$ % 20000))
	# tcpsrv INDEX: serves INDEX on $port, its pid in $tpid; in its own
	# session: on SIGTERM xapian-tcpsrv signals its whole process group
	tcpsrv() {
		for _try in 1 2 3 4 5; do
			setsid xapian-tcpsrv --interface 127.0.0.1 --port $port "$1" >"tcpsrv-$1.log" 2>&1 &
			tpid=$!
			at_exit "kill $tpid 2>/dev/null"
			# until it accepts connections (a loaded machine, or one
			# running the sanitizers, may take many seconds); when it
			# exits instead, its port was taken: the next one
			_t=0
			until bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; do
				kill -0 $tpid 2>/dev/null || break
				[ $_t -ge 600 ] && break
				sleep 0.1; _t=$((_t + 1))
			done
			kill -0 $tpid 2>/dev/null && return 0
			port=$((port + 7))
		done
		echo "# xapian-tcpsrv did not start:"; sed 's/^/#   /' "tcpsrv-$1.log"
	}
	tcpsrv idx2
	SEARCHD_INDEX="$TMP/idx,tcp:127.0.0.1:$port" start_searchd shards || exit 1
	out=$(raw 'SEARCH limit=20 -- enhanced cooperation\nDOC -- x1\n')
	like "$out" '"id":"draft:38"' "shards: hits from the local index"
	like "$out" '"id":"x1"' "shards: hits from the remote xapian-tcpsrv shard"
	out=$(raw 'SEARCH -- alert\n')
	like "$out" '"snippet":"R&amp;D &lt;script&gt;<mark>alert</mark>\(1\)&lt;/script&gt; markup"' "snippets are HTML-escaped around their marks"
	stop_searchd
	kill $tpid 2>/dev/null
	port=$((port + 1))
	tcpsrv idx3
	SEARCHD_INDEX="$TMP/idx,tcp:127.0.0.1:$port" start_searchd shards3 || exit 1
	out=$(raw 'SEARCH -- alert\n')
	like "$out" 'ERR 500 .*build it without wsis-indexer --no-termlists' \
	    "a remote shard without term lists: an error that says how to build it"
	stop_searchd
	kill $tpid 2>/dev/null
else
	for t in 1 2 3 4; do
		echo "ok $((_n + 1)) # SKIP xapian-tcpsrv not installed"; _n=$((_n + 1))
	done
fi

# ---- CORS, configured ----
start_searchd cors --cors-origins "https://portal.example" || exit 1
curl -s -D headers -o body -H 'Origin: https://portal.example' "$H/health" >/dev/null 2>&1
curl -s -D headers -o body -H 'Origin: https://portal.example' "http://$HTTP/health"
like "$(cat headers)" 'Access-Control-Allow-Origin: https://portal.example' "CORS allows a configured origin"
curl -s -D headers -o body -H 'Origin: https://evil.example' "http://$HTTP/health"
unlike "$(cat headers)" 'Access-Control-Allow-Origin' "CORS ignores other origins"
stop_searchd

# ---- limits ----
start_searchd limits --idle-timeout 1 --max-connections 2 || exit 1
out=$(printf '' | "$RAW" -t "$NATIVE" -n -T 6)
r=$?
like "$out" 'ERR 408 ' "a silent client gets ERR 408"
is "$r" 0 "and is closed"
printf 'PING\n' | "$RAW" -t "$NATIVE" -n -W 3000 -T 1 >/dev/null &
h1=$!
printf 'PING\n' | "$RAW" -t "$NATIVE" -n -W 3000 -T 1 >/dev/null &
h2=$!
sleep 0.3
out=$(raw 'PING\n' -n -T 3)
n=$(curl -s "http://$HTTP/stats" | grep -o '"current":[0-9]*')
out2=$(raw 'PING\n' -n -T 3)
like "$out$out2" 'ERR 503 too many connections' "past max-connections: ERR 503 ($n)"
wait $h1 $h2 2>/dev/null
out=$(raw 'PING\n')
like "$out" 'OK 13' "after the crowd leaves, new clients are served"
stop_searchd

# ---- the loop yields the CPU to busy workers (loop-batch) ----
# One worker and 40 pipelined queries: all but the first wait for it, and
# the loop runs as SCHED_BATCH until the worker finds no job left.
loop_stat() { raw 'STATS\n' | grep -o '"loop":{[^}]*}'; }
req=""
for i in $(seq 1 40); do req="${req}SEARCH limit=3 -- information society $i\n"; done
start_searchd batch --workers 1 --cache-mb 0 || exit 1
n=$(raw "$req" | grep -c '^OK ')
is "$n" 40 "loop-batch: 40 pipelined queries on one worker are answered"
i=0
while st=$(loop_stat) && ! echo "$st" | grep -q '"batch":false' && [ $i -lt 40 ]; do
	sleep 0.05; i=$((i + 1))
done
periods=$(echo "$st" | grep -o '"batch_periods":[0-9]*' | cut -d: -f2)
[ "${periods:-0}" -ge 1 ]; ok $? "queries waiting for the worker ran the loop as SCHED_BATCH (${periods:-none} periods)"
like "$st" '"batch":false' "the worker idle, STATS says the loop is SCHED_OTHER again"
policy=$(sed 's/.*) //' /proc/$SEARCHD_PID/task/$SEARCHD_PID/stat | cut -d' ' -f39)
is "$policy" 0 "and so does the kernel (policy of the loop thread: $policy, 0 is SCHED_OTHER)"
stop_searchd
start_searchd nobatch --workers 1 --cache-mb 0 --loop-batch no || exit 1
n=$(raw "$req" | grep -c '^OK ')
is "$n" 40 "--loop-batch no: the 40 queries are answered"
like "$(loop_stat)" '"batch":false,"batch_periods":0' "--loop-batch no: the loop's scheduling is left alone"
stop_searchd

# ---- one worker, two pipelining clients: both served, in order ----
# Every request of both waits in one queue in the order it came, each
# connection keeping at most max-pipeline of them there.
queue_stat() { raw 'STATS\n' | grep -o '"queue":{[^}]*}'; }
qa=""; qb=""
for i in $(seq 1 150); do
	qa="${qa}SEARCH limit=1 -- information society $i\n"
	qb="${qb}COUNT -- women $i\n"
done
start_searchd qshare --workers 1 --cache-mb 0 --max-pipeline 4 || exit 1
raw "$qa" -T 20 > qa.out & ha=$!
raw "$qb" -T 20 > qb.out & hb=$!
wait $ha; rca=$?
wait $hb; rcb=$?
is "$rca/$rcb" 0/0 "one worker, two pipelining clients: both get every reply and the close"
is "$(grep -c "^OK " qa.out)/$(grep -c "^OK " qb.out)" 150/150 "one worker: 150 queries answered on each connection"
got=$(grep -o '"query":"information society [0-9]*"' qa.out | sed 's/.* //; s/"//' | tr '\n' ' ')
is "$got" "$(seq 1 150 | tr '\n' ' ')" "one worker: the replies come in request order"
like "$(grep -o '"query":"women [0-9]*"' qb.out | tail -1)" '"women 150"' "one worker: the other connection's last reply is its last query's"
like "$(queue_stat)" '"queue":\{"length":[0-9]*,"max":32768\}' "STATS reports the queue and its cap"
stop_searchd

# SIGTERM while connections have queries queued: each gets the replies in
# progress and then ERR 503, and the daemon exits 0.
req=""
for i in $(seq 1 2000); do req="${req}SEARCH limit=5 -- information society $i\n"; done
start_searchd qterm --workers 1 --cache-mb 0 || exit 1
raw "$req" -T 60 > qterm1.out & q1=$!
raw "$req" -T 60 > qterm2.out & q2=$!
raw "$req" -T 60 > qterm3.out & q3=$!
# all three connected (and the STATS one) and queries waiting
i=0
while { ! queue_stat | grep -q '"length":[1-9]' ||
    ! raw 'STATS\n' | grep -q '"connections":{"current":[4-9]'; } && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
stop_searchd
is "$stop_rc" 0 "SIGTERM with queries queued: exit 0"
wait $q1; r1=$?
wait $q2; r2=$?
wait $q3; r3=$?
is "$r1/$r2/$r3" 0/0/0 "SIGTERM with queries queued: the daemon closes each connection"
last="$(tail -n 1 qterm1.out)|$(tail -n 1 qterm2.out)|$(tail -n 1 qterm3.out)"
is "$last" "ERR 503 shutting down|ERR 503 shutting down|ERR 503 shutting down" "SIGTERM with queries queued: each one's last line is ERR 503"

# ---- a half-close: every request sent before it is answered ----
# More requests than max-pipeline and than one parsing batch (64): those
# still unread when the end of input came used to be dropped (420 of
# 2,000 PINGs answered).
start_searchd halfclose --max-pipeline 4 --workers 1 --cache-mb 0 || exit 1
req=""
for i in $(seq 1 2000); do req="${req}PING\n"; done
is "$(raw "$req" -T 30 | grep -c '^OK 13$')" 2000 "a half-close after 2,000 pipelined PINGs: 2,000 answers"
req=""
for i in $(seq 1 300); do req="${req}COUNT -- digital divide $i\n"; done
is "$(raw "$req" -T 30 | grep -c "^OK ")" 300 "a half-close after 300 pipelined queries: 300 answers"
stop_searchd

# ---- reload under queries: no query fails ----
start_searchd reload || exit 1
load() {   # 40 rounds of 20 pipelined queries on fresh connections
	i=0
	while [ $i -lt 40 ]; do
		printf 'SEARCH -- enhanced cooperation\nCOUNT -- women\nDOC -- draft:38\nSEARCH part=programme -- ICT\n%.0s' 1 2 3 4 5 | "$RAW" -t "$NATIVE"
		i=$((i + 1))
	done
}
load > load1.out &
lp=$!
for k in 1 2 3; do
	"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx
	kill -HUP $SEARCHD_PID
	sleep 0.2
done
wait $lp
nok=$(grep -c '^OK ' load1.out)
nerr=$(grep -c '^ERR ' load1.out)
is "$nerr" 0 "no failed query while the index was rebuilt and reopened 3 times"
[ "$nerr" = 0 ] || grep -A1 '^ERR ' load1.out | sort | uniq -c | sed 's/^/#   /'
[ "$nerr" = 0 ] || grep -i 'error\|warning' "$TMP/searchd-reload.log" 2>/dev/null | tail -5 | sed 's/^/#   /'
is "$nok" 800 "every query answered ($nok)"
gen=$(readlink idx | sed 's|.*/||')
out=$(raw 'STATS\n')
like "$out" "\"generation\":\"$gen\"" "after SIGHUP the daemon serves the newest generation ($gen)"

# ---- graceful shutdown: in-flight requests finish ----
req=""
for i in $(seq 1 30); do req="${req}SEARCH -- information society\n"; done
printf "$req" | "$RAW" -t "$NATIVE" -n -T 10 > shut.out &
rp=$!
# SIGTERM once the client is connected (it has the greeting)
i=0; while ! grep -q '^WSIS ' shut.out 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
stop_searchd
wait $rp
is "$stop_rc" 0 "SIGTERM with requests in flight: exit 0"
n=$(grep -c '^OK ' shut.out)
m=$(grep -c '^ERR 503 shutting down' shut.out)
[ $((n + m)) -ge 1 ] && [ "$m" -le 1 ]; ok $? "in-flight requests answered before closing ($n OK, $m shutting down)"
[ ! -S "$SOCK" ]; ok $? "the Unix socket is removed at exit"

done_testing
