/* citations.c - what a passage cites (citations.h).
 *
 * The text is cut into tokens (words, numbers, punctuation; white space of
 * any kind only separates them), then read left to right: a paragraph
 * list ("paragraphs 69 and 71") looks for the text it belongs to after it
 * ("of the Tunis Agenda") or just before it ("Tunis Agenda, paragraph
 * 35"); a name of a text, a resolution or a document symbol is a citation
 * of its own.  All state is local to the call but a table of the names'
 * first words, filled once (cit_starts).
 */
#include "citations.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "utf8.h"

enum { CT_WORD = 1, CT_NUM, CT_PUNCT };

typedef struct {
	size_t        s, e;     /* bytes of the text */
	unsigned char kind;
	char          punct;    /* CT_PUNCT: the character; '-' for any dash */
} cit_tok_t;

typedef struct {
	const char *t;
	cit_tok_t  *tok;
	size_t      n;
	int         fold;   /* names of one word case-blind too (a query) */
} cit_text_t;

/* The known texts: the name each is cited by, then its other names.  Each
 * name is words separated by single spaces; a name of one word matches
 * only as written (acronyms), longer ones case-blind.  A name standing for
 * two texts lists both after a '|'. */
static const char *const cit_known[][6] = {
	{ "Tunis Agenda", "Tunis Agenda for the Information Society", NULL },
	{ "Tunis Commitment", NULL },
	{ "Geneva Declaration of Principles", "Geneva Declaration", NULL },
	{ "Geneva Plan of Action", NULL },
	{ "Geneva Declaration of Principles|Geneva Plan of Action",
	  "Geneva Declaration of Principles and Plan of Action",
	  "Geneva Declaration and Plan of Action", NULL },
	{ "2030 Agenda", "2030 Agenda for Sustainable Development",
	  "Transforming our world: the 2030 Agenda for Sustainable Development", NULL },
	{ "Millennium Declaration", "United Nations Millennium Declaration", NULL },
	{ "Millennium Development Goals", "MDGs", NULL },
	{ "Sustainable Development Goals", "SDGs", NULL },
	{ "Addis Ababa Action Agenda", NULL },
	{ "Connect 2020 Agenda", NULL },
	{ "Universal Declaration of Human Rights", NULL },
	{ "Charter of the United Nations", "United Nations Charter", "UN Charter", NULL },
	{ "WSIS+10 Statement", "WSIS+10 Statement on the Implementation of WSIS Outcomes",
	  NULL },
	{ "WSIS+10 Vision", "WSIS+10 Vision for WSIS Beyond 2015", NULL },
};
#define CIT_NKNOWN (sizeof cit_known / sizeof cit_known[0])

/* Organs whose name may stand before "resolution": read past, never a
 * name of their own. */
static const char *const cit_organs[] = {
	"General Assembly", "Economic and Social Council", "Security Council",
	"Human Rights Council", "Assembly", "Council", NULL
};

/* ---- tokens ------------------------------------------------------------- */

static unsigned char
cit_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The first words of the names cit_name_at() reads (known texts, organs,
 * "resolution"): for each first byte, ASCII lowercase, the lengths of
 * those words as bits, 31 for 31 bytes or more (filled once by
 * cit_starts_init()).  Every token of a passage is asked whether a name
 * begins there; one that begins no such word begins none but a document
 * symbol. */
static uint32_t cit_starts[128];
static pthread_once_t cit_starts_once = PTHREAD_ONCE_INIT;

static unsigned
cit_len_bit(size_t n)
{
	return n < 31 ? (unsigned)n : 31;
}

static void
cit_starts_add(const char *name)
{
	size_t n = strcspn(name, " ");
	unsigned char c = cit_lower((unsigned char)name[0]);

	if (n > 1 && name[n - 1] == ':')   /* "world:" is a word and a ':' */
		n--;
	if (c < 128)
		cit_starts[c] |= 1u << cit_len_bit(n);
}

static void
cit_starts_init(void)
{
	size_t k, v;

	for (k = 0; k < CIT_NKNOWN; k++)
		for (v = 0; v < 6 && cit_known[k][v] != NULL; v++)
			cit_starts_add(cit_known[k][v]);
	for (k = 0; cit_organs[k] != NULL; k++)
		cit_starts_add(cit_organs[k]);
	cit_starts_add("resolution");
	cit_starts_add("resolutions");
}

static int
cit_is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
cit_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Bytes of white space at t[i] (0 when none): ASCII space and control
 * bytes (line breaks, form feeds), U+00A0, U+2028, U+2029. */
static size_t
cit_space(const char *t, size_t len, size_t i)
{
	unsigned char c = (unsigned char)t[i];

	if (c <= ' ' || c == 0x7f)
		return 1;
	if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xA0)
		return 2;
	if (c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0xA8 || (unsigned char)t[i + 2] == 0xA9))
		return 3;
	return 0;
}

/* Bytes of punctuation of U+2000-U+206F at t[i] (dashes, quotes), else 0. */
static size_t
cit_general_punct(const char *t, size_t len, size_t i)
{
	unsigned char c = (unsigned char)t[i];

	if (c == 0xE2 && i + 2 < len && ((unsigned char)t[i + 1] == 0x80 ||
	    (unsigned char)t[i + 1] == 0x81))
		return 3;
	return 0;
}

/* Whether t[i] is a byte of a word: an ASCII letter or digit, or a
 * non-ASCII byte that is neither white space nor general punctuation. */
static int
cit_word_byte(const char *t, size_t len, size_t i)
{
	unsigned char c = (unsigned char)t[i];

	if (cit_is_alnum(c))
		return 1;
	return c >= 0x80 && cit_space(t, len, i) == 0 && cit_general_punct(t, len, i) == 0;
}

/* Cuts t[0..len) into tokens; *out (malloc'ed) gets them.  A word holds
 * letters and digits, and inside it '/', '.' and '+' before a word byte
 * ("A/70/L.33", "WSIS+10"), and '-' or an apostrophe between letters
 * ("Co-operation"). */
static int
cit_tokenize(const char *t, size_t len, cit_text_t *x)
{
	size_t i = 0, cap = 0, k;
	cit_tok_t *tok = NULL;

	x->t = t;
	x->n = 0;
	x->tok = NULL;
	x->fold = 0;
	while (i < len) {
		if ((k = cit_space(t, len, i)) != 0) {
			i += k;
			continue;
		}
		if (x->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			cit_tok_t *nt = realloc(tok, ncap * sizeof *nt);

			if (nt == NULL) {
				free(tok);
				return -1;
			}
			tok = nt;
			cap = ncap;
		}
		cit_tok_t *o = &tok[x->n++];
		o->s = i;
		o->punct = 0;
		if (cit_word_byte(t, len, i)) {
			int digits = 1;

			while (i < len) {
				unsigned char c = (unsigned char)t[i];

				if (cit_word_byte(t, len, i)) {
					if (!(c >= '0' && c <= '9'))
						digits = 0;
					i++;
				} else if ((c == '/' || c == '.' || c == '+') && i + 1 < len &&
				    cit_word_byte(t, len, i + 1)) {
					digits = 0;
					i++;
				} else if ((c == '-' || c == '\'') && i > o->s && i + 1 < len &&
				    cit_is_letter((unsigned char)t[i - 1]) &&
				    cit_is_letter((unsigned char)t[i + 1])) {
					digits = 0;
					i++;
				} else {
					break;
				}
			}
			o->kind = digits ? CT_NUM : CT_WORD;
		} else if ((k = cit_general_punct(t, len, i)) != 0) {
			unsigned char c = (unsigned char)t[i + 2];

			o->kind = CT_PUNCT;
			/* U+2010-U+2015: hyphens and dashes */
			o->punct = (unsigned char)t[i + 1] == 0x80 && c >= 0x90 && c <= 0x95 ?
			    '-' : '?';
			i += k;
		} else {
			o->kind = CT_PUNCT;
			o->punct = t[i];
			i++;
		}
		o->e = i;
	}
	x->tok = tok;
	return 0;
}

/* Whether token i is a word or number beginning with the byte c, ASCII
 * case-blind: every token is asked whether it begins a name, and this one
 * compare turns most away. */
static int
cit_begins(const cit_text_t *x, size_t i, char c)
{
	return i < x->n && x->tok[i].kind != CT_PUNCT &&
	    cit_lower((unsigned char)x->t[x->tok[i].s]) == cit_lower((unsigned char)c);
}

/* Whether token i is the word w (case-blind when fold). */
static int
cit_is(const cit_text_t *x, size_t i, const char *w, int fold)
{
	size_t n;

	if (!cit_begins(x, i, w[0]))
		return 0;
	n = strlen(w);
	if (x->tok[i].e - x->tok[i].s != n)
		return 0;
	return fold ? strncasecmp(x->t + x->tok[i].s, w, n) == 0 :
	    memcmp(x->t + x->tok[i].s, w, n) == 0;
}

static int
cit_is_punct(const cit_text_t *x, size_t i, char p)
{
	return i < x->n && x->tok[i].kind == CT_PUNCT && x->tok[i].punct == p;
}

/* Matches the words of `name` at token i: the number of tokens, or 0.  A
 * ':' in the name matches a ':' token. */
static size_t
cit_match_name(const cit_text_t *x, size_t i, const char *name)
{
	size_t k = i, fold;
	const char *w = name;

	if (!cit_begins(x, i, name[0]))
		return 0;
	fold = x->fold || strchr(name, ' ') != NULL;
	while (*w != '\0') {
		const char *end = strchr(w, ' ');
		size_t wl = end ? (size_t)(end - w) : strlen(w);
		char word[64];

		if (wl >= sizeof word)
			return 0;
		if (wl > 1 && w[wl - 1] == ':') {
			memcpy(word, w, wl - 1);
			word[wl - 1] = '\0';
			if (!cit_is(x, k, word, 1) || !cit_is_punct(x, k + 1, ':'))
				return 0;
			k += 2;
		} else {
			memcpy(word, w, wl);
			word[wl] = '\0';
			if (!cit_is(x, k, word, (int)fold))
				return 0;
			k++;
		}
		w += wl;
		while (*w == ' ')
			w++;
	}
	return k - i;
}

/* ---- names ------------------------------------------------------------- */

#define CIT_NAMES_MAX 8

/* The names found at one place. */
typedef struct {
	size_t n;
	char   name[CIT_NAMES_MAX][WSIS_CITATION_NAME_MAX + 1];
} cit_names_t;

static void
cit_names_add(cit_names_t *nm, const char *s, size_t len)
{
	if (nm->n == CIT_NAMES_MAX)
		return;
	if (len > WSIS_CITATION_NAME_MAX)
		len = WSIS_CITATION_NAME_MAX;
	memcpy(nm->name[nm->n], s, len);
	nm->name[nm->n][len] = '\0';
	nm->n++;
}

/* Whether token i is a resolution's number: 68/302, 2006/46. */
static int
cit_is_resno(const cit_text_t *x, size_t i)
{
	const char *s;
	size_t n, k, a = 0, b = 0;

	if (i >= x->n || x->tok[i].kind != CT_WORD)
		return 0;
	s = x->t + x->tok[i].s;
	n = x->tok[i].e - x->tok[i].s;
	for (k = 0; k < n && s[k] >= '0' && s[k] <= '9'; k++)
		a++;
	if (k == n || s[k] != '/')
		return 0;
	for (k++; k < n && s[k] >= '0' && s[k] <= '9'; k++)
		b++;
	return k == n && a >= 1 && a <= 4 && b >= 1 && b <= 5;
}

/* Whether token i is a United Nations document symbol: an organ's capitals
 * (A, E, S, A/HRC, ...), then parts after '/', one holding a digit:
 * A/66/77, E/2009/92, A/70/L.33, A/RES/70/125, E/CN.16/2015/2. */
static int
cit_is_symbol(const cit_text_t *x, size_t i)
{
	const char *s;
	size_t n, k, parts = 1, caps = 0;
	int digit = 0;

	if (i >= x->n || x->tok[i].kind != CT_WORD)
		return 0;
	s = x->t + x->tok[i].s;
	n = x->tok[i].e - x->tok[i].s;
	for (k = 0; k < n && s[k] >= 'A' && s[k] <= 'Z'; k++)
		caps++;
	if (caps == 0 || caps > 6 || k == n || s[k] != '/')
		return 0;
	for (; k < n; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c == '/')
			parts++;
		else if (c >= '0' && c <= '9')
			digit = 1;
		else if (!cit_is_alnum(c) && c != '.')
			return 0;
	}
	return parts >= 3 && digit;
}

/* A symbol's name: A/RES/70/125 is "resolution 70/125", another symbol
 * itself. */
static void
cit_symbol_name(const cit_text_t *x, size_t i, cit_names_t *nm)
{
	const char *s = x->t + x->tok[i].s;
	size_t n = x->tok[i].e - x->tok[i].s;
	char buf[WSIS_CITATION_NAME_MAX + 1];
	int k;

	if (n > 6 && memcmp(s, "A/RES/", 6) == 0) {
		size_t slashes = 0, j;

		for (j = 6; j < n; j++)
			slashes += s[j] == '/';
		if (slashes == 1) {
			k = snprintf(buf, sizeof buf, "resolution %.*s", (int)(n - 6), s + 6);
			cit_names_add(nm, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
			return;
		}
	}
	cit_names_add(nm, s, n);
}

/* The name of the known text at token i, the longest one that matches:
 * its length in tokens (0 for none); its names into nm. */
static size_t
cit_known_at(const cit_text_t *x, size_t i, cit_names_t *nm)
{
	size_t best = 0, bi = 0, k, v, m;

	for (k = 0; k < CIT_NKNOWN; k++)
		for (v = 0; v < 6 && cit_known[k][v] != NULL; v++) {
			const char *name = cit_known[k][v];

			/* a two-text entry's first string is its names, not a name */
			if (!cit_begins(x, i, name[0]) || (v == 0 && strchr(name, '|') != NULL))
				continue;
			m = cit_match_name(x, i, name);
			if (m > best) {
				best = m;
				bi = k;
			}
		}
	if (best > 0) {
		const char *c = cit_known[bi][0], *bar;

		while ((bar = strchr(c, '|')) != NULL) {
			cit_names_add(nm, c, (size_t)(bar - c));
			c = bar + 1;
		}
		cit_names_add(nm, c, strlen(c));
	}
	return best;
}

/* The names at token i: a known text, a resolution (its organ read past),
 * or a document symbol.  Returns the tokens read, 0 for none. */
static size_t
cit_name_at(const cit_text_t *x, size_t i, cit_names_t *nm)
{
	size_t k = i, m, o;
	unsigned char c;

	nm->n = 0;
	if (i >= x->n || x->tok[i].kind == CT_PUNCT)
		return 0;
	pthread_once(&cit_starts_once, cit_starts_init);
	c = cit_lower((unsigned char)x->t[x->tok[i].s]);
	if (!(c < 128 && (cit_starts[c] >> cit_len_bit(x->tok[i].e - x->tok[i].s) & 1)) &&
	    !cit_is_symbol(x, i))
		return 0;
	if ((m = cit_known_at(x, i, nm)) > 0)
		return m;
	for (o = 0; cit_organs[o] != NULL; o++)
		if ((m = cit_match_name(x, k, cit_organs[o])) > 0 &&
		    (cit_is(x, k + m, "resolution", 1) || cit_is(x, k + m, "resolutions", 1))) {
			k += m;
			break;
		}
	if (cit_is(x, k, "resolution", 1) || cit_is(x, k, "resolutions", 1)) {
		size_t j = k + 1;

		/* resolutions 68/302 and 70/125; resolution A/RES/70/125 */
		while (cit_is_resno(x, j) || cit_is_symbol(x, j)) {
			if (cit_is_resno(x, j)) {
				char buf[64];
				int len = snprintf(buf, sizeof buf, "resolution %.*s",
				    (int)(x->tok[j].e - x->tok[j].s), x->t + x->tok[j].s);
				cit_names_add(nm, buf, (size_t)len);
			} else {
				cit_symbol_name(x, j, nm);
			}
			j++;
			if ((cit_is_punct(x, j, ',') || cit_is(x, j, "and", 0)) &&
			    (cit_is_resno(x, j + 1) || cit_is_symbol(x, j + 1)))
				j++;
			else if (cit_is_punct(x, j, ',') && cit_is(x, j + 1, "and", 0) &&
			    (cit_is_resno(x, j + 2) || cit_is_symbol(x, j + 2)))
				j += 2;
		}
		return nm->n > 0 ? j - i : 0;
	}
	if (cit_is_symbol(x, i)) {
		cit_symbol_name(x, i, nm);
		return 1;
	}
	return 0;
}

/* A word that may join the capitalised words of an unknown name. */
static int
cit_is_connector(const cit_text_t *x, size_t i)
{
	return cit_is(x, i, "of", 0) || cit_is(x, i, "for", 0) || cit_is(x, i, "on", 0) ||
	    cit_is(x, i, "in", 0) || cit_is(x, i, "and", 0) || cit_is(x, i, "to", 0);
}

static int
cit_is_capitalised(const cit_text_t *x, size_t i)
{
	unsigned char c;

	if (i >= x->n || x->tok[i].kind == CT_PUNCT)
		return 0;
	c = (unsigned char)x->t[x->tok[i].s];
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* An unknown text's name at token i, after "paragraph N of (the)": a run
 * of capitalised words (the first a word, not a number), joined by
 * "of", "for", "on", "in", "to" (each possibly followed by "the") or
 * "and", never ending with one.  Not an organ's name alone.  Returns the
 * tokens read, 0 for none; the name in nm. */
static size_t
cit_unknown_at(const cit_text_t *x, size_t i, cit_names_t *nm)
{
	size_t k = i, end = i, o;
	char buf[WSIS_CITATION_NAME_MAX + 1];
	size_t len = 0;

	nm->n = 0;
	if (!cit_is_capitalised(x, i) || x->tok[i].kind == CT_NUM)
		return 0;
	while (k < x->n && k - i < 16) {
		if (cit_is_capitalised(x, k)) {
			end = ++k;
			continue;
		}
		if (cit_is_connector(x, k)) {
			size_t j = k + 1;

			if (!cit_is(x, k, "and", 0) && cit_is(x, j, "the", 0))
				j++;
			if (cit_is_capitalised(x, j)) {
				k = j;
				continue;
			}
		}
		break;
	}
	for (o = 0; cit_organs[o] != NULL; o++)
		if (cit_match_name(x, i, cit_organs[o]) == end - i)
			return 0;
	for (k = i; k < end; k++) {
		size_t wl = x->tok[k].e - x->tok[k].s;

		if (len + (len > 0) + wl > WSIS_CITATION_NAME_MAX)
			break;
		if (len > 0)
			buf[len++] = ' ';
		memcpy(buf + len, x->t + x->tok[k].s, wl);
		len += wl;
	}
	cit_names_add(nm, buf, len);
	return end - i;
}

/* ---- paragraph lists ------------------------------------------------------ */

typedef struct {
	unsigned v[WSIS_CITATION_PARAS_MAX];
	size_t   n;
} cit_paras_t;

static int
cit_is_para_word(const cit_text_t *x, size_t i)
{
	return cit_is(x, i, "paragraph", 1) || cit_is(x, i, "paragraphs", 1) ||
	    cit_is(x, i, "para", 1) || cit_is(x, i, "paras", 1);
}

/* A paragraph number at token i: 1 to 9999, else 0. */
static unsigned
cit_number(const cit_text_t *x, size_t i)
{
	size_t k, n;
	unsigned v = 0;

	if (i >= x->n || x->tok[i].kind != CT_NUM)
		return 0;
	n = x->tok[i].e - x->tok[i].s;
	if (n > 4)
		return 0;
	for (k = 0; k < n; k++)
		v = v * 10 + (unsigned)(x->t[x->tok[i].s + k] - '0');
	return v;
}

static void
cit_paras_add(cit_paras_t *p, unsigned v)
{
	if (p->n < WSIS_CITATION_PARAS_MAX)
		p->v[p->n++] = v;
}

/* Reads past a subparagraph's letter: "4 (a)", "4(b)". */
static size_t
cit_skip_sub(const cit_text_t *x, size_t i)
{
	while (cit_is_punct(x, i, '(') && i + 2 < x->n && x->tok[i + 1].kind != CT_PUNCT &&
	    x->tok[i + 1].e - x->tok[i + 1].s <= 4 && cit_is_punct(x, i + 2, ')'))
		i += 3;
	return i;
}

/* The paragraph list starting at token i (a number): "69 and 71", "4, 5
 * and 9", "23 to 27", "23-27".  Returns the token after it. */
static size_t
cit_para_list(const cit_text_t *x, size_t i, cit_paras_t *p)
{
	unsigned a, b;

	p->n = 0;
	for (;;) {
		a = cit_number(x, i);
		i = cit_skip_sub(x, i + 1);
		if ((cit_is(x, i, "to", 1) || cit_is(x, i, "through", 1) ||
		    cit_is_punct(x, i, '-')) && (b = cit_number(x, i + 1)) != 0 && b >= a &&
		    b - a < WSIS_CITATION_PARAS_MAX) {
			for (unsigned v = a; v <= b; v++)
				cit_paras_add(p, v);
			i = cit_skip_sub(x, i + 2);
		} else {
			cit_paras_add(p, a);
		}
		if (cit_is_punct(x, i, ',') && cit_number(x, i + 1))
			i += 1;
		else if (cit_is_punct(x, i, ',') && cit_is(x, i + 1, "and", 1) &&
		    cit_number(x, i + 2))
			i += 2;
		else if ((cit_is(x, i, "and", 1) || cit_is(x, i, "or", 1)) && cit_number(x, i + 1))
			i += 1;
		else
			return i;
	}
}

/* ---- the list ----------------------------------------------------------- */

static int
cit_cmp_uint(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

int
wsis_citations_add(wsis_citations_t *c, const char *name, size_t namelen,
    const unsigned *paras, size_t n)
{
	wsis_citation_t *e = NULL;
	size_t i, k, m;

	/* a name is valid UTF-8, so that it is stored and read back as it is
	 * (the indexer's input is repaired before; a name cut inside a
	 * character is not one) */
	if (namelen == 0 || wsis_utf8_valid_prefix(name, namelen) != namelen ||
	    memchr(name, '\0', namelen) != NULL)
		return 0;
	for (i = 0; i < c->n; i++)
		if (strlen(c->items[i].text) == namelen &&
		    memcmp(c->items[i].text, name, namelen) == 0) {
			e = &c->items[i];
			break;
		}
	if (e == NULL) {
		if (c->n == WSIS_CITATIONS_MAX)
			return 0;
		if (c->n == c->cap) {
			size_t ncap = c->cap ? c->cap * 2 : 4;
			wsis_citation_t *ni = realloc(c->items, ncap * sizeof *ni);

			if (ni == NULL)
				return -1;
			c->items = ni;
			c->cap = ncap;
		}
		e = &c->items[c->n];
		memset(e, 0, sizeof *e);
		if ((e->text = strndup(name, namelen)) == NULL)
			return -1;
		c->n++;
	}
	if (n == 0)
		return 0;
	{
		unsigned *np = realloc(e->paras, (e->nparas + n) * sizeof *np);

		if (np == NULL)
			return -1;
		e->paras = np;
	}
	if (n > 0)   /* memcpy's and qsort's pointers may not be NULL */
		memcpy(e->paras + e->nparas, paras, n * sizeof *paras);
	m = e->nparas + n;
	if (m > 1)
		qsort(e->paras, m, sizeof *e->paras, cit_cmp_uint);
	for (i = k = 0; i < m; i++)
		if (k == 0 || e->paras[k - 1] != e->paras[i])
			e->paras[k++] = e->paras[i];
	e->nparas = k > WSIS_CITATION_PARAS_MAX ? WSIS_CITATION_PARAS_MAX : k;
	return 0;
}

void
wsis_citations_free(wsis_citations_t *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->items[i].text);
		free(c->items[i].paras);
	}
	free(c->items);
	c->items = NULL;
	c->n = c->cap = 0;
}

static int
cit_add_names(wsis_citations_t *c, const cit_names_t *nm, const cit_paras_t *p)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (wsis_citations_add(c, nm->name[i], strlen(nm->name[i]),
		    p ? p->v : NULL, p ? p->n : 0) != 0)
			return -1;
	return 0;
}

int
wsis_citations_extract(const char *text, size_t len, wsis_citations_t *out)
{
	cit_text_t x;
	/* on the stack (7 KB): a heap block this size, asked for every
	 * passage, makes malloc consolidate its free lists each time */
	cit_names_t nmb, lastb, *nm = &nmb, *last = &lastb;
	cit_paras_t pb, *p = &pb;
	size_t i = 0, m, last_end = (size_t)-1;
	int rc = 0;

	if (cit_tokenize(text, len, &x) != 0)
		return -1;
	last->n = 0;
	while (i < x.n && rc == 0) {
		if (cit_is_para_word(&x, i)) {
			size_t k = i + 1, j;

			if (cit_is_punct(&x, k, '.'))   /* "para. 5" */
				k++;
			if (cit_number(&x, k) == 0) {
				i++;
				continue;
			}
			j = cit_para_list(&x, k, p);
			if (cit_is(&x, j, "of", 1)) {
				size_t s = j + 1;

				if (cit_is(&x, s, "the", 1) || cit_is(&x, s, "its", 1))
					s++;
				if ((m = cit_name_at(&x, s, nm)) == 0)
					m = cit_unknown_at(&x, s, nm);
				if (m > 0) {
					rc = cit_add_names(out, nm, p);
					*last = *nm;
					last_end = s + m;
					i = s + m;
					continue;
				}
			}
			/* "X, paragraph N": X ends just before the comma */
			if (i > 0 && cit_is_punct(&x, i - 1, ',') && last_end == i - 1 &&
			    last->n > 0) {
				cit_names_t one;

				one.n = 0;
				cit_names_add(&one, last->name[last->n - 1],
				    strlen(last->name[last->n - 1]));
				rc = cit_add_names(out, &one, p);
			}
			i = j;
			continue;
		}
		if ((m = cit_name_at(&x, i, nm)) > 0) {
			rc = cit_add_names(out, nm, NULL);
			*last = *nm;
			last_end = i + m;
			i += m;
			continue;
		}
		i++;
	}
	free(x.tok);
	return rc;
}

/* ---- JSON ----------------------------------------------------------------- */

void
wsis_citations_put(wsis_sprinter_t *sp, const wsis_citations_t *c)
{
	size_t i, k;

	wsis_sp_begin_list(sp);
	for (i = 0; i < c->n; i++) {
		wsis_sp_begin_map(sp);
		wsis_sp_map_key(sp, "text");
		wsis_sp_string(sp, c->items[i].text);
		wsis_sp_map_key(sp, "paras");
		wsis_sp_begin_list(sp);
		for (k = 0; k < c->items[i].nparas; k++)
			wsis_sp_uint(sp, c->items[i].paras[k]);
		wsis_sp_end(sp);
		wsis_sp_end(sp);
	}
	wsis_sp_end(sp);
}

int
wsis_citations_from_json(const char *s, size_t len, wsis_citations_t *out)
{
	wsis_json_t *root = NULL;
	size_t i, k, n;
	int rc = -1;

	wsis_citations_free(out);
	if (wsis_json_parse(s, len, &root, NULL, 0) != 0)
		return -1;
	if (wsis_json_type(root) != WSIS_JSON_ARRAY)
		goto out;
	for (i = 0; i < wsis_json_array_len(root); i++) {
		const wsis_json_t *e = wsis_json_array_at(root, i);
		const wsis_json_t *ps = wsis_json_get(e, "paras");
		const char *t = wsis_json_string(wsis_json_get(e, "text"), &n);
		unsigned v[64];
		size_t nv = 0;

		if (t == NULL)
			goto out;
		if (wsis_citations_add(out, t, n, NULL, 0) != 0)
			goto out;
		for (k = 0; k < wsis_json_array_len(ps); k++) {
			double d = wsis_json_number(wsis_json_array_at(ps, k));

			if (!(d >= 1 && d <= 9999))
				goto out;
			v[nv++] = (unsigned)d;
			if (nv == sizeof v / sizeof v[0] || k + 1 == wsis_json_array_len(ps)) {
				if (wsis_citations_add(out, t, n, v, nv) != 0)
					goto out;
				nv = 0;
			}
		}
	}
	rc = 0;
out:
	if (rc != 0)
		wsis_citations_free(out);
	wsis_json_free(root);
	return rc;
}

/* ---- keys and the query's value ------------------------------------------- */

int
wsis_citations_key(const char *name, wsis_buf_t *key)
{
	int rc = 0;

	for (; *name != '\0' && rc == 0; name++) {
		char c = *name;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == ' ')
			c = '_';
		rc = wsis_buf_putc(key, c);
	}
	return rc;
}

int
wsis_citations_name(const char *v, size_t n, wsis_buf_t *name)
{
	cit_text_t x;
	cit_names_t nm;
	size_t m, i;
	int rc = 0;

	if (cit_tokenize(v, n, &x) != 0)
		return -1;
	x.fold = 1;
	if (x.n == 0) {
		rc = 1;
		goto out;
	}
	m = cit_name_at(&x, 0, &nm);
	if (m == x.n && nm.n == 1) {
		rc = wsis_buf_puts(name, nm.name[0]);
	} else if (x.n == 1 && cit_is_resno(&x, 0)) {
		rc = wsis_buf_puts(name, "resolution ") |
		    wsis_buf_append(name, v + x.tok[0].s, x.tok[0].e - x.tok[0].s);
	} else {
		/* a text the table does not know: its words as typed */
		for (i = 0; i < x.n && rc == 0; i++) {
			if (x.tok[i].kind == CT_PUNCT && x.tok[i].punct != ':') {
				rc = 1;
				break;
			}
			if (i > 0 && x.tok[i].kind != CT_PUNCT)
				rc = wsis_buf_putc(name, ' ');
			if (rc == 0)
				rc = wsis_buf_append(name, v + x.tok[i].s, x.tok[i].e - x.tok[i].s);
		}
		if (rc == 0 && name->len > WSIS_CITATION_NAME_MAX)
			rc = 1;
	}
out:
	free(x.tok);
	return rc;
}

int
wsis_citations_query(const char *v, size_t n, wsis_buf_t *term, char *err, size_t errlen)
{
	const char *s = v;
	size_t len = n, k, namelen;
	cit_text_t x;
	unsigned para = 0;
	wsis_buf_t name = WSIS_BUF_INIT;
	int rc;

	if (len > 0 && s[0] == '"') {
		if (len < 2 || s[len - 1] != '"') {
			snprintf(err, errlen, "cites: the quote of '%.*s' is not closed",
			    n > 60 ? 60 : (int)n, v);
			return 1;
		}
		s++;
		len -= 2;
	}
	if (cit_tokenize(s, len, &x) != 0)
		return -1;
	/* NAME[,] paragraph N */
	namelen = len;
	for (k = 0; k < x.n; k++)
		if (cit_is_para_word(&x, k)) {
			size_t j = k + 1;

			if (cit_is_punct(&x, j, '.'))
				j++;
			if ((para = cit_number(&x, j)) == 0 || j + 1 != x.n) {
				snprintf(err, errlen, "cites: '%.*s' is not a text and a paragraph "
				    "number (cites:\"Tunis Agenda, paragraph 35\")",
				    n > 60 ? 60 : (int)n, v);
				free(x.tok);
				return 1;
			}
			namelen = x.tok[k].s;
			if (k > 0 && cit_is_punct(&x, k - 1, ','))
				namelen = x.tok[k - 1].s;
			break;
		}
	free(x.tok);
	rc = wsis_citations_name(s, namelen, &name);
	if (rc == 1)
		snprintf(err, errlen, "cites: '%.*s' is not the name of a text (cites:\"Tunis "
		    "Agenda\", cites:68/302, cites:\"Tunis Agenda, paragraph 35\")",
		    n > 60 ? 60 : (int)n, v);
	if (rc == 0)
		rc = wsis_citations_key(name.data, term);
	if (rc == 0 && para > 0) {
		char num[16];

		snprintf(num, sizeof num, "#%u", para);
		rc = wsis_buf_puts(term, num);
	}
	wsis_buf_free(&name);
	return rc;
}
