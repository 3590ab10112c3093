#!/usr/bin/env python3
"""check-explain.py HTTP CORPUS_WORDS_FILE [INDEX] - explain=1 against the scores.

For queries generated from the corpus's own words (two to six of them, and
questions made of them), every hit's explanation must add up to its score
(the parts' weights times the phrase boost), mark expansion words only on
queries of four words or more and only when expansion is on, leave the hits
and their order as they are without explain, and give nothing with
expand=0 that expansion added.  With INDEX (and python3-xapian), every
expansion word must also be in at least two of the query's first ten hits
without expansion, read from the index's own term lists.  Prints one line
per check: "1 what" or "0 what", and "# ..." lines for the first failures."""
import json
import random
import sys
import urllib.parse
import urllib.request

http, words_file = sys.argv[1], sys.argv[2]
index = sys.argv[3] if len(sys.argv) > 3 else None
words = [w for w in open(words_file, encoding="utf-8").read().split() if w.isalpha()]
rng = random.Random(25)


def get(path, **params):
    url = "http://%s%s?%s" % (http, path, urllib.parse.urlencode(params))
    with urllib.request.urlopen(url) as r:
        return json.load(r)


def report(good, what, fails):
    print("%d %s" % (1 if good else 0, what))
    for f in fails[:5]:
        print("# " + f)


queries = []
for n in (2, 3, 4, 5, 6):
    for _ in range(40):
        queries.append(" ".join(rng.choice(words) for _ in range(n)))
for wh in ("where is", "when is", "how often is", "who is", "how many"):
    for _ in range(20):
        queries.append(wh + " " + " ".join(rng.choice(words) for _ in range(2)))

sums, marks, same, noexp = [], [], [], []
nhits = 0
for q in queries:
    plain = get("/search", q=q, limit=10)
    ex = get("/search", q=q, limit=10, explain=1)
    if [h["id"] for h in plain["hits"]] != [h["id"] for h in ex["hits"]]:
        same.append("%r: explain=1 changed the hits" % q)
    content = [w for w in q.split() if w.lower() not in
               ("where", "is", "when", "how", "often", "who", "many")]
    for h in ex["hits"]:
        nhits += 1
        e = h.get("explain")
        if e is None:
            sums.append("%r %s: no explain" % (q, h["id"]))
            continue
        total = sum(p["weight"] for p in e["parts"]) * e["phrase_boost"]
        if abs(total - h["score"]) > 1e-3 * max(1.0, h["score"]):
            sums.append("%r %s: parts %.4f x%d != score %.4f" %
                        (q, h["id"], total / e["phrase_boost"], e["phrase_boost"], h["score"]))
        if any(p.get("expansion") for p in e["parts"]) and len(set(content)) < 4:
            marks.append("%r: expansion words on a query of %d words" % (q, len(set(content))))
    off = get("/search", q=q, limit=10, explain=1, expand=0)
    for h in off["hits"]:
        if any(p.get("expansion") for p in h["explain"]["parts"]):
            noexp.append("%r %s: expansion words with expand=0" % (q, h["id"]))
    if off.get("expansion"):
        noexp.append("%r: expansion %r with expand=0" % (q, off["expansion"]))

report(nhits > 500 and not sums,
       "%d hits of %d generated queries: each explanation adds up to the score" %
       (nhits, len(queries)), sums)
report(not marks, "expansion words only on queries of four words or more", marks)
report(not same, "explain=1 leaves the hits and their order as they are", same)
report(not noexp, "expand=0: no expansion word in any explanation", noexp)
expanded = sum(1 for q in queries[80:200] if get("/search", q=q, limit=1, explain=1).get("expansion"))
report(expanded > 0, "queries of four words or more are expanded (%d of 120)" % expanded, [])

# Expansion's words come from the feedback hits: each in two of the first
# ten hits of the query alone (expand=0 ranks by the query alone; the phrase
# boost reorders within the page, which leaves the set of ten as it is).
try:
    import xapian
except ImportError:
    xapian = None
if index is not None and xapian is not None:
    db = xapian.Database(index)
    terms = {}
    for pl in db.postlist(""):
        doc = db.get_document(pl.docid)
        pid = next((t.term[1:].decode() for t in doc.termlist() if t.term.startswith(b"Q")), None)
        terms[pid] = set(t.term.decode("utf-8", "replace") for t in doc.termlist())
    prefixes = {"section:": "XS", "chapter:": "XC", "title:": "S"}

    def forms(name):
        for label, prefix in prefixes.items():
            if name.startswith(label):
                return [prefix + name[len(label):], "Z" + prefix + name[len(label):]]
        if name.startswith("stem:"):
            return ["Z" + name[5:]]
        return [name]

    feedback, checked = [], 0
    for q in queries[80:200]:
        words_used = get("/search", q=q, limit=1, explain=1).get("expansion") or ""
        if not words_used:
            continue
        top = [h["id"] for h in get("/search", q=q, limit=10, expand=0)["hits"]]
        for name in words_used.split():
            checked += 1
            most = max(sum(1 for pid in top if f in terms.get(pid, ())) for f in forms(name))
            if most < 2:
                feedback.append("%r: expansion word %s is in %d of the first ten hits" % (q, name, most))
    report(checked > 0 and not feedback,
           "every expansion word is in two of the first ten hits or more (%d words)" % checked,
           feedback)
