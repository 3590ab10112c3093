"""reference.py - the rules of issue 21 (R1-R3) in code, written apart from
the project's C: what one word, a quoted pair of words and a mentions audit
must find in a set of passages.  The generated tests (generated.py) compare
wsis-searchd's answers with these.

Only data is taken from the project: the word tables of lib/normalize.c
(spellings, ordinals, -our stems, -ise rule and exceptions, compounds,
acronyms), read from its source text.  Every rule that uses them is here.
"""

import re
import unicodedata
from collections import Counter, defaultdict

import xapian

# ---------------------------------------------------------------- tables


class TableError(Exception):
    pass


def _c_array(src, name):
    """The string literals of the C array `name` in src, in order."""
    m = re.search(r"\b%s\s*\[\]\s*(?:\[\d+\])?\s*=\s*\{(.*?)\};" % re.escape(name),
                  src, re.S)
    if m is None:
        raise TableError("lib/normalize.c has no table '%s'" % name)
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    return re.findall(r'"((?:[^"\\]|\\.)*)"', body)


class Tables:
    """The word lists of lib/normalize.c (data only)."""

    def __init__(self, normalize_c):
        with open(normalize_c, encoding="utf-8") as f:
            src = f.read()
        pairs = _c_array(src, "spelling_pairs")
        self.spelling = dict(zip(pairs[0::2], pairs[1::2]))
        ords = _c_array(src, "ordinals")
        self.ordinals = dict(zip(ords[0::2], ords[1::2]))
        self.our_stems = _c_array(src, "our_stems")
        self.ise_exceptions = set(_c_array(src, "ise_exceptions"))
        ise = _c_array(src, "ise_suffixes")
        self.ise_suffixes = list(zip(ise[0::2], ise[1::2]))
        self.join_any = _c_array(src, "join_any")
        self.join_hyphen = _c_array(src, "join_hyphen")
        jp = _c_array(src, "join_pairs")
        self.join_pairs = set(zip(jp[0::2], jp[1::2]))
        # acronyms: { "ICT", { "expansion", "expansion", NULL } },
        m = re.search(r"\bacronyms\s*\[\]\s*=\s*\{(.*?)\};", src, re.S)
        if m is None:
            raise TableError("lib/normalize.c has no table 'acronyms'")
        body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
        self.acronyms = {}
        for acr, exps in re.findall(r'\{\s*"([^"]+)"\s*,\s*\{([^}]*)\}', body):
            self.acronyms[acr] = re.findall(r'"([^"]*)"', exps)
        if (self.spelling.get("programme") != "program" or "ICT" not in self.acronyms
                or ("zero", "draft") not in self.join_pairs or "cyber" not in self.join_any
                or "co" not in self.join_hyphen or "co" in self.join_any):
            raise TableError("lib/normalize.c's tables do not read as expected")


# ---------------------------------------------------------------- R1 words

# A word character (lib/words.h): an ASCII letter, digit or '_', or a
# non-ASCII character outside U+00A0-U+00BF and U+2000-U+206F (spaces,
# dashes, quotes, ellipsis, the zero width space) and but for U+FEFF.
_WORDCHAR = r"[A-Za-z0-9_\u0080-\u009f\u00c0-\u1fff\u2070-\ufefe\uff00-\U0010ffff]"
# The invisible format characters a word ignores: the soft hyphen, ZWNJ,
# ZWJ, the word joiner and U+FEFF.  Between two word characters the word
# goes on over them; before or after a word they are no part of it.
_IGNORED = "[\u00ad\u200c\u200d\u2060\ufeff]"
_IGNORED_RE = re.compile(_IGNORED)
# An apostrophe (' or U+2019) between two word characters joins them.
_WORD = re.compile(r"{w}(?:{i}*(?:['\u2019]{i}*)?{w})*".format(w=_WORDCHAR, i=_IGNORED))
# The hyphens that join a compound as '-' does: U+2010, U+2011, U+2012.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u200b": " "})


def visible(s):
    """s without the characters words ignore."""
    return _IGNORED_RE.sub("", s)


def separator(s):
    """What stands between two words, as compounds read it: without the
    ignored characters, a Unicode hyphen as '-', a zero width space as ' '."""
    return visible(s).translate(_HYPHENS)


def words(text):
    """R1: the words of text as (word, start, end), start/end in characters."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def ascii_upper(s):
    return "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in s)


class Rules:
    """R1-R3 over the tables."""

    def __init__(self, tables):
        self.t = tables
        self._stemmer = xapian.Stem("english")
        self._stems = {}
        self._texts = {}
        self._folds = {}
        # acronym expansions as lists of base forms, for recognising them
        self.expansions = {a: [[self.form_key(self.fold(w)) for w, _, _ in words(e)]
                               for e in exps]
                           for a, exps in tables.acronyms.items()}

    def text(self, s):
        """s as a Text (kept: the audit reads each passage many times)."""
        t = self._texts.get(s)
        if t is None:
            t = self._texts[s] = Text(self, s)
        return t

    # ---- R1 folding: case, apostrophe, British -> American spelling
    def american(self, lw):
        """The American spelling of lowercase word lw (lw when there is none)."""
        t = self.t
        if len(lw) >= 4 and lw in t.spelling:
            return t.spelling[lw]
        for s in t.our_stems:                     # "labour", "favourable"
            if lw.startswith(s):
                return s[:-2] + "r" + lw[len(s):]
        for suf, rep in t.ise_suffixes:           # the -ise rule: the longest ending decides
            if len(lw) > len(suf) and lw.endswith(suf):
                stem = lw[:-len(suf)]
                # a consonant before -ise, a stem of three letters or more,
                # and not a word that is -ise in American English too
                if len(stem) < 3 or stem[-1] in "aeiouy" or stem + "ise" in t.ise_exceptions:
                    return lw
                return stem + rep
        return lw

    @staticmethod
    def latin(w):
        """R1: the Latin letters U+00C0-U+017F whose canonical decomposition
        is an ASCII letter and marks, as that letter ("Jānis" -> "Janis"),
        and a Latin letter followed by combining marks U+0300-U+036F
        (decomposed) as that letter too ("Ja\u0304nis" -> "Janis")."""
        out = []
        for ch in w:
            if 0xC0 <= ord(ch) <= 0x17F:
                d = unicodedata.normalize("NFD", ch)
                if len(d) > 1 and d[0].isascii() and d[0].isalpha() and \
                        all(unicodedata.combining(c) for c in d[1:]):
                    ch = d[0]
            elif 0x300 <= ord(ch) <= 0x36F and out and out[-1].isascii() and out[-1].isalpha():
                continue
            out.append(ch)
        return "".join(out)

    def fold(self, w):
        """R1: a word case-folded (ASCII), with ' for U+2019, without the
        characters words ignore, its Latin letters without diacritics, in
        American spelling."""
        f = self._folds.get(w)
        if f is None:
            f = self._folds[w] = self.american(
                ascii_lower(self.latin(visible(w))).replace("\u2019", "'"))
        return f

    def search_fold(self, w):
        """A word as searches compare it: folded (R1), an ordinal in
        figures read as its word ("2nd" -> "second"), and an acronym's
        plural read as the acronym: in any case for acronyms of three
        letters or more ("icts", "LDCs"), in capitals for two ("UNs")."""
        f = self.fold(w)
        for a in self.t.acronyms:
            if (len(a) >= 3 and f == a.lower() + "s") or w == a + "s":
                return a.lower()
        # the letters before an apostrophe are a word of their own to the
        # folding ("women's" -> "woman's")
        head, apo, tail = f.partition("'")
        if head in self.SEARCH_IRREGULAR:
            return self.IRREGULAR[head] + apo + tail
        return self.t.ordinals.get(f, f)

    def stem(self, w):
        """The English Snowball stem of a folded word."""
        s = self._stems.get(w)
        if s is None:
            s = self._stems[w] = self._stemmer(w).decode("utf-8")
        return s

    # ---- R3 base forms: singular and plural, nothing else
    IRREGULAR = {
        "women": "woman", "men": "man", "children": "child", "feet": "foot",
        "teeth": "tooth", "mice": "mouse", "geese": "goose", "criteria": "criterion",
        "phenomena": "phenomenon", "analyses": "analysis", "crises": "crisis",
        "bases": "basis", "theses": "thesis", "lives": "life", "wives": "wife",
        "knives": "knife", "leaves": "leaf", "halves": "half", "selves": "self",
    }

    # R2: the irregular plurals a search folds to their singular: the nouns
    # that are no verb's form too
    SEARCH_IRREGULAR = {"women", "men", "children", "feet", "teeth", "mice", "geese",
                        "criteria", "phenomena", "crises", "theses", "wives", "knives",
                        "halves"}

    def base(self, w):
        """R3: the singular of a folded word."""
        if w in self.IRREGULAR:
            return self.IRREGULAR[w]
        if w in self.IRREGULAR.values():
            return w
        if len(w) > 4 and w.endswith("ies"):
            return w[:-3] + "y"
        if w.endswith(("sses", "shes", "ches", "xes", "zes")):
            return w[:-2]
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            return w[:-1]
        return w

    def form_key(self, w):
        """R3: what two forms of a word share: the base of a folded word
        without its possessive ("women's" -> "woman")."""
        w = w[:-2] if w.endswith("'s") else w
        return self.base(self.t.ordinals.get(w, w))

    # ---- R2 compounds
    def joins(self, a, sep, b):
        """Whether folded words a, b with sep between them are a known compound."""
        if sep not in (" ", "-", ""):
            return False
        if a in self.t.join_any or (a, b) in self.t.join_pairs:
            return True
        return sep == "-" and a in self.t.join_hyphen

    def parts(self, w):
        """The parts of a joined compound (folded): "cybersecurity" ->
        ("cyber", "security"), "zerodraft" -> ("zero", "draft"); else None."""
        if w.startswith(("multipl", "multitud", "cybernet")):
            return None     # words that only begin like a compound
        for p in self.t.join_any:
            if len(w) >= len(p) + 3 and w.startswith(p):
                return (p, w[len(p):])
        for a, b in self.t.join_pairs:
            if w.startswith(a + b):
                return (a, w[len(a):])
        return None

    # ---- R2 acronyms
    def acronym_written(self, w):
        """The acronym that word w (as written) writes in capitals: "ICT",
        "ICTs", "ICT's", "LDCs"; else None."""
        w = visible(w)
        for a in self.t.acronyms:
            if w in (a, a + "s", a + "'s", a + "\u2019s"):
                return a
        return None

    def expansion_at(self, toks, i, acronym):
        """The number of words of an expansion of `acronym` that starts at
        folded words toks[i:], compared by R3 forms ("General Assembly's",
        "least developed country"); 0 when none does."""
        for exp in self.expansions[acronym]:
            if [self.form_key(t) for t in toks[i:i + len(exp)]] == exp:
                return len(exp)
        return 0


# ---------------------------------------------------------------- passages

CONTEXT_FIELDS = ("section", "heading", "weekday", "date", "room")


class Passage:
    def __init__(self, doc):
        self.id = doc["id"]
        self.part = doc.get("part", "")
        self.text = doc.get("text", "")
        self.title = doc.get("title") or ""
        # a passage's shape (doc/HTTP.md): para, day, section and heading
        # are members of their own, the other fields in "fields"; all of
        # them are its fields, as the indexer stored them
        self.fields = dict(doc.get("fields") or {})
        for k in ("para", "day", "section", "heading"):
            if k in doc:
                self.fields[k] = str(doc[k])
        self.citations = doc.get("citations") or []


class Index:
    """What R2 says each passage holds: its searchable words (for one-word
    queries) and its adjacent word pairs (for two-word phrases)."""

    def __init__(self, rules, passages):
        self.r = rules
        self.passages = passages
        self.by_stem = defaultdict(set)     # stem -> ids of passages holding it
        self.by_pair = defaultdict(set)     # (folded, folded) -> ids
        for p in passages:
            for w in self.searchable_words(p):
                self.by_stem[rules.stem(w)].add(p.id)
            for pair in self.pairs(p):
                self.by_pair[pair].add(p.id)

    def _texts(self, p):
        """The positional texts of a passage: its text and title."""
        return [t for t in (p.text, p.title) if t]

    def _compound_forms(self, text):
        """The folded words of text, and the other forms it holds:
        (i, j, words, inplace) says words stand for the text's words i..j-1.
        An acronym's plural ("ICTs" -> ["ict"]) is folded in place, between
        its neighbours; a known compound's other form ("cyber security" ->
        ["cybersecurity"], "cybersecurity" -> ["cyber", "security"]) is a
        phrase of its own, beside the text."""
        r = self.r
        ws = words(text)
        toks = [r.search_fold(w) for w, _, _ in ws]
        alts = []
        for i, tok in enumerate(toks):
            if i + 1 < len(toks):
                sep = separator(text[ws[i][2]:ws[i + 1][1]])
                if r.joins(tok, sep, toks[i + 1]):
                    alts.append((i, i + 2, [r.search_fold(tok + toks[i + 1])], False))
            pts = r.parts(tok)
            if pts is not None:
                alts.append((i, i + 1, list(pts), False))
            # an acronym's plural in capitals is the acronym: "ICTs" ~ "ICT"
            a = r.acronym_written(ws[i][0])
            if a is not None and visible(ws[i][0]) == a + "s":
                alts.append((i, i + 1, [r.search_fold(a)], True))
        return toks, alts

    def _synonyms(self, p):
        """R2: the acronym synonyms a passage holds, as word lists: the
        first expansion of an acronym written in capitals, the acronym of
        an expansion written out (text and title)."""
        r = self.r
        held = []
        for text in self._texts(p):
            ws = [w for w, _, _ in words(text)]
            toks = [r.search_fold(w) for w in ws]
            for i, w in enumerate(ws):
                a = r.acronym_written(w)
                if a is not None:
                    held.append([r.search_fold(x) for x, _, _ in words(r.t.acronyms[a][0])])
                for acr in r.t.acronyms:
                    if r.expansion_at(toks, i, acr):
                        held.append([r.search_fold(acr)])
        return held

    def _contexts(self, p):
        """R2: the context fields' values, each a phrase of its own; and
        what the passage cites (issue 24), from its stored list: "cites
        citation NAME" and "paragraph N of the NAME" for each of its first
        50 paragraphs, each a phrase of its own."""
        out = [p.fields[f] for f in CONTEXT_FIELDS if p.fields.get(f)]
        for c in p.citations:
            out.append("cites citation " + c["text"])
            out.extend("paragraph %d of the %s" % (n, c["text"]) for n in c["paras"][:50])
        return out

    def searchable_words(self, p):
        """R2: text and title words, context field words, synonyms, compound forms."""
        out = set()
        for text in self._texts(p):
            toks, alts = self._compound_forms(text)
            out.update(toks)
            for _, _, form, _ in alts:
                out.update(form)
        for text in self._contexts(p):
            toks, alts = self._compound_forms(text)
            out.update(toks)
            out.update(w for _, _, form, inplace in alts if inplace for w in form)
        for syn in self._synonyms(p):
            out.update(syn)
        return out

    def pairs(self, p):
        """R2: the pairs of words that stand next to each other (punctuation
        between them ignored) in the text, the title, a context field's
        value, a compound's other form, or a synonym's expansion."""
        out = set()
        for text in self._texts(p) + self._contexts(p):
            toks, alts = self._compound_forms(text)
            out.update(zip(toks, toks[1:]))
            for i, j, form, inplace in alts:
                if inplace:
                    seq = ([toks[i - 1]] if i > 0 else []) + form + \
                        ([toks[j]] if j < len(toks) else [])
                elif text in self._texts(p):
                    seq = form
                else:
                    continue
                out.update(zip(seq, seq[1:]))
        for syn in self._synonyms(p):
            out.update(zip(syn, syn[1:]))
        return out

    # ---- the queries
    def one_word(self, q):
        """R2/R5: the ids a one-word query finds: the passages holding a
        word of the same stem, whatever the case; an acronym typed in
        capitals ("LDCs") also finds those that hold the acronym."""
        ids = set(self.by_stem.get(self.r.stem(self.r.search_fold(q)), ()))
        a = self.r.acronym_written(q)
        if a is not None:
            ids |= self.by_stem.get(self.r.stem(self.r.search_fold(a)), set())
        return ids

    def phrase(self, a, b):
        """R2: the ids a quoted two-word phrase finds: the two words,
        case- and spelling-folded, next to each other."""
        return set(self.by_pair.get((self.r.search_fold(a), self.r.search_fold(b)), ()))


# ---------------------------------------------------------------- R3 audit


class Text:
    """A passage text cut into R1 words, with what the audit compares."""

    def __init__(self, rules, text):
        self.text = text
        ws = words(text)
        self.words = [w for w, _, _ in ws]
        self.spans = [(s, e) for _, s, e in ws]
        self.folded = [rules.fold(w) for w in self.words]
        self.bases = [rules.form_key(f) for f in self.folded]
        # where each word stands, under what a concept's first word may
        # look for: its base form, its exact lowercase, the acronym it
        # writes in capitals
        self.at = defaultdict(list)
        for i, (w, b) in enumerate(zip(self.words, self.bases)):
            self.at[("base", b)].append(i)
            self.at[("exact", ascii_lower(visible(w)))].append(i)
            a = rules.acronym_written(w)
            if a is not None:
                self.at[("acronym", a)].append(i)

    def between(self, i):
        """What stands between word i and word i + 1 (separator())."""
        return separator(self.text[self.spans[i][1]:self.spans[i + 1][0]])


class Audit:
    """R3: the mentions audit of one concept over passage texts: the
    passages with their numbers of occurrences, and the count per form."""

    def __init__(self, rules, concept, exact=False):
        r = self.r = rules
        self.exact = exact
        cw = words(concept)
        self.typed = [w for w, _, _ in cw]
        self.q = [r.fold(w) for w in self.typed]
        self.qbase = [r.form_key(x) for x in self.q]
        # a pair of concept words that is a known compound ("zero draft";
        # "co-facilitators" only when typed with its hyphen) and the base
        # of its joined form
        self.joined = {}
        for k in range(len(cw) - 1):
            sep = separator(concept[cw[k][2]:cw[k + 1][1]]).strip() or " "
            if r.joins(self.q[k], sep, self.q[k + 1]):
                self.joined[k] = r.form_key(r.fold(self.q[k] + self.q[k + 1]))
        # a concept word that is a joined compound, with its parts
        self.parts = {k: r.parts(x) for k, x in enumerate(self.q) if r.parts(x)}
        # the acronym the concept is (or is the plural of), or whose expansion it is
        self.acronym, self.is_acronym = None, False
        if not exact and len(self.q) == 1:
            q0 = self.q[0][:-2] if self.q[0].endswith("'s") else self.q[0]
            for a in r.t.acronyms:
                if q0 in (ascii_lower(a), ascii_lower(a) + "s"):
                    self.acronym, self.is_acronym = a, True
        if not exact and self.acronym is None:
            for a, exps in r.expansions.items():
                if self.qbase in exps:
                    self.acronym = a

    def _starts(self, t):
        """The words of text t where an occurrence may start (a superset)."""
        if self.exact:
            keys = [("exact", ascii_lower(visible(self.typed[0])))]
        else:
            keys = [("base", self.qbase[0])]
            if 0 in self.joined:
                keys.append(("base", self.joined[0]))
            if 0 in self.parts:
                keys.append(("base", self.r.form_key(self.parts[0][0])))
            if self.acronym is not None:
                keys.append(("acronym", self.acronym))
                if self.is_acronym:
                    keys += [("base", exp[0]) for exp in self.r.expansions[self.acronym]]
        return sorted({i for key in keys for i in t.at.get(key, ())})

    def _form(self, k, t, j):
        """Whether text word j is a form of concept word k: the same base
        form (singular/plural, possessive, spelling, case); with exact,
        the same word whatever its case."""
        if self.exact:
            return ascii_lower(visible(t.words[j])) == ascii_lower(visible(self.typed[k]))
        return t.bases[j] == self.qbase[k]

    def _words_end(self, t, k, j):
        """The largest j2 such that concept words k.. match text words
        j..j2-1 (compounds either way), or None."""
        if k == len(self.q):
            return j
        if j >= len(t.words):
            return None
        ends = []
        if self._form(k, t, j):
            ends.append(self._words_end(t, k + 1, j + 1))
        if not self.exact:
            # concept words apart, text word joined: "zero draft" ~ "zerodraft"
            if k in self.joined and t.bases[j] == self.joined[k]:
                ends.append(self._words_end(t, k + 2, j + 1))
            # concept word joined, text words apart: "cybersecurity" ~ "cyber security"
            if k in self.parts and j + 1 < len(t.words) and t.folded[j] == self.parts[k][0] \
                    and t.bases[j + 1] == self.r.form_key(self.parts[k][1]):
                ends.append(self._words_end(t, k + 1, j + 2))
        ends = [e for e in ends if e is not None]
        return max(ends) if ends else None

    def _acronym_at(self, t, j):
        """Text word j as the acronym in capitals ("SIDS", "LDCs", "ICT's")."""
        return self.acronym is not None and self.r.acronym_written(t.words[j]) == self.acronym

    def _match(self, t, j):
        """(end, via_expansion) of the longest occurrence starting at text
        word j, or (None, False)."""
        r = self.r
        if self.exact:
            # the words as typed; a hyphen between two of them makes a
            # compound, another form
            end = self._words_end(t, 0, j)
            if end is not None and any(t.between(i) == "-" for i in range(j, end - 1)):
                return None, False
            return end, False
        if self.is_acronym:
            # the acronym counts only in capitals; its expansions by their forms
            if self._acronym_at(t, j):
                return j + 1, False
            n = r.expansion_at(t.folded, j, self.acronym)
            return (j + n, True) if n else (None, False)
        end = self._words_end(t, 0, j)
        if end is None and self.acronym is not None and self._acronym_at(t, j):
            return j + 1, False
        return end, end is not None and self.acronym is not None

    def occurrences(self, t):
        """The occurrences in Text t as (start, end) character spans,
        leftmost first, never overlapping."""
        out = []
        nxt = 0
        for j in self._starts(t):
            if j < nxt:
                continue
            end, via_expansion = self._match(t, j)
            if end is None:
                continue
            out.append((t.spans[j][0], t.spans[end - 1][1]))
            # an expansion followed by its own acronym in parentheses
            # ("small island developing States (SIDS)") is one mention
            if via_expansion and end < len(t.words) and self._acronym_at(t, end) \
                    and re.fullmatch(r"\s*\(\s*", t.between(end - 1)) \
                    and re.match(r"\s*\)", t.text[t.spans[end][1]:]):
                end += 1
            nxt = end
        return out

    def run(self, passages):
        """{id: occurrences}, total occurrences, Counter of forms (the
        matched text lowercased, each run of whitespace one space)."""
        per = {}
        forms = Counter()
        for p in passages:
            t = self.r.text(p.text)
            occ = self.occurrences(t)
            if occ:
                per[p.id] = len(occ)
                for s, e in occ:
                    forms[re.sub(r"[ \t\n\r\f\v]+", " ", ascii_lower(visible(p.text[s:e])))] += 1
        return per, sum(per.values()), forms
