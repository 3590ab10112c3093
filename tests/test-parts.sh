#!/bin/sh
# test-parts.sh - part names and passage ids of every shape through a real
# wsis-searchd: a generated corpus whose part names and ids hold digits,
# dots, commas, hyphens, underscores, slashes, capitals and non-ASCII
# letters ("3.11.rst", "v2.0", "Linux-RCU/whatisRCU.rst.txt"); for every
# part, the part= filter (native SEARCH, COUNT and MENTIONS, HTTP /search)
# and the query language's part: select exactly the passages the generator
# put in it, and id: finds exactly its passage, for every id.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v curl >/dev/null || skip_all "curl is not installed"
PY=$(command -v python3) || skip_all "python3 is not installed"
cd "$TMP" || exit 1

# corpus.jsonl, and expected: "PART<TAB>ID ID ..." a line per part (ids in
# document order)
"$PY" - <<'PYEOF' || exit 1
import json, random
random.seed(27)
parts = ["3.11.rst", "v2.0", "a.b-c_d", "2.2.1", "Linux-RCU", "x/y.z", "1",
         "e-government", "co-operation", "H.E.", "1,000", "draft", "Draft",
         "caf\u00e9.2", "\u00e9tude-3.1", "A/66/77", "WSIS+10", "part:2"]
ids = {p: [] for p in parts}
with open("corpus.jsonl", "w") as f:
    for k in range(400):
        p = random.choice(parts)
        i = "%s/%s.%d.txt" % (p.replace(":", "-"), random.choice(["a", "B", "3.1", "x_y"]), k)
        words = " ".join(random.choice(["river", "stone", "3.11", "v2.0", "draft",
                                        "government", "co-operation"]) for _ in range(8))
        f.write(json.dumps({"id": i, "text": "common " + words,
                            "fields": {"part": p}}) + "\n")
        ids[p].append(i)
with open("expected", "w") as f:
    for p in parts:
        f.write("%s\t%s\n" % (p, " ".join(ids[p])))
PYEOF
"$top_builddir/wsis-indexer" -q corpus.jsonl -o idx || exit 1
start_searchd parts || exit 1
H="http://$HTTP"

# the ids of a reply's hits or passages, space-separated, and sorted
ids() { grep -o '"id":"\([^"\\]\|\\.\)*"' | sed 's/"id":"\(.*\)"/\1/' | sort | tr '\n' ' '; }
urlq() { printf '%s' "$1" | "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""), end="")'; }
# ask LINE: sends one request line to the native port
ask() { printf '%s\n' "$1" | "$RAW" -t "$NATIVE"; }
total() { sed -n 's/.*"total":\([0-9]*\).*/\1/p' | head -1; }

while IFS='	' read -r p want; do
	want=$(printf '%s\n' $want | sort | tr '\n' ' ')
	n=$(printf '%s' "$want" | wc -w)
	out=$(ask "SEARCH part=$p limit=500 -- common")
	is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "$want" "native part=$p: its $n passages"
	out=$(ask "COUNT part=$p -- common")
	is "$(printf '%s\n' "$out" | total)" "$n" "native COUNT part=$p"
	out=$(ask "MENTIONS part=$p -- common")
	is "$(printf '%s\n' "$out" | sed -n 3p | grep -o '"passages":.*' | ids)" "$want" \
	    "native MENTIONS part=$p"
	out=$(ask "SEARCH limit=500 -- part:$p common")
	is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "$want" "query part:$p"
	out=$(curl -s "$H/search?q=common&limit=100&part=$(urlq "$p")")
	is "$(printf '%s' "$out" | ids)" "$(printf '%s\n' $want | head -100 | sort | tr '\n' ' ')" \
	    "HTTP part=$p"
	for i in $(printf '%s\n' $want | head -3); do
		out=$(ask "SEARCH -- id:$i")
		is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "$i " "query id:$i"
	done
done < expected

stop_searchd
done_testing
