/* querytext.c - a query as people type it, made ready for the query parser
 * (querytext.h). */
#include "querytext.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "citations.h"
#include "normalize.h"
#include "words.h"

/* Groups nest at most this deep: deeper parentheses are spaces. */
#define QUERYTEXT_MAX_DEPTH 32

/* The names a notice lists at most (the rest are counted). */
#define QUERYTEXT_MAX_NAMED 4

enum { TK_NONE, TK_WORD, TK_PHRASE, TK_OPEN, TK_CLOSE, TK_OP };
enum { OP_BOOL = 1, OP_AND, OP_NOT, OP_NEAR };

typedef struct {
	size_t s, e;      /* t[s..e) */
	int    kind;      /* TK_* */
	int    op;        /* TK_OP: OP_* */
	int    is_op;     /* TK_OP read as an operator */
	int    term;      /* holds a word character */
	int    plain;     /* word characters only: an operand of NEAR and ADJ */
} querytext_tok_t;

/* The fields of the query language (wsis-xapian.cc's setup_parser). */
static const char *const querytext_fields[] = {
	"part", "section", "chapter", "title", "para", "day", "id", "cites", NULL
};

typedef struct {
	wsis_buf_t        b;
	wsis_querytext_t *qt;
	int               caps;        /* the query is written in capitals */
	char              names[QUERYTEXT_MAX_NAMED * 24];   /* unknown `name:`s */
	size_t            nnames;
	char              demoted[QUERYTEXT_MAX_NAMED * 24]; /* operator words read as words */
	size_t            ndemoted;
} querytext_state_t;

/* Spaces, and the control bytes (the protocol lets none through; they
 * are spaces to the parser, and a NUL would end its text). */
static int
querytext_is_space(unsigned char c)
{
	return c <= ' ' || c == 0x7F;
}

static int
querytext_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A byte of a word: ASCII letters and digits, '_', and any non-ASCII byte
 * (UTF-8 letters; the typographic apostrophe). */
static int
querytext_is_wordbyte(unsigned char c)
{
	return querytext_is_letter(c) || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* Bytes of the double quote at t[i]: '"', U+201C or U+201D (the parser's
 * quotes); 0 when none is there. */
static size_t
querytext_quote_len(const char *t, size_t n, size_t i)
{
	if (t[i] == '"')
		return 1;
	if (i + 2 < n && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0x9C || (unsigned char)t[i + 2] == 0x9D))
		return 3;
	return 0;
}

/* The end of the quoted text that starts after the quote ending at i. */
static size_t
querytext_phrase_end(const char *t, size_t n, size_t i)
{
	size_t q;

	for (; i < n; i++)
		if ((q = querytext_quote_len(t, n, i)) != 0)
			return i + q;
	return n;
}

/* Which operator w[0..n) spells, or 0: AND OR NOT XOR NEAR ADJ, NEAR/n,
 * ADJ/n (n: one to four digits, not 0). */
static int
querytext_op_kind(const char *w, size_t n)
{
	size_t k, d;

	if (n == 3 && memcmp(w, "AND", 3) == 0)
		return OP_AND;
	if (n == 3 && memcmp(w, "NOT", 3) == 0)
		return OP_NOT;
	if ((n == 2 && memcmp(w, "OR", 2) == 0) || (n == 3 && memcmp(w, "XOR", 3) == 0))
		return OP_BOOL;
	if (n >= 4 && memcmp(w, "NEAR", 4) == 0)
		k = 4;
	else if (n >= 3 && memcmp(w, "ADJ", 3) == 0)
		k = 3;
	else
		return 0;
	if (k == n)
		return OP_NEAR;
	if (w[k] != '/' || n - k - 1 < 1 || n - k - 1 > 4 || w[k + 1] == '0')
		return 0;
	for (d = k + 1; d < n; d++)
		if (w[d] < '0' || w[d] > '9')
			return 0;
	return OP_NEAR;
}

static const char *
querytext_field(const char *w, size_t n)
{
	size_t k;

	for (k = 0; querytext_fields[k] != NULL; k++)
		if (strlen(querytext_fields[k]) == n && memcmp(querytext_fields[k], w, n) == 0)
			return querytext_fields[k];
	return NULL;
}

/* Whether a para: or day: value is a number or a range: 38, 30..40, 30..,
 * ..40. */
static int
querytext_number_or_range(const char *v, size_t n)
{
	size_t i, digits = 0, dots = 0;

	for (i = 0; i < n; i++) {
		if (v[i] >= '0' && v[i] <= '9') {
			digits++;
		} else if (v[i] == '.' && i + 1 < n && v[i + 1] == '.' && dots == 0) {
			dots = 1;
			i++;
		} else {
			return 0;
		}
	}
	return digits > 0;
}

/* Whether number_or_range v[0..n) is a range A..B with A > B. */
static int
querytext_range_reversed(const char *v, size_t n)
{
	const char *dots = n >= 2 ? memmem(v, n, "..", 2) : NULL;
	unsigned long a = 0, b = 0;
	size_t i, k;

	if (dots == NULL || dots == v || dots + 2 == v + n)
		return 0;
	k = (size_t)(dots - v);
	for (i = 0; i < k && a < 1000000000ul; i++)
		a = a * 10 + (unsigned long)(v[i] - '0');
	for (i = k + 2; i < n && b < 1000000000ul; i++)
		b = b * 10 + (unsigned long)(v[i] - '0');
	return a > b;
}

/* Appends "name" to a list of at most QUERYTEXT_MAX_NAMED names, ", "-separated. */
static void
querytext_list_add(char *list, size_t size, size_t *count, const char *w, size_t n)
{
	size_t len = strlen(list);

	if ((*count)++ >= QUERYTEXT_MAX_NAMED)
		return;
	snprintf(list + len, size - len, "%s%.*s", len > 0 ? ", " : "", n > 20 ? 20 : (int)n, w);
}

/* Appends the words of s[0..n), each lowercased unless it is an acronym of
 * the table; a run of two or more dots becomes spaces (the parser reads
 * "12..15" as a range); '*' marks a wildcard. */
static int
querytext_put_words(querytext_state_t *st, const char *s, size_t n)
{
	size_t i = 0, j, k;
	int rc = 0;

	while (i < n && rc == 0) {
		unsigned char c = (unsigned char)s[i];

		if (querytext_is_wordbyte(c)) {
			/* a word, an apostrophe inside it included: "ICT's" is
			 * no acronym, and lowercased it is stemmed as "ict" */
			for (j = i; j < n && (querytext_is_wordbyte((unsigned char)s[j]) ||
			    (s[j] == '\'' && j > i && j + 1 < n &&
			    querytext_is_wordbyte((unsigned char)s[j + 1]))); j++)
				;
			if (wsis_normalize_is_acronym(s + i, j - i)) {
				rc = wsis_buf_append(&st->b, s + i, j - i);
			} else if ((rc = wsis_buf_reserve(&st->b, j - i)) == 0) {
				for (k = i; k < j; k++) {
					unsigned char d = (unsigned char)s[k];
					if (d >= 'A' && d <= 'Z')
						d = (unsigned char)(d - 'A' + 'a');
					/* Latin-1 capitals, U+00C0-U+00DE but U+00D7 */
					else if (k > i && (unsigned char)s[k - 1] == 0xC3 &&
					    d >= 0x80 && d <= 0x9E && d != 0x97)
						d = (unsigned char)(d + 0x20);
					st->b.data[st->b.len++] = (char)d;
				}
				st->b.data[st->b.len] = '\0';
			}
			i = j;
		} else if (c == '.' && i + 1 < n && s[i + 1] == '.') {
			for (j = i; j < n && s[j] == '.'; j++)
				rc |= wsis_buf_putc(&st->b, ' ');
			i = j;
		} else {
			if (c == '*')
				st->qt->flags |= WSIS_QT_SYNTAX;
			rc = wsis_buf_putc(&st->b, querytext_is_space(c) ? ' ' : (char)c);
			i++;
		}
	}
	return rc;
}

/* Appends a word token t[s..e): its leading + or -, a field, the words.
 * Returns 0, 1 (a known field's bad value: err), or -1. */
static int
querytext_put_word_token(querytext_state_t *st, const char *t, size_t s, size_t e, char *err,
    size_t errlen)
{
	size_t p = s, k;
	const char *field;

	/* + and -: operators only just before a term, and not in capitals */
	while (p < e && (t[p] == '+' || t[p] == '-')) {
		if (!st->caps && p + 1 < e && (querytext_is_wordbyte((unsigned char)t[p + 1]) ||
		    querytext_quote_len(t, e, p + 1))) {
			st->qt->flags |= WSIS_QT_SYNTAX;
			if (wsis_buf_putc(&st->b, t[p]) != 0)
				return -1;
		} else if (wsis_buf_putc(&st->b, ' ') != 0) {
			return -1;
		}
		p++;
	}
	for (k = p; k < e && querytext_is_letter((unsigned char)t[k]); k++)
		;
	if (k > p && k < e && t[k] == ':' && !(k + 1 < e && (t[k + 1] == '/' || t[k + 1] == ':'))) {
		field = querytext_field(t + p, k - p);
		if (field != NULL && k + 1 < e) {
			const char *v = t + k + 1;
			size_t vn = e - k - 1;

			if ((strcmp(field, "para") == 0 || strcmp(field, "day") == 0) &&
			    !querytext_number_or_range(v, vn)) {
				snprintf(err, errlen, "%s: takes a number or a range (%s:3, "
				    "%s:1..3), not '%.*s'", field, field, field,
				    vn > 40 ? 40 : (int)vn, v);
				return 1;
			}
			if ((strcmp(field, "para") == 0 || strcmp(field, "day") == 0) &&
			    querytext_range_reversed(v, vn)) {
				snprintf(err, errlen, "%s: the range '%.*s' is empty: write the lower "
				    "number first", field, vn > 40 ? 40 : (int)vn, v);
				return 1;
			}
			st->qt->flags |= WSIS_QT_SYNTAX;
			if (wsis_buf_append(&st->b, t + p, k + 1 - p) != 0)
				return -1;
			/* a cited text: its index key, the term's value */
			if (strcmp(field, "cites") == 0)
				return wsis_citations_query(v, vn, &st->b, err, errlen);
			/* part:, id: and the numbers are taken as written */
			if (strcmp(field, "section") == 0 || strcmp(field, "chapter") == 0 ||
			    strcmp(field, "title") == 0)
				return querytext_put_words(st, v, vn) != 0 ? -1 : 0;
			return wsis_buf_append(&st->b, v, vn) != 0 ? -1 : 0;
		}
		if (field != NULL)
			wsis_querytext_notice(st->qt, "'%s:' has no value: searched as a word",
			    field);
		else
			querytext_list_add(st->names, sizeof st->names, &st->nnames, t + p,
			    k + 1 - p);
		/* the name, then a space for the ':' */
		if (querytext_put_words(st, t + p, k - p) != 0 || wsis_buf_putc(&st->b, ' ') != 0)
			return -1;
		p = k + 1;
	}
	return querytext_put_words(st, t + p, e - p) != 0 ? -1 : 0;
}

/* Splits t[0..n) into tokens: parentheses, quoted phrases, and runs of
 * anything else up to a space, a parenthesis or a quote (a field's quoted
 * value, section:"...", is part of its run).  Returns the number. */
static size_t
querytext_tokenize(const char *t, size_t n, querytext_tok_t *tok)
{
	size_t i = 0, j, q, nt = 0, k, w;

	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		querytext_tok_t *x = &tok[nt];

		if (querytext_is_space(c)) {
			i++;
			continue;
		}
		memset(x, 0, sizeof *x);
		x->s = i;
		if (c == '(' || c == ')') {
			x->kind = c == '(' ? TK_OPEN : TK_CLOSE;
			j = i + 1;
		} else if ((q = querytext_quote_len(t, n, i)) != 0) {
			x->kind = TK_PHRASE;
			j = querytext_phrase_end(t, n, i + q);
		} else {
			x->kind = TK_WORD;
			for (j = i; j < n && !querytext_is_space((unsigned char)t[j]) &&
			    t[j] != '(' && t[j] != ')'; j++) {
				if ((q = querytext_quote_len(t, n, j)) == 0)
					continue;
				/* field:"a phrase", and +"a phrase" or -"a phrase" */
				if (j > i && (t[j - 1] == ':' ||
				    strspn(t + i, "+-") == j - i))
					j = querytext_phrase_end(t, n, j + q);
				break;
			}
			if ((x->op = querytext_op_kind(t + i, j - i)) != 0)
				x->kind = TK_OP;
		}
		x->e = j;
		/* a term holds a word (words.h: quotes, dashes and the other
		 * punctuation of U+2000-U+206F are none) */
		k = 0;
		x->term = wsis_word_next(t + i, j - i, &k, &q, &w);
		x->plain = x->kind == TK_WORD;
		for (k = i; k < j; k++)
			if (!querytext_is_wordbyte((unsigned char)t[k]) && t[k] != '\'')
				x->plain = 0;
		/* NEAR's operand is one word, as the parser reads one */
		if (x->plain && (q != 0 || w != j - i))
			x->plain = 0;
		nt++;
		i = j;
	}
	return nt;
}

/* Whether the query is written in capitals: its words of two or more
 * letters, acronyms of the table and operator words left out, hold a
 * capital and no lowercase letter. */
static int
querytext_in_capitals(const char *t, const querytext_tok_t *tok, size_t nt)
{
	size_t i, p, j, k, upper = 0, lower = 0;

	for (i = 0; i < nt; i++) {
		if (tok[i].kind != TK_WORD && tok[i].kind != TK_PHRASE)
			continue;
		p = tok[i].s;
		/* a field's name */
		for (k = p; k < tok[i].e && querytext_is_letter((unsigned char)t[k]); k++)
			;
		if (k < tok[i].e && t[k] == ':' && querytext_field(t + p, k - p) != NULL)
			p = k + 1;
		while (p < tok[i].e) {
			size_t u = 0, l = 0;

			if (!querytext_is_wordbyte((unsigned char)t[p])) {
				p++;
				continue;
			}
			for (j = p; j < tok[i].e && querytext_is_wordbyte((unsigned char)t[j]);
			    j++) {
				unsigned char c = (unsigned char)t[j];
				if (c >= 'A' && c <= 'Z')
					u++;
				else if (c >= 'a' && c <= 'z')
					l++;
				else if (j > p && (unsigned char)t[j - 1] == 0xC3 && c != 0x97 &&
				    c != 0xB7)
					*(c < 0xA0 ? &u : &l) += 1;
			}
			if (u + l >= 2 && !wsis_normalize_is_acronym(t + p, j - p)) {
				upper += u;
				lower += l;
			}
			p = j;
		}
	}
	return upper > 0 && lower == 0;
}

/* Pairs the parentheses: one without its pair, a group holding no term,
 * and groups deeper than QUERYTEXT_MAX_DEPTH become TK_NONE (spaces); returns how
 * many groups are left open, to close at the end. */
static size_t
querytext_pair(querytext_tok_t *tok, size_t nt, size_t *stack)
{
	size_t i, k, depth = 0;

	for (i = 0; i < nt; i++) {
		if (tok[i].kind == TK_OPEN) {
			stack[depth++] = i;
		} else if (tok[i].kind == TK_CLOSE) {
			int empty = 1;

			if (depth == 0) {
				tok[i].kind = TK_NONE;
				continue;
			}
			k = stack[--depth];
			for (size_t m = k + 1; m < i; m++)
				if (tok[m].kind != TK_NONE && tok[m].kind != TK_OPEN &&
				    tok[m].kind != TK_CLOSE && tok[m].term)
					empty = 0;
			if (empty || depth >= QUERYTEXT_MAX_DEPTH)
				tok[k].kind = tok[i].kind = TK_NONE;
		}
	}
	/* the groups left open: kept when something follows, and closed */
	k = 0;
	while (depth > 0) {
		size_t o = stack[--depth], m;
		int empty = 1;

		for (m = o + 1; m < nt; m++)
			if (tok[m].kind != TK_NONE && tok[m].kind != TK_OPEN &&
			    tok[m].kind != TK_CLOSE && tok[m].term)
				empty = 0;
		if (empty || depth >= QUERYTEXT_MAX_DEPTH)
			tok[o].kind = TK_NONE;
		else
			k++;
	}
	return k;
}

/* The token next to i in direction d (+1, -1) that is not TK_NONE, or NULL. */
static const querytext_tok_t *
querytext_neighbour(const querytext_tok_t *tok, size_t nt, size_t i, int d)
{
	for (;;) {
		if ((d < 0 && i == 0) || (d > 0 && i + 1 >= nt))
			return NULL;
		i = d < 0 ? i - 1 : i + 1;
		if (tok[i].kind != TK_NONE)
			return &tok[i];
	}
}

static int
querytext_left_operand(const querytext_tok_t *x, int near)
{
	if (x == NULL)
		return 0;
	if (near)
		return x->kind == TK_WORD && x->plain && x->term;
	return ((x->kind == TK_WORD || x->kind == TK_PHRASE) && x->term) || x->kind == TK_CLOSE;
}

static int
querytext_right_operand(const querytext_tok_t *x, int near)
{
	if (x == NULL)
		return 0;
	if (near)
		return x->kind == TK_WORD && x->plain && x->term;
	return ((x->kind == TK_WORD || x->kind == TK_PHRASE) && x->term) || x->kind == TK_OPEN;
}

/* Decides which operator words are operators (querytext.h's rule). */
static void
querytext_read_operators(querytext_state_t *st, const char *t, querytext_tok_t *tok, size_t nt)
{
	size_t i;

	for (i = 0; i < nt; i++) {
		querytext_tok_t *x = &tok[i];
		const querytext_tok_t *l, *r;
		size_t ri;
		int near;

		if (x->kind != TK_OP)
			continue;
		near = x->op == OP_NEAR;
		l = querytext_neighbour(tok, nt, i, -1);
		r = querytext_neighbour(tok, nt, i, +1);
		ri = r != NULL ? (size_t)(r - tok) : 0;
		if (!st->caps && x->op == OP_AND && r != NULL && r->kind == TK_OP &&
		    r->op == OP_NOT && querytext_left_operand(l, 0) &&
		    querytext_right_operand(querytext_neighbour(tok, nt, ri, +1), 0)) {
			/* AND NOT: one operator */
			x->is_op = tok[ri].is_op = 1;
			i = ri;
			continue;
		}
		if (!st->caps && querytext_left_operand(l, near) &&
		    querytext_right_operand(r, near))
			x->is_op = 1;
		else
			querytext_list_add(st->demoted, sizeof st->demoted, &st->ndemoted, t + x->s,
			    x->e - x->s);
	}
}

int
wsis_querytext_prepare(const char *t, size_t n, wsis_querytext_t *qt, char *err,
    size_t errlen)
{
	querytext_state_t st;
	querytext_tok_t *tok;
	size_t *stack, nt, i, k, open;
	int rc = 0;

	memset(qt, 0, sizeof *qt);
	memset(&st, 0, sizeof st);
	st.qt = qt;
	if (errlen > 0)
		err[0] = '\0';
	tok = malloc((n + 1) * sizeof *tok);
	stack = malloc((n + 1) * sizeof *stack);
	if (tok == NULL || stack == NULL || wsis_buf_reserve(&st.b, n + 16) != 0) {
		rc = -1;
		goto out;
	}
	nt = querytext_tokenize(t, n, tok);
	st.caps = querytext_in_capitals(t, tok, nt);
	if (st.caps) {
		for (i = 0; i < nt; i++)
			if (tok[i].kind == TK_OPEN || tok[i].kind == TK_CLOSE)
				tok[i].kind = TK_NONE;
		open = 0;
	} else {
		open = querytext_pair(tok, nt, stack);
	}
	querytext_read_operators(&st, t, tok, nt);

	for (i = 0; i < nt && rc == 0; i++) {
		const querytext_tok_t *x = &tok[i];

		if (i > 0 && tok[i - 1].e < x->s)
			rc = wsis_buf_putc(&st.b, ' ');
		if (rc != 0)
			break;
		switch (x->kind) {
		case TK_NONE:
			rc = wsis_buf_putc(&st.b, ' ');
			break;
		case TK_OPEN:
		case TK_CLOSE:
			qt->flags |= WSIS_QT_SYNTAX;
			rc = wsis_buf_putc(&st.b, x->kind == TK_OPEN ? '(' : ')');
			break;
		case TK_OP:
			if (x->is_op) {
				qt->flags |= WSIS_QT_OPERATORS | WSIS_QT_SYNTAX;
				rc = wsis_buf_append(&st.b, t + x->s, x->e - x->s);
			} else {
				rc = querytext_put_words(&st, t + x->s, x->e - x->s);
			}
			break;
		case TK_PHRASE:
			qt->flags |= WSIS_QT_SYNTAX;
			rc = querytext_put_words(&st, t + x->s, x->e - x->s);
			break;
		default:
			rc = querytext_put_word_token(&st, t, x->s, x->e, err, errlen);
			break;
		}
	}
	for (k = 0; k < open && rc == 0; k++)
		rc = wsis_buf_putc(&st.b, ')');
	if (rc != 0)
		goto out;
	if (st.nnames > 0)
		wsis_querytext_notice(qt, "not fields, searched as words: %s%s (the fields are "
		    "part, section, chapter, title, para, day, id and cites)", st.names,
		    st.nnames > QUERYTEXT_MAX_NAMED ? ", ..." : "");
	if (st.ndemoted > 0)
		wsis_querytext_notice(qt, "searched as words, not operators: %s%s (%s)",
		    st.demoted, st.ndemoted > QUERYTEXT_MAX_NAMED ? ", ..." : "",
		    st.caps ? "the query is written in capitals" :
		    "an operator stands between two terms");
	qt->len = st.b.len;
	qt->text = wsis_buf_detach(&st.b);
	if (qt->text == NULL)
		rc = -1;
out:
	wsis_buf_free(&st.b);
	free(tok);
	free(stack);
	return rc;
}

char *
wsis_querytext_words(const char *t, size_t n)
{
	querytext_state_t st;
	wsis_querytext_t qt;
	size_t pos = 0, s, e;

	memset(&st, 0, sizeof st);
	memset(&qt, 0, sizeof qt);
	st.qt = &qt;
	if (wsis_buf_reserve(&st.b, n + 1) != 0)
		return NULL;
	while (wsis_word_next(t, n, &pos, &s, &e)) {
		if ((st.b.len > 0 && wsis_buf_putc(&st.b, ' ') != 0) ||
		    querytext_put_words(&st, t + s, e - s) != 0) {
			wsis_buf_free(&st.b);
			return NULL;
		}
	}
	return wsis_buf_detach(&st.b);
}

void
wsis_querytext_notice(wsis_querytext_t *qt, const char *fmt, ...)
{
	char msg[WSIS_QT_NOTICE_MAX];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (i = 0; i < qt->nnotices; i++)
		if (strcmp(qt->notices[i], msg) == 0)
			return;
	if (qt->nnotices < WSIS_QT_MAX_NOTICES)
		memcpy(qt->notices[qt->nnotices++], msg, sizeof msg);
}

void
wsis_querytext_free(wsis_querytext_t *qt)
{
	if (qt == NULL)
		return;
	free(qt->text);
	qt->text = NULL;
	qt->len = 0;
}
