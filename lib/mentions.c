/* mentions.c - concepts matched as phrases with their variants (mentions.h). */
#include "mentions.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "normalize.h"

#define KEY_MAX      72
#define PHRASE_WORDS 32
#define MAX_ALTS     8
#define MAX_NODES    64

typedef struct {
	char key[KEY_MAX];       /* stem of the normalized word */
	char joined[KEY_MAX];    /* stem of this word joined to the next, or "" */
	char prefix[KEY_MAX];    /* lowercase prefix of a wildcard word */
	int  wild;
	int  caps;               /* an acronym: matches only a word in capitals */
} pword_t;

typedef struct {
	pword_t words[PHRASE_WORDS];
	size_t  n;
} phrase_t;

typedef enum { NODE_CONCEPT, NODE_AND, NODE_OR, NODE_NOT } node_kind_t;

typedef struct {
	node_kind_t kind;
	int         a, b;              /* children (AND, OR: a and b; NOT: a) */
	phrase_t   *alts;              /* CONCEPT: the phrase and its variants */
	size_t      nalts;
	int         positive;          /* not under a NOT */
	size_t      count;             /* occurrences in the current passage */
} node_t;

struct wsis_mentions {
	node_t nodes[MAX_NODES];
	int    nnodes, root;
	/* the first bytes of the concepts' word keys: a pair of passage words
	 * whose first byte is not among them cannot be one of them joined
	 * ("cyber security" for "cybersecurity"): a stem keeps a word's first
	 * letter, and so does normalization, but for British "enquir-", which
	 * becomes "inquir-" (normalize.c) and which no two words join into.
	 * A single word's key is always computed: "enquiry" must match
	 * "inquiry". */
	unsigned char key_first[32];
	struct cached *cache;   /* this thread's keys (mentions_cache) */
	/* tokens of the current passage */
	struct tok {
		size_t s, e;
		char   low[KEY_MAX], key[KEY_MAX], joined[KEY_MAX];
		int    caps;   /* written in capitals ("UN", "LDCs"), see mentions_caps */
	} *toks;
	size_t ntoks, captoks;
};

/* ---- words and keys ---- */

static int
mentions_wordchar(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Whether w[0..n) is written as an acronym: capitals (digits allowed), at
 * least two, and at most a plural 's' after them ("UN", "SIDS", "LDCs"). */
static int
mentions_caps(const char *w, size_t n)
{
	size_t i, upper = 0;

	if (n >= 3 && w[n - 1] == 's')
		n--;
	for (i = 0; i < n; i++) {
		if (isupper((unsigned char)w[i]))
			upper++;
		else if (!isdigit((unsigned char)w[i]))
			return 0;
	}
	return upper >= 2;
}

/* Lowercase, spelling-normalized, stemmed form of w[0..n) into key. */
static int
mentions_key(wsis_stemmer_t *st, const char *w, size_t n, char *key)
{
	char low[KEY_MAX], *norm;
	size_t i;

	if (n >= KEY_MAX)
		n = KEY_MAX - 1;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)w[i]);
	low[n] = '\0';
	norm = wsis_normalize(low, n);
	if (norm == NULL)
		return -1;
	if (wsis_stemmer_stem(st, norm, strlen(norm), key, KEY_MAX) != WSIS_OK) {
		free(norm);
		return -1;
	}
	free(norm);
	return 0;
}

/* ---- the query ---- */

typedef struct {
	const char *s;
	size_t      len, pos;
	wsis_mentions_t *m;
	wsis_buf_t *cand, *filters;
	wsis_stemmer_t *st;
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

/* Splits phrase text into words with their keys. */
static int
mentions_phrase(parser_t *p, const char *t, size_t n, phrase_t *ph)
{
	size_t i = 0, k;

	ph->n = 0;
	while (i < n) {
		size_t j;
		pword_t *w;

		while (i < n && !mentions_wordchar((unsigned char)t[i]))
			i++;
		if (i >= n)
			break;
		for (j = i; j < n && mentions_wordchar((unsigned char)t[j]); j++)
			;
		if (ph->n == PHRASE_WORDS)
			return mentions_fail(p, "a phrase of more than 32 words");
		w = &ph->words[ph->n++];
		memset(w, 0, sizeof *w);
		if (j < n && t[j] == '*') {
			size_t m = j - i < KEY_MAX - 1 ? j - i : KEY_MAX - 1;
			for (k = 0; k < m; k++)
				w->prefix[k] = (char)tolower((unsigned char)t[i + k]);
			w->wild = 1;
		} else if (mentions_key(p->st, t + i, j - i, w->key) != 0) {
			return mentions_fail(p, "out of memory");
		}
		/* the word joined to the next: "cyber security" ~ "cybersecurity" */
		if (ph->n >= 2 && !w->wild && !ph->words[ph->n - 2].wild) {
			char both[2 * KEY_MAX];
			size_t a0 = 0;
			/* re-read the previous word's text: find it backwards */
			size_t e = i;
			while (e > 0 && !mentions_wordchar((unsigned char)t[e - 1]))
				e--;
			a0 = e;
			while (a0 > 0 && mentions_wordchar((unsigned char)t[a0 - 1]))
				a0--;
			if (e - a0 + (j - i) < sizeof both) {
				memcpy(both, t + a0, e - a0);
				memcpy(both + (e - a0), t + i, j - i);
				if (mentions_key(p->st, both, e - a0 + (j - i),
				    ph->words[ph->n - 2].joined) != 0)
					return mentions_fail(p, "out of memory");
				/* the index may hold only the joined form */
				wsis_buf_puts(p->cand, " OR ");
				for (k = 0; k < e - a0 + (j - i); k++)
					wsis_buf_putc(p->cand, (char)tolower((unsigned char)both[k]));
			}
		}
		/* the candidates: each word, lowercase so that it is stemmed */
		if (p->cand->len > 0 && wsis_buf_puts(p->cand, " OR ") != 0)
			return mentions_fail(p, "out of memory");
		for (k = i; k < j; k++)
			wsis_buf_putc(p->cand, (char)tolower((unsigned char)t[k]));
		if (w->wild)
			wsis_buf_putc(p->cand, '*');
		i = j + (w->wild ? 1 : 0);
	}
	if (ph->n == 0)
		return mentions_fail(p, "a concept with no words");
	return 0;
}

/* Marks a one-word phrase whose text t[0..n) is an acronym in capitals as
 * matching only words in capitals. */
static void
mentions_mark_caps(phrase_t *ph, const char *t, size_t n)
{
	while (n > 0 && !mentions_wordchar((unsigned char)*t)) {
		t++;
		n--;
	}
	while (n > 0 && !mentions_wordchar((unsigned char)t[n - 1]))
		n--;
	if (ph->n == 1 && !ph->words[0].wild && mentions_caps(t, n))
		ph->words[0].caps = 1;
}

/* A concept node from phrase text t[0..n), with its acronym variants. */
static int
mentions_concept(parser_t *p, const char *t, size_t n)
{
	wsis_buf_t alts = WSIS_BUF_INIT;
	int id = mentions_new_node(p, NODE_CONCEPT, -1, -1);
	node_t *node;
	char *line, *save = NULL;
	size_t cap = 1;

	if (id < 0)
		return -1;
	node = &p->m->nodes[id];
	if (wsis_normalize_alternatives(t, n, &alts) < 0)
		return mentions_fail(p, "out of memory");
	for (size_t i = 0; i < alts.len; i++)
		cap += alts.data[i] == '\n';
	if (cap > MAX_ALTS)
		cap = MAX_ALTS;
	node->alts = calloc(cap, sizeof *node->alts);
	if (node->alts == NULL) {
		wsis_buf_free(&alts);
		return mentions_fail(p, "out of memory");
	}
	if (mentions_phrase(p, t, n, &node->alts[0]) != 0) {
		wsis_buf_free(&alts);
		return -1;
	}
	node->nalts = 1;
	/* an acronym typed in capitals means the acronym: "UN", not the "un"
	 * of un.org (typed in lowercase, any case matches) */
	if (alts.len > 0)
		mentions_mark_caps(&node->alts[0], t, n);
	/* "WSIS Action Lines" is also written "Action Lines": in these texts
	 * WSIS goes without saying, but only before two words or more */
	if (node->alts[0].n >= 3 && !node->alts[0].words[0].wild && cap < MAX_ALTS) {
		char wsis[KEY_MAX];
		if (mentions_key(p->st, "WSIS", 4, wsis) == 0 &&
		    strcmp(node->alts[0].words[0].key, wsis) == 0) {
			phrase_t *more = realloc(node->alts, (cap + 1) * sizeof *more);
			if (more == NULL) {
				wsis_buf_free(&alts);
				return mentions_fail(p, "out of memory");
			}
			node->alts = more;
			cap++;
			node->alts[1].n = node->alts[0].n - 1;
			memcpy(node->alts[1].words, node->alts[0].words + 1,
			    node->alts[1].n * sizeof(pword_t));
			node->nalts = 2;
		}
	}
	for (line = alts.data ? strtok_r(alts.data, "\n", &save) : NULL;
	    line != NULL && node->nalts < cap; line = strtok_r(NULL, "\n", &save)) {
		if (mentions_phrase(p, line, strlen(line), &node->alts[node->nalts]) != 0) {
			wsis_buf_free(&alts);
			return -1;
		}
		/* the acronym of an expansion counts only as written */
		mentions_mark_caps(&node->alts[node->nalts], line, strlen(line));
		node->nalts++;
	}
	wsis_buf_free(&alts);
	return id;
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

/* Fills m->key_first from the words of every concept. */
static void
mentions_key_first(wsis_mentions_t *m)
{
	int i;
	size_t a, k;

	memset(m->key_first, 0, sizeof m->key_first);
	for (i = 0; i < m->nnodes; i++) {
		if (m->nodes[i].kind != NODE_CONCEPT)
			continue;
		for (a = 0; a < m->nodes[i].nalts; a++)
			for (k = 0; k < m->nodes[i].alts[a].n; k++) {
				unsigned char c = (unsigned char)m->nodes[i].alts[a].words[k].key[0];
				m->key_first[c >> 3] |= (unsigned char)(1u << (c & 7));
			}
	}
}

int
wsis_mentions_compile(const char *query, size_t len, wsis_mentions_t **out,
    wsis_buf_t *candidates, wsis_buf_t *filters, char *err, size_t errlen)
{
	parser_t p;
	wsis_mentions_t *m = calloc(1, sizeof *m);
	wsis_buf_t cand = WSIS_BUF_INIT;
	int root;

	if (m == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memset(&p, 0, sizeof p);
	p.s = query;
	p.len = len;
	p.m = m;
	p.cand = &cand;
	p.filters = filters;
	p.err = err;
	p.errlen = errlen;
	if (wsis_stemmer_new(&p.st) != WSIS_OK) {
		free(m);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	root = mentions_or(&p);
	if (root == -2 && !p.failed)
		mentions_fail(&p, "no concept to look for: give words or a \"phrase\"");
	mentions_skip_ws(&p);
	if (root >= 0 && p.pos < p.len)
		root = mentions_fail(&p, "unbalanced parenthesis: unexpected ')'");
	wsis_stemmer_free(p.st);
	if (root < 0 || p.failed) {
		wsis_buf_free(&cand);
		wsis_mentions_free(m);
		return -1;
	}
	m->root = root;
	mentions_mark_positive(m, root, 1);
	mentions_key_first(m);
	/* a superset of the passages: any word of any concept (the words of a
	 * NOT only widen it); with no positive concept, every passage */
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

/* The token after i can be joined to it (one space or hyphen between). */
static int
mentions_joinable(const char *text, const struct tok *a, const struct tok *b)
{
	return b->s == a->e + 1 && (text[a->e] == ' ' || text[a->e] == '-');
}

/* The keys of the words seen, kept by each thread from request to request:
 * a key depends on the word alone (lowercased, normalized, stemmed in
 * English, the only stemmer there is), and a collection's words come back
 * in every audit.  Made once per request, the table was a 576 KiB calloc
 * and a key computed afresh for every distinct word (3,300 instructions:
 * a normalization and a stem).  256 KiB a thread (words and keys of
 * CACHED_LEN bytes or more are not kept: they are rare, and room for them
 * made the table 576 KiB); freed when its thread ends.  A word may sit in
 * either of two slots, picked by two parts of its hash: direct-mapped, the
 * benchmark's audits (924 distinct words and pairs) recomputed a fifth of
 * them at every run, two words taking turns in one slot; now 1%. */
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

/* mentions_key() through this thread's table; `low` is the word
 * lowercased (cut at KEY_MAX - 1 bytes, as keys are). */
static int
mentions_cached_key(wsis_mentions_t *m, wsis_stemmer_t *st, const char *w, size_t n,
    const char *low, char *key)
{
	struct cached *c, *c2;
	unsigned h;
	size_t klen;

	if (n >= CACHED_LEN)
		return mentions_key(st, w, n, key);
	if (m->cache == NULL && (m->cache = mentions_cache()) == NULL)
		return mentions_key(st, w, n, key);
	h = wsis_hash(low, strlen(low));
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
	if (mentions_key(st, w, n, key) != 0)
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

static int
mentions_tokenize(wsis_mentions_t *m, wsis_stemmer_t *st, const char *text, size_t len)
{
	size_t i = 0, k;

	m->ntoks = 0;
	while (i < len) {
		size_t j;
		struct tok *t;

		while (i < len && !mentions_wordchar((unsigned char)text[i]))
			i++;
		if (i >= len)
			break;
		for (j = i; j < len && mentions_wordchar((unsigned char)text[j]); j++)
			;
		if (m->ntoks == m->captoks) {
			size_t nc = m->captoks ? m->captoks * 2 : 256;
			struct tok *n = realloc(m->toks, nc * sizeof *n);
			if (n == NULL)
				return -1;
			m->toks = n;
			m->captoks = nc;
		}
		t = &m->toks[m->ntoks++];
		t->s = i;
		t->e = j;
		for (k = 0; k < j - i && k < KEY_MAX - 1; k++)
			t->low[k] = (char)tolower((unsigned char)text[i + k]);
		t->low[k] = '\0';
		if (mentions_cached_key(m, st, text + i, j - i, t->low, t->key) != 0)
			return -1;
		t->joined[0] = '\0';
		t->caps = mentions_caps(text + i, j - i);
		i = j;
	}
	/* pairs of words as one ("cyber security"): their keys come from the
	 * thread's table too, through the two words lowercased, which are
	 * whole (shorter than KEY_MAX together); computed afresh, they were
	 * half of an audit's matching (callgrind) */
	for (k = 0; k + 1 < m->ntoks; k++) {
		struct tok *a = &m->toks[k], *b = &m->toks[k + 1];
		char both[KEY_MAX], low[KEY_MAX];
		size_t na = a->e - a->s, nb = b->e - b->s;
		unsigned char c = (unsigned char)a->low[0];
		if (!mentions_joinable(text, a, b) || na + nb >= KEY_MAX ||
		    (c < 0x80 && !isdigit(c) && !(m->key_first[c >> 3] & (1u << (c & 7)))))
			continue;
		memcpy(both, text + a->s, na);
		memcpy(both + na, text + b->s, nb);
		memcpy(low, a->low, na);
		memcpy(low + na, b->low, nb);
		low[na + nb] = '\0';
		if (mentions_cached_key(m, st, both, na + nb, low, a->joined) != 0)
			return -1;
	}
	return 0;
}

/* The token index where phrase word k.. matched from token i ends, or -1. */
static long
mentions_match_at(const wsis_mentions_t *m, size_t i, const phrase_t *ph, size_t k)
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
	if (w->caps && !t->caps)
		return -1;
	if (w->wild)
		return strncmp(t->low, w->prefix, strlen(w->prefix)) == 0 ?
		    mentions_match_at(m, i + 1, ph, k + 1) : -1;
	if (strcmp(t->key, w->key) == 0 && (r = mentions_match_at(m, i + 1, ph, k + 1)) >= 0)
		return r;
	/* "cyber security" in the text for "cybersecurity" in the query */
	if (t->joined[0] != '\0' && strcmp(t->joined, w->key) == 0 &&
	    (r = mentions_match_at(m, i + 2, ph, k + 1)) >= 0)
		return r;
	/* "cybersecurity" in the text for "cyber security" in the query */
	if (w->joined[0] != '\0' && strcmp(t->key, w->joined) == 0 &&
	    (r = mentions_match_at(m, i + 1, ph, k + 2)) >= 0)
		return r;
	return -1;
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

int
wsis_mentions_match(wsis_mentions_t *m, wsis_stemmer_t *st, const char *text, size_t len,
    wsis_occurrence_t **occ, size_t *nocc)
{
	wsis_occurrence_t *o = NULL;
	size_t n = 0, cap = 0, i, k, a;
	int id;

	*occ = NULL;
	*nocc = 0;
	if (mentions_tokenize(m, st, text, len) != 0)
		return -1;
	for (id = 0; id < m->nnodes; id++) {
		node_t *node = &m->nodes[id];
		if (node->kind != NODE_CONCEPT)
			continue;
		node->count = 0;
		for (i = 0; i < m->ntoks;) {
			long end = -1;
			for (a = 0; a < node->nalts && end < 0; a++)
				end = mentions_match_at(m, i, &node->alts[a], 0);
			if (end < 0) {
				i++;
				continue;
			}
			node->count++;
			if (node->positive && mentions_add_occ(&o, &n, &cap, m->toks[i].s,
			    m->toks[end - 1].e - m->toks[i].s) != 0) {
				free(o);
				return -1;
			}
			i = (size_t)end;
		}
	}
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
	return mentions_eval(m, m->root);
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
	free(m);
}
