#!/bin/sh
# test-totals.sh - exact totals and full pages (issue 21, rule R4), against
# real wsis-searchd daemons over the native protocol and HTTP:
#  - for hand-picked queries and every query of the relevance suite, SEARCH's
#    total equals COUNT's, exactly, and paging through with limit=N lists
#    exactly min(N, total - offset) hits a page, ranked offset+1.., with no
#    passage twice and none left out;
#  - on a generated index of 100,000 passages: a query matching exactly
#    10,000 is exact and its pages tile all of them; one matching 15,000
#    says total_exact:false with a lower bound, and the client prints
#    "about" for it only; a 1 ms query-time-limit-ms cuts the counting of
#    SEARCH and COUNT and says so; max-limit caps every page, and HELLO
#    and each SEARCH reply ("limit") report it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v curl >/dev/null || skip_all "curl is not installed"
cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1
CLI=$top_builddir/wsis-search

# native: sends its standard input to the native port; prints the JSON replies
native() { "$RAW" -t "$NATIVE" | grep '^[{]'; }
# urlq TEXT: TEXT for a query string (the characters the queries here hold)
urlq() { printf '%s' "$1" | sed 's/%/%25/g; s/ /%20/g; s/"/%22/g; s/\*/%2A/g; s/&/%26/g; s/+/%2B/g; s/#/%23/g'; }
# total_of JSON: "TOTAL EXACT" of a SEARCH or COUNT reply
total_of() {
	printf '%s\n' "$1" | sed -n 's/^{"query":"\([^"\\]\|\\.\)*","total":\([0-9]*\),"total_exact":\([a-z]*\).*/\2 \3/p' | head -1
}

# check_pages FIRST L T IDS < JSON replies to pages of L hits at offsets
# FIRST, FIRST+L, ...: prints every way a page is not what R4 says (hits
# min(L, T - offset), ranked offset+1.. in order, the total T exact on each)
# and appends the ids listed to the file IDS.
check_pages() {
	awk -v first="$1" -v l="$2" -v t="$3" -v ids="$4" '
	{
		off = first + p * l; p++
		if (!match($0, /"offset":[0-9]+/) || substr($0, RSTART + 9, RLENGTH - 9) + 0 != off)
			print "page " p ": not at offset " off
		if (index($0, "\"total\":" t ",\"total_exact\":true,") == 0)
			print "page " p ": not the exact total " t ": " substr($0, 1, 120)
		want = t - off
		if (want > l) want = l
		if (want < 0) want = 0
		n = 0; s = $0
		while (match(s, /"rank":[0-9]+,"id":"[^"]*"/)) {
			h = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			rank = h; sub(/^"rank":/, "", rank); sub(/,.*/, "", rank)
			id = h; sub(/^.*"id":"/, "", id); sub(/"$/, "", id)
			n++
			if (rank + 0 != off + n)
				print "page " p ": hit " n " ranked " rank ", not " off + n
			print id >> ids
		}
		if (n != want)
			print "page " p " (offset " off "): " n " hits, not " want
	}
	END { if (p == 0) print "no reply" }'
}

# pages_native FIRST L T OPTS QUERY: the SEARCH lines of the pages of L hits
# from offset FIRST to one page past T
pages_native() {
	_o=$1
	while [ "$_o" -le "$3" ]; do
		printf 'SEARCH offset=%d limit=%d %s-- %s\n' "$_o" "$2" "$4" "$5"
		_o=$((_o + $2))
	done
}
# pages_http FIRST L T PARAMS QUERY: the URLs of the same pages over HTTP
pages_http() {
	_o=$1
	while [ "$_o" -le "$3" ]; do
		printf 'http://%s/search?q=%s&offset=%d&limit=%d%s\n' "$HTTP" "$(urlq "$5")" "$_o" "$2" "$4"
		_o=$((_o + $2))
	done
}
# tiles IDS T: the ids listed are T, all different
tiles() { [ "$(wc -l < "$1")" -eq "$2" ] && [ "$(sort -u "$1" | wc -l)" -eq "$2" ]; }

# contract NATIVE_OPTS HTTP_PARAMS QUERY: every check of R4 on one query
contract() {
	_q=$3
	_co=$(printf '%s' "$1" | sed 's/sort=[a-z]* //')   # COUNT has no sort
	_hco=$(printf '%s' "$2" | sed 's/&sort=[a-z]*//')
	_ts=$(total_of "$(printf 'SEARCH limit=0 %s-- %s\n' "$1" "$_q" | native)")
	_tc=$(total_of "$(printf 'COUNT %s-- %s\n' "$_co" "$_q" | native)")
	_hs=$(total_of "$(curl -s "http://$HTTP/search?q=$(urlq "$_q")&limit=1$2")")
	_hc=$(total_of "$(curl -s "http://$HTTP/count?q=$(urlq "$_q")$_hco")")
	_t=${_ts% *}
	[ -n "$_t" ] && [ "$_ts" = "$_t true" ] && [ "$_tc" = "$_ts" ] && [ "$_hs" = "$_ts" ] && [ "$_hc" = "$_ts" ]
	ok $? "$_q${1:+ ($1)}: SEARCH, COUNT, /search, /count all say exactly $_t"
	[ -n "$_t" ] || { echo "#   SEARCH '$_ts' COUNT '$_tc' /search '$_hs' /count '$_hc'"; return; }
	[ "$_ts" = "$_t true" ] && [ "$_tc" = "$_ts" ] && [ "$_hs" = "$_ts" ] && [ "$_hc" = "$_ts" ] ||
	    echo "#   SEARCH '$_ts' COUNT '$_tc' /search '$_hs' /count '$_hc'"
	: > ids3; : > ids7; : > ids100
	_bad=$(pages_native 0 3 "$_t" "$1" "$_q" | native | check_pages 0 3 "$_t" ids3)
	[ -z "$_bad" ] && tiles ids3 "$_t"
	ok $? "$_q: native pages of 3 are full, ranked on, and list the $_t passages once each"
	[ -z "$_bad" ] || printf '%s\n' "$_bad" | head -5 | sed 's/^/#   /'
	_bad=$(curl -s $(pages_http 0 7 "$_t" "$2" "$_q") | check_pages 0 7 "$_t" ids7)
	[ -z "$_bad" ] && tiles ids7 "$_t"
	ok $? "$_q: HTTP pages of 7 are full, ranked on, and list the $_t passages once each"
	[ -z "$_bad" ] || printf '%s\n' "$_bad" | head -5 | sed 's/^/#   /'
	if [ "$_t" -le 100 ]; then
		printf 'SEARCH limit=100 %s-- %s\n' "$1" "$_q" | native | check_pages 0 100 "$_t" ids100 >/dev/null
		[ "$(sort ids3)" = "$(sort ids100)" ] && [ "$(sort ids7)" = "$(sort ids100)" ]
		ok $? "$_q: the small pages hold the passages of one page of 100"
	fi
}

start_searchd main || exit 1
contract "" "" "gender digital divide"
contract "" "" "digital divide"
contract "" "" "women"
contract "" "" "development"
contract "" "" "internet governance"
contract "" "" "cyber*"
contract "" "" '"information society"'
contract "" "" "ICT"
contract "part=draft " "&part=draft" "digital"
contract "sort=doc " "&sort=doc" "information"
contract "" "" "zzzznothing"

# every query of the relevance suite: the totals agree and the pages tile
n=0; bad=""
for q in $(sed -n 's/^{"q": "\([^"]*\)".*/\1/p' "$top_srcdir/tests/relevance/queries.jsonl" | tr ' ' '\001'); do
	q=$(printf '%s' "$q" | tr '\001' ' ')
	n=$((n + 1))
	ts=$(total_of "$(printf 'SEARCH limit=0 -- %s\n' "$q" | native)")
	tc=$(total_of "$(printf 'COUNT -- %s\n' "$q" | native)")
	t=${ts% *}
	if [ -z "$t" ] || [ "$ts" != "$t true" ] || [ "$tc" != "$ts" ]; then
		bad="$bad
$q: SEARCH '$ts' COUNT '$tc'"
		continue
	fi
	: > idsr
	b=$(pages_native 0 4 "$t" "" "$q" | native | check_pages 0 4 "$t" idsr)
	[ -z "$b" ] && { [ "$t" = 0 ] || tiles idsr "$t"; } || bad="$bad
$q: $(printf '%s' "$b" | head -1)"
done
[ "$n" -ge 100 ] && [ -z "$bad" ]
ok $? "the $n queries of the relevance suite: SEARCH's total is COUNT's, exact, and pages of 4 tile it"
[ -z "$bad" ] || printf '%s\n' "$bad" | head -8 | sed 's/^/#   /'

run "$CLI" --server "$NATIVE" digital divide
like "$out" '^16 hits for "digital divide"' "wsis-search: \"16 hits\", without \"about\", for an exact total"
stop_searchd

# ---- 100,000 generated passages ----
# kappa stands in every 10th passage, lambda in every 20th (all of them
# with kappa), mu in the ones 5 after those: "kappa lambda" matches 10,000
# passages, "kappa lambda mu" 15,000, and as their words overlap Xapian
# cannot tell the total from the terms' frequencies alone; alpha, beta and
# delta (every 2nd, 3rd, 5th) match 73,334 together.
mkdir gen
awk 'BEGIN {
	for (i = 0; i < 100000; i++) {
		w = "row" i " filler"
		if (i % 10 == 0) w = w " kappa"
		if (i % 20 == 0) w = w " lambda"
		if (i % 20 == 5) w = w " mu"
		if (i % 2 == 0) w = w " alpha"
		if (i % 3 == 0) w = w " beta"
		if (i % 5 == 0) w = w " delta"
		print w ".\n"
	}
}' > gen/gen.txt
"$top_builddir/wsis-indexer" -q gen -o genidx || exit 1
SEARCHD_INDEX=$TMP/genidx start_searchd gen || exit 1

out=$(printf 'SEARCH limit=10 -- kappa lambda\nCOUNT -- kappa lambda\n' | native)
is "$(total_of "$(printf '%s\n' "$out" | sed -n 1p)") $(total_of "$(printf '%s\n' "$out" | sed -n 2p)")" \
    "10000 true 10000 true" "10,000 matches: SEARCH's total is exact and COUNT's"
: > idsg
bad=$(pages_native 0 100 10000 "" "kappa lambda" | native | check_pages 0 100 10000 idsg)
[ -z "$bad" ] && tiles idsg 10000
ok $? "10,000 matches: 101 pages of 100 list each passage once, the last one empty"
[ -z "$bad" ] || printf '%s\n' "$bad" | head -5 | sed 's/^/#   /'
bad=$(pages_native 9995 10 10000 "" "kappa lambda" | native | check_pages 9995 10 10000 /dev/null)
is "$bad" "" "10,000 matches: offset=9995 limit=10 gives 5 hits ranked 9996-10000, offset=10005 none"
bad=$(curl -s $(pages_http 9980 10 10000 "" "kappa lambda") | check_pages 9980 10 10000 /dev/null)
is "$bad" "" "10,000 matches over HTTP: the last pages are full, then empty"
run "$CLI" --server "$NATIVE" kappa lambda
like "$out" '^10000 hits for "kappa lambda"' "wsis-search: \"10000 hits\" for an exact total of 10,000"

out=$(printf 'SEARCH limit=10 -- kappa lambda mu\n' | native)
like "$out" '"total":[0-9]+,"total_exact":false,"total_lower_bound":[0-9]+,' \
    "15,000 matches: SEARCH's total is not exact and comes with its lower bound"
lo=$(printf '%s' "$out" | sed -n 's/.*"total_lower_bound":\([0-9]*\).*/\1/p')
est=$(printf '%s' "$out" | sed -n 's/.*"total":\([0-9]*\),.*/\1/p')
[ "${lo:-0}" -gt 10000 ] && [ "$lo" -le 15000 ] && [ "${est:-0}" -ge "$lo" ]
ok $? "15,000 matches: the lower bound passes 10,000 ($lo), and the estimate is above it ($est)"
out=$(curl -s "http://$HTTP/search?q=kappa+lambda+mu&limit=1")
like "$out" '"total_exact":false,"total_lower_bound":[0-9]+,' "15,000 matches over HTTP: total_exact false and the lower bound"
out=$(printf 'COUNT -- kappa lambda mu\n' | native)
is "$(total_of "$out")" "15000 true" "15,000 matches: COUNT counts them exactly"
# (check_pages wants an exact total on each page: this one is an estimate)
bad=$(pages_native 12000 10 12010 "" "kappa lambda mu" | native |
    sed 's/"total":[0-9]*,"total_exact":false,"total_lower_bound":[0-9]*,/"total":15000,"total_exact":true,/' |
    check_pages 12000 10 15000 /dev/null)
is "$bad" "" "15,000 matches: pages at offset 12000 are full and ranked 12001-12020"
# alpha alone stands in 50,000 passages: the search knows from that
# frequency that "alpha kappa" passes 10,000 and does not count them
out=$(printf 'SEARCH limit=10 -- alpha kappa\n' | native)
lo=$(printf '%s' "$out" | sed -n 's/.*"total_exact":false,"total_lower_bound":\([0-9]*\),.*/\1/p')
[ "${lo:-0}" -ge 50000 ]
ok $? "a word in 50,000 passages: total_exact false, the lower bound at least its frequency ($lo)"
bad=$(pages_native 9990 10 10000 "" "alpha kappa" | native |
    sed 's/"total":[0-9]*,"total_exact":false,"total_lower_bound":[0-9]*,/"total":60000,"total_exact":true,/' |
    check_pages 9990 10 60000 /dev/null)
is "$bad" "" "a word in 50,000 passages: the pages about offset 10000 are full and ranked on"
out=$(printf 'SEARCH limit=10 -- alpha AND kappa\nCOUNT -- alpha AND kappa\n' | native)
is "$(total_of "$(printf '%s\n' "$out" | sed -n 1p)") $(total_of "$(printf '%s\n' "$out" | sed -n 2p)")" \
    "10000 true 10000 true" "alpha AND kappa (10,000 of alpha's 50,000): counted, exact"
out=$(printf 'SEARCH limit=7 -- "kappa lambda" "alpha filler" "beta filler" "delta filler"\n' | native)
is "$(total_of "$out")" "5000 true" "phrases of 5,000 matches among 100,000 candidates: exact without a time limit"
run "$CLI" --server "$NATIVE" kappa lambda mu
like "$out" '^about [0-9]+ hits for "kappa lambda mu"' "wsis-search: \"about N hits\" when the total is not exact"
stop_searchd

# a 1 ms time limit cuts the counting past the page; max-limit 7.  Phrases
# are counted by reading positions: counting these takes 10-100 ms, well
# past the time Xapian's timer thread takes to start on a busy machine;
# each check still gets three tries
SEARCHD_INDEX=$TMP/genidx start_searchd limited --query-time-limit-ms 1 --max-limit 7 --cache-mb 0 || exit 1
out=$(printf 'HELLO\n' | native)
like "$out" '"max_limit":7,.*"query_time_limit_ms":1\}' "HELLO reports max_limit and query_time_limit_ms"
P='"kappa lambda" "alpha filler" "beta filler" "delta filler"'   # 5,000, among 100,000 to read
PP='"filler alpha" "filler beta" "filler delta" "alpha beta" "beta delta"'
for i in 1 2 3; do
	out=$(printf 'SEARCH limit=7 -- %s\n' "$P" | native)
	case $out in *'"total_exact":false'*) break ;; esac
done
like "$out" '"total_exact":false,"total_lower_bound":[0-9]+,' "a time limit that cuts SEARCH's counting: total_exact false, with the lower bound"
bad=$(printf '%s\n' "$out" | sed 's/"total":[0-9]*,"total_exact":false,"total_lower_bound":[0-9]*,/"total":7,"total_exact":true,/' |
    check_pages 0 7 7 /dev/null)
is "$bad" "" "a time limit that cuts SEARCH's counting: the page itself is whole (7 hits ranked 1-7)"
for i in 1 2 3; do
	out=$(printf 'COUNT -- %s\n' "$PP" | native)
	case $out in *'"total_exact":false'*) break ;; esac
done
like "$out" '"total_exact":false,"total_lower_bound":[0-9]+,' "a time limit that cuts COUNT: total_exact false, with the lower bound"
for i in 1 2 3; do
	run "$CLI" --server "$NATIVE" count "$PP"
	case $out in about*) break ;; esac
done
like "$out" '^about [0-9]+$' "wsis-search count: \"about N\" when the time limit cut the count"
bad=$(printf 'SEARCH offset=%d limit=50 -- kappa\n' 0 7 14 | native | check_pages 0 7 10000 /dev/null)
bad2=$(curl -s "http://$HTTP/search?q=kappa&limit=50" "http://$HTTP/search?q=kappa&limit=50&offset=7" |
    check_pages 0 7 10000 /dev/null)
[ -z "$bad" ] && [ -z "$bad2" ]
ok $? "limit=50 past max-limit 7: 7 hits a page, native and HTTP"
[ -z "$bad$bad2" ] || printf '%s\n' "$bad" "$bad2" | head -5 | sed 's/^/#   /'
out=$(printf 'SEARCH limit=50 -- kappa\nSEARCH limit=3 -- kappa\n' | native | grep -o '"offset":[0-9]*,"limit":[0-9]*' | tr '\n' ' ')
is "$out" '"offset":0,"limit":7 "offset":0,"limit":3 ' "SEARCH replies say the page size served: max-limit 7 for limit=50, 3 for limit=3"
out=$(curl -s "http://$HTTP/search?q=kappa&limit=50&offset=14")
like "$out" '"offset":14,"limit":7,"limit_capped":true,"limit_asked":50,"hits":\[' "/search says the page size served past max-limit, and that it was capped"
stop_searchd

done_testing
