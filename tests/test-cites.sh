#!/bin/sh
# test-cites.sh - citations as data (issue 24) through a real wsis-searchd:
# the cites: filter in the protocol, HTTP and the client; the citation
# index (CITES, GET /cites, wsis-search cites) as JSON, text and CSV; the
# citations of each passage in its JSON; questions in plain words; and a
# document built here whose citations are split by line and page breaks.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v curl >/dev/null || skip_all "curl is not installed"
cd "$TMP" || exit 1
"$top_builddir/wsis-indexer" -q "$top_srcdir/corpus" -o idx || exit 1
CLI=$top_builddir/wsis-search

start_searchd cites || exit 1
H="http://$HTTP"

# the ids of a reply's hits ("hits") or passages, space-separated
ids() { grep -o '"id":"[^"]*"' | sed 's/"id":"\(.*\)"/\1/' | tr '\n' ' '; }

# ---- the cites: filter ----
# the passages that cite the Tunis Agenda, by reading the corpus
TUNIS="draft:1 draft:6 draft:25 draft:32 draft:33 draft:37 draft:39 draft:47 "
out=$(raw 'SEARCH limit=50 sort=doc -- cites:"Tunis Agenda"\n')
is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "$TUNIS" \
    'protocol: cites:"Tunis Agenda" finds every passage citing it, and no other'
out=$(raw 'SEARCH limit=50 sort=doc -- cites:"tunis agenda for the information society"\n')
is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "$TUNIS" "any name of a text is that text"
out=$(curl -s "$H/search?q=cites:%22Tunis%20Agenda,%20paragraph%2035%22&sort=doc")
is "$(printf '%s' "$out" | grep -o '"hits":.*' | ids)" "draft:33 " \
    'HTTP: cites:"Tunis Agenda, paragraph 35" finds the passage citing that paragraph'
out=$(raw 'SEARCH limit=50 sort=doc -- cites:68/302\n')
is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "draft:2 " "cites:68/302 is resolution 68/302"
out=$(raw 'COUNT -- cites:A/66/77 cites:E/2009/92\n')
like "$out" '"total":1,' "two cites: filters: the passage citing either (both in draft:38)"
out=$(raw 'SEARCH limit=50 sort=doc -- cites:"Tunis Agenda" part:draft para:30..40\n')
is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "draft:32 draft:33 draft:37 draft:39 " \
    "cites: combines with part: and para:"
out=$(raw 'SEARCH limit=50 sort=doc section="Enhanced Cooperation" -- cites:"Tunis Agenda"\n')
is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "draft:39 " "cites: combines with section="
out=$(raw 'SEARCH limit=50 -- enhanced cooperation cites:"Tunis Agenda"\n')
like "$(printf '%s\n' "$out" | sed -n 3p | ids)" '^draft:39 ' "cites: combines with words (OR, ranked)"
out=$(raw 'COUNT -- cites:"Busan Outcome"\n')
like "$out" '"total":0,' "an unknown text: no hits, no error"
out=$(raw 'COUNT -- cites:"Tunis Agenda, paragraph 999"\n')
like "$out" '"total":0,' "a paragraph nobody cites: no hits"
out=$(raw 'SEARCH -- cites:"Tunis Agenda, paragraph x"\n')
like "$out" "^ERR 422 cites: '\"Tunis Agenda, paragraph x\"' is not a text and a paragraph" \
    "a malformed cites: value: 422 naming it"
code=$(curl -s -o body -w '%{http_code}' "$H/search?q=cites:%22Tunis")
is "$code" 422 "HTTP: an unclosed quote in cites: is 422"
like "$(cat body)" 'cites: the quote of' "and says so"

# every text and paragraph of the index, asked back through the filter:
# the terms and the stored lists must agree
curl -s "$H/cites" > all.json
bad=0; n=0
for t in $(grep -o '"text":"[^"]*"' all.json | sed 's/"text":"\(.*\)"/\1/' | tr ' ' '~'); do
	name=$(printf '%s' "$t" | tr '~' ' ')
	want=$(grep -o "\"text\":\"$name\",\"passages\":[0-9]*" all.json | sed 's/.*://')
	q=$(printf 'cites:"%s"' "$name" | sed 's/ /%20/g; s/"/%22/g; s/+/%2B/g; s/\//%2F/g')
	got=$(curl -s "$H/count?q=$q" | sed 's/.*"total":\([0-9]*\).*/\1/')
	n=$((n + 1))
	[ "$got" = "$want" ] || { bad=$((bad + 1)); echo "# $name: count $got, index $want"; }
done
is "$bad" 0 "COUNT cites:TEXT equals the index's passages for each of its $n texts"
bad=0; n=0
for p in $(tr -d '\n' < all.json | grep -o '"text":"Tunis Agenda".*' | sed 's/"whole".*//' |
    grep -o '"para":[0-9]*,"passages":[0-9]*' | sed 's/"para":\([0-9]*\),"passages":\([0-9]*\)/\1:\2/'); do
	got=$(curl -s "$H/count?q=cites:%22Tunis%20Agenda,%20paragraph%20${p%%:*}%22" |
	    sed 's/.*"total":\([0-9]*\).*/\1/')
	n=$((n + 1))
	[ "$got" = "${p#*:}" ] || { bad=$((bad + 1)); echo "# paragraph ${p%%:*}: $got, not ${p#*:}"; }
done
is "$n" 9 "the Tunis Agenda: nine cited paragraphs"
is "$bad" 0 "each one's COUNT equals the index's count"

# ---- each passage's citations in its JSON ----
out=$(curl -s "$H/doc/draft:39")
like "$out" '"citations":\[\{"text":"Tunis Agenda","paras":\[69,71\]\}\]' \
    "/doc/draft:39 carries its citations, paragraphs exact"
out=$(raw 'SEARCH limit=1 -- cites:68/302\n')
like "$out" '"citations":\[\{"text":"resolution 68/302","paras":\[\]\}\]' "a search hit carries its citations"
out=$(raw 'MENTIONS -- Tunis Commitment\n')
like "$out" '"citations":\[\{"text":"Geneva Declaration of Principles","paras":\[\]\},\{"text":"Tunis Commitment","paras":\[\]\}\],.*"text":"We reaffirm the commitment' \
    "a mentions passage carries its citations"
out=$(curl -s "$H/doc/draft:10")
like "$out" '"citations":\[\]' "a passage that cites nothing: an empty list"

# ---- questions in plain words ----
out=$(raw 'SEARCH limit=8 -- which paragraphs cite the Tunis Agenda\n')
got=$(printf '%s\n' "$out" | sed -n 3p | ids | tr ' ' '\n' | sort | tr '\n' ' ')
want=$(printf '%s' "$TUNIS" | tr ' ' '\n' | sort | tr '\n' ' ')
is "$got" "$want" "'which paragraphs cite the Tunis Agenda': the eight citing passages first"
out=$(raw 'SEARCH limit=1 -- which texts cite resolution 68/302\n')
like "$(printf '%s\n' "$out" | sed -n 3p | ids)" '^draft:2 ' "'which texts cite resolution 68/302': draft:2 first"
# the citation data holds a text's normalised name: draft:48 writes "UN
# Charter", draft:47 "Geneva Declaration of Principles and Plan of Action",
# draft:33 and draft:41 "Geneva Declaration"
out=$(raw 'SEARCH limit=10 sort=doc -- "Charter of the United Nations"\n')
is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "draft:4 draft:48 " \
    'the phrase "Charter of the United Nations" finds "UN Charter" too'
out=$(raw 'SEARCH limit=10 sort=doc -- "Geneva Plan of Action"\n')
is "$(printf '%s\n' "$out" | sed -n 3p | ids)" "draft:6 draft:47 " \
    'the phrase "Geneva Plan of Action" finds "...Principles and Plan of Action" too'
out=$(raw 'SEARCH limit=4 -- citations of the Geneva Declaration of Principles\n')
got=$(printf '%s\n' "$out" | sed -n 3p | ids | tr ' ' '\n' | sort | tr '\n' ' ')
is "$got" "draft:33 draft:41 draft:47 draft:6 " \
    "'citations of the Geneva Declaration of Principles': its four citing passages first"
out=$(raw 'SEARCH limit=1 -- paragraph 35 of the Tunis Agenda\n')
like "$(printf '%s\n' "$out" | sed -n 3p | ids)" '^draft:33 ' "'paragraph 35 of the Tunis Agenda': draft:33 first"

# ---- the citation index ----
like "$(cat all.json)" '^\{"texts":\[\{"text":"Tunis Agenda","passages":8,"paragraphs":9,"ids":\["draft:1","draft:6","draft:25","draft:32","draft:33","draft:37","draft:39","draft:47"\]' \
    "/cites: the Tunis Agenda first, its passages in document order"
like "$(cat all.json)" '"total_texts":17,"total_passages":24,' "/cites: 17 texts cited by 24 passages"
like "$(cat all.json)" '"para":69,"passages":1,"ids":\["draft:39"\]' "/cites: a paragraph with its passage"
like "$(cat all.json)" '"whole":\["draft:6"\]' "/cites: the passage citing the text as a whole"
out=$(curl -s "$H/cites?q=Tunis%20Agenda")
like "$out" '"total_texts":1,"total_passages":8,' "/cites?q=Tunis Agenda narrows to one text"
out=$(curl -s "$H/cites?q=Tunis%20Agenda&part=draft&para=1..30")
like "$out" '"total_passages":3,' "/cites narrowed by filters (draft:1, draft:6, draft:25)"
out=$(raw 'CITES -- 68/302\n')
like "$out" '"texts":\[\{"text":"resolution 68/302","passages":1,' "protocol: CITES -- 68/302"
out=$(raw 'CITES -- nothing cites this\n')
like "$out" '"texts":\[\],"total_texts":0,"total_passages":0' "CITES of a text nobody cites: empty, no error"
out=$(raw 'CITES -- "Tunis Agenda, paragraph"\n')
like "$out" '^ERR 422 cites: ' "CITES with a malformed text: 422"
out=$(curl -s "$H/cites?limit=3")
like "$out" '"notices":\["unknown parameter ignored: limit"\]' "/cites ignores limit=, and says so"

# ---- the client ----
run "$CLI" --server "$NATIVE" cites
is "$rc" 0 "wsis-search cites: exit 0"
like "$out" '^17 cited texts, 24 citing passages$' "wsis-search cites: the totals"
like "$out" '^Tunis Agenda: 8 passages, 9 paragraphs$' "wsis-search cites: a text and its counts"
like "$out" '^  paragraph 69:  draft:39$' "wsis-search cites: a paragraph and its passage"
like "$out" '^  the text as a whole:  draft:6$' "wsis-search cites: the text as a whole"
like "$out" '^  questions:7  draft:7  draft:11  draft:52  draft:57$' "wsis-search cites: passages in document order"
run "$CLI" --server "$NATIVE" cites Tunis Agenda
like "$out" '^1 cited text, 8 citing passages for "Tunis Agenda"$' "wsis-search cites TEXT narrows"
run "$CLI" --server "$NATIVE" cites --csv
like "$out" '^text,para,id' "wsis-search cites --csv: a header"
is "$(printf '%s\n' "$out" | grep -c '^"Tunis Agenda",')" 10 \
    "wsis-search cites --csv: a row per paragraph and passage, and the whole text's"
like "$out" '"Tunis Agenda","111","draft:1"' "wsis-search cites --csv: a row"
run "$CLI" --server "$NATIVE" --json cites 68/302
like "$out" '^\{"query":"68/302","texts":\[\{"text":"resolution 68/302"' "wsis-search --json cites: the server's JSON"
run "$CLI" --server "$NATIVE" cites Busan Outcome
is "$rc" 1 "wsis-search cites of a text nobody cites: exit 1"
run "$CLI" --server "$NATIVE" cites '"Tunis Agenda'
is "$rc" 2 "wsis-search cites with a malformed text: exit 2"
like "$out" 'cites: the quote of' "and the server's message"
run "$CLI" --server "$NATIVE" 'cites:"Tunis Agenda, paragraph 111"'
like "$out" '^1\. draft:1 ' "wsis-search with a cites: filter"
run "$CLI" --server "$NATIVE" --csv doc draft:1
like "$out" 'csv applies to mentions and cites only' "--csv elsewhere: refused"
stop_searchd

# ---- a document built here: every form, split by line and page breaks ----
nl='\n'; ff='\f'
printf '%s\n' \
  "{\"id\":\"g1\",\"text\":\"We recall paragraph${nl}111 of the Tunis${ff}Agenda and paragraphs 4, 5 and 9 of the Geneva Plan of Action.\"}" \
  "{\"id\":\"g2\",\"text\":\"As set out in paragraphs 23 to${nl}${nl}27 of the Busan Outcome, and in its resolution${nl}70/125.\"}" \
  "{\"id\":\"g3\",\"text\":\"See the Tunis Commitment, paragraph 12, and A/70/L.33; E/2009/92 and A/RES/68/302.\"}" \
  "{\"id\":\"g4\",\"text\":\"This paragraph is on the agenda of the meeting; the resolution was adopted.\"}" \
  > gen.jsonl
"$top_builddir/wsis-indexer" -q gen.jsonl -o idx2 || exit 1
SEARCHD_INDEX=$TMP/idx2 start_searchd gen || exit 1
H="http://$HTTP"
out=$(curl -s "$H/doc/g1")
like "$out" '"citations":\[\{"text":"Tunis Agenda","paras":\[111\]\},\{"text":"Geneva Plan of Action","paras":\[4,5,9\]\}\]' \
    "generated: a line break and a page break inside citations, a list"
out=$(curl -s "$H/doc/g2")
like "$out" '"citations":\[\{"text":"Busan Outcome","paras":\[23,24,25,26,27\]\},\{"text":"resolution 70/125","paras":\[\]\}\]' \
    "generated: a range across a blank line, an unknown text, in its resolution"
out=$(curl -s "$H/doc/g3")
like "$out" '"citations":\[\{"text":"Tunis Commitment","paras":\[12\]\},\{"text":"A/70/L.33","paras":\[\]\},\{"text":"E/2009/92","paras":\[\]\},\{"text":"resolution 68/302","paras":\[\]\}\]' \
    "generated: X, paragraph N and bare symbols"
out=$(curl -s "$H/doc/g4")
like "$out" '"citations":\[\]' "generated: 'paragraph', 'agenda' and 'resolution' in ordinary use cite nothing"
out=$(curl -s "$H/count?q=cites:%22Busan%20Outcome,%20paragraph%2025%22")
like "$out" '"total":1,' "generated: a paragraph inside a range is found by cites:"
out=$(curl -s "$H/cites")
like "$out" '"total_texts":8,"total_passages":3,' "generated: the index holds 8 texts from 3 passages"
stop_searchd

done_testing
