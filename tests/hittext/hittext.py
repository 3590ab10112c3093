#!/usr/bin/env python3
"""hittext.py - a search hit's text, bounded (tests/test-hittext.sh).

    hittext.py corpus OUT.jsonl
    hittext.py check NATIVE HTTP CORPUS.jsonl [DEFAULT]

corpus writes generated passages: long ones of several thousand bytes (a
word table each) in 2-, 3- and 4-byte characters, one opening with a word
longer than any bound, one with a long word and a long run of blanks after
its first word, short ones, one of exactly 64 bytes.  check asks the
daemon (native protocol and HTTP) for each hit's text at many bounds and
compares it with this file's own reading of the rule (doc/PROTOCOL.md,
SEARCH's text=): the passage whole when it fits; else its start up to the
word the bound falls in, without the blanks before that word, and
"text_cut":true; a first word longer than the bound cut at the last
character that fits; text=0 no text.  DEFAULT is the server's hit-text
(4096).  It prints one line a check, "0 what" or "1 what" (failed).
"""
import json
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

BLANKS = b" \n\t\r\f\v"
WORDS = ["alpha", "\u00e9t\u00e9", "\u4e2d\u6587", "\U0001d11e\U0001d11e", "caf\u00e9",
         "bravo", "na\u00efve", "\u0436\u0443\u043a", "delta"]


def corpus(path):
    recs = []
    # a long passage, its one "needle" past the middle, lines and tabs
    words = []
    for i in range(2600):
        words.append(WORDS[(i * 7) % len(WORDS)])
        if i % 13 == 12:
            words.append("\n")
        if i % 29 == 28:
            words.append("\t")
    words[1900] = "needle"
    recs.append({"id": "long:1", "part": "gen",
                 "text": " ".join(words).replace(" \n ", "\n").replace(" \t ", "\t")})
    # a first word longer than any bound asked, in 3-byte characters
    recs.append({"id": "long:2", "part": "gen",
                 "text": "\u4e2d" * 2000 + " needle " + " ".join(WORDS * 40)})
    # quotes, backslashes and control characters, which the index escapes
    recs.append({"id": "long:3", "part": "gen",
                 "text": " ".join('say "needle" \\ back\\slash \u0001 x' for _ in range(300))})
    # a long word after the first, and a long run of blanks: the cut of a
    # bound inside either is before them, further back than the server
    # looks from the bound
    recs.append({"id": "long:4", "part": "gen",
                 "text": "intro " + "\u00e9" * 300 + " needle" + " " * 150 + " ".join(WORDS * 60)})
    # words of a byte or two: a context of 500 bytes reaches further than
    # the windows the audit decodes around its one needle
    recs.append({"id": "long:5", "part": "gen",
                 "text": " ".join(["x"] * 1500 + ["needle"] + ["y"] * 1500)})
    recs.append({"id": "short:1", "part": "gen", "text": "a needle in a short passage"})
    t = "needle " + "abcdefg " * 7
    t = t[:63] + "z"
    assert len(t.encode()) == 64
    recs.append({"id": "exact:1", "part": "gen", "text": t})
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def expected(full, n):
    """The rule, on bytes: (text kept, cut) for a bound of n bytes."""
    if n is None or len(full) <= n:
        return full, False
    c = n
    while c > 0 and (full[c] & 0xC0) == 0x80:
        c -= 1
    k = c
    while k > 0 and full[k] not in BLANKS:
        k -= 1
    while k > 0 and full[k - 1] in BLANKS:
        k -= 1
    return (full[:k] if k > 0 else full[:c]), True


class Native:
    def __init__(self, addr):
        host, port = addr.rsplit(":", 1)
        self.s = socket.create_connection((host, int(port)), timeout=10)
        self.f = self.s.makefile("rb")
        self.f.readline()   # the greeting

    def ask(self, line):
        self.s.sendall(line.encode() + b"\n")
        head = self.f.readline().decode()
        if head.startswith("ERR"):
            return int(head.split()[1]), head
        n = int(head.split()[1])
        body = self.f.read(n + 1)[:n]
        self.last = body
        return 200, json.loads(body)

    def search(self, q, text=None):
        return self.ask("SEARCH limit=10 %s-- %s" % ("" if text is None else "text=%s " % text, q))

    def mentions(self, q, text=None, context=None):
        return self.ask("MENTIONS %s%s-- %s" % (
            "" if text is None else "text=%s " % text,
            "" if context is None else "context=%s " % context, q))

    def doc(self, pid):
        return self.ask("DOC -- " + pid)


class Http:
    def __init__(self, addr):
        self.base = "http://" + addr
        self.last = None

    def get(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as r:
                self.last = r.read()
                return r.status, json.loads(self.last)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def search(self, q, text=None):
        qs = {"q": q, "limit": "10"}
        if text is not None:
            qs["text"] = str(text)
        return self.get("/search?" + urllib.parse.urlencode(qs))

    def mentions(self, q, text=None, context=None):
        qs = {"q": q}
        if text is not None:
            qs["text"] = str(text)
        if context is not None:
            qs["context"] = str(context)
        return self.get("/mentions?" + urllib.parse.urlencode(qs))

    def doc(self, pid):
        return self.get("/doc/" + urllib.parse.quote(pid))


def check(native, http, corpus_path, default):
    stored = {}
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            stored[r["id"]] = r["text"].encode()
    results = []

    def say(good, what):
        results.append("%d %s" % (0 if good else 1, what))

    for name, front in (("native", Native(native)), ("http", Http(http))):
        # DOC stays whole
        for pid, full in stored.items():
            code, d = front.doc(pid)
            say(code == 200 and d.get("text", "").encode() == full and "text_cut" not in d,
                "%s: DOC %s is whole (%d bytes)" % (name, pid, len(full)))
        code, base = front.search("needle", "all")
        say(code == 200 and sorted(h["id"] for h in base["hits"]) == sorted(stored),
            "%s: every passage matches" % name)
        snippets = {h["id"]: h["snippet"] for h in base["hits"]}
        bad = []
        bounds = [None, 0, 1, 2, 3, 4, 5, 6, 7, 63, 64, 65, 100, 500, 700, 1000, 4095,
                  4096, 4097, 6000, 9000, 20000, "all"]
        for n in bounds:
            code, rep = front.search("needle", n)
            if code != 200:
                bad.append("text=%s: %s" % (n, code))
                continue
            eff = default if n is None else None if n == "all" else n
            for h in rep["hits"]:
                full = stored[h["id"]]
                if h["snippet"] != snippets[h["id"]]:
                    bad.append("text=%s %s: another snippet" % (n, h["id"]))
                if eff == 0:
                    if "text" in h or "text_cut" in h:
                        bad.append("text=0 %s: a text" % h["id"])
                    continue
                want, cut = expected(full, eff)
                got = h.get("text", "").encode()
                # written as the writer escapes (JSON's escapes only, as
                # Python's json.dumps writes them), whether it was decoded
                # and escaped again or carried as stored
                written = b'"text":' + json.dumps(h.get("text", ""),
                                                  ensure_ascii=False).encode()
                if written not in front.last:
                    bad.append("text=%s %s: not written as the writer escapes" % (n, h["id"]))
                if got != want or bool(h.get("text_cut")) != cut or \
                        ("text_cut" in h and not cut):
                    bad.append("text=%s %s: %d bytes%s, want %d%s" % (
                        n, h["id"], len(got), " cut" if h.get("text_cut") else "",
                        len(want), " cut" if cut else ""))
        say(not bad, "%s: each hit's text at %d bounds (none, 0 to 20000, all), "
            "by the rule, its snippet the same%s" % (
                name, len(bounds), (": " + "; ".join(bad[:4])) if bad else ""))
        # the edges, named
        code, rep = front.search("needle", 64)
        h = {x["id"]: x for x in rep["hits"]}
        say(h["exact:1"]["text"].encode() == stored["exact:1"] and "text_cut" not in h["exact:1"],
            "%s: a text of exactly N bytes is whole" % name)
        code, rep = front.search("needle", 63)
        h = {x["id"]: x for x in rep["hits"]}
        say(h["exact:1"].get("text_cut") is True and
            len(h["exact:1"]["text"].encode()) < 63,
            "%s: one of N + 1 is cut, at a word" % name)
        say(h["long:2"].get("text_cut") is True and
            h["long:2"]["text"] == "\u4e2d" * 21,
            "%s: a word longer than the bound is cut at a character (%d bytes of 63)" % (
                name, len(h["long:2"]["text"].encode())))
        # the reply cache keeps the bounds apart
        a = front.search("needle", 10)[1]
        b = front.search("needle", "all")[1]
        c = front.search("needle", 10)[1]
        say(a == c and [x.get("text") for x in a["hits"]] != [x.get("text") for x in b["hits"]],
            "%s: text=10 and text=all are cached apart" % name)
        # bad values
        for v in ("abc", "-1", "4294967296", "ALL"):
            code, rep = front.search("needle", v)
            say(code == 400 and "text" in str(rep),
                "%s: text=%s is a 400 naming the option" % (name, v))
        mentions(front, name, stored, default, bounds, say)
    print("\n".join(results))


# An audit's members that its text bound leaves as they are: all but each
# passage's text, text_cut, and the time it took.
def audit_rest(rep):
    rest = {k: v for k, v in rep.items() if k not in ("took_ms", "passages")}
    rest["passages"] = [{k: v for k, v in p.items() if k not in ("text", "text_cut")}
                        for p in rep["passages"]]
    return rest


def mentions(front, name, stored, default, bounds, say):
    """MENTIONS text=: its passages' texts cut as SEARCH cuts a hit's (the
    rule, and SEARCH's own text at the same bound), everything else the
    same as the whole text's audit."""
    code, whole = front.mentions("needle", "all")
    say(code == 200 and sorted(p["id"] for p in whole["passages"]) == sorted(stored) and
        all(p["text"].encode() == stored[p["id"]] and "text_cut" not in p
            for p in whole["passages"]) and whole["total_occurrences"] > 300,
        "%s: MENTIONS text=all: every passage whole, %s occurrences" % (
            name, whole.get("total_occurrences") if code == 200 else code))
    base = audit_rest(whole)
    bad = []
    for n in bounds:
        code, rep = front.mentions("needle", n)
        scode, srep = front.search("needle", n)
        if code != 200 or scode != 200:
            bad.append("text=%s: %s %s" % (n, code, scode))
            continue
        if audit_rest(rep) != base:
            bad.append("text=%s: occurrences, contexts or totals differ" % n)
        hits = {h["id"]: h for h in srep["hits"]}
        eff = default if n is None else None if n == "all" else n
        for p in rep["passages"]:
            if eff == 0:
                if "text" in p or "text_cut" in p:
                    bad.append("text=0 %s: a text" % p["id"])
                continue
            want, cut = expected(stored[p["id"]], eff)
            got = p.get("text", "").encode()
            if got != want or bool(p.get("text_cut")) != cut or \
                    ("text_cut" in p and not cut):
                bad.append("text=%s %s: %d bytes%s, want %d%s" % (
                    n, p["id"], len(got), " cut" if p.get("text_cut") else "",
                    len(want), " cut" if cut else ""))
            h = hits.get(p["id"], {})
            if p.get("text") != h.get("text") or p.get("text_cut") != h.get("text_cut"):
                bad.append("text=%s %s: not SEARCH's text" % (n, p["id"]))
    say(not bad, "%s: MENTIONS text= at %d bounds: each passage's text by the rule "
        "and as SEARCH's hit, occurrences, contexts, forms and counts as whole%s" % (
            name, len(bounds), (": " + "; ".join(bad[:4])) if bad else ""))
    # the widest contexts, which reach past the parts a long passage's
    # windows decode: the same read from a text in parts (text=0) as
    # from the whole (text=all)
    bad = []
    for word in ("needle", "alpha", "back"):
        x = front.mentions(word, 0, 500)[1]
        y = front.mentions(word, "all", 500)[1]
        if not isinstance(x, dict) or audit_rest(x) != audit_rest(y):
            bad.append(word)
    say(not bad, "%s: MENTIONS context=500: text=0 and text=all give the same "
        "contexts%s" % (name, (": " + ", ".join(bad)) if bad else ""))
    a = front.mentions("needle", 10)[1]
    b = front.mentions("needle", "all")[1]
    c = front.mentions("needle", 10)[1]
    say(audit_rest(a) == audit_rest(c) and
        [p.get("text") for p in a["passages"]] == [p.get("text") for p in c["passages"]] and
        [p.get("text") for p in a["passages"]] != [p.get("text") for p in b["passages"]],
        "%s: MENTIONS text=10 and text=all are cached apart" % name)
    for v in ("abc", "-1", "ALL"):
        code, rep = front.mentions("needle", v)
        say(code == 400 and "text" in str(rep),
            "%s: MENTIONS text=%s is a 400 naming the option" % (name, v))


def main():
    if sys.argv[1] == "corpus":
        corpus(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4],
              int(sys.argv[5]) if len(sys.argv) > 5 else 4096)


if __name__ == "__main__":
    main()
