#!/usr/bin/env python3
"""check.py BASE CORPUS... - the portal's server-made pages against the JSON
API they are made from, printing TAP lines (no plan: test-portal.sh counts).

The queries are generated: words taken from the corpus's own text, so every
kind of passage is met.  The reference is computed here from the JSON
replies, with Python's own XML and HTML parsers reading the pages."""
import html
import html.parser
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

BASE = sys.argv[1].rstrip("/")
SVG = "{http://www.w3.org/2000/svg}"
n = 0
failed = 0


def ok(cond, what, why=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, what))
    if not cond:
        failed += 1
        if why:
            print("#   " + str(why)[:600].replace("\n", "\n#   "))


def get(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=20) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def getjson(path):
    st, _, body = get(path)
    return json.loads(body) if st == 200 else None


def q(s):
    return urllib.parse.quote(s, safe="")


class Text(html.parser.HTMLParser):
    """The text inside the elements of a class (or tag), one string each."""

    def __init__(self, cls=None, tag=None):
        super().__init__(convert_charrefs=True)
        self.cls, self.tag, self.depth, self.out, self.scripts = cls, tag, 0, [], 0

    def handle_starttag(self, t, attrs):
        a = dict(attrs)
        if t == "script":
            self.scripts += 1
        if self.depth:
            self.depth += 1
        elif (self.cls and self.cls in (a.get("class") or "").split()) or t == self.tag:
            self.depth = 1
            self.out.append("")

    def handle_endtag(self, t):
        if self.depth:
            self.depth -= 1

    def handle_data(self, d):
        if self.depth:
            self.out[-1] += d


def texts(body, cls=None, tag=None):
    p = Text(cls, tag)
    p.feed(body)
    p.close()
    return p.out, p.scripts


# ---- the generated queries: words of the corpus -----------------------------
words = set()
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        for w in re.findall(r"[A-Za-z]{7,}", f.read()):
            words.add(w.lower())
words = sorted(words)
queries = words[:: max(1, len(words) // 25)][:25] + ["enhanced cooperation", "internet governance",
                                                        "zanzibarite", "Jerry"]

# the document's numbered paragraphs in order, from the JSON API
outline, off = [], 0
while True:
    r = getjson("/search?q=" + q("para:0..4294967295") + "&sort=doc&limit=100&offset=%d" % off)
    outline += [h["id"] for h in r["hits"]]
    off += len(r["hits"])
    if not r["hits"] or off >= r["total"]:
        break
ok(len(outline) > 0, "the index has numbered paragraphs (%d)" % len(outline))

# ---- /mentions.svg: well-formed, a cell a paragraph, the audit's counts ------
for word in queries:
    m = getjson("/mentions?q=" + q(word))
    st, ctype, body = get("/mentions.svg?q=" + q(word))
    if m is None:
        ok(st >= 400, "%s: /mentions fails, so does /mentions.svg (%d)" % (word, st))
        continue
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        ok(False, "%s: /mentions.svg is well-formed XML" % word, e)
        continue
    ok(st == 200 and ctype.startswith("image/svg+xml") and root.tag == SVG + "svg",
       "%s: /mentions.svg is an SVG document" % word, (st, ctype, root.tag))
    cells = root.findall(".//%srect[@class='cell']" % SVG)
    ok([c.get("data-id") for c in cells] == outline,
       "%s: one cell per paragraph, in document order" % word,
       [c.get("data-id") for c in cells][:5])
    occ = {p["id"]: p["occurrences"] for p in m["passages"]}
    got = {c.get("data-id"): int(c.get("data-count")) for c in cells}
    want = {i: occ.get(i, 0) for i in outline}
    ok(got == want, "%s: each cell's count is its passage's occurrences" % word,
       {k: (got.get(k), want[k]) for k in want if got.get(k) != want[k]})
    links = [a.get("href") for a in root.findall(".//%sa" % SVG)]
    ok(links == ["/p/" + i for i in outline], "%s: each cell links to its passage" % word, links[:3])
    bars = [(g.get("data-part"), g.get("data-section"), int(g.get("data-count")))
            for g in root.findall(".//%sg[@class='bar']" % SVG)]
    ok(bars == [(s["part"], s.get("section") or "", s["occurrences"]) for s in m["by_section"]],
       "%s: a bar per section with the audit's counts" % word, bars[:3])
    ok(sum(b[2] for b in bars) == m["total_occurrences"],
       "%s: the bars add up to the audit's total (%d)" % (word, m["total_occurrences"]))

# ---- /search.html: the same hits as /search, escaped -------------------------
for word in queries[:12] + ["zanzibarite", "goverment cooperaton"]:
    for offset in (0, 10):
        r = getjson("/search?q=%s&offset=%d" % (q(word), offset))
        st, ctype, body = get("/search.html?q=%s&offset=%d" % (q(word), offset))
        ok(st == 200 and ctype.startswith("text/html"), "%s@%d: /search.html is HTML" % (word, offset))
        ids, scripts = texts(body, cls="id")
        ok(ids == [h["id"] for h in r["hits"]], "%s@%d: the same hits in the same order" % (word, offset),
           (ids[:4], [h["id"] for h in r["hits"]][:4]))
        snips, _ = texts(body, cls="snippet")
        want = [html.unescape(re.sub(r"</?mark>", "", h["snippet"])) for h in r["hits"]]
        ok(snips == want, "%s@%d: each snippet's text, its markup only <mark>" % (word, offset),
           (snips[:1], want[:1]))
        ok(scripts == 0, "%s@%d: no script element in the page" % (word, offset))
        if r.get("suggestion"):
            ok("Did you mean" in body and html.escape(r["suggestion"]) in body,
               "%s: did you mean %s" % (word, r["suggestion"]))
        if offset + len(r["hits"]) < r["total"]:
            ok('rel="next" href="/search.html?q=%s&amp;offset=%d"' % (q(word), offset + len(r["hits"])) in body,
               "%s@%d: a link to the next page" % (word, offset))

# ---- /p/ID: every paragraph, its text, its path and its citation -------------
for pid in outline + ["questions:8", "programme:1"]:
    d = getjson("/doc/" + pid)
    st, ctype, body = get("/p/" + pid)
    text, scripts = texts(body, cls="text")
    cite, _ = texts(body, tag="cite")
    path, _ = texts(body, cls="path")
    # a field is a member of the passage or of its "fields"
    field = lambda k: d.get(k) if d.get(k) is not None else d.get("fields", {}).get(k)
    para = None if field("para") is None else "%d" % int(field("para"))
    title = d.get("title") or "WSIS+10 review, zero draft (2015)"
    ok(st == 200 and text == [d["text"]] and scripts == 0, "/p/%s: the passage's text" % pid, text)
    ok(cite == [title + (", para. " + para if para else ", " + pid)], "/p/%s: its citation" % pid, cite)
    want = " › ".join(field(k) for k in ("chapter", "section", "heading") if field(k)) or d["part"]
    ok(path == [want], "/p/%s: its section path" % pid, (path, want))

# ---- a made page runs no script, whatever it holds -----------------------------
for path in ("/search.html?q=zanzibarite", "/p/evil:1", "/mentions.svg?q=zanzibarite", "/p/nope:1"):
    try:
        r = urllib.request.urlopen(BASE + path, timeout=20)
    except urllib.error.HTTPError as e:
        r = e
    csp = r.headers.get("Content-Security-Policy") or ""
    ok("default-src 'none'" in csp and "script-src" not in csp, "%s: a policy with no script" % path, csp)

# ---- errors are pages too -------------------------------------------------------
st, ctype, body = get("/p/nope:1")
ok(st == 404 and ctype.startswith("text/html") and "no passage with id" in body,
   "/p/ of an unknown id: a 404 page", (st, ctype))
st, ctype, body = get("/mentions.svg")
ok(st == 400, "/mentions.svg without a query: 400", st)
st, ctype, body = get("/search.html?q=" + q("<script>x</script>") + "&limit=0")
ok("<script>x" not in body, "an error's message is escaped", body[-300:])
st, ctype, body = get("/p/")
ok(st == 404, "/p/ without an id: 404", st)

# ---- bad requests: the API's status, as an HTML page; the daemon goes on ------------
for page, api in (("/p/%ZZ", "/doc/%ZZ"), ("/p/" + "x" * 5000, "/doc/" + "x" * 5000),
                  ("/search.html?q=a&offset=99999999", "/search?q=a&offset=99999999"),
                  ("/search.html?q=a&limit=abc", "/search?q=a&limit=abc"),
                  ("/search.html?q=%FF%FE", "/search?q=%FF%FE"),
                  ("/mentions.svg?q=" + q('"unclosed'), "/mentions?q=" + q('"unclosed')),
                  ("/mentions.svg?q=a&context=x", "/mentions?q=a&context=x"),
                  ("/search.html", "/search"), ("/p/draft:38?x=1", "/doc/draft:38?x=1")):
    st, ctype, body = get(page)
    want = get(api)[0]
    # an error is an HTML page saying it; what the API takes, the page takes
    ok(st == want and (("<h1>Error %d</h1>" % st in body and ctype.startswith("text/html"))
                       if st >= 400 else ctype.startswith(("text/html", "image/svg"))),
       "%s: %d, as /%s says" % (page[:40], want, api.split("?")[0][1:8]), (st, ctype, body[-200:]))
ok(get("/p/draft:38")[0] == 200, "the daemon still answers")

# ---- the files, and the cache keeping pages apart from JSON -----------------------
st, ctype, body = get("/")
ok(st == 200 and ctype.startswith("text/html") and len(body.encode()) < 50 * 1024 and
   '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in body,
   "/: the page, under 50 KB, with the OpenSearch link (%d bytes)" % len(body.encode()))
ok(not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', body), "/: nothing from elsewhere")
st, ctype, body = get("/widget.js")
ok(st == 200 and ctype.startswith("text/javascript") and body.lstrip().startswith("/*"),
   "/widget.js: the widget", ctype)
for word in ("cooperation", "internet"):
    get("/search.html?q=" + word)
    st, ctype, body = get("/search?q=" + word)
    ok(ctype.startswith("application/json") and json.loads(body)["query"] == word,
       "%s: /search answers JSON after /search.html (the cache keeps them apart)" % word)
    get("/mentions?q=" + word)
    st, ctype, body = get("/mentions.svg?q=" + word)
    ok(ctype.startswith("image/svg+xml") and body.startswith("<svg"),
       "%s: /mentions.svg answers SVG after /mentions" % word)

# ---- gzip and HEAD, as for the JSON routes -----------------------------------------
import gzip
for path in ("/search.html?q=cooperation", "/mentions.svg?q=cooperation", "/p/draft:38"):
    plain = get(path)[2]
    req = urllib.request.Request(BASE + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=20) as r:
        z = r.read()
        enc = r.headers.get("Content-Encoding")
    ok(enc == "gzip" and gzip.decompress(z).decode() == plain, "%s: gzip, the same page" % path)
    req = urllib.request.Request(BASE + path, method="HEAD")
    with urllib.request.urlopen(req, timeout=20) as r:
        ok(r.status == 200 and r.read() == b"" and
           int(r.headers["Content-Length"]) == len(plain.encode()), "%s: HEAD" % path)

print("1..%d" % n)
sys.exit(1 if failed else 0)
