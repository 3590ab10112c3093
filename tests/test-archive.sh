#!/bin/sh
# test-archive.sh - wsis-indexer on archives larger than its memory: peak
# RSS stays under --memory whatever the input (short passages, long
# documents, one big gzip), and progress is reported.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

IDX=$top_builddir/wsis-indexer
cd "$TMP" || exit 1
command -v /usr/bin/time >/dev/null || skip_all "no /usr/bin/time"

# MB of generated text: 8 by default, 24 with WSIS_SLOW_TESTS (CI).  Even
# 8 MB shows the bound: the long documents take over 200 MB unbounded.
# bench/run measures the large corpora.
MB=8
[ -n "${WSIS_SLOW_TESTS:-}" ] && MB=24
LIMIT=32

# peak RSS in KB of a command (its output in $out, status in $rc)
peak() {
	out=$(/usr/bin/time -f 'peak=%M' "$@" 2>&1); rc=$?
	kb=$(printf '%s\n' "$out" | sed -n 's/^peak=//p' | tail -1)
}
# under: the last peak under LIMIT_MB.  Under AddressSanitizer
# (tests/test-asan.sh sets ASAN_OPTIONS) its shadow memory and quarantine
# are most of the RSS: the bound is a plain build's to check, and it is
# skipped there.
under() {	# under LIMIT_MB DESCRIPTION
	if [ -n "${ASAN_OPTIONS:-}" ]; then
		_n=$((_n + 1))
		echo "ok $_n - $2 # SKIP RSS under AddressSanitizer"
		return
	fi
	[ -n "$kb" ] && [ "$kb" -lt $(($1 * 1024)) ]
	ok $? "$2"
}

# words from a vocabulary of 60,000 made-up ones: an index that grows
gen() {	# gen SHAPE MB: SHAPE short (passages of 20-120 words) or long (150 KB docs)
	awk -v shape="$1" -v mb="$2" 'BEGIN {
		srand(7); for (i = 0; i < 60000; i++) { w = ""; n = 3 + int(rand() * 7);
		for (j = 0; j < n; j++) w = w sprintf("%c", 97 + int(rand() * 26)); v[i] = w }
		total = mb * 1000000; k = 0
		while (total > 0) {
			n = shape == "short" ? 20 + int(rand() * 100) : 20000
			t = v[int(rand() * 60000)]
			for (j = 1; j < n; j++) t = t " " v[int(rand() * 60000)]
			printf "{\"id\":\"%s%d\",\"text\":\"%s\"}\n", shape, ++k, t
			total -= length(t) + 30
		} }'
}
gen short "$MB" > short.jsonl
gen long "$MB" > long.jsonl
gzip -c short.jsonl > big.jsonl.gz
echo "# inputs: $(wc -c < short.jsonl) and $(wc -c < long.jsonl) bytes, limit $LIMIT MB"

for f in short.jsonl long.jsonl big.jsonl.gz; do
	peak "$IDX" -q --memory $LIMIT "$f" -o "idx-$f"
	is "$rc" 0 "$f: indexed under --memory $LIMIT"
	under $LIMIT "$f: peak RSS ${kb} KB < $LIMIT MB"
done
# each job needs 24 MB of its own (wsis-indexer(1), --memory)
peak "$IDX" -q --jobs 2 --memory 48 short.jsonl long.jsonl -o idx-jobs
is "$rc" 0 "--jobs 2 under --memory 48"
under 48 "--jobs 2: peak RSS ${kb} KB < 48 MB"
peak "$IDX" -q --shards 3 --memory $LIMIT short.jsonl -o idx-shards
is "$rc" 0 "--shards 3 under --memory $LIMIT"
under $LIMIT "--shards 3: peak RSS ${kb} KB < $LIMIT MB"

# the inputs are big enough to matter: the long documents are many
# batches of text (512 KB each, of text, not of JSON: at least one batch
# a MB of input), committed one after the other, even when memory is no
# bound at all
peak "$IDX" -q --memory 1048576 long.jsonl -o idx-unbounded
rev=$(xapian-delve idx-unbounded 2>/dev/null | sed -n 's/^revision = //p')
[ "$rc" = 0 ] && [ "${rev:-0}" -ge $((MB * 1000000 / 1048576)) ]
ok $? "the long documents: $rev commits under no bound (${kb} KB)"

# the bounded index is the same index
a=$("$IDX" --query "$(sed -n '5s/.*"text":"\([a-z]*\) .*/\1/p' short.jsonl)" --limit 50 -o idx-short.jsonl)
b=$("$IDX" --query "$(sed -n '5s/.*"text":"\([a-z]*\) .*/\1/p' short.jsonl)" --limit 50 -o idx-big.jsonl.gz)
is "$a" "$b" "the gzip and the plain file give the same hits"
n=$(xapian-delve idx-short.jsonl 2>/dev/null | sed -n 's/^number of documents = //p')
is "$n" "$(wc -l < short.jsonl | tr -d ' ')" "every record is a document"

# ---- progress: a line every WSIS_PROGRESS_SECONDS off a terminal ----
run env WSIS_PROGRESS_SECONDS=0.01 "$IDX" long.jsonl -o idx-progress
like "$out" 'wsis-indexer: [0-9.]+/[0-9.]+ MB, [0-9]+ passages, [0-9.]+ MB/s, [0-9]+:[0-9]{2} left' "progress lines off a terminal"
run env WSIS_PROGRESS_SECONDS=0.01 "$IDX" -q long.jsonl -o idx-progress
is "$out" "" "--quiet: no progress"
if command -v script >/dev/null; then
	script -qec "env WSIS_PROGRESS_SECONDS=0.01 '$IDX' long.jsonl -o idx-tty" /dev/null > tty.out 2>&1
	grep -q "$(printf '\r')wsis-indexer: [0-9.]*/[0-9.]* MB" tty.out
	ok $? "on a terminal: a progress line redrawn with \\r"
else
	ok 0 "# SKIP no script(1) for a terminal"
fi

done_testing
