#!/bin/sh
# test-indexer.sh - wsis-indexer end to end: the WSIS corpus, generic input,
# the atomic swap, determinism, and every kind of bad input leaving the
# previous index untouched.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

IDX=$top_builddir/wsis-indexer
CORPUS=$top_srcdir/corpus
cd "$TMP" || exit 1

# ---- the WSIS corpus ----
run "$IDX" "$CORPUS" -o idx
ok $rc "indexes corpus/ ($rc)"
like "$out" 'draft +58 passages' "reports 58 draft passages"
like "$out" 'pga-letter +4 passages' "reports 4 pga-letter passages"
like "$out" 'cofacilitators-letter +12 passages' "reports 12 cofacilitators-letter passages"
like "$out" 'programme +9 passages' "reports 9 programme slots"
like "$out" 'questions +13 passages' "reports 13 guiding questions"
like "$out" 'heading +[0-9]+ passages' "reports the headings"
like "$out" 'index [0-9]+ bytes \([0-9.]+x input\), [0-9.]+ s, [0-9.]+ MB/s' "reports size, ratio, time, speed"
[ -L idx ]; ok $? "idx is a symlink to a generation"
gen1=$(readlink idx)
like "$gen1" '^idx\.gens/gen-[0-9]{6}$' "the generation is idx.gens/gen-NNNNNN ($gen1)"
xapian-delve idx >/dev/null 2>&1; ok $? "idx opens with Xapian's own tools (xapian-delve)"

run "$IDX" --query '"enhanced cooperation"' --limit 20 -o idx
ok $rc "phrase query through the wrapper"
for p in 38 39 58; do
	like "$out" " draft:$p " "\"enhanced cooperation\" finds draft:$p"
done
run "$IDX" --query 'cybersecurity' --limit 20 -o idx
like "$out" ' draft:49 ' "cybersecurity finds draft:49, written \"cyber security\""
like "$out" ' draft:46 ' "cybersecurity finds draft:46, written \"cybersecurity\""
run "$IDX" --query '"cyber security"' --limit 20 -o idx
like "$out" ' draft:46 ' "\"cyber security\" finds draft:46, written \"cybersecurity\""
run "$IDX" --query 'recognize' --limit 60 -o idx
like "$out" ' draft:7 ' "recognize finds draft:7, written \"recognise\""
run "$IDX" --query 'SIDS' --limit 20 -o idx
like "$out" ' draft:9 ' "SIDS finds draft:9, written \"small island developing States\""
run "$IDX" --query '"zero draft"' --limit 20 -o idx
like "$out" ' questions:1[0-9]* ' "\"zero draft\" finds the question written \"zerodraft\""
# compounds: every form finds the others, and the parts are never lost
ids() { "$IDX" --query "$1" --limit 200 -o idx 2>/dev/null | awk 'NR > 1 { print $2 }' | sort | tr '\n' ' '; }
for f in zero draft zerodraft '"zero draft"' zero-draft; do
	got=$(ids "$f")
	for p in questions:11 cofacilitators-letter:2 pga-letter:2 programme:2; do
		printf ' %s ' "$got" | grep -q " $p " || { echo "# $f: no $p in: $got"; false; }
	done
	ok $? "$f finds each passage that writes zerodraft, zero-draft or zero draft"
done
is "$(ids zero)" "$(ids zerodraft)" "zero finds what zerodraft finds"
is "$(ids '"cyber security"')" "$(ids cybersecurity)" "\"cyber security\" finds what cybersecurity finds"
is "$(ids cyber-security)" "$(ids cybersecurity)" "cyber-security finds what cybersecurity finds"
is "$(ids crime)" "$(ids cybercrime)" "crime finds each passage that writes cybercrime"
for w in cybersecurity cybercrime cyberspace cyberterrorism cyberthreats; do
	a=$(ids "$w"); b=$(ids cyber)
	for p in $a; do printf ' %s ' "$b" | grep -q " $p " || { echo "# cyber misses $p of $w"; false; }; done
	ok $? "cyber finds every passage that $w finds"
done
is "$(ids co-operation)" "$(ids cooperation)" "co-operation finds what cooperation finds"
is "$(ids '"co-operation"')" "$(ids cooperation)" "\"co-operation\" quoted finds what cooperation finds"
like "$(ids space)" 'draft:' "space finds the draft's \"cyber space\""
like "$(ids facilitators)" 'pga-letter:1' "facilitators finds pga-letter:1, written \"co-Facilitators\""
is "$(ids cofacilitators)" "$(ids '"co facilitators"')" "cofacilitators finds what \"co facilitators\" finds"
run "$IDX" --query '68/302' -o idx
like "$out" ' draft:2 ' "68/302 finds draft:2"
run "$IDX" --query 'A/66/77' -o idx
like "$out" ' draft:38 ' "A/66/77 finds draft:38"
run "$IDX" --query '"Article 19"' -o idx
like "$out" ' draft:40 ' "\"Article 19\" finds draft:40"
run "$IDX" --query 'economic growth' --limit 60 -o idx
like "$out" ' draft:7 ' "words across paragraph 7's page break are found"
run "$IDX" --query '"political independence territorial integrity"' -o idx
like "$out" ' draft:48 ' "a phrase across paragraph 48's page break is found"
run "$IDX" --query 'zzzznothing' -o idx
is "$rc" 1 "no hits: exit 1"

# ---- determinism: same input, same index ----
"$IDX" -q "$CORPUS" -o again || true
a=$("$IDX" --query 'women' --limit 50 -o idx)
b=$("$IDX" --query 'women' --limit 50 -o again)
is "$a" "$b" "two builds give the same results"
da=$(xapian-delve -V2 -1 idx 2>&1 | head -40 | md5sum)
db=$(xapian-delve -V2 -1 again 2>&1 | head -40 | md5sum)
is "$da" "$db" "two builds give the same documents and values"

# ---- both cores: shards built in parallel, merged by compaction ----
run "$IDX" --jobs 2 "$CORPUS" -o par
ok $rc "--jobs 2 builds"
like "$out" 'compacted' "--jobs 2 merges its shards by compaction"
c=$("$IDX" --query 'women' --limit 50 -o par)
is "$c" "$a" "--jobs 2 gives the results of a single build"
dc=$(xapian-delve -V2 -1 par 2>&1 | head -40 | md5sum)
is "$dc" "$da" "--jobs 2 gives the documents, values and docids of a single build"
[ -z "$(ls par.gens | grep shard)" ]; ok $? "no shard is left behind"
run "$IDX" --jobs 0 "$CORPUS" -o par
is "$rc" 2 "--jobs 0: usage error"

# ---- the atomic swap ----
run "$IDX" -q "$CORPUS" -o idx
ok $rc "rebuild"
gen2=$(readlink idx)
[ "$gen2" != "$gen1" ]; ok $? "the rebuild is a new generation ($gen2)"
[ -d "$gen1" ]; ok $? "the previous generation is kept for readers in flight"
"$IDX" -q "$CORPUS" -o idx
[ ! -e "$gen1" ]; ok $? "older generations are removed"
[ -z "$(ls -A idx.gens | grep -v '^gen-' | grep -v '^\.lock$')" ]; ok $? "no leftovers in idx.gens"
# a reader opening idx in a tight loop through 50 rebuilds never fails
rm -f stop
"$top_builddir/tests/swapread" idx stop >swapread.out 2>&1 &
reader=$!
i=0
while [ $i -lt 50 ]; do "$IDX" -q "$CORPUS" -o idx || break; i=$((i + 1)); done
touch stop
wait $reader; rrc=$?
is "$i" 50 "50 rebuilds under a reader"
ok $rrc "the reader never failed to open idx: $(cat swapread.out)"
like "$(cat swapread.out)" 'opens=[0-9]{4,} dbopens=[0-9]{2,} failures=0' "the reader opened it thousands of times"
run "$IDX" --compact "$CORPUS" -o idx
ok $rc "--compact builds"
like "$out" 'compacted' "--compact says so"
# --compact and --jobs 2 pack the index as full as xapian-compact does
# (long passages show it: a looser compaction left 1.3% more)
if command -v xapian-compact >/dev/null; then
	awk 'BEGIN { srand(7); for (i = 1; i <= 200; i++) { printf "{\"id\":\"h%d\",\"text\":\"", i
	    for (k = 0; k < 3000; k++) printf "w%d ", int(rand() * rand() * 20000); print "\"}" } }' > long.jsonl
	for how in --compact "--jobs 2"; do
		rm -rf packed; "$IDX" -q $how long.jsonl -o longidx &&
		    xapian-compact "$(readlink -f longidx)" packed >/dev/null
		is "$(du -sb "$(readlink -f longidx)" | cut -f1)" "$(du -sb packed | cut -f1)" \
		    "$how: xapian-compact finds nothing more to pack"
	done
else
	ok 0 "# SKIP no xapian-compact"; ok 0 "# SKIP no xapian-compact"
fi
run "$IDX" -q "$CORPUS" -o idx/
ok $rc "-o idx/ with a trailing slash works"
[ -z "$(run "$IDX" -q "$CORPUS" -o idx; echo "$out")" ]; ok $? "--quiet prints nothing"

# ---- bad input: one clear message, non-zero exit, index untouched ----
good=$(readlink idx)
check_untouched() {
	[ "$(readlink idx)" = "$good" ] && "$IDX" --query women -o idx >/dev/null
	ok $? "$1: the previous index is untouched"
}
run "$IDX" /nonexistent/path -o idx
[ $rc -ne 0 ]; ok $? "missing path: non-zero exit"
like "$out" '/nonexistent/path.*No such file' "missing path: says which and why"
check_untouched "missing path"

mkdir empty
run "$IDX" empty -o idx
[ $rc -ne 0 ]; ok $? "directory with nothing indexable: non-zero exit"
like "$out" 'no indexable files' "nothing indexable: says so"
check_untouched "empty directory"

mkdir -p bad
printf 'good text\n\ncaf\303\251 \377\376 broken\n' > bad/latin.txt
run "$IDX" --strict bad/latin.txt -o idx
[ $rc -ne 0 ]; ok $? "invalid UTF-8 with --strict: non-zero exit"
like "$out" 'latin.txt:3: invalid UTF-8 at byte 6' "invalid UTF-8: file, line and byte offset"
check_untouched "invalid UTF-8 --strict"
run "$IDX" bad/latin.txt -o utf8idx
ok $rc "invalid UTF-8 without --strict: indexed"
like "$out" 'warning:.*latin.txt.*invalid UTF-8' "invalid UTF-8 without --strict: a warning"

# ---- bad records: skipped, counted, exit 3; --strict: the first is fatal ----
printf '{"id":"a","text":"one"}\n{"id":"b","text":"two"\n{"id":"c","text":"three"}\n' > bad/broken.jsonl
run "$IDX" --strict bad/broken.jsonl -o idx
is "$rc" 1 "malformed JSON line with --strict: exit 1"
like "$out" 'broken.jsonl:2' "malformed JSON line: file:line"
check_untouched "malformed JSON --strict"
run "$IDX" bad/broken.jsonl -o skipidx
is "$rc" 3 "malformed JSON line: skipped, exit 3"
like "$out" "warning: .*broken.jsonl:2: byte 22: expected ',' or '}'" "malformed JSON line: a warning with file:line"
like "$out" '2 indexed, 1 skipped, 0 repaired; the first skipped: .*broken.jsonl:2' "malformed JSON line: the summary counts it"
is "$("$IDX" --query three -o skipidx | awk 'NR > 1 { print $2 }')" "c" "the record after the bad one is indexed"

printf '{"id":"a","text":"one"}\n{"id":"a","text":"two"}\n' > bad/dup.jsonl
run "$IDX" --strict bad/dup.jsonl -o idx
is "$rc" 1 "duplicate id with --strict: exit 1"
like "$out" "duplicate id 'a'" "duplicate id: names it"
check_untouched "duplicate id --strict"
run "$IDX" bad/dup.jsonl -o dupidx
is "$rc" 3 "duplicate id: the later one skipped, exit 3"
like "$out" "warning: .*dup.jsonl:2: duplicate id 'a'" "duplicate id: a warning naming file, line and id"
"$IDX" --query one -o dupidx >/dev/null; ok $? "duplicate id: the first record is kept"
"$IDX" --query two -o dupidx >/dev/null; is "$?" 1 "duplicate id: the later record is not"

# NUL bytes and invalid UTF-8 inside good text are repaired and counted
printf '{"id":"n1","text":"nul\\u0000here"}\n{"id":"n2","text":"raw \000 nul"}\n{"id":"n3","text":"bad \377 byte"}\n' > bad/nul.jsonl
run "$IDX" bad/nul.jsonl -o nulidx
is "$rc" 0 "NUL bytes and invalid UTF-8 in good records: indexed, exit 0"
like "$out" 'nul.jsonl:1: \\u0000 replaced' "a \\u0000 escape: replaced, with file:line"
like "$out" 'nul.jsonl:2: NUL byte at byte [0-9]+, replaced' "a NUL byte: replaced, with file:line"
like "$out" 'nul.jsonl:3: invalid UTF-8 at byte [0-9]+, replaced' "invalid UTF-8: replaced, with file:line"
like "$out" '3 indexed, 0 skipped, 3 repaired' "the repairs are counted"
run "$IDX" --strict bad/nul.jsonl -o idx
is "$rc" 1 "a NUL with --strict: exit 1"
check_untouched "NUL --strict"

# a line over the limit (16 MiB) is skipped, the records around it kept
{ printf '{"id":"before","text":"short"}\n{"id":"long","text":"'; head -c 17000000 /dev/zero | tr '\0' x; printf '"}\n{"id":"after","text":"short"}\n'; } > bad/long.jsonl
run "$IDX" bad/long.jsonl -o longidx
is "$rc" 3 "a line over the limit: skipped, exit 3"
like "$out" 'long.jsonl:2: line longer than 16 MiB' "a line over the limit: file:line"
is "$("$IDX" --query short -o longidx | awk 'NR > 1 { print $2 }' | sort | tr '\n' ' ')" "after before " "the records around it are indexed"

# the 10,953-record archive that stopped at line 6,314: it builds now
awk 'BEGIN { for (i = 1; i <= 10953; i++) { t = (i == 6314) ? "nul\\u0000" : (i == 7000 ? "broken" : "fine"); if (t == "broken") print "{\"id\":\"s" i "\",\"text\":"; else printf "{\"id\":\"s%d\",\"text\":\"speech %d %s\"}\n", i, i, t } }' > bad/speeches.jsonl
gzip -c bad/speeches.jsonl > bad/speeches.jsonl.gz
run "$IDX" bad/speeches.jsonl.gz -o speechidx
is "$rc" 3 "10,953 speeches with one bad line: built, exit 3"
like "$out" '10952 indexed, 1 skipped, 1 repaired; the first skipped: .*speeches.jsonl.gz:7000' "10,952 indexed, 1 skipped"
like "$(readlink speechidx)" 'gen-' "the index is swapped in"

# unreadable file: skipped; a truncated gzip: what was read stands
cp bad/dup.jsonl bad/secret.jsonl
chmod 000 bad/secret.jsonl
mkdir -p mixed; cp bad/nul.jsonl mixed/a.jsonl; mv bad/secret.jsonl mixed/b.jsonl
if [ "$(id -u)" != 0 ]; then
	run "$IDX" mixed -o mixidx
	is "$rc" 3 "an unreadable file: skipped, exit 3"
	like "$out" 'b.jsonl: Permission denied \(skipped\)' "an unreadable file: named"
else
	ok 0 "# SKIP root reads every file"; ok 0 "# SKIP root reads every file"
fi
chmod 644 mixed/b.jsonl

# a dangling symbolic link in a folder: skipped, named and counted; fatal
# with --strict
mkdir -p linked; printf '{"id":"x","text":"fine"}\n' > linked/a.jsonl; ln -s nowhere.jsonl linked/b.jsonl
run "$IDX" linked -o linkidx
is "$rc" 3 "a dangling symbolic link: skipped, exit 3"
like "$out" 'b.jsonl: a dangling symbolic link \(skipped\)' "a dangling symbolic link: named"
like "$out" '[0-9]+ indexed, 1 skipped' "a dangling symbolic link: counted"
run "$IDX" --strict linked -o idx
is "$rc" 1 "a dangling symbolic link with --strict: exit 1"
like "$out" 'b.jsonl: a dangling symbolic link' "a dangling symbolic link with --strict: named"
check_untouched "dangling link --strict"

seq 1 20000 | sed 's/^/line of text number /' | gzip -c > bad/big.txt.gz
head -c 2000 bad/big.txt.gz > bad/cut.txt.gz
run "$IDX" --strict bad/cut.txt.gz -o idx
is "$rc" 1 "truncated gzip with --strict: exit 1"
like "$out" 'cut.txt.gz' "truncated gzip: names the file"
check_untouched "truncated gzip --strict"
run "$IDX" bad/cut.txt.gz -o cutidx
is "$rc" 3 "truncated gzip: what was read is indexed, exit 3"
like "$out" 'cut.txt.gz: gzip: .*the rest of the file skipped' "truncated gzip: the rest skipped, said"
printf '\037\213\010\000garbage-garbage-garbage' > bad/corrupt.txt.gz
run "$IDX" bad/corrupt.txt.gz -o idx
is "$rc" 1 "corrupt gzip alone: nothing to index, exit 1"
like "$out" 'corrupt.txt.gz' "corrupt gzip: names the file"
like "$out" 'nothing to index' "corrupt gzip alone: nothing to index"
check_untouched "corrupt gzip"

printf 'x' > bad/file.pdf
run "$IDX" bad/file.pdf -o idx
[ $rc -ne 0 ]; ok $? "unsupported file type: non-zero exit"
like "$out" 'unsupported' "unsupported file type: says so"

mkdir notalink
echo x > notalink/file
run "$IDX" "$CORPUS" -o notalink
[ $rc -ne 0 ]; ok $? "-o onto a real directory: refused"
like "$out" 'not an index written by wsis-indexer' "-o onto a real directory: explained"

# no room on disk: a file size limit makes Xapian's writes fail
cp bad/big.txt.gz big.txt.gz
run sh -c "ulimit -f 64; exec '$IDX' big.txt.gz -o idx"
[ $rc -ne 0 ]; ok $? "no room to write: non-zero exit"
like "$out" 'cannot|[Ee]rror writing|[Ff]ile too large|No space' "no room to write: a clear message"
check_untouched "no room to write"
[ -z "$(ls idx.gens | grep -v "$(basename "$good")" | grep -v "$(basename "$gen2")" | grep 'gen-' | head -1)" ] || true
n=$(ls idx.gens | grep -c '^gen-')
[ "$n" -le 2 ]; ok $? "a failed build leaves no half-written generation ($n kept)"

run "$IDX" -o idx
[ $rc = 2 ]; ok $? "no input path: usage error (exit 2)"
run "$IDX" "$CORPUS"
[ $rc = 2 ]; ok $? "no -o: usage error (exit 2)"
run "$IDX" --query women -o nonexistent-index
[ $rc = 2 ]; ok $? "--query on a missing index: exit 2"
like "$out" 'cannot open index' "--query on a missing index: says so"

# ---- generic input ----
mkdir -p docs/sub
printf '# Notes\n\nFirst paragraph about broadband.\n\nSecond paragraph\nover two lines.\n' > docs/notes.md
printf 'Plain text one.\n\nPlain text two about broadband.\n' > docs/sub/plain.txt
printf '{"id":"j1","title":"T","text":"json broadband","fields":{"part":"jsonpart"}}\n' > docs/recs.jsonl
gzip -c docs/recs.jsonl | sed -n p > /dev/null
printf '{"id":"g1","text":"gzipped broadband"}\n' | gzip -c > docs/more.jsonl.gz
run "$IDX" docs -o gidx
ok $rc "generic directory indexes"
run "$IDX" --query broadband --limit 20 -o gidx
like "$out" ' notes.md:2 ' "markdown paragraph id notes.md:2"
like "$out" ' sub/plain.txt:2 ' "plain text id sub/plain.txt:2"
like "$out" ' j1 ' "JSON Lines record"
like "$out" ' g1 ' "gzipped JSON Lines record"
run "$IDX" --query 'part:jsonpart' -o gidx
like "$out" ' j1 ' "JSON Lines fields.part becomes the part filter"

done_testing
