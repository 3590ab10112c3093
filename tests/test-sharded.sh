#!/bin/sh
# test-sharded.sh - wsis-indexer --shards N: the layout other programs rely
# on (a generation holding shard-1 ... shard-N and a XAPIANDB stub), and
# the same hits, order, scores and docids as one index built from the same
# input, over the relevance suite's queries and every word of the corpus.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

IDX=$top_builddir/wsis-indexer
HITS=$top_builddir/tests/shardhits
CORPUS=$top_srcdir/corpus
cd "$TMP" || exit 1

# the queries: the relevance suite's, and every word of the corpus
sed -n 's/^{"q": "\([^"]*\)".*/\1/p' "$top_srcdir/tests/relevance/queries.jsonl" > queries
cat "$CORPUS"/* | tr -cs 'A-Za-z' '\n' | tr 'A-Z' 'a-z' | awk 'length($0) > 2' |
    sort -u >> queries
echo "# $(wc -l < queries) queries"

# Xapian sums a hit's term weights in an order that follows each
# database's own term frequencies, so a score over shards may differ from
# one index's in its last bits (1e-15 relative): scores compare to 12
# significant digits, and hits whose scores are equal to that precision
# (true ties) are ordered by docid, as Xapian orders exact ties.
canon() {
	awk '/^query/ { flush(); print; next }
	    { s = sprintf("%.12g", $4); if (n > 0 && s != last) flush()
	      last = s; g[++n] = sprintf("%012d %s %s", $1, $3, s) }
	    function flush(  i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && g[j - 1] > g[j]; j--) { t = g[j]; g[j] = g[j - 1]; g[j - 1] = t }
	      for (i = 1; i <= n; i++) print g[i]; n = 0 }
	    END { flush() }'
}

# same hits: compare HITS over one index and over its shards, without
# expansion and with it (re-ranked by the words of the first hits, which
# must then be the same hits over shards as over one index)
same() {	# same NAME ONE SHARDS QUERIES
	"$HITS" --no-expand "$2" < "$4" | canon > "$1.one"
	"$HITS" --no-expand "$3" < "$4" | canon > "$1.sharded"
	[ "$(grep -c '^[0-9]' "$1.one")" -gt 1000 ] && cmp -s "$1.one" "$1.sharded"
	ok $? "$1: the same hits, order, scores and docids as one index ($(grep -c '^[0-9]' "$1.one") hits)"
	[ -s "$1.one" ] && ! cmp -s "$1.one" "$1.sharded" &&
	    diff "$1.one" "$1.sharded" | head -5 | sed 's/^/# /'
	"$HITS" "$2" < "$4" | canon > "$1.one-x"
	"$HITS" "$3" < "$4" | canon > "$1.sharded-x"
	[ "$(grep -c '^[0-9]' "$1.one-x")" -gt 1000 ] && cmp -s "$1.one-x" "$1.sharded-x"
	ok $? "$1, with expansion: the same hits, order and scores ($(diff "$1.one-x" "$1.sharded-x" | grep -c '^<') lines differ)"
	cmp -s "$1.one-x" "$1.sharded-x" || diff "$1.one-x" "$1.sharded-x" | head -5 | sed 's/^/# /'
	return 0
}

run "$IDX" "$CORPUS" -o one
ok $rc "one index of corpus/"
run "$IDX" --shards 3 "$CORPUS" -o three
ok $rc "--shards 3 builds ($rc)"
like "$out" '3 shards' "--shards 3 says so"

# ---- the layout ----
gen=$(readlink three)
like "$gen" '^three\.gens/gen-[0-9]{6}$' "three is a symlink to a generation ($gen)"
for k in 1 2 3; do
	[ -f "$gen/shard-$k/iamglass" ]; ok $? "shard-$k is a glass database"
done
is "$(cat "$gen/XAPIANDB")" "auto shard-1
auto shard-2
auto shard-3" "the stub names the shards, relative"
is "$(ls "$gen" | tr '\n' ' ')" "XAPIANDB shard-1 shard-2 shard-3 " "nothing else in the generation"
n1=$(xapian-delve one | sed -n 's/^number of documents = //p')
n3=$(xapian-delve three | sed -n 's/^number of documents = //p')
is "$n3" "$n1" "xapian-delve opens the stub as one database of $n1 documents"
t=0
for k in 1 2 3; do
	c=$(xapian-delve "three/shard-$k" | sed -n 's/^number of documents = //p')
	t=$((t + c))
	[ "$c" -ge $((n1 / 3)) ] && [ "$c" -le $((n1 / 3 + 1)) ]
	ok $? "shard-$k holds a third of the documents ($c)"
done
is "$t" "$n1" "the shards hold every document once"
# round robin: docid k of shard j is passage (k-1)*3 + j of the input
is "$(xapian-delve -r 1 -d three/shard-2 2>/dev/null | grep -o 'Qdraft:[0-9]*\|Q[a-z-]*:[0-9]*' | head -1)" \
    "$(xapian-delve -r 2 -d one 2>/dev/null | grep -o 'Qdraft:[0-9]*\|Q[a-z-]*:[0-9]*' | head -1)" \
    "shard-2's first document is the input's second"
xapian-delve -t Qdraft:38 three >/dev/null 2>&1; ok $? "a document found by its id term across the shards"

same corpus one three queries

# ---- the atomic swap and cleanup hold for a generation of shards ----
run "$IDX" -q --shards 3 "$CORPUS" -o three
gen2=$(readlink three)
[ "$gen2" != "$gen" ] && [ -f "$gen2/XAPIANDB" ] && [ -d "$gen" ]
ok $? "a rebuild is a new generation, the previous kept"
"$IDX" -q --shards 2 "$CORPUS" -o three
[ ! -e "$gen" ] && [ -z "$(ls -A three.gens | grep -v '^gen-' | grep -v '^\.lock$')" ]
ok $? "older generations of shards removed, no leftovers"
is "$(cat three/XAPIANDB | wc -l | tr -d ' ')" 2 "--shards 2 over --shards 3: two shards"
run "$IDX" --shards 3 /nonexistent -o three
[ $rc = 1 ] && [ "$(readlink three)" != "" ] && [ -f three/shard-2/iamglass ]
ok $? "a failed build leaves the served shards alone"
run "$IDX" --shards 0 "$CORPUS" -o three
is "$rc" 2 "--shards 0: usage error"

# ---- --compact compacts each shard; --jobs with --shards ----
run "$IDX" --compact --shards 3 "$CORPUS" -o cthree
ok $rc "--compact --shards 3 builds"
ls -d cthree.gens/gen-*.shard-* >/dev/null 2>&1; is "$?" 2 "no uncompacted shard left behind"
xapian-check "cthree/shard-1" >/dev/null 2>&1; ok $? "a compacted shard checks"
same compact one cthree queries
run "$IDX" --jobs 2 --shards 3 "$CORPUS" -o jthree
ok $rc "--jobs 2 --shards 3 builds"
same jobs one jthree queries

# ---- a generated corpus: many files, JSON Lines and text ----
mkdir gen
awk 'BEGIN { srand(3); split("access bridge cable data energy forum growth human internet justice knowledge learning mobile network open policy quality rights security trust users voice web youth zero", w, " ")
	for (f = 1; f <= 7; f++) { out = sprintf("gen/part%d.jsonl", f)
		for (i = 1; i <= 150; i++) { t = ""; n = 5 + int(rand() * 60)
			for (j = 0; j < n; j++) t = t " " w[1 + int(rand() * 25)]
			printf "{\"id\":\"g%d-%d\",\"text\":\"%s\"}\n", f, i, t > out } }
	for (f = 1; f <= 3; f++) { out = sprintf("gen/notes%d.txt", f)
		for (i = 1; i <= 40; i++) { t = ""; n = 5 + int(rand() * 40)
			for (j = 0; j < n; j++) t = t " " w[1 + int(rand() * 25)]
			print t "\n" > out } } }'
awk 'BEGIN { split("access bridge cable data energy forum growth human internet justice knowledge learning mobile network open policy quality rights security trust users voice web youth zero", w, " ")
	for (i = 1; i <= 25; i++) { print w[i]; for (j = i + 1; j <= 25; j += 3) { print w[i] " " w[j]; print "\"" w[i] " " w[j] "\""; print w[i] " OR " w[j]; print w[i] " -" w[j] } } }' > genq
"$IDX" -q gen -o gone && "$IDX" -q --shards 4 gen -o gfour
ok $? "the generated corpus: one index and 4 shards"
same generated gone gfour genq
"$IDX" -q --shards 5 --jobs 3 gen -o gfive
same "generated, 5 shards, 3 jobs" gone gfive genq

done_testing
