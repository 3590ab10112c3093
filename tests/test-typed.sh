#!/bin/sh
# test-typed.sh - queries as people type them (README, "Query language"),
# checked on a real wsis-searchd over the corpus with generated queries:
# every word of the corpus in lower case, Capitalised and in CAPITALS finds
# the same passages and never draws a "did you mean"; every passage's text
# pasted as a query finds that passage first; and thousands of random
# strings of corpus words, capitals, colons, operators and 2 KB of prose
# get a search, never an error.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1
start_searchd typed || exit 1

# run_file REQUESTS REPLIES: every request line of a file, pipelined on one
# connection; the reply bodies (or ERR lines), one a line, in order
run_file() {
	"$RAW" -t "$NATIVE" -T 120 <"$1" | grep -E '^(\{|ERR )' >"$2"
}

# ---- the passages and their words ----
ids=""
for p in draft pga-letter cofacilitators-letter programme questions heading; do
	ids="$ids $(raw "SEARCH limit=100 sort=doc part=$p\n" | grep -o '"id":"[^"]*"' |
	    sed 's/"id":"//; s/"$//')"
done
printf '%s\n' $ids >ids
is "$(wc -l <ids | tr -d ' ')" 128 "the 128 passages listed"
sed 's/^/DOC -- /' ids >doc.req
run_file doc.req doc.out
# their texts, one a line: JSON escapes read, \uXXXX (dashes, quotes) as a space
sed 's/.*"text":"\(\([^"\\]\|\\.\)*\)".*/\1/' doc.out |
    sed 's/\\u[0-9a-fA-F]\{4\}/ /g; s/\\[nrt]/ /g; s/\\"/"/g; s/\\\\/\\/g' >texts
is "$(wc -l <texts | tr -d ' ')" 128 "their texts read"
# the distinct words of two letters or more (letters only), lowercased; the
# acronyms of the table are left out: they keep their capitals in a query
tr -c 'A-Za-z' '\n' <texts | awk 'length($0) >= 2' | tr 'A-Z' 'a-z' | sort -u |
    grep -vxE '(ict|sids|ldc|lldc|igf|cstd|ungis|itu|unesco|wsis|ecosoc|sdg|mdg|oda|un|ga)s?' >words
nw=$(wc -l <words | tr -d ' ')
ok $((nw > 1000 ? 0 : 1)) "$nw distinct words"

# ---- capitals: stemmed like lower case ----
# COUNT of each word as lower case, Capitalised and CAPITALS
awk '{ w = $0; c = toupper(substr(w, 1, 1)) substr(w, 2)
       print "COUNT -- " w; print "COUNT -- " c; print "COUNT -- " toupper(w) }' words >case.req
run_file case.req case.out
bad=$(grep -o '"total":[0-9]*' case.out | paste - - - | awk '$1 != $2 || $1 != $3' | wc -l)
is "$bad" 0 "every word: lower case, Capitalised and CAPITALS count the same passages ($nw words)"
# the words the index holds (whether every word of the corpus is one is
# the indexer's concern: tests/test-indexer.sh)
grep -o '"total":[0-9]*' case.out | paste - - - | paste words - |
    awk '$2 != "\"total\":0" { print $1 }' >known
nk=$(wc -l <known | tr -d ' ')
out=$(raw 'COUNT -- LIQUIDS\nCOUNT -- liquids\nCOUNT -- Programmes\nCOUNT -- programs\n' |
    grep -o '"total":[0-9]*' | tr '\n' ' ')
like "$out" '^("total":[0-9]+) \1 ("total":[1-9][0-9]*) \2 $' "LIQUIDS is liquids; Programmes is programs"

# ---- did you mean: never a word of the index ----
awk '{ print "SEARCH limit=1 -- " $0; print "SEARCH limit=1 -- " toupper($0) }' known >sugg.req
run_file sugg.req sugg.out
n=$(grep -c '"suggestion"' sugg.out)
is "$n" 0 "no word the index holds, as typed or in capitals, draws a suggestion ($nk words)"
[ "$n" = 0 ] || grep -o '"query":"[^"]*","total":[0-9]*,[^[]*"suggestion":"[^"]*"' sugg.out | head -3 | sed 's/^/#   /'
# a misspelt word beside words of the index: only it is replaced
awk 'length($0) >= 5 { n++; if (n % 7 == 0) print "SEARCH limit=1 -- " $0 " Cooperatoin" }' \
    known >mix.req
run_file mix.req mix.out
nm=$(wc -l <mix.out | tr -d ' ')
good=$(sed -n 's/^{"query":"\([a-z]*\) Cooperatoin".*"suggestion":"\1 Cooperation".*/x/p' mix.out | wc -l)
is "$good" "$nm" "a misspelt word beside a word of the index: only it is replaced, in the case typed ($nm queries)"
out=$(raw 'SEARCH limit=1 -- governance digital\n')
unlike "$out" '"suggestion"' "words of the index: no suggestion"

# ---- a passage pasted whole: that passage first ----
# (of ten words or more: a short heading is also the context of the
# passages under it; and whose text no other passage has word for word)
awk 'NR == FNR { seen[$0]++; next } NF >= 10 && seen[$0] == 1 { print FNR }' texts texts >long.nr
awk 'NR == FNR { want[$0] = 1; next } FNR in want' long.nr texts >long
nl=$(wc -l <long | tr -d ' ')
sed 's/^/SEARCH limit=5 -- /' long >paste.req
tr 'a-z' 'A-Z' <long | sed 's/^/SEARCH limit=5 -- /' >>paste.req
run_file paste.req paste.out
# per reply: the ids of the hits with the first hit's score
awk '{ top = ""; ids = ""; s = $0
	while (match(s, /"rank":[0-9]+,"id":"[^"]*","score":[0-9.]+/)) {
		h = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
		split(h, f, "\""); sc = h; sub(/.*"score":/, "", sc)
		if (top == "") top = sc
		if (sc == top) ids = ids " " f[6] " "
	}
	print (ids == "" ? "none" : ids) }' paste.out >got
awk 'NR == FNR { id[NR] = $0; next } { print id[$0] }' ids long.nr >want
cat want want >want2
bad=$(paste -d'|' want2 got | awk -F'|' 'index($2, " " $1 " ") == 0' | wc -l)
is "$bad" 0 "each of the $nl passages of ten words or more, pasted as written and in capitals, ranks first (or ties with the first)"
[ "$bad" = 0 ] || paste -d'|' want2 got | awk -F'|' 'index($2, " " $1 " ") == 0' | head -3 | sed 's/^/#   /'

# ---- the rule, on the daemon ----
cnt() { raw "COUNT -- $1\n" | grep -o '"total":[0-9]*' | sed 's/.*://'; }
a=$(cnt 'WOMEN AND CHILDREN'); b=$(cnt 'women children'); c=$(cnt 'women AND children')
ok $(( a == b && c < b ? 0 : 1 )) "WOMEN AND CHILDREN is three words ($a = $b); women AND children is an AND ($c)"
out=$(raw 'COUNT -- WOMEN AND CHILDREN\n')
like "$out" '"notices":\["searched as words, not operators: AND \(the query is written in capitals\)"\]' \
    "COUNT says so in a notice"
a=$(cnt 'women NOT children'); b=$(cnt 'women'); c=$(cnt 'NOT women children')
ok $(( a < b && c == $(cnt 'not women children') ? 0 : 1 )) "women NOT children excludes ($a < $b); a leading NOT is a word"
out=$(raw 'SEARCH limit=1 -- by a permutation:, SIAM\n')
like "$out" '^\{"query":.*"notices":\["not fields, searched as words: permutation:' \
    "an unknown name: is searched as its words, with a notice"
out=$(raw 'SEARCH limit=1 -- note: women\nCOUNT -- note: women\nCOUNT -- note women\n')
like "$out" '"notices":\["not fields, searched as words: note:' "note: women: a notice"
t=$(printf '%s\n' "$out" | grep -o '"total":[0-9]*' | tail -2 | uniq | wc -l)
is "$t" 1 "note: women counts as note women"
out=$(raw 'SEARCH -- para:abc\n')
like "$out" "^ERR 422 para: takes a number or a range \(para:3, para:1..3\), not 'abc'" \
    "a known field with a bad value is the one error"
# an operand that words.h calls a word and the parser does not (a currency
# sign): the parser cannot read the operator, and the words are searched
out=$(raw 'SEARCH limit=1 -- women AND \342\202\254\n')
like "$out" '"notices":\["the query.s operators cannot be read \(.*\): searched as its words"\],"offset":0,"limit":1,"limit_capped":false,"hits":\[\{"rank":1' \
    "a query the parser cannot read is searched as its words, with a notice"
out=$(raw 'SEARCH -- part: women\n')
like "$out" "\"notices\":\[\"'part:' has no value: searched as a word\"\]" "a known field with no value: a word"

# ---- property: typed text gets a search, never an error ----
# 3000 strings from corpus words (as written, Capitalised, CAPITALS), colons,
# operators, parentheses, quotes, + - * .., and slices of up to 2 KB of the
# corpus's prose, each in capitals one time in three
awk -v seed=21 '
BEGIN { srand(seed)
	n = split("AND OR NOT XOR NEAR ADJ NEAR/3 ADJ/2 ( ) \" : - + * .. ... ( ) AND NOT", sy, " ")
	nf = split("note: foo: permutation: part: section: title: chapter: id: http://x.org 12..15 A/66/77 women: :: “” — … « € ’", fl, " ") }
NR == FNR { w[++nw] = $0; next }
{ t[++nt] = $0 }
END {
	for (i = 0; i < 3000; i++) {
		q = ""
		if (i % 10 == 0) {
			s = t[int(rand() * nt) + 1]
			while (length(s) < 2048 && rand() < 0.9) s = s " " t[int(rand() * nt) + 1]
			q = substr(s, 1, 2048)
		} else {
			k = 1 + int(rand() * 12)
			for (j = 0; j < k; j++) {
				r = rand()
				if (r < 0.55) { x = w[int(rand() * nw) + 1]
					if (rand() < 0.3) x = toupper(substr(x, 1, 1)) substr(x, 2) }
				else if (r < 0.85) x = sy[int(rand() * n) + 1]
				else x = fl[int(rand() * nf) + 1]
				q = q (rand() < 0.85 ? " " : "") x
			}
		}
		if (rand() < 0.33) q = toupper(q)
		gsub(/^ +/, "", q)
		if (q !~ /[A-Za-z0-9]/) q = q " women"   # a search has a word
		print (i % 2 ? "COUNT -- " : "SEARCH limit=3 -- ") q
	}
}' words texts >prop.req
run_file prop.req prop.out
n=$(wc -l <prop.out | tr -d ' ')
is "$n" 3000 "3000 typed queries: 3000 replies"
errs=$(grep -c '^ERR ' prop.out)
is "$errs" 0 "none of them is an error (capitals, colons, stray operators, 2 KB of prose)"
[ "$errs" = 0 ] || grep -n '^ERR ' prop.out | head -3 | while IFS=: read -r l rest; do
	printf '#   %s <- %s\n' "$rest" "$(sed -n "${l}p" prop.req | cut -c1-200)"; done
caps=$(paste -d'\t' prop.req prop.out | awk -F'\t' '
	{ q = $1; sub(/^[A-Z]+ [^-]*-- /, "", q) }
	q == toupper(q) && q ~ /[A-Z][A-Z]/ && $2 ~ /"notices":\[[^]]*not operators/ { c++ }
	END { print c + 0 }')
ok $((caps > 100 ? 0 : 1)) "queries in capitals read their operator words as words, and say so ($caps)"

# ---- stopwords alone ----
a=$(cnt 'the'); b=$(cnt 'THE'); c=$(cnt 'of the')
ok $(( a > 50 && a == b && c >= a ? 0 : 1 )) "a query of stopwords finds the passages holding them (the: $a, THE: $b, of the: $c)"

# ---- exclusions alone: every passage but those ----
all=$(raw 'STATS\n' | grep -o '"documents":[0-9]*' | sed 's/.*://')
w=$(cnt 'women'); nw=$(cnt '-women'); c=$(cnt 'women OR children'); nwc=$(cnt '-women -children')
z=$(cnt '"zero draft"'); nz=$(cnt '-"zero draft"')
ok $(( all > 100 && w > 0 && nw == all - w && nwc == all - c && nz == all - z ? 0 : 1 )) \
    "a query of exclusions finds every passage but those (all $all; women $w, -women $nw; women OR children $c, -women -children $nwc; \"zero draft\" $z, -\"zero draft\" $nz)"
a=$(cnt 'internet'); b=$(cnt 'internet -women'); c=$(cnt 'internet women')
ok $(( b < a && b > 0 ? 0 : 1 )) "an exclusion beside a word narrows it (internet $a, internet -women $b)"

# ---- the client ----
CLI=$top_builddir/wsis-search
run "$CLI" --help
like "$out" 'Words match' "--help: what the default matching is"
like "$out" 'any of them' "--help: any word"
like "$out" 'ranked by BM25, passages holding them as a phrase' "--help: BM25, phrase holders first"
like "$out" 'operators only in capitals, between two' "--help: the operator rule"
unlike "$out" 'all must match' "--help: not \"all must match\""
run "$CLI" --server "$NATIVE" --limit 1 WOMEN AND CHILDREN
like "$out" 'Note: searched as words, not operators: AND' "the client prints a notice under its header"
out=$("$CLI" --server "$NATIVE" count note: women 2>count.err)
is "$out" "$(cnt 'note women')" "count: the number alone on stdout"
like "$(cat count.err)" '^wsis-search: note: not fields, searched as words: note:' "count: the notice on stderr"

stop_searchd
is "$stop_rc" 0 "the daemon stops cleanly"

# ---- the limits bound the work, and say so ----
start_searchd limits --max-terms 5 --max-query-bytes 64 || exit 1
long=$(sed -n 1p long)
out=$(raw "SEARCH limit=1 -- $long\n")
like "$out" '"notices":\[[^]]*"the query is longer than 64 bytes: its first [0-9]+ are searched"' \
    "past max-query-bytes: the first bytes searched, with a notice"
like "$out" '"notices":\[[^]]*"the query has [0-9]+ distinct terms: searched by the 5 most selective \(max-terms\)"' \
    "past max-terms: the most selective terms searched, with a notice"
like "$out" '"hits":\[\{"rank":1' "and it finds passages"
out=$(raw 'SEARCH limit=1 -- (women OR youth OR persons OR men OR rights) AND development\n')
like "$out" 'searched as its words by the 5 most selective' "past max-terms with operators: searched as its words"
stop_searchd
is "$stop_rc" 0 "the second daemon stops cleanly"
done_testing
