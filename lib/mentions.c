/* mentions.c - concepts matched by word forms, never stems (mentions.h). */
#include "mentions.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "json.h"
#include "normalize.h"
#include "swar.h"
#include "wordmap.h"
#include "words.h"
#include "wsis-xapian.h"

#define KEY_MAX      72
#define ACR_MAX      12
#define PHRASE_WORDS 32
#define MAX_ALTS     8
#define MAX_NODES    64
#define MENTIONS_COLON_SLOTS 64

typedef struct {
	char key[KEY_MAX];     /* base form (exact: the word lowercased) */
	char joined[KEY_MAX];  /* base form of this word joined to the next
	                          when the two are a known compound, or "" */
	char prefix[KEY_MAX];  /* lowercase prefix of a wildcard word */
	char acr[ACR_MAX];     /* an acronym: matches only itself in capitals */
	int  wild;
} pword_t;

typedef struct {
	pword_t words[PHRASE_WORDS];
	size_t  n;
	int     unplaced;   /* a word the positions cannot place
	                       (mentions_window_setup) */
} phrase_t;

typedef enum { NODE_CONCEPT, NODE_AND, NODE_OR, NODE_NOT } node_kind_t;

typedef struct {
	node_kind_t kind;
	int         a, b;              /* children (AND, OR: a and b; NOT: a) */
	phrase_t   *alts;              /* CONCEPT: the phrase and its variants */
	size_t      nalts;
	char        acr[ACR_MAX];      /* the acronym whose "(ACR)" right after one
	                                  of its expansions is no second mention */
	int         positive;          /* not under a NOT */
	size_t      count;             /* occurrences in the current passage */
} node_t;

struct wsis_mentions {
	node_t     nodes[MAX_NODES];
	int        nnodes, root;
	int        exact;
	size_t     span;            /* the most words an occurrence covers, with
	                               its own acronym after it */
	int        windowed;        /* positions can place every occurrence
	                               (wsis_mentions_match_hit) */
	unsigned long scanned[2];   /* passages scanned whole, in windows */
	size_t    *marks, capmarks; /* a long passage's word table, decoded */
	size_t    *devs, ndevs, capdevs;   /* mentions_deviations() */
	struct colon {              /* mentions_colon_word()'s answers */
		char          w[23];
		unsigned char n, changed;
	} colon[MENTIONS_COLON_SLOTS];
	struct anchor *anchors;     /* mentions_anchors() */
	size_t     nanchors, capanchors;
	wsis_buf_t fold;            /* mentions_fold()'s scratch */
	struct cached *cache;       /* this thread's base forms (mentions_cache) */
	/* words of the current passage */
	struct tok {
		size_t s, e;
		char   low[KEY_MAX], key[KEY_MAX], joined[KEY_MAX];
	} *toks;
	size_t ntoks, captoks;
};

static int mentions_placeable(const char *w, size_t n);

/* ---- word forms ---- */

/* Irregular singulars and plurals (R3 of issue 21). */
static const char *const mentions_irregular[][2] = {
	{ "woman", "women" }, { "man", "men" }, { "child", "children" },
	{ "foot", "feet" }, { "tooth", "teeth" }, { "mouse", "mice" },
	{ "goose", "geese" }, { "criterion", "criteria" },
	{ "phenomenon", "phenomena" }, { "analysis", "analyses" },
	{ "crisis", "crises" }, { "basis", "bases" }, { "thesis", "theses" },
	{ "life", "lives" }, { "wife", "wives" }, { "knife", "knives" },
	{ "leaf", "leaves" }, { "half", "halves" }, { "self", "selves" },
};
#define NIRREGULAR (sizeof mentions_irregular / sizeof mentions_irregular[0])

static int
mentions_ends(const char *w, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/* Makes the lowercase word w[0..n) (room for KEY_MAX bytes) its singular,
 * in place; returns its length.  Two words are forms of each other when
 * their bases are equal. */
static size_t
mentions_base(char *w, size_t n)
{
	size_t i;

	for (i = 0; i < NIRREGULAR; i++)
		if (strlen(mentions_irregular[i][1]) == n &&
		    memcmp(w, mentions_irregular[i][1], n) == 0) {
			n = strlen(mentions_irregular[i][0]);
			memcpy(w, mentions_irregular[i][0], n);
			return n;
		}
	if (n > 4 && mentions_ends(w, n, "ies")) {
		w[n - 3] = 'y';
		return n - 2;
	}
	if (mentions_ends(w, n, "sses") || mentions_ends(w, n, "shes") ||
	    mentions_ends(w, n, "ches") || mentions_ends(w, n, "xes") ||
	    mentions_ends(w, n, "zes"))
		return n - 2;
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
		return n - 1;
	return n;
}

/* The base form of the lowercase word low[0..n) into key (KEY_MAX bytes):
 * a possessive "'s" dropped, the spelling made American, the plural made
 * singular.  Returns 0 or -1 (out of memory). */
static int
mentions_fold(wsis_mentions_t *m, const char *low, size_t n, char *key)
{
	if (n > 2 && low[n - 2] == '\'' && low[n - 1] == 's')
		n -= 2;
	else if (n > 4 && memcmp(low + n - 4, "\xe2\x80\x99s", 4) == 0)
		n -= 4;
	wsis_buf_reset(&m->fold);
	if (wsis_normalize_word(low, n, &m->fold) != 0)
		return -1;
	n = m->fold.len < KEY_MAX ? m->fold.len : KEY_MAX - 1;
	if (n > 0)
		memcpy(key, m->fold.data, n);
	n = mentions_base(key, n);
	key[n] = '\0';
	return 0;
}

/* w[0..n) lowercased (ASCII) into low (KEY_MAX bytes, cut there), without
 * the invisible characters a word ignores (words.h: "wo\u00ADmen" is
 * "women"); returns its length. */
static size_t
mentions_lower(const char *w, size_t n, char *low)
{
	size_t i, k = 0, ign;

	for (i = 0; i < n && k < KEY_MAX - 1; i++) {
		if ((unsigned char)w[i] >= 0xC2 && (ign = wsis_word_ignored(w + i, n - i)) > 0) {
			i += ign - 1;
			continue;
		}
		low[k++] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
	}
	low[k] = '\0';
	return k;
}

/* Whether text[s..e) is the acronym `acr` as written: in capitals, with a
 * plural 's' or a possessive allowed ("LDCs", "ICT's"). */
static int
mentions_is_acronym(const char *text, size_t s, size_t e, const char *acr)
{
	size_t n = e - s, k = strlen(acr), i, ign;
	char w[KEY_MAX];

	/* the word without the invisible characters it ignores */
	if (memchr(text + s, 0xC2, n) != NULL || memchr(text + s, 0xE2, n) != NULL ||
	    memchr(text + s, 0xEF, n) != NULL) {
		for (i = s, n = 0; i < e && n < sizeof w; i++) {
			if ((ign = wsis_word_ignored(text + i, e - i)) > 0)
				i += ign - 1;
			else
				w[n++] = text[i];
		}
		if (n == sizeof w)
			return 0;
		text = w;
		s = 0;
		e = n;
	}
	if (n > 2 && text[e - 2] == '\'' && text[e - 1] == 's')
		n -= 2;
	else if (n > 4 && memcmp(text + e - 4, "\xe2\x80\x99s", 4) == 0)
		n -= 4;
	return (n == k || (n == k + 1 && text[s + k] == 's')) && memcmp(text + s, acr, k) == 0;
}

/* ---- the query ---- */

typedef struct {
	const char *s;
	size_t      len, pos;
	wsis_mentions_t *m;
	wsis_buf_t *cand, *filters;
	char       *err;
	size_t      errlen;
	int         failed;
} parser_t;

static int
mentions_fail(parser_t *p, const char *msg)
{
	if (!p->failed)
		snprintf(p->err, p->errlen, "%s (at byte %zu)", msg, p->pos);
	p->failed = 1;
	return -1;
}

static void
mentions_skip_ws(parser_t *p)
{
	while (p->pos < p->len && isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

/* Whether the text at pos is the operator `op` standing alone. */
static int
mentions_at_op(parser_t *p, const char *op)
{
	size_t n = strlen(op);

	return p->pos + n <= p->len && memcmp(p->s + p->pos, op, n) == 0 &&
	    (p->pos + n == p->len || isspace((unsigned char)p->s[p->pos + n]) ||
	    p->s[p->pos + n] == '(' || p->s[p->pos + n] == ')' || p->s[p->pos + n] == '"');
}

static int
mentions_new_node(parser_t *p, node_kind_t kind, int a, int b)
{
	node_t *n;

	if (p->m->nnodes == MAX_NODES)
		return mentions_fail(p, "query too complex");
	n = &p->m->nodes[p->m->nnodes];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->a = a;
	n->b = b;
	return p->m->nnodes++;
}

/* Appends " OR w" (or "w" first) to the candidates.  A word without an
 * ASCII letter or digit is quoted: Xapian's parser reads a symbol ("→")
 * as no term at all, and "a OR" is a syntax error where "a OR \"→\"" is
 * a; a quoted word finds the passages its unquoted form finds. */
static int
mentions_cand(parser_t *p, const char *w, size_t n)
{
	size_t i;
	int quote = 1;

	if (n == 0)
		return 0;
	for (i = 0; i < n && quote; i++)
		quote = !isalnum((unsigned char)w[i]);
	if ((p->cand->len > 0 && wsis_buf_puts(p->cand, " OR ") != 0) ||
	    (quote && wsis_buf_putc(p->cand, '"') != 0) ||
	    wsis_buf_append(p->cand, w, n) != 0 ||
	    (quote && wsis_buf_putc(p->cand, '"') != 0))
		return mentions_fail(p, "out of memory");
	return 0;
}

/* Appends to the candidates every word whose base is `base`: the base, its
 * regular plurals and its irregular plural.  The index finds words by
 * stem, and two forms need not share one ("woman", "women"). */
static int
mentions_cand_forms(parser_t *p, const char *base)
{
	char w[KEY_MAX + 4], b[KEY_MAX];
	size_t n = strlen(base), i;
	static const char *const ends[] = { "s", "es" };

	if (mentions_cand(p, base, n) != 0)
		return -1;
	for (i = 0; i < 2 && n + 2 < KEY_MAX; i++) {
		size_t k;
		snprintf(w, sizeof w, "%s%s", base, ends[i]);
		memcpy(b, w, strlen(w) + 1);
		k = mentions_base(b, strlen(b));
		if (k == n && memcmp(b, base, n) == 0 && mentions_cand(p, w, strlen(w)) != 0)
			return -1;
	}
	if (n > 2 && base[n - 1] == 'y') {
		snprintf(w, sizeof w, "%.*sies", (int)(n - 1), base);
		if (strlen(w) > 4 && mentions_cand(p, w, strlen(w)) != 0)
			return -1;
	}
	for (i = 0; i < NIRREGULAR; i++)
		if (strcmp(base, mentions_irregular[i][0]) == 0 &&
		    mentions_cand(p, mentions_irregular[i][1], strlen(mentions_irregular[i][1])) != 0)
			return -1;
	return 0;
}

/* Splits phrase text t[0..n) into words with their forms, and adds what
 * finds them to the candidates. */
static int
mentions_phrase(parser_t *p, const char *t, size_t n, phrase_t *ph)
{
	size_t pos = 0, ws, we, prev_e = 0;
	char prev_low[KEY_MAX] = "";
	int prev_plain = 0;

	ph->n = 0;
	ph->unplaced = 0;
	while (wsis_word_next(t, n, &pos, &ws, &we)) {
		pword_t *w;
		char low[KEY_MAX];
		size_t nl;
		int wild = we < n && t[we] == '*';

		if (ph->n == PHRASE_WORDS)
			return mentions_fail(p, "a phrase of more than 32 words");
		w = &ph->words[ph->n++];
		memset(w, 0, sizeof *w);
		nl = mentions_lower(t + ws, we - ws, low);
		if (!mentions_placeable(t + ws, we - ws))
			ph->unplaced = 1;
		if (wild) {
			memcpy(w->prefix, low, nl + 1);
			w->wild = 1;
			if (mentions_cand(p, low, nl) != 0 || wsis_buf_putc(p->cand, '*') != 0)
				return mentions_fail(p, "out of memory");
		} else if (p->m->exact) {
			memcpy(w->key, low, nl + 1);
			if (mentions_cand(p, low, nl) != 0)
				return -1;
		} else {
			size_t split = wsis_normalize_compound_split(low, nl);
			/* "cofacilitators" written "co-facilitators": the
			 * index holds the joined word beside the text, not at
			 * its words' positions, and its parts are not asked
			 * for */
			if (split == 0 && (wsis_normalize_origins(low, nl) &
			    (WSIS_NORM_FROM_COMPOUND | WSIS_NORM_FROM_HYPHEN)))
				ph->unplaced = 1;
			if (mentions_fold(p->m, low, nl, w->key) != 0)
				return mentions_fail(p, "out of memory");
			if (mentions_cand(p, low, nl) != 0 || mentions_cand_forms(p, w->key) != 0)
				return -1;
			/* "cybersecurity" is also written "cyber security" */
			if (split > 0 && (mentions_cand(p, low, split) != 0 ||
			    mentions_cand(p, low + split, nl - split) != 0))
				return -1;
			/* "cyber security" is also written "cybersecurity" */
			if (prev_plain && wsis_normalize_compound(prev_low, strlen(prev_low), low, nl,
			    wsis_word_hyphen(t + prev_e, ws - prev_e))) {
				char both[2 * KEY_MAX];
				pword_t *pw = &ph->words[ph->n - 2];
				size_t nb = (size_t)snprintf(both, sizeof both, "%s%s", prev_low, low);
				if (nb >= KEY_MAX)
					nb = KEY_MAX - 1;
				if (mentions_fold(p->m, both, nb, pw->joined) != 0)
					return mentions_fail(p, "out of memory");
				if (mentions_cand(p, both, nb) != 0 ||
				    mentions_cand_forms(p, pw->joined) != 0)
					return -1;
			}
		}
		prev_plain = !wild && !p->m->exact;
		memcpy(prev_low, low, nl + 1);
		prev_e = we;
	}
	if (ph->n == 0)
		return mentions_fail(p, "a concept with no words");
	return 0;
}

/* Adds phrase text t[0..n) to the concept's variants; with `acr`, as that
 * acronym, which matches only as written in capitals. */
static int
mentions_add_alt(parser_t *p, node_t *node, size_t cap, const char *t, size_t n,
    const char *acr)
{
	phrase_t *ph;

	if (node->nalts == cap)
		return 0;
	ph = &node->alts[node->nalts];
	if (acr != NULL) {
		char low[KEY_MAX];
		size_t nl = mentions_lower(acr, strlen(acr), low);
		memset(ph, 0, sizeof *ph);
		ph->n = 1;
		snprintf(ph->words[0].acr, ACR_MAX, "%s", acr);
		if (mentions_cand(p, low, nl) != 0)
			return -1;
	} else if (mentions_phrase(p, t, n, ph) != 0) {
		return -1;
	}
	node->nalts++;
	return 0;
}

/* A concept node from phrase text t[0..n), with its acronym variants. */
static int
mentions_concept(parser_t *p, const char *t, size_t n)
{
	wsis_buf_t alts = WSIS_BUF_INIT, more = WSIS_BUF_INIT;
	int id = mentions_new_node(p, NODE_CONCEPT, -1, -1);
	node_t *node;
	const char *acr = NULL;
	char *line, *save = NULL;
	size_t ws, we, pos = 0, nwords = 0;
	int rc = -1;

	if (id < 0)
		return -1;
	node = &p->m->nodes[id];
	node->alts = calloc(MAX_ALTS, sizeof *node->alts);
	if (node->alts == NULL)
		return mentions_fail(p, "out of memory");
	while (wsis_word_next(t, n, &pos, &ws, &we))
		if (nwords++ == 0 && !(we < n && t[we] == '*'))
			acr = wsis_normalize_acronym(t + ws, we - ws);
	if (nwords != 1 || p->m->exact)
		acr = NULL;
	/* the concept as typed; an acronym matches only in capitals */
	if (mentions_add_alt(p, node, MAX_ALTS, t, n, acr) != 0)
		goto out;
	if (p->m->exact) {
		rc = id;
		goto out;
	}
	if (wsis_normalize_alternatives(t, n, &alts) < 0) {
		mentions_fail(p, "out of memory");
		goto out;
	}
	for (line = alts.data ? strtok_r(alts.data, "\n", &save) : NULL; line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		const char *a = acr == NULL ? wsis_normalize_acronym(line, strlen(line)) : NULL;
		if (acr == NULL && a != NULL) {
			/* an expansion: its acronym, and the acronym's other
			 * expansions ("communication"/"communications") */
			snprintf(node->acr, ACR_MAX, "%s", a);
			if (mentions_add_alt(p, node, MAX_ALTS, NULL, 0, a) != 0 ||
			    wsis_normalize_alternatives(a, strlen(a), &more) < 0)
				goto out;
		} else if (mentions_add_alt(p, node, MAX_ALTS, line, strlen(line), NULL) != 0) {
			goto out;
		}
	}
	if (acr != NULL)
		snprintf(node->acr, ACR_MAX, "%s", acr);
	save = NULL;
	for (line = more.data ? strtok_r(more.data, "\n", &save) : NULL; line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (mentions_add_alt(p, node, MAX_ALTS, line, strlen(line), NULL) != 0)
			goto out;
	rc = id;
out:
	wsis_buf_free(&alts);
	wsis_buf_free(&more);
	if (rc < 0 && !p->failed)
		mentions_fail(p, "out of memory");
	return rc;
}

static int mentions_or(parser_t *p);

/* A field:value filter at pos (name: known field, value bare or quoted);
 * returns 1 when one was taken. */
static int
mentions_filter(parser_t *p)
{
	static const char *const fields[] = { "part", "section", "chapter", "para", "day",
		"title", "id", NULL };
	size_t i, start = p->pos, end;

	for (i = 0; fields[i] != NULL; i++) {
		size_t n = strlen(fields[i]);
		if (p->pos + n < p->len && memcmp(p->s + p->pos, fields[i], n) == 0 &&
		    p->s[p->pos + n] == ':')
			break;
	}
	if (fields[i] == NULL)
		return 0;
	end = p->pos + strlen(fields[i]) + 1;
	if (end < p->len && p->s[end] == '"') {
		end++;
		while (end < p->len && p->s[end] != '"')
			end++;
		if (end >= p->len)
			return mentions_fail(p, "unbalanced quote in a filter");
		end++;
	} else {
		while (end < p->len && !isspace((unsigned char)p->s[end]) && p->s[end] != ')')
			end++;
	}
	wsis_buf_append(p->filters, p->s + start, end - start);
	wsis_buf_putc(p->filters, ' ');
	p->pos = end;
	return 1;
}

/* unary := NOT unary | '(' or ')' | "phrase" | words | filter (then unary) */
static int
mentions_unary(parser_t *p)
{
	int id, r;

	for (;;) {
		mentions_skip_ws(p);
		if (p->pos >= p->len)
			return mentions_fail(p, "a concept is missing");
		r = mentions_filter(p);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		mentions_skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] == ')' || mentions_at_op(p, "AND") ||
		    mentions_at_op(p, "OR") || mentions_at_op(p, "NOT"))
			return -2;   /* only filters here */
	}
	if (mentions_at_op(p, "NOT")) {
		p->pos += 3;
		id = mentions_unary(p);
		if (id == -2)
			return mentions_fail(p, "NOT needs a concept");
		if (id < 0)
			return -1;
		return mentions_new_node(p, NODE_NOT, id, -1);
	}
	if (mentions_at_op(p, "AND") || mentions_at_op(p, "OR"))
		return mentions_fail(p, "an operator with nothing before it");
	if (mentions_at_op(p, "NEAR") || mentions_at_op(p, "ADJ"))
		return mentions_fail(p, "NEAR and ADJ are for ranked search, not mentions");
	if (p->s[p->pos] == '(') {
		p->pos++;
		id = mentions_or(p);
		if (id < 0)
			return id == -2 ? mentions_fail(p, "empty parentheses") : -1;
		mentions_skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] != ')')
			return mentions_fail(p, "unbalanced parenthesis: ')' expected");
		p->pos++;
		return id;
	}
	if (p->s[p->pos] == ')')
		return mentions_fail(p, "unbalanced parenthesis");
	if (p->s[p->pos] == '"') {
		size_t start = ++p->pos;
		while (p->pos < p->len && p->s[p->pos] != '"')
			p->pos++;
		if (p->pos >= p->len)
			return mentions_fail(p, "unbalanced quote");
		p->pos++;
		return mentions_concept(p, p->s + start, p->pos - 1 - start);
	}
	/* a run of plain words up to an operator, parenthesis, quote or filter */
	{
		size_t start = p->pos, end = p->pos;
		while (p->pos < p->len) {
			mentions_skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] == '(' || p->s[p->pos] == ')' ||
			    p->s[p->pos] == '"' || mentions_at_op(p, "AND") ||
			    mentions_at_op(p, "OR") || mentions_at_op(p, "NOT") ||
			    mentions_at_op(p, "NEAR") || mentions_at_op(p, "ADJ"))
				break;
			{
				size_t save = p->pos;
				int f = mentions_filter(p);
				if (f < 0)
					return -1;
				if (f == 1)
					continue;
				p->pos = save;
			}
			while (p->pos < p->len && !isspace((unsigned char)p->s[p->pos]) &&
			    p->s[p->pos] != '(' && p->s[p->pos] != ')' && p->s[p->pos] != '"')
				p->pos++;
			end = p->pos;
		}
		if (end == start)
			return -2;
		return mentions_concept(p, p->s + start, end - start);
	}
}

/* and := unary ((AND | NOT) unary)* */
static int
mentions_and(parser_t *p)
{
	int left = mentions_unary(p), right;

	if (left < 0)
		return left;
	for (;;) {
		int neg = 0;
		mentions_skip_ws(p);
		if (mentions_at_op(p, "AND")) {
			p->pos += 3;
		} else if (mentions_at_op(p, "NOT")) {
			neg = 1;   /* A NOT B is A AND NOT B, as in ranked search */
		} else {
			return left;
		}
		right = mentions_unary(p);
		if (right == -2)
			return mentions_fail(p, "an operator with nothing after it");
		if (right < 0)
			return -1;
		(void)neg;   /* mentions_unary() made the NOT node already */
		left = mentions_new_node(p, NODE_AND, left, right);
		if (left < 0)
			return -1;
	}
}

/* or := and ((OR)? and)* */
static int
mentions_or(parser_t *p)
{
	int left = mentions_and(p), right;

	if (left < 0)
		return left;
	for (;;) {
		mentions_skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] == ')')
			return left;
		if (mentions_at_op(p, "OR"))
			p->pos += 2;
		right = mentions_and(p);
		if (right == -2) {
			mentions_skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] == ')')
				return left;   /* trailing filters */
			return mentions_fail(p, "an operator with nothing after it");
		}
		if (right < 0)
			return -1;
		left = mentions_new_node(p, NODE_OR, left, right);
		if (left < 0)
			return -1;
	}
}

static void
mentions_mark_positive(wsis_mentions_t *m, int id, int positive)
{
	node_t *n = &m->nodes[id];

	switch (n->kind) {
	case NODE_CONCEPT:
		n->positive = positive;
		break;
	case NODE_NOT:
		mentions_mark_positive(m, n->a, !positive);
		break;
	default:
		mentions_mark_positive(m, n->a, positive);
		mentions_mark_positive(m, n->b, positive);
	}
}

/* Whether any concept is positive (else every passage is a candidate). */
static int
mentions_any_positive(const wsis_mentions_t *m)
{
	int i;

	for (i = 0; i < m->nnodes; i++)
		if (m->nodes[i].kind == NODE_CONCEPT && m->nodes[i].positive)
			return 1;
	return 0;
}

/* m->span and m->windowed.  A concept word matches one word of the text or
 * two ("cybersecurity" as "cyber security"), so an occurrence of a phrase
 * of n words covers at most 2n, and its own acronym one more.  Every word
 * of every concept is among the candidates (mentions_cand()), whose
 * positions in a passage are what the windows are cut around; a phrase
 * of wildcards alone has no word the index can place (a wildcard's words
 * are not asked for one by one), and with no positive concept the
 * candidates are every passage and ask for no word; a word that the text
 * may write as two that are no candidates ("co-facilitators" for
 * "cofacilitators"), or that the index does not hold as words.h cuts it
 * (mentions_placeable()), has nothing to place it. */
static void
mentions_window_setup(wsis_mentions_t *m)
{
	int id;
	size_t a, k;

	m->span = 1;
	m->windowed = mentions_any_positive(m);
	for (id = 0; id < m->nnodes; id++) {
		const node_t *node = &m->nodes[id];
		if (node->kind != NODE_CONCEPT)
			continue;
		for (a = 0; a < node->nalts; a++) {
			const phrase_t *ph = &node->alts[a];
			int placed = 0;
			if (2 * ph->n + 1 > m->span)
				m->span = 2 * ph->n + 1;
			for (k = 0; k < ph->n; k++)
				placed |= !ph->words[k].wild;
			if (!placed || ph->unplaced)
				m->windowed = 0;
		}
	}
}

int
wsis_mentions_compile(const char *query, size_t len, unsigned flags,
    wsis_mentions_t **out, wsis_buf_t *candidates, wsis_buf_t *filters, char *err,
    size_t errlen)
{
	parser_t p;
	wsis_mentions_t *m = calloc(1, sizeof *m);
	wsis_buf_t cand = WSIS_BUF_INIT;
	int root;

	if (m == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->exact = (flags & WSIS_MENTIONS_EXACT) != 0;
	memset(&p, 0, sizeof p);
	p.s = query;
	p.len = len;
	p.m = m;
	p.cand = &cand;
	p.filters = filters;
	p.err = err;
	p.errlen = errlen;
	root = mentions_or(&p);
	if (root == -2 && !p.failed)
		mentions_fail(&p, "no concept to look for: give words or a \"phrase\"");
	mentions_skip_ws(&p);
	if (root >= 0 && p.pos < p.len)
		root = mentions_fail(&p, "unbalanced parenthesis: unexpected ')'");
	if (root < 0 || p.failed) {
		wsis_buf_free(&cand);
		wsis_mentions_free(m);
		return -1;
	}
	m->root = root;
	mentions_mark_positive(m, root, 1);
	mentions_window_setup(m);
	if (cand.len == 0)
		m->windowed = 0;
	/* a superset of the passages: any form of any word of any concept
	 * (the words of a NOT only widen it); with no positive concept, every
	 * passage */
	if (mentions_any_positive(m) && cand.len > 0 &&
	    wsis_buf_append(candidates, cand.data, cand.len) != 0) {
		wsis_buf_free(&cand);
		wsis_mentions_free(m);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	wsis_buf_free(&cand);
	*out = m;
	return 0;
}

/* ---- matching ---- */

/* The base forms of the words seen, kept by each thread from request to
 * request: a base form depends on the word alone, and a collection's
 * words come back in every audit.  A word may sit in either of two slots,
 * picked by two parts of its hash.  Words and base forms of CACHED_LEN
 * bytes or more are not kept (they are rare); the table is freed when its
 * thread ends. */
#define CACHE_BITS  12
#define CACHE_SLOTS (1u << CACHE_BITS)
#define CACHED_LEN  32

struct cached { char low[CACHED_LEN]; char key[CACHED_LEN]; };

static pthread_key_t  cache_tls;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int            cache_tls_ok;

static void
mentions_cache_init(void)
{
	cache_tls_ok = pthread_key_create(&cache_tls, free) == 0;
}

/* This thread's table, NULL when it cannot have one. */
static struct cached *
mentions_cache(void)
{
	struct cached *c;

	pthread_once(&cache_once, mentions_cache_init);
	if (!cache_tls_ok)
		return NULL;
	c = pthread_getspecific(cache_tls);
	if (c == NULL && (c = calloc(CACHE_SLOTS, sizeof *c)) != NULL &&
	    pthread_setspecific(cache_tls, c) != 0) {
		free(c);
		c = NULL;
	}
	return c;
}

/* mentions_fold() of the lowercase word low[0..n) through this thread's
 * table. */
static int
mentions_cached_fold(wsis_mentions_t *m, const char *low, size_t n, char *key)
{
	struct cached *c, *c2;
	unsigned h;
	size_t klen;

	if (n >= CACHED_LEN)
		return mentions_fold(m, low, n, key);
	if (m->cache == NULL && (m->cache = mentions_cache()) == NULL)
		return mentions_fold(m, low, n, key);
	h = wsis_hash(low, n);
	c = &m->cache[h & (CACHE_SLOTS - 1)];
	c2 = &m->cache[(h >> CACHE_BITS) & (CACHE_SLOTS - 1)];
	if (c->low[0] != '\0' && strcmp(c->low, low) == 0) {
		memcpy(key, c->key, CACHED_LEN);
		return 0;
	}
	if (c2->low[0] != '\0' && strcmp(c2->low, low) == 0) {
		memcpy(key, c2->key, CACHED_LEN);
		return 0;
	}
	if (mentions_fold(m, low, n, key) != 0)
		return -1;
	/* an empty slot, else one of the two by another bit of the hash */
	if (c->low[0] != '\0' && (c2->low[0] == '\0' || ((h >> (2 * CACHE_BITS)) & 1)))
		c = c2;
	klen = strlen(key);
	if (klen < CACHED_LEN) {
		memcpy(c->low, low, n + 1);
		memcpy(c->key, key, klen + 1);
	}
	return 0;
}

/* Cuts text[0..len) into m->toks from byte `from` (where a word begins,
 * or 0), at most `max` words. */
static int
mentions_tokenize(wsis_mentions_t *m, const char *text, size_t len, size_t from, size_t max)
{
	size_t pos = from, s, e, k;

	m->ntoks = 0;
	while (m->ntoks < max && wsis_word_next(text, len, &pos, &s, &e)) {
		struct tok *t;
		size_t nl;

		if (m->ntoks == m->captoks) {
			size_t nc = m->captoks ? m->captoks * 2 : 256;
			struct tok *n = realloc(m->toks, nc * sizeof *n);
			if (n == NULL)
				return -1;
			m->toks = n;
			m->captoks = nc;
		}
		t = &m->toks[m->ntoks++];
		t->s = s;
		t->e = e;
		t->joined[0] = '\0';
		nl = mentions_lower(text + s, e - s, t->low);
		if (m->exact)
			memcpy(t->key, t->low, nl + 1);
		else if (mentions_cached_fold(m, t->low, nl, t->key) != 0)
			return -1;
	}
	if (m->exact)
		return 0;
	/* two words of a known compound ("cyber security", "co-facilitators")
	 * also stand for the word they join into */
	for (k = 0; k + 1 < m->ntoks; k++) {
		struct tok *a = &m->toks[k], *b = &m->toks[k + 1];
		size_t na = strlen(a->low), nb = strlen(b->low);
		char both[KEY_MAX];

		if (na > 5 || na + nb >= KEY_MAX || !wsis_normalize_compound(a->low, na, b->low, nb,
		    wsis_word_hyphen(text + a->e, b->s - a->e)))
			continue;
		memcpy(both, a->low, na);
		memcpy(both + na, b->low, nb + 1);
		if (mentions_cached_fold(m, both, na + nb, a->joined) != 0)
			return -1;
	}
	return 0;
}

/* The token index where phrase word k.. matched from token i ends, or -1. */
static long
mentions_match_at(const wsis_mentions_t *m, const char *text, size_t i, const phrase_t *ph,
    size_t k)
{
	const pword_t *w;
	const struct tok *t;
	long r;

	if (k == ph->n)
		return (long)i;
	if (i >= m->ntoks)
		return -1;
	w = &ph->words[k];
	t = &m->toks[i];
	/* exact: a hyphen joins two words into a compound, another form */
	if (m->exact && k > 0 && i > 0 &&
	    wsis_word_hyphen(text + m->toks[i - 1].e, t->s - m->toks[i - 1].e))
		return -1;
	if (w->wild)
		return strncmp(t->low, w->prefix, strlen(w->prefix)) == 0 ?
		    mentions_match_at(m, text, i + 1, ph, k + 1) : -1;
	if (w->acr[0] != '\0')
		return mentions_is_acronym(text, t->s, t->e, w->acr) ?
		    mentions_match_at(m, text, i + 1, ph, k + 1) : -1;
	if (strcmp(t->key, w->key) == 0 && (r = mentions_match_at(m, text, i + 1, ph, k + 1)) >= 0)
		return r;
	/* "cyber security" in the text for "cybersecurity" in the query */
	if (t->joined[0] != '\0' && strcmp(t->joined, w->key) == 0 &&
	    (r = mentions_match_at(m, text, i + 2, ph, k + 1)) >= 0)
		return r;
	/* "cybersecurity" in the text for "cyber security" in the query */
	if (w->joined[0] != '\0' && strcmp(t->key, w->joined) == 0 &&
	    (r = mentions_match_at(m, text, i + 1, ph, k + 2)) >= 0)
		return r;
	return -1;
}

/* Whether token i is the acronym `acr` in parentheses right after the
 * token before it: "small island developing States (SIDS)". */
static int
mentions_own_acronym(const wsis_mentions_t *m, const char *text, size_t len, size_t i,
    const char *acr)
{
	const struct tok *t;
	size_t k;

	if (i == 0 || i >= m->ntoks)
		return 0;
	t = &m->toks[i];
	k = m->toks[i - 1].e;
	if (t->e >= len || text[t->e] != ')' || !mentions_is_acronym(text, t->s, t->e, acr))
		return 0;
	while (k < t->s && isspace((unsigned char)text[k]))
		k++;
	return k + 1 == t->s && text[k] == '(';
}

static int
mentions_add_occ(wsis_occurrence_t **occ, size_t *n, size_t *cap, size_t off, size_t len)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		wsis_occurrence_t *o = realloc(*occ, nc * sizeof *o);
		if (o == NULL)
			return -1;
		*occ = o;
		*cap = nc;
	}
	(*occ)[*n].offset = off;
	(*occ)[*n].length = len;
	(*n)++;
	return 0;
}

static int
mentions_eval(wsis_mentions_t *m, int id)
{
	node_t *n = &m->nodes[id];

	switch (n->kind) {
	case NODE_CONCEPT: return n->count > 0;
	case NODE_NOT:     return !mentions_eval(m, n->a);
	case NODE_AND:     return mentions_eval(m, n->a) && mentions_eval(m, n->b);
	case NODE_OR:      return mentions_eval(m, n->a) || mentions_eval(m, n->b);
	}
	return 0;
}

static int
mentions_occ_cmp(const void *a, const void *b)
{
	const wsis_occurrence_t *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->length > y->length ? -1 : x->length < y->length;
}

/* The occurrences found as the whole text is read, collected as a passage
 * is scanned (in one piece or in windows). */
typedef struct {
	wsis_occurrence_t *o;
	size_t             n, cap;
} found_t;

static void
mentions_reset(wsis_mentions_t *m, found_t *f)
{
	int id;

	for (id = 0; id < m->nnodes; id++)
		m->nodes[id].count = 0;
	free(f->o);
	memset(f, 0, sizeof *f);
}

/* Counts the concepts' occurrences that begin at m->toks[0..limit) (the
 * tokens after them only end one) into the nodes and, for the positive
 * ones, into f.  Each concept is read from token 0 on, leftmost first,
 * an occurrence never overlapping the one before. */
static int
mentions_scan(wsis_mentions_t *m, const char *text, size_t len, size_t limit, found_t *f)
{
	size_t i, a;
	int id;

	for (id = 0; id < m->nnodes; id++) {
		node_t *node = &m->nodes[id];
		if (node->kind != NODE_CONCEPT)
			continue;
		for (i = 0; i < limit;) {
			long end = -1;
			for (a = 0; a < node->nalts && end < 0; a++)
				end = mentions_match_at(m, text, i, &node->alts[a], 0);
			if (end < 0) {
				i++;
				continue;
			}
			node->count++;
			if (node->positive && mentions_add_occ(&f->o, &f->n, &f->cap, m->toks[i].s,
			    m->toks[end - 1].e - m->toks[i].s) != 0)
				return -1;
			/* an expansion and its own acronym after it in
			 * parentheses are one mention */
			if (node->acr[0] != '\0' && (size_t)end < m->ntoks &&
			    node->alts[a - 1].words[0].acr[0] == '\0' &&
			    mentions_own_acronym(m, text, len, (size_t)end, node->acr))
				end++;
			i = (size_t)end;
		}
	}
	return 0;
}

/* Hands the occurrences over, one for each stretch of words, and whether
 * the passage satisfies the query. */
static int
mentions_finish(wsis_mentions_t *m, found_t *f, wsis_occurrence_t **occ, size_t *nocc)
{
	wsis_occurrence_t *o = f->o;
	size_t n = f->n, i, k;

	/* several concepts may match the same words: keep one occurrence */
	if (n > 1) {
		qsort(o, n, sizeof *o, mentions_occ_cmp);
		for (i = 1, k = 0; i < n; i++)
			if (o[i].offset >= o[k].offset + o[k].length)
				o[++k] = o[i];
		n = k + 1;
	}
	*occ = o;
	*nocc = n;
	memset(f, 0, sizeof *f);
	return mentions_eval(m, m->root);
}

int
wsis_mentions_match(wsis_mentions_t *m, const char *text, size_t len,
    wsis_occurrence_t **occ, size_t *nocc)
{
	found_t f = { NULL, 0, 0 };

	*occ = NULL;
	*nocc = 0;
	mentions_reset(m, &f);
	m->scanned[0]++;
	if (mentions_tokenize(m, text, len, 0, (size_t)-1) != 0 ||
	    mentions_scan(m, text, len, m->ntoks, &f) != 0) {
		free(f.o);
		return -1;
	}
	return mentions_finish(m, &f, occ, nocc);
}

/* ---- a long passage in windows ---- */

/* Whether the text word w[0..n), word k of hit i's text as words.h counts
 * them, is the word the index holds at position k + 1 (as the indexer
 * wrote it: normalized).  Xapian's TermGenerator cuts a few texts
 * otherwise ("AT&T" is one word to it, a word of more than 64 bytes none,
 * a symbol such as U+2192 none), and past such a place its positions and
 * these words part.  1 yes, 0 no, -1 out of memory. */
static int
mentions_word_at(wsis_results_t *r, size_t i, const char *w, size_t n, size_t k)
{
	char *norm = wsis_normalize(w, n);
	int at = 0;

	if (norm == NULL)
		return -1;
	if (wsis_results_word_at(r, i, norm, strlen(norm), k, &at) != WSIS_OK)
		at = 0;
	free(norm);
	return at;
}

/* Where the index's words may not be words.h's.  The index holds what
 * Xapian's TermGenerator cuts from the normalized text, which is words.h's
 * words in words.h's order but at a few kinds of places, each found here
 * by its bytes (a superset: some are cut the same after all):
 *  - '&' between two word characters ("AT&T" is one word to it), '+' or
 *    '#' after one and before none ("C++", "Page#" are the words "c++",
 *    "page#"), ';' between two digits ("1;2" is one word);
 *  - a word right after ':' that wsis_normalize() would change: there it
 *    leaves it as written (part:programme);
 *  - a non-ASCII character other than the letters, marks, spaces, quotes
 *    and dashes that both read alike (mentions_safe()): a symbol words.h
 *    reads as a word ("→") and it reads as none, a character in
 *    U+00A0-U+00BF words.h reads as a space and it as a word ("½").
 * There the word the index holds is not the text's, and the positions
 * after it may stand one or more words off.  A word of more than 64 bytes,
 * which it drops, is no concept's (mentions_window_setup()), and the
 * positions past it, one word off, are caught where they are checked
 * (mentions_windows()). */
/* Whether c is an ASCII letter, digit or '_'. */
static int
mentions_ascii_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

/* Whether c is a word character, or may be one (a byte of a non-ASCII
 * character). */
#define DV_WORDISH(c) ((c) >= 0x80 || mentions_ascii_word(c))

/* Whether the code point c is read alike by words.h and TermGenerator:
 * Latin, Greek and Cyrillic letters, combining marks, CJK ideographs (words
 * of both); the no-break space, guillemets, dashes, quotes but U+201B,
 * bullet and ellipsis (spaces to both); U+2019 (an apostrophe to both);
 * the soft hyphen (dropped). */
static int
mentions_safe(unsigned c)
{
	return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
	    (c >= 0x300 && c <= 0x36F) || (c >= 0x391 && c <= 0x3A9) ||
	    (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x410 && c <= 0x44F) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || c == 0xA0 || c == 0xAB || c == 0xBB ||
	    c == 0xAD || (c >= 0x2010 && c <= 0x2026 && c != 0x201B);
}

/* The code point at s[0..n) (valid UTF-8 of 2 to 4 bytes) and its length
 * in *k, or 0 (*k 1) when it is not one. */
static unsigned
mentions_utf8(const unsigned char *s, size_t n, size_t *k)
{
	unsigned c = s[0];
	size_t len = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0, j;

	*k = 1;
	if (len == 0 || len > n)
		return 0;
	c &= 0x3F >> (len - 1);
	for (j = 1; j < len; j++) {
		if ((s[j] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[j] & 0x3F);
	}
	*k = len;
	return c;
}

/* Whether the word after the ':' at text[i] is one wsis_normalize()
 * would change ("colour", "LDCs"): the run of ASCII letters there, which it
 * leaves as written (a figure after ':', "2nd", it reads as anywhere); 1
 * when a non-ASCII character follows the letters (its Latin letters lose
 * their marks first).  The answers of the last words asked are kept: the
 * same few words follow ':' all through a text (":ref:", ":c:func:").
 * -1 when out of memory. */
static int
mentions_colon_word(wsis_mentions_t *m, const unsigned char *s, size_t i, size_t len)
{
	size_t j = i + 1, n;
	struct colon *c;
	int changed;

	while (j < len && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'))
		j++;
	if (j < len && s[j] >= 0x80)
		return 1;
	if ((n = j - i - 1) == 0)
		return 0;
	c = &m->colon[wsis_hash(s + i + 1, n) % MENTIONS_COLON_SLOTS];
	if (c->n == n && memcmp(c->w, s + i + 1, n) == 0)
		return c->changed;
	wsis_buf_reset(&m->fold);
	if (wsis_normalize_word((const char *)s + i + 1, n, &m->fold) != 0)
		return -1;
	changed = m->fold.len != n || memcmp(m->fold.data, s + i + 1, n) != 0;
	if (n < sizeof c->w) {
		memcpy(c->w, s + i + 1, n);
		c->n = (unsigned char)n;
		c->changed = (unsigned char)changed;
	}
	return changed;
}

/* Whether the index can hold the concept word w[0..n) where the text has
 * it: not a word of more than 64 bytes (less what normalizing may add),
 * nor one with a character the index reads otherwise (above). */
static int
mentions_placeable(const char *w, size_t n)
{
	const unsigned char *s = (const unsigned char *)w;
	size_t i, k;

	if (n >= 60)
		return 0;
	for (i = 0; i < n; i += k) {
		k = 1;
		if (s[i] >= 0x80 && !mentions_safe(mentions_utf8(s + i, n - i, &k)))
			return 0;
	}
	return 1;
}

/* The array p of *cap items of `size` bytes with room for `need` (at
 * least one), moved if it must grow; NULL when out of memory (p is left
 * as it was). */
static void *
mentions_reserve(void *p, size_t *cap, size_t need, size_t size)
{
	size_t nc = *cap ? *cap : 64;

	if (need <= *cap && p != NULL)
		return p;
	while (nc < need)
		nc *= 2;
	if ((p = realloc(p, nc * size)) != NULL)
		*cap = nc;
	return p;
}

static int
mentions_add_dev(wsis_mentions_t *m, size_t at)
{
	size_t *d = mentions_reserve(m->devs, &m->capdevs, m->ndevs + 1, sizeof *d);

	if (d == NULL)
		return -1;
	m->devs = d;
	m->devs[m->ndevs++] = at;
	return 0;
}

static int
mentions_dev_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether the ASCII mark at s[i] is such a place. */
static int
mentions_mark_dev(wsis_mentions_t *m, const unsigned char *s, size_t i, size_t len)
{
	size_t j;

	switch (s[i]) {
	case ';':
		return i > 0 && i + 1 < len && s[i - 1] >= '0' && s[i - 1] <= '9' &&
		    s[i + 1] >= '0' && s[i + 1] <= '9';
	case '&':
		return i > 0 && i + 1 < len && DV_WORDISH(s[i - 1]) && DV_WORDISH(s[i + 1]);
	case ':':
		return i + 1 < len && DV_WORDISH(s[i + 1]) && s[i + 1] != '\'' ?
		    mentions_colon_word(m, s, i, len) : 0;
	default:   /* '+', '#': the first of a run, after a word and before none */
		if (i == 0 || !DV_WORDISH(s[i - 1]) || s[i - 1] == '\'')
			return 0;
		for (j = i; j < len && (s[j] == '+' || s[j] == '#'); j++)
			;
		return j == len || !DV_WORDISH(s[j]);
	}
}

/* Sets m->devs to the byte offsets of text[0..len) where the index's words
 * may not be words.h's (above), ascending.  Each kind of byte is found by
 * memchr() or eight at a time: the text is not cut into words.  Returns 0
 * or -1. */
static int
mentions_deviations(wsis_mentions_t *m, const char *text, size_t len)
{
	static const char marks[] = "&+#;:";
	const unsigned char *s = (const unsigned char *)text;
	const char *c;
	size_t i, k;
	int dev;

	m->ndevs = 0;
	for (c = marks; *c != '\0'; c++)
		for (const char *p = text; (p = memchr(p, *c, len - (size_t)(p - text))) != NULL;
		    p++) {
			if ((dev = mentions_mark_dev(m, s, (size_t)(p - text), len)) < 0 ||
			    (dev && mentions_add_dev(m, (size_t)(p - text)) != 0))
				return -1;
		}
	for (i = 0; i < len;) {
		unsigned cp;

		if (i + 8 <= len && !wsis_swar_has_high(wsis_swar_load(s + i))) {
			i += 8;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		cp = mentions_utf8(s + i, len - i, &k);
		if (!mentions_safe(cp) && mentions_add_dev(m, i) != 0)
			return -1;
		i += k;
	}
	if (m->ndevs > 1)
		qsort(m->devs, m->ndevs, sizeof *m->devs, mentions_dev_cmp);
	return 0;
}

/* A word around which a window is read: one the positions place (checked
 * against the index's word at its position), or one of a step of the word
 * table that holds a place where the index's words may not be words.h's
 * (read whatever the positions say). */
typedef struct anchor {
	size_t word;
	int    check;
} anchor_t;

/* The anchors of hit i's text (`words` words): the words the positions
 * place, word[0..nw) (ascending), and the first and last word of each step
 * of the word table (m->marks) holding a place of m->devs, ascending, into
 * m->anchors (m->nanchors). */
static int
mentions_anchors(wsis_mentions_t *m, size_t words, const unsigned *word, size_t nw)
{
	const size_t step = WSIS_WORDMAP_STEP, nmarks = (words + step - 1) / step;
	size_t a = 0, d = 0, j = 0;
	anchor_t *an = mentions_reserve(m->anchors, &m->capanchors, nw + 2 * m->ndevs + 1,
	    sizeof *an);

	if (an == NULL)
		return -1;
	m->anchors = an;
	m->nanchors = 0;
	while (a < nw || d < m->ndevs) {
		size_t first = 0;

		/* the step that holds the next place */
		if (d < m->ndevs) {
			while (j + 1 < nmarks && m->marks[j + 1] <= m->devs[d])
				j++;
			first = j * step;
		}
		if (d < m->ndevs && (a == nw || first <= word[a])) {
			size_t last = first + step - 1 < words ? first + step - 1 : words - 1;
			if (m->nanchors == 0 || m->anchors[m->nanchors - 1].word != last) {
				m->anchors[m->nanchors++] = (anchor_t){ first, 0 };
				m->anchors[m->nanchors++] = (anchor_t){ last, 0 };
			}
			d++;
		} else {
			m->anchors[m->nanchors++] = (anchor_t){ word[a++], 1 };
		}
	}
	return 0;
}

/* Scans hit i's text (`words` words, m->marks decoded) in windows around
 * its anchors (mentions_anchors()).  Every occurrence holds a word the
 * positions place or a place where they cannot tell, so a window of
 * m->span words on each side of each anchor (begun at the step of the word
 * table before it, where the table says where a word begins) and joined
 * with the windows it meets holds every occurrence whole; no occurrence
 * crosses a window's edge, so each window is read as the whole text is
 * read from its first word.  Returns 0, 1 when the positions cannot tell
 * (a word they place is not the index's word at its position: past a
 * place where the index's words are not words.h's, its positions stand
 * off; the caller reads the text whole), or -1. */
static int
mentions_windows(wsis_mentions_t *m, wsis_results_t *r, size_t hit, const char *text,
    size_t len, size_t words, wsis_json_part_t *part, found_t *f)
{
	const size_t step = WSIS_WORDMAP_STEP, span = m->span,
	    nmarks = (words + step - 1) / step;
	const anchor_t *an = m->anchors;
	size_t a = 0, n = m->nanchors;

	while (a < n) {
		size_t first = a, lo, hi, t;

		/* from the step of the word table where the first window
		 * begins to the end of the last window that meets it */
		lo = (an[a].word > span ? an[a].word - span : 0) / step * step;
		hi = an[a].word + span + 1;
		for (a++; a < n && (an[a].word > span ? an[a].word - span : 0) / step * step <= hi;
		    a++)
			if (an[a].word + span + 1 > hi)
				hi = an[a].word + span + 1;
		if (hi > words)
			hi = words;
		/* the words of the windows, and enough after them for an
		 * occurrence that begins in them to end: a text read in
		 * parts is read from the table's entry at the first to the
		 * entry past the last, and a step more */
		if (part != NULL) {
			size_t e = (hi + span + 2 + step - 1) / step + 1;
			if (part->len != len ||
			    wsis_json_part_read(part, m->marks[lo / step], e < nmarks ? m->marks[e] : len,
			    NULL, 0) != 0)
				return 1;
		}
		if (mentions_tokenize(m, text, len, m->marks[lo / step], hi - lo + span + 2) != 0)
			return -1;
		if (m->ntoks == 0 || m->toks[0].s != m->marks[lo / step] || m->ntoks < hi - lo)
			return 1;
		for (t = first; t < a; t++) {
			const struct tok *w;
			int at;

			if (!an[t].check || (t > first && an[t].word == an[t - 1].word))
				continue;
			if (an[t].word - lo >= m->ntoks)
				return 1;
			w = &m->toks[an[t].word - lo];
			if ((at = mentions_word_at(r, hit, text + w->s, w->e - w->s, an[t].word)) != 1)
				return at < 0 ? -1 : 1;
		}
		if (mentions_scan(m, text, len, hi - lo, f) != 0)
			return -1;
	}
	return 0;
}

/* wsis_mentions_match() on text[0..len), or on the text part reads in
 * parts (not NULL: its text and len), read whole first. */
static int
mentions_match_whole(wsis_mentions_t *m, const char *text, size_t len,
    wsis_json_part_t *part, wsis_occurrence_t **occ, size_t *nocc)
{
	*occ = NULL;
	*nocc = 0;
	if (part != NULL && wsis_json_part_read(part, 0, part->len, NULL, 0) != 0)
		return -1;
	return wsis_mentions_match(m, text, len, occ, nocc);
}

/* The places of m->devs in a text read in parts, found in its raw form
 * (the marks and non-ASCII characters stand in it as they are, with no
 * \u escape): a mark right after an escape is taken for such a place
 * whatever the escape stands for, so the places are those of the decoded
 * text and maybe a few more, which only add windows.  Then their offsets
 * in the decoded text.  0, 1 (cannot: read whole) or -1. */
static int
mentions_deviations_raw(wsis_mentions_t *m, const wsis_json_part_t *part)
{
	if (mentions_deviations(m, part->raw.s, part->raw.len) != 0)
		return -1;
	return wsis_json_part_offsets(part, m->devs, m->ndevs) != 0 ? 1 : 0;
}

/* wsis_mentions_match_hit() on text[0..len), or, when part is not NULL, on
 * the text it reads in parts (text and len its own). */
static int
mentions_match_hit(wsis_mentions_t *m, wsis_results_t *r, size_t i,
    const wsis_hit_t *hit, const char *text, size_t len, wsis_json_part_t *part,
    wsis_occurrence_t **occ, size_t *nocc)
{
	found_t f = { NULL, 0, 0 };
	unsigned *word = NULL;
	int *id = NULL;
	size_t nw = 0, nmarks, *mk;
	long words;
	int rc;

	*occ = NULL;
	*nocc = 0;
	if (!m->windowed || hit->wordmap == NULL || len < WSIS_WORDMAP_MIN_BYTES ||
	    (words = wsis_wordmap_words(hit->wordmap, hit->wordmap_len)) <= 0)
		return mentions_match_whole(m, text, len, part, occ, nocc);
	nmarks = ((size_t)words + WSIS_WORDMAP_STEP - 1) / WSIS_WORDMAP_STEP;
	if ((mk = mentions_reserve(m->marks, &m->capmarks, nmarks, sizeof *mk)) == NULL)
		return -1;
	m->marks = mk;
	if (wsis_wordmap_marks(hit->wordmap, hit->wordmap_len, len, m->marks, nmarks) !=
	    (long)nmarks ||
	    wsis_results_positions(r, i, (size_t)words, &word, &id, &nw) != WSIS_OK)
		return mentions_match_whole(m, text, len, part, occ, nocc);
	free(id);
	rc = part != NULL ? mentions_deviations_raw(m, part) : mentions_deviations(m, text, len);
	if (rc == 0 && mentions_anchors(m, (size_t)words, word, nw) != 0)
		rc = -1;
	free(word);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return mentions_match_whole(m, text, len, part, occ, nocc);
	/* windows over most of the text cost more than the text read whole */
	if (m->nanchors * (m->span + 1) > (size_t)words / 2)
		return mentions_match_whole(m, text, len, part, occ, nocc);
	mentions_reset(m, &f);
	rc = mentions_windows(m, r, i, text, len, (size_t)words, part, &f);
	if (rc != 0) {
		free(f.o);
		return rc < 0 ? -1 : mentions_match_whole(m, text, len, part, occ, nocc);
	}
	m->scanned[1]++;
	return mentions_finish(m, &f, occ, nocc);
}

int
wsis_mentions_match_hit(wsis_mentions_t *m, wsis_results_t *r, size_t i,
    const wsis_hit_t *hit, const char *text, size_t len, wsis_occurrence_t **occ,
    size_t *nocc)
{
	return mentions_match_hit(m, r, i, hit, text, len, NULL, occ, nocc);
}

int
wsis_mentions_match_part(wsis_mentions_t *m, wsis_results_t *r, size_t i,
    const wsis_hit_t *hit, wsis_json_part_t *part, wsis_occurrence_t **occ, size_t *nocc)
{
	return mentions_match_hit(m, r, i, hit, part->text, part->len, part, occ, nocc);
}

void
wsis_mentions_scanned(const wsis_mentions_t *m, unsigned long *whole,
    unsigned long *windowed)
{
	*whole = m->scanned[0];
	*windowed = m->scanned[1];
}

void
wsis_mentions_free(wsis_mentions_t *m)
{
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nnodes; i++)
		free(m->nodes[i].alts);
	free(m->toks);
	free(m->marks);
	free(m->devs);
	free(m->anchors);
	wsis_buf_free(&m->fold);
	free(m);
}

/* ---- forms and their counts ---- */

/* Makes room for one more form, rehashing the slots. */
static int
mentions_forms_grow(wsis_mentions_forms_t *f)
{
	size_t i, ns;

	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 8;
		wsis_mentions_form_t *v = realloc(f->forms, nc * sizeof *v);
		if (v == NULL)
			return -1;
		f->forms = v;
		f->cap = nc;
	}
	if (2 * (f->n + 1) <= f->nslots)
		return 0;
	ns = f->nslots ? f->nslots * 2 : 16;
	free(f->slots);
	f->slots = calloc(ns, sizeof *f->slots);
	if (f->slots == NULL) {
		f->nslots = 0;
		return -1;
	}
	f->nslots = ns;
	for (i = 0; i < f->n; i++) {
		size_t h = wsis_hash(f->forms[i].form, strlen(f->forms[i].form)) & (ns - 1);
		while (f->slots[h] != 0)
			h = (h + 1) & (ns - 1);
		f->slots[h] = i + 1;
	}
	return 0;
}

int
wsis_mentions_forms_add(wsis_mentions_forms_t *f, const char *s, size_t len)
{
	char *form = malloc(len + 1);
	size_t i, n = 0, h;

	if (form == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		char c = s[i];
		size_t ign = (unsigned char)c >= 0xC2 ? wsis_word_ignored(s + i, len - i) : 0;
		if (ign > 0) {
			i += ign - 1;   /* invisible: no part of the form */
			continue;
		}
		if (isspace((unsigned char)c)) {
			if (n == 0 || form[n - 1] != ' ')
				form[n++] = ' ';
			continue;
		}
		form[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	form[n] = '\0';
	if (mentions_forms_grow(f) != 0) {
		free(form);
		return -1;
	}
	for (h = wsis_hash(form, n) & (f->nslots - 1); f->slots[h] != 0;
	    h = (h + 1) & (f->nslots - 1))
		if (strcmp(f->forms[f->slots[h] - 1].form, form) == 0) {
			f->forms[f->slots[h] - 1].count++;
			free(form);
			return 0;
		}
	f->slots[h] = f->n + 1;
	f->forms[f->n].form = form;
	f->forms[f->n].count = 1;
	f->n++;
	return 0;
}

static int
mentions_form_cmp(const void *a, const void *b)
{
	const wsis_mentions_form_t *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->form, y->form);
}

void
wsis_mentions_forms_sort(wsis_mentions_forms_t *f)
{
	free(f->slots);
	f->slots = NULL;
	f->nslots = 0;
	if (f->n > 1)
		qsort(f->forms, f->n, sizeof *f->forms, mentions_form_cmp);
}

void
wsis_mentions_forms_free(wsis_mentions_forms_t *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->forms[i].form);
	free(f->forms);
	free(f->slots);
	memset(f, 0, sizeof *f);
}
