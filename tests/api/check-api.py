"""check-api.py - what a portal relies on, checked against a running
wsis-searchd with an independent reference written here (tests/test-api.sh
starts the daemon).  Prints "0 DESCRIPTION" for a check that holds, "1
DESCRIPTION" for one that fails, and "# ..." lines saying why.

usage: check-api.py HOST:PORT HOSTILE.json SECTIONS...
The hostile passage's record (HOSTILE.json) is indexed with the corpus.
SECTIONS: params limits escaping shape cache cors opensearch suggest openapi"""
import gzip
import html
import html.parser
import http.client
import json
import os
import random
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openapi  # noqa: E402

HOSTPORT = sys.argv[1]
HOSTILE = json.load(open(sys.argv[2]))
SECTIONS = sys.argv[3:]
MAX_LIMIT = 100
random.seed(26)
failures = 0


def check(cond, desc, *why):
    global failures
    print("%d %s" % (0 if cond else 1, desc))
    if not cond:
        failures += 1
        for w in why:
            for line in str(w).splitlines()[:12]:
                print("# " + line[:400])
    return cond


def request(path, method="GET", headers=None):
    """(status, headers as a dict of lists by lower-case name, body bytes)"""
    c = http.client.HTTPConnection(HOSTPORT, timeout=20)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    hs = {}
    for k, v in r.getheaders():
        hs.setdefault(k.lower(), []).append(v)
    c.close()
    return r.status, hs, body


def header(hs, name):
    v = hs.get(name.lower())
    return None if v is None else ", ".join(v)


def get_json(path, headers=None):
    st, hs, body = request(path, headers=headers)
    if header(hs, "content-encoding") == "gzip":
        body = gzip.decompress(body)
    return st, hs, json.loads(body) if body else None


def q(s):
    return urllib.parse.quote(s, safe="")


def without(d, *keys):
    return {k: v for k, v in d.items() if k not in keys}


# ---- the passages, all of them, for the references below ----------------
def all_passages():
    out, offset = [], 0
    while True:
        st, _, r = get_json("/search?q=%s&sort=doc&limit=100&offset=%d" % (q("-zzzzqqq"), offset))
        if st != 200 or not r["hits"]:
            return out
        out += r["hits"]
        offset += 100


PASSAGES = all_passages()
BY_ID = {p["id"]: p for p in PASSAGES}
PASSAGE_KEYS = ("id", "part", "para", "section", "heading", "day", "title", "fields",
                "citations", "text")


def passage_of(obj):
    return {k: obj[k] for k in PASSAGE_KEYS if k in obj}


# ---- unknown parameters ----------------------------------------------------
def section_params():
    routes = ["/search?q=women", "/count?q=women", "/mentions?q=women", "/doc/draft:38",
              "/search?q=digital+divide&limit=3&sort=doc", "/mentions?q=internet&context=20"]
    names = ["_", "callback", "utm_source", "Q", "LIMIT", "x%20y", "v"]
    for route in routes:
        st0, _, base = get_json(route)
        picked = random.sample(names, 2)
        extra = "&".join("%s=%d" % (n, random.randrange(10**7)) for n in picked)
        sep = "&" if "?" in route else "?"
        st, _, r = get_json(route + sep + extra)
        takes = {"/search": {"q", "limit", "offset", "sort", "part", "section", "para", "day"},
                 "/count": {"q", "part", "section", "para", "day"},
                 "/mentions": {"q", "part", "section", "para", "day", "context", "exact",
                               "text"}}
        known = takes.get(route.split("?")[0], set())
        ignored = [urllib.parse.unquote(n) for n in picked if n not in known]
        check(st == 200 and st0 == 200, "%s with %s: 200, not refused" % (route, extra), st)
        if ignored:
            want = "unknown parameter%s ignored: %s" % ("s" if len(ignored) > 1 else "",
                                                          ", ".join(ignored))
            check((r.get("notices") or [None])[0] == want, "... its notices say %r" % want,
                  r.get("notices"))
        same = without(r, "notices", "took_ms") == without(base, "notices", "took_ms")
        check(same, "... and the reply is the one without them", json.dumps(r)[:300],
              json.dumps(base)[:300])


# ---- limit and offset --------------------------------------------------------
def section_limits():
    st, _, r = get_json("/count?q=%s" % q("-zzzzqqq"))
    total = r["total"]
    for limit in (None, 0, 1, 7, 99, 100, 101, 250, 1000, 4294967295):
        for offset in (None, 0, 3, 120):
            qs = "q=%s" % q("-zzzzqqq")
            if limit is not None:
                qs += "&limit=%d" % limit
            if offset is not None:
                qs += "&offset=%d" % offset
            st, _, r = get_json("/search?" + qs)
            asked = 10 if limit is None else limit
            used = min(asked, MAX_LIMIT)
            off = offset or 0
            want = {"offset": off, "limit": used, "limit_capped": asked > MAX_LIMIT}
            got = {k: r.get(k) for k in want}
            ok = st == 200 and got == want
            ok = ok and (r.get("limit_asked") == asked if asked > MAX_LIMIT else
                         "limit_asked" not in r)
            capped_notice = [n for n in r.get("notices", []) if n.startswith("limit ")]
            ok = ok and (capped_notice == ["limit %d is above max-limit: %d results a page "
                                           "served" % (asked, MAX_LIMIT)] if asked > MAX_LIMIT
                         else capped_notice == [])
            ok = ok and len(r["hits"]) == max(0, min(used, total - off))
            check(ok, "/search?%s: offset %d, limit %d%s echoed, %d hits" % (
                qs.split("&", 1)[-1] if "&" in qs else "", off, used,
                " (capped)" if asked > MAX_LIMIT else "", max(0, min(used, total - off))),
                json.dumps(without(r, "hits"))[:400])


# ---- one escaping rule ---------------------------------------------------------
class SnippetParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad, self.text, self.open = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag != "mark" or attrs or self.open:
            self.bad.append("<%s %r>" % (tag, attrs))
        self.open += 1

    def handle_endtag(self, tag):
        if tag != "mark":
            self.bad.append("</%s>" % tag)
        self.open -= 1

    def handle_data(self, d):
        self.text.append(d)


def strings(v, path="$"):
    if isinstance(v, str):
        yield path, v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from strings(x, path + "." + k)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from strings(x, "%s[%d]" % (path, i))


ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")


def section_escaping():
    hid = HOSTILE["id"]
    # what the requests below send that holds an entity's letters: a raw
    # echo of it is right
    sent = ["<b>&amp; broad", "<i>nope&amp;</i>", "<x>&amp;", "<q>&amp; broadband"]
    replies = {
        "search": get_json("/search?q=broadband+script&limit=100")[2],
        "doc": get_json("/doc/" + q(hid))[2],
        "mentions": get_json("/mentions?q=broadband&context=500")[2],
        "suggest": get_json("/suggest?q=%s" % q("<b>&amp; broad"))[2],
        "error": get_json("/doc/" + q("<i>nope&amp;</i>"))[2],
        "search-notice": get_json("/search?q=broadband&%s=1" % q("<x>&amp;"))[2],
        "count": get_json("/count?q=%s" % q("<q>&amp; broadband"))[2],
        "stats": get_json("/stats")[2],
    }
    found = {k: False for k in ("search", "doc", "mentions")}
    checked = 0
    for name, r in replies.items():
        for path, s in strings(r):
            checked += 1
            if path.endswith(".snippet"):
                p = SnippetParser()
                p.feed(s)
                p.close()
                plain = "".join(p.text).replace("\u2026", "")
                # escaped text: what it says is a piece of the passage's raw text
                hit_text = None
                m = re.match(r"\$\.hits\[(\d+)\]", path)
                if m:
                    hit_text = r["hits"][int(m.group(1))]["text"]
                ok = not p.bad and p.open == 0 and hit_text is not None and \
                    plain.strip() in hit_text and "<" not in s.replace("<mark>", "").replace(
                        "</mark>", "") and not re.search(r"&(?!(amp|lt|gt|quot|#39);)", s)
                if not check(ok, "%s %s: HTML, escaped, only <mark>" % (name, path), s):
                    return
                continue
            # raw text: never an entity where the source had a character
            if ENTITY.search(s) and not any(x in s for x in sent):
                check(False, "%s %s is raw text" % (name, path), s)
                return
            if s == HOSTILE["text"]:
                found[name] = True
    for name in ("search", "doc", "mentions"):
        check(found[name], "%s: the passage's <script> and & come back as raw text" % name,
              json.dumps(replies[name])[:600])
    doc = replies["doc"]
    check(doc.get("title") == HOSTILE["title"] and doc.get("section") ==
          HOSTILE["fields"]["section"] and doc.get("fields", {}).get("room") ==
          HOSTILE["fields"]["room"], "doc: title, section and other fields raw as indexed",
          json.dumps(doc))
    check(any(n.startswith("unknown parameter ignored: <x>&amp;") for n in
              replies["search-notice"].get("notices", [])),
          "a notice names an ignored parameter as raw text", replies["search-notice"])
    check(checked > 50, "every string of %d replies checked (%d strings)" % (len(replies),
                                                                          checked))


# ---- one passage shape ---------------------------------------------------------
def section_shape():
    ids = random.sample(sorted(BY_ID), min(40, len(BY_ID)))
    bad = []
    for pid in ids:
        hit = passage_of(BY_ID[pid])
        st, _, doc = get_json("/doc/" + q(pid))
        if st != 200 or passage_of(doc) != hit or set(doc) - set(PASSAGE_KEYS):
            bad.append((pid, "doc", doc, hit))
            continue
        for k in ("para", "day"):
            if k in doc and not (isinstance(doc[k], int) and not isinstance(doc[k], bool)):
                bad.append((pid, k, doc))
    check(not bad, "%d passages: /doc/{id} is the hit's passage, para and day numbers" %
          len(ids), *[json.dumps(b)[:500] for b in bad[:3]])
    st, _, m = get_json("/mentions?q=internet")
    mbad = [p["id"] for p in m["passages"]
            if passage_of(p) != passage_of(BY_ID[p["id"]]) or
            set(p) - set(PASSAGE_KEYS) - {"occurrences", "kwic"}]
    check(m["passages"] and not mbad, "%d audited passages have the hit's shape" %
          len(m["passages"]), mbad[:5])
    st, _, d = get_json("/doc/draft:48")
    check(d.get("para") == 48, "/doc/draft:48 gives para the number 48", d.get("para"))


# ---- caching ----------------------------------------------------------------------
ETAG_RE = re.compile(r'^W/"[0-9a-f]{16}"$')


def section_cache(max_age, phase):
    urls = ["/search?q=women", "/count?q=women", "/mentions?q=women", "/doc/draft:38",
            "/suggest?q=inter", "/openapi.json", "/opensearch.xml"]
    tags = {}
    for u in urls:
        st, hs, body = request(u)
        tag = header(hs, "etag")
        tags[u] = tag
        check(st == 200 and tag is not None and ETAG_RE.match(tag) and
              header(hs, "cache-control") == ("max-age=%d" % max_age if max_age else
                                              "no-cache"),
              "%s: a weak ETag and Cache-Control %s" % (u, "max-age=%d" % max_age if max_age
                                                        else "no-cache"), hs)
        check("Accept-Encoding" in (header(hs, "vary") or ""),
              "%s: Vary names Accept-Encoding" % u, hs)
        st2, hs2, body2 = request(u, headers={"If-None-Match": tag})
        check(st2 == 304 and body2 == b"" and header(hs2, "etag") == tag and
              header(hs2, "content-length") is None,
              "%s: If-None-Match with its ETag: 304, no body" % u, st2, hs2, body2[:100])
        st3, hs3, _ = request(u, headers={"If-None-Match": '"x", W/"0000000000000000", ' + tag})
        check(st3 == 304, "%s: an ETag among others in If-None-Match: 304" % u, st3)
        st4, hs4, _ = request(u, headers={"If-None-Match": 'W/"0000000000000000"'})
        check(st4 == 200, "%s: another ETag: 200" % u, st4)
        st5, hs5, _ = request(u, headers={"Accept-Encoding": "gzip"})
        check(header(hs5, "etag") not in (None, tag), "%s: the gzip reply has another ETag" % u,
              header(hs5, "etag"), tag)
    check(len(set(tags.values())) == len(urls), "each request its own ETag", tags)
    st, hs, _ = request("/search?q=women&_=1")
    check(header(hs, "etag") != tags["/search?q=women"], "another query string, another ETag")
    for u, code in (("/doc/nope", 404), ("/search?q=women&limit=abc", 400), ("/stats", 200),
                    ("/health", 200), ("/nothing", 404)):
        st, hs, _ = request(u)
        check(st == code and header(hs, "etag") is None and
              header(hs, "cache-control") == "no-store",
              "%s: %d, no ETag, no-store" % (u, code), st, hs)
    json.dump(tags, open("etags-%s.json" % phase, "w"))


def section_cache_after_reload():
    """The index was rebuilt and reloaded: the same requests, other tags."""
    before = json.load(open("etags-before.json"))
    for u, tag in before.items():
        if u in ("/openapi.json",):
            continue
        st, hs, _ = request(u, headers={"If-None-Match": tag})
        check(st == 200 and header(hs, "etag") != tag,
              "%s after a reload: the old ETag is stale (200, a new one)" % u, st, hs)


# ---- CORS -------------------------------------------------------------------------
def section_cors():
    for origin, allowed in (("http://portal.example", True), ("http://PORTAL.example", True),
                            ("http://other.example", True), ("http://evil.example", False),
                            ("http://portal.example.evil", False), ("null", False)):
        st, hs, _ = request("/search?q=women", headers={"Origin": origin})
        acao = header(hs, "access-control-allow-origin")
        check(st == 200 and (acao == origin if allowed else acao is None) and
              "Origin" in (header(hs, "vary") or ""),
              "GET from %s: %s, Vary: Origin" % (origin, "allowed" if allowed else "not allowed"),
              hs)
        if allowed:
            check("ETag" in (header(hs, "access-control-expose-headers") or ""),
                  "... its script may read the ETag", hs)
    st, hs, body = request("/search?q=women", method="OPTIONS", headers={
        "Origin": "http://portal.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match, x-requested-with"})
    allow_h = [h.strip().lower() for h in (header(hs, "access-control-allow-headers") or "").split(",")]
    check(st == 204 and header(hs, "access-control-allow-origin") == "http://portal.example" and
          "GET" in (header(hs, "access-control-allow-methods") or "") and
          "if-none-match" in allow_h and "x-requested-with" in allow_h,
          "a preflight from an allowed origin: 204 with what it asked allowed", st, hs)
    st, hs, _ = request("/doc/nope", headers={"Origin": "http://portal.example"})
    check(st == 404 and header(hs, "access-control-allow-origin") == "http://portal.example",
          "an error is readable by an allowed origin's page too", hs)


# ---- OpenSearch -------------------------------------------------------------------
NS = "{http://a9.com/-/spec/opensearch/1.1/}"


def section_opensearch():
    st, hs, body = request("/opensearch.xml", headers={"Host": "search.example:7780"})
    check(st == 200 and header(hs, "content-type").startswith(
        "application/opensearchdescription+xml"), "/opensearch.xml: its media type", hs)
    root = ET.fromstring(body)
    check(root.tag == NS + "OpenSearchDescription", "an OpenSearch 1.1 document", root.tag)
    short = root.findtext(NS + "ShortName") or ""
    check(0 < len(short) <= 16 and root.findtext(NS + "Description"),
          "ShortName of at most 16 characters, a Description", short)
    urls = {u.get("type"): u.get("template") for u in root.findall(NS + "Url")}
    want = {"text/html": "http://search.example:7780/search.html?q={searchTerms}",
            "application/json": "http://search.example:7780/search?q={searchTerms}",
            "application/x-suggestions+json": "http://search.example:7780/suggest?q={searchTerms}",
            "application/opensearchdescription+xml": "http://search.example:7780/opensearch.xml"}
    check(urls == want, "the HTML, JSON, suggestions and self URL templates, under the Host",
          urls)
    # the templates, filled as a browser fills them, answer here
    for t in ("application/json", "application/x-suggestions+json"):
        path = urls[t].replace("http://search.example:7780", "").replace(
            "{searchTerms}", q("enhanced coop"))
        st, hs, r = get_json(path)
        check(st == 200 and header(hs, "content-type").startswith(t) and r,
              "the %s template answers (%s)" % (t, path), st, hs)
    st, hs, body = request("/opensearch.xml", headers={"Host": 'x"><script>'})
    root = ET.fromstring(body)
    tmpl = [u.get("template") for u in root.findall(NS + "Url")]
    check(all(t.startswith("http://127.0.0.1:") for t in tmpl),
          "a Host that is no host name is not used: the address connected to", tmpl)


# ---- suggestions ------------------------------------------------------------------
WORD = re.compile(r"[a-z]+")


def exact_count(word):
    st, _, r = get_json("/count?q=%s" % q('"%s"' % word))
    return r["total"] if st == 200 else -1


def section_suggest():
    st, hs, body = request("/suggest?q=")
    check(st == 200 and json.loads(body) == ["", []], "an empty prefix: [\"\", []]", body)
    words = sorted({w for p in PASSAGES for w in WORD.findall(p["text"].lower()) if len(w) > 4})
    prefixes = sorted({w[:n] for w in random.sample(words, 25) for n in (1, 2, 4)})
    bad_prefix, bad_found, bad_order, total = [], [], [], 0
    for pre in prefixes:
        st, hs, r = get_json("/suggest?q=%s&limit=8" % q(pre))
        if st != 200 or not (isinstance(r, list) and len(r) == 2 and r[0] == pre):
            bad_prefix.append((pre, r))
            continue
        comps = r[1]
        total += len(comps)
        if len(comps) > 8 or any(not c.startswith(pre) for c in comps):
            bad_prefix.append((pre, comps))
        counts = [exact_count(c) for c in comps]
        if any(n < 1 for n in counts):
            bad_found.append((pre, comps, counts))
        if counts != sorted(counts, reverse=True):
            bad_order.append((pre, comps, counts))
        if not comps:
            # the reference: a word of the passages that begins so
            if any(w.startswith(pre) for w in words):
                bad_found.append((pre, "none, though the passages have words beginning so"))
    check(not bad_prefix, "%d prefixes: completions of the prefix, at most limit=8" %
          len(prefixes), *bad_prefix[:3])
    check(not bad_found and total > 0,
          "each of %d completions is a word some passage holds" % total, *bad_found[:3])
    check(not bad_order, "completions come most frequent first", *bad_order[:3])
    # after other words: each completion is a phrase some passage holds
    phrases = set()
    for p in random.sample(PASSAGES, 30):
        ws = WORD.findall(p["text"].lower())
        if len(ws) >= 2:
            i = random.randrange(len(ws) - 1)
            if len(ws[i + 1]) >= 3:
                phrases.add((ws[i], ws[i + 1][:3]))
    bad = []
    for head, pre in sorted(phrases):
        st, _, r = get_json("/suggest?q=%s" % q("%s %s" % (head, pre)))
        comps = r[1]
        if not comps:
            bad.append((head, pre, "no completion"))
            continue
        first = comps[0]
        if not first.startswith(head + " " + pre) or exact_count(first) < 1:
            bad.append((head, pre, comps))
    check(not bad, "%d two-word prefixes: the first completion is a phrase of a passage" %
          len(phrases), *bad[:3])


# ---- OpenAPI ------------------------------------------------------------------------
def section_openapi():
    st, hs, doc = get_json("/openapi.json")
    check(st == 200 and doc.get("openapi", "").startswith("3."), "/openapi.json: OpenAPI 3", st)
    cases = [
        ("GET", "/search?q=enhanced+cooperation&limit=3", "/search"),
        ("GET", "/search?q=womne&limit=1", "/search"),
        ("GET", "/search?q=women&limit=500&_=1&part=draft&part=questions", "/search"),
        ("GET", "/search?q=internet&sort=doc&para=10..20&offset=2", "/search"),
        ("GET", "/search?q=women&limit=abc", "/search"),
        ("GET", "/search?q=para:x", "/search"),
        ("GET", "/search?q=%zz", "/search"),
        ("POST", "/search?q=women", "/search"),
        ("GET", "/count?q=internet+governance", "/count"),
        ("GET", "/count?q=internet&day=2&bogus=1", "/count"),
        ("GET", "/mentions?q=women&context=30", "/mentions"),
        ("GET", "/mentions?q=broadband&exact=1", "/mentions"),
        ("GET", "/mentions?q=women&text=20", "/mentions"),
        ("GET", "/mentions?q=women&text=0", "/mentions"),
        ("GET", "/mentions?q=women&exact=2", "/mentions"),
        ("GET", "/doc/draft:38", "/doc/{id}"),
        ("GET", "/doc/programme:3?_=5", "/doc/{id}"),
        ("GET", "/doc/" + q(HOSTILE["id"]), "/doc/{id}"),
        ("GET", "/doc/nope", "/doc/{id}"),
        ("GET", "/suggest?q=internet+gov", "/suggest"),
        ("GET", "/suggest?q=", "/suggest"),
        ("GET", "/suggest?q=x&limit=-1", "/suggest"),
        ("GET", "/health", "/health"),
        ("GET", "/ready", "/ready"),
        ("GET", "/stats", "/stats"),
        ("GET", "/metrics", "/metrics"),
        ("POST", "/reload", "/reload"),
        ("GET", "/reload", "/reload"),
        ("GET", "/opensearch.xml", "/opensearch.xml"),
        ("GET", "/openapi.json", "/openapi.json"),
    ]
    seen = set()
    for method, url, route in cases:
        st, hs, body = request(url, method=method)
        media = (header(hs, "content-type") or "").split(";")[0].strip() or None
        schema, why = openapi.response_schema(doc, route, method, st, media if body else None)
        seen.add((route, method.lower()))
        if schema is None:
            check(False, "%s %s: %d %s is declared" % (method, url, st, media), why)
            continue
        if media is not None and media.endswith("json"):
            errs = openapi.validate(doc, schema, json.loads(body))
        else:
            errs = openapi.validate(doc, schema, body.decode())
        check(not errs, "%s %s: %d %s conforms to the description" % (method, url, st, media),
              *errs[:5])
    declared = {(p, m) for p, ops in doc["paths"].items() for m in ops}
    check(declared <= seen, "every route of the description was checked", declared - seen)
    # the checker itself: a reply that breaks the description is caught
    st, _, good = get_json("/search?q=women&limit=1")
    broken = dict(good, limit="1")
    broken["hits"] = [dict(good["hits"][0], para="48", stray=1)]
    errs = openapi.validate(doc, doc["components"]["schemas"]["SearchReply"], broken)
    check(len(errs) >= 3, "the checker finds a string limit, a string para and a stray key",
          errs)


for s in SECTIONS:
    # a section that fails with an exception is one failure; the others run
    try:
        if s.startswith("cache:"):
            _, age, phase = s.split(":")
            section_cache(int(age), phase)
        else:
            globals()["section_" + s]()
    except Exception:
        import traceback
        check(False, "section %s ran to its end" % s, traceback.format_exc())
