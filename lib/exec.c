/* exec.c - SEARCH, COUNT, DOC and MENTIONS on a database, answered as JSON
 * (exec.h). */
#include "exec.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "answertype.h"
#include "clock.h"
#include "command.h"
#include "hash.h"
#include "highlight.h"
#include "json.h"
#include "mentions.h"
#include "normalize.h"
#include "phrase.h"
#include "wordmap.h"
#include "words.h"
#include "querytext.h"
#include "sprinter.h"

static double
exec_now_us(void)
{
	return wsis_clock_s() * 1e6;
}

int
wsis_exec_verror(wsis_exec_error_t *err, int code, const char *fmt, va_list ap)
{
	err->code = code;
	err->retry = 0;
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	return -1;
}

int
wsis_exec_fail(wsis_exec_error_t *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wsis_exec_verror(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

/* The error of a reply the sprinter refused (sprinter.h). */
static int
exec_sp_fail(wsis_exec_error_t *err, const wsis_sprinter_t *sp)
{
	return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "%s",
	    wsis_sp_error(sp) == WSIS_SP_EMISUSE ? "the reply is malformed" : "out of memory");
}

/* Maps a wrapper status to a reply code. */
static int
exec_code(wsis_status_t st)
{
	switch (st) {
	case WSIS_EQUERY:    return WSIS_PROTO_CODE_QUERY_SYNTAX;
	case WSIS_EINVAL:    return WSIS_PROTO_CODE_BAD_REQUEST;
	case WSIS_ENOTFOUND: return WSIS_PROTO_CODE_NOT_FOUND;
	default:             return WSIS_PROTO_CODE_INTERNAL;
	}
}

int
wsis_exec_in_order(wsis_db_t *db, const wsis_query_t *q, wsis_results_t **r,
    wsis_exec_error_t *err)
{
	wsis_search_opts_t so;
	unsigned long docs = 0;
	wsis_status_t s;

	memset(&so, 0, sizeof so);
	wsis_db_doccount(db, &docs);
	so.limit = so.check_at_least = (unsigned)docs;
	so.doc_order = 1;
	if ((s = wsis_db_search(db, q, &so, r)) == WSIS_OK)
		return 0;
	wsis_exec_fail(err, exec_code(s), "search: %s", wsis_db_error(db));
	err->retry = s == WSIS_EMODIFIED;
	return -1;
}

int
wsis_exec_filter_text(const wsis_proto_request_t *req, wsis_buf_t *f)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < req->nparts; i++)
		rc |= wsis_buf_printf(f, "part:%.*s ", (int)req->parts[i].len, req->parts[i].ptr);
	if (req->opts & WSIS_PROTO_OPT_SECTION)
		rc |= wsis_buf_printf(f, "section:\"%.*s\" ", (int)req->section.len,
		    req->section.ptr);
	if (req->opts & WSIS_PROTO_OPT_PARA)
		rc |= wsis_buf_printf(f, "para:%u..%u ", req->para_min, req->para_max);
	if (req->opts & WSIS_PROTO_OPT_DAY)
		rc |= wsis_buf_printf(f, "day:%u..%u ", req->day_min, req->day_max);
	return rc;
}

/* Parses one string as a query; returns 0 or -1 with err filled. */
static int
exec_parse(wsis_db_t *db, const char *text, size_t len, int plain, unsigned flags,
    wsis_query_t **q, wsis_exec_error_t *err)
{
	char *norm = plain ? strndup(text, len) : wsis_normalize_query(text, len);
	wsis_status_t st;

	if (norm == NULL)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	st = wsis_query_parse(db, norm, flags, q);
	free(norm);
	if (st != WSIS_OK)
		return wsis_exec_fail(err, exec_code(st), "query: %s", wsis_db_error(db));
	return 0;
}

/* The flags of a query read as its words alone: no operator, phrase,
 * wildcard or +/-. */
#define EXEC_WORDS_ONLY(flags) ((flags) & ~(unsigned)(WSIS_QUERY_BOOLEAN | \
    WSIS_QUERY_PHRASE | WSIS_QUERY_WILDCARD | WSIS_QUERY_LOVEHATE))

/* Parses the words of t[0..n) alone (wsis_querytext_words()), what a query
 * is searched as when its operators cannot be read. */
static int
exec_parse_words(wsis_db_t *db, const char *t, size_t n, unsigned flags, wsis_query_t **q,
    wsis_exec_error_t *err)
{
	char *words = wsis_querytext_words(t, n);
	int rc;

	if (words == NULL)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	rc = exec_parse(db, words, strlen(words), 0, EXEC_WORDS_ONLY(flags), q, err);
	free(words);
	return rc;
}

/* Whether prepared text t[0..n) is terms that each begin with '-' (a
 * quoted phrase counts as one term), and nothing else. */
static int
exec_only_excluded(const char *t, size_t n)
{
	size_t i = 0;
	int terms = 0;

	while (i < n) {
		if (t[i] == ' ') {
			i++;
			continue;
		}
		if (t[i] != '-' || i + 1 >= n || t[i + 1] == ' ')
			return 0;
		terms++;
		for (i++; i < n && t[i] != ' '; i++)
			if (t[i] == '"') {
				const char *q = memchr(t + i + 1, '"', n - i - 1);
				i = q != NULL ? (size_t)(q - t) : n;
			}
	}
	return terms > 0;
}

/* t[0..n) with the '-' that begins each of its terms dropped, malloc'ed. */
static char *
exec_without_minus(const char *t, size_t n)
{
	char *s = malloc(n + 1);
	size_t i, k = 0;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (!(t[i] == '-' && (i == 0 || t[i - 1] == ' ')))
			s[k++] = t[i];
	s[k] = '\0';
	return s;
}

/* Builds the query of a SEARCH or COUNT request as people type it
 * (querytext.h): the text prepared, parsed; one the parser cannot read is
 * searched as its words, and one of more than max_terms distinct terms by
 * the max_terms most selective; each with a notice in qt.  Only a known
 * field with a bad value is an error. */
static int
exec_query(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    unsigned flags, wsis_query_t **out, wsis_querytext_t *qt, wsis_exec_error_t *err)
{
	wsis_query_t *q = NULL, *fq = NULL;
	wsis_buf_t f = WSIS_BUF_INIT;
	const char *text = req->text.ptr ? req->text.ptr : "";
	size_t len = req->text.len;
	unsigned nterms = 0;
	int rc = -1, limited = 0;
	char msg[sizeof err->message];

	if (len > lim->max_query_bytes) {
		/* the first max_query_bytes, cut before a word */
		size_t cut = lim->max_query_bytes;
		while (cut > 0 && text[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = lim->max_query_bytes;
		while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
			cut--;
		len = cut;
	}
	if (lim->plain) {
		if (exec_parse(db, text, len, 1, flags, &q, err) != 0)
			return -1;
	} else {
		int prc = wsis_querytext_prepare(text, len, qt, msg, sizeof msg);

		if (prc < 0)
			return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		if (prc > 0)
			return wsis_exec_fail(err, WSIS_PROTO_CODE_QUERY_SYNTAX, "%s", msg);
		if (exec_only_excluded(qt->text, qt->len)) {
			/* Xapian's parser reads a query of exclusions alone as
			 * their words; people mean every passage but those */
			char *pos = exec_without_minus(qt->text, qt->len);
			if (pos == NULL)
				return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			rc = exec_parse(db, pos, strlen(pos), 0, flags, &q, err);
			free(pos);
			if (rc != 0)
				return -1;
			rc = -1;
			if (wsis_query_negate(q) != WSIS_OK) {
				wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
				goto out;
			}
		} else if (exec_parse(db, qt->text, qt->len, 0, flags, &q, err) != 0) {
			if (err->code != WSIS_PROTO_CODE_QUERY_SYNTAX)
				return -1;
			wsis_querytext_notice(qt, "the query's operators cannot be read (%.80s): "
			    "searched as its words", err->message);
			if (exec_parse_words(db, text, len, flags, &q, err) != 0)
				return -1;
		}
	}
	if (len < req->text.len)
		wsis_querytext_notice(qt, "the query is longer than %u bytes: its first %zu "
		    "are searched", lim->max_query_bytes, len);
	/* past max_terms distinct terms, the most selective max_terms: an OR
	 * of many terms costs a posting list each; AND and phrases do not */
	if (wsis_query_term_count(q, &nterms) == WSIS_OK && nterms > lim->max_terms) {
		if (wsis_query_limit_terms(db, q, lim->max_terms, &limited) != WSIS_OK) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			goto out;
		}
		if (limited < 0) {
			/* not an OR at the top: its words alone are */
			wsis_query_free(q);
			q = NULL;
			if (exec_parse_words(db, text, len, flags, &q, err) != 0)
				goto out;
			if (wsis_query_limit_terms(db, q, lim->max_terms, &limited) != WSIS_OK) {
				wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
				goto out;
			}
			limited = -1;
		}
		wsis_querytext_notice(qt, "the query has %u distinct terms: searched%s by the "
		    "%u most selective (max-terms)", nterms, limited < 0 ? " as its words" : "",
		    lim->max_terms);
	}
	if (wsis_exec_filter_text(req, &f) != 0) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	if (f.len > 0) {
		if (exec_parse(db, f.data, f.len, 0, WSIS_QUERY_BOOLEAN | WSIS_QUERY_PHRASE, &fq,
		    err) != 0)
			goto out;
		if (wsis_query_filter(q, fq) != WSIS_OK) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "cannot apply the filters");
			goto out;
		}
	}
	if (wsis_query_is_empty(q)) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST, "empty query: give words or filters");
		goto out;
	}
	*out = q;
	q = NULL;
	rc = 0;
out:
	wsis_buf_free(&f);
	wsis_query_free(fq);
	wsis_query_free(q);
	return rc;
}

/* The member "notices", when there are any: the HTTP parameters ignored
 * (httpreq.h), a SEARCH's limit cut to max-limit (lim NULL: not checked),
 * and what the query's preparation noted (qt, may be NULL). */
void
wsis_exec_put_notices(wsis_sprinter_t *sp, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, const wsis_querytext_t *qt)
{
	int capped = lim != NULL && req->cmd == WSIS_PROTO_CMD_SEARCH &&
	    req->limit > lim->max_limit;
	size_t nq = qt != NULL ? qt->nnotices : 0, i, n;
	char msg[WSIS_PROTO_MAX_IGNORED * 44 + 80];

	if (req->nignored == 0 && !capped && nq == 0)
		return;
	wsis_sp_map_key(sp, "notices");
	wsis_sp_begin_list(sp);
	if (req->nignored > 0) {
		/* room for every name at its 40 bytes: nothing is cut short */
		n = (size_t)snprintf(msg, sizeof msg, "%s",
		    req->nignored == 1 ? "unknown parameter ignored: " :
		    "unknown parameters ignored: ");
		for (i = 0; i < req->nignored && i < WSIS_PROTO_MAX_IGNORED; i++)
			n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%.40s", i > 0 ? ", " : "",
			    req->ignored[i]);
		if (req->nignored > WSIS_PROTO_MAX_IGNORED)
			snprintf(msg + n, sizeof msg - n, " and %zu more",
			    req->nignored - WSIS_PROTO_MAX_IGNORED);
		wsis_sp_string(sp, msg);
	}
	if (capped) {
		snprintf(msg, sizeof msg, "limit %lu is above max-limit: %u results a page served",
		    (unsigned long)req->limit, lim->max_limit);
		wsis_sp_string(sp, msg);
	}
	for (i = 0; i < nq; i++)
		wsis_sp_string(sp, qt->notices[i]);
	wsis_sp_end(sp);
}

#define EXEC_MAX_PREFIXES 8

/* An answer of wsis_results_match_word() for a word as the passage spells
 * it: the ten passages of a page repeat their words, and finding a word's
 * stem is most of the highlighter's time (callgrind). */
#define EXEC_MEMO_SLOTS 256
#define EXEC_MEMO_WORD  27
typedef struct {
	unsigned char len;                  /* 0: empty slot */
	char          w[EXEC_MEMO_WORD];
	int           id;
} exec_memo_t;

/* The highlighter's question: which query word is this passage word, once
 * spelled as the index spells it ("programmes" is "programs"), or which
 * wildcard of the query ("cyber*") it begins with. */
typedef struct {
	wsis_results_t *r;
	wsis_buf_t      word;
	char            prefix[EXEC_MAX_PREFIXES][32];
	size_t          nprefixes;
	/* which slots of memo hold a word: the memo itself is left as it is
	 * (clearing its 8 KiB was a page's most frequent memset) */
	unsigned char   used[EXEC_MEMO_SLOTS / 8];
	exec_memo_t     memo[EXEC_MEMO_SLOTS];
} exec_match_t;

/* Empties m, but for the memo's slots, which `used` says are empty. */
static void
exec_match_init(exec_match_t *m)
{
	memset(m, 0, offsetof(exec_match_t, memo));
}

/* The wildcards of query text t[0..n) ("cyber*"), lowercased. */
static void
exec_match_prefixes(exec_match_t *m, const char *t, size_t n)
{
	size_t i, s, k;

	for (i = 0; i < n && m->nprefixes < EXEC_MAX_PREFIXES; i++) {
		if (t[i] != '*')
			continue;
		for (s = i; s > 0 && (isalnum((unsigned char)t[s - 1]) ||
		    (unsigned char)t[s - 1] >= 0x80); s--)
			;
		if (s == i || i - s >= sizeof m->prefix[0])
			continue;
		for (k = 0; k < i - s; k++)
			m->prefix[m->nprefixes][k] = (char)tolower((unsigned char)t[s + k]);
		m->prefix[m->nprefixes++][k] = '\0';
	}
}

static int
exec_match_word_uncached(exec_match_t *m, const char *w, size_t n)
{
	wsis_buf_reset(&m->word);
	if (wsis_normalize_word(w, n, &m->word) != 0)
		return wsis_results_match_word(m->r, w, n);
	return wsis_results_match_word(m->r, m->word.data, m->word.len);
}

static int
exec_match_word(void *arg, const char *w, size_t n)
{
	exec_match_t *m = arg;
	exec_memo_t *e;
	size_t k, slot;

	for (k = 0; k < m->nprefixes; k++)
		if (n >= strlen(m->prefix[k]) && strncasecmp(w, m->prefix[k],
		    strlen(m->prefix[k])) == 0)
			return 1000 + (int)k;
	if (!wsis_results_may_match(m->r, w, n))
		return -1;
	if (n > EXEC_MEMO_WORD)
		return exec_match_word_uncached(m, w, n);
	slot = wsis_hash(w, n) % EXEC_MEMO_SLOTS;
	e = &m->memo[slot];
	if (!(m->used[slot >> 3] & (1u << (slot & 7))) || e->len != n ||
	    memcmp(e->w, w, n) != 0) {
		/* a new word, or another in its slot: the last one asked keeps it */
		e->id = exec_match_word_uncached(m, w, n);
		e->len = (unsigned char)n;
		memcpy(e->w, w, n);
		m->used[slot >> 3] |= (unsigned char)(1u << (slot & 7));
	}
	return e->id;
}

static int exec_put_explain(wsis_sprinter_t *sp, wsis_results_t *r, size_t at,
    const char *id, int boosted);

/* One hit of the page, read. */
typedef struct {
	wsis_hit_t      hit;
	wsis_passage_t  p;        /* its text NULL until exec_put_hit() */
	wsis_json_raw_t raw;      /* its text as stored, in hit.data */
	size_t          at;       /* its place in the results (before exec_boost) */
	int             boosted;  /* exec_boost() doubled its score */
} exec_hit_t;

/* Bytes of each passage's text a SEARCH or MENTIONS reply carries: the
 * request's text=N|all, else the server's hit-text; (size_t)-1: whole. */
static size_t
exec_text_bound(const wsis_proto_request_t *req, const wsis_exec_limits_t *lim)
{
	if (!(req->opts & WSIS_PROTO_OPT_TEXT))
		return lim->hit_text;
	return req->hit_text_all ? (size_t)-1 : req->hit_text;
}

/* "text_cut":true when a passage's text in the reply is its start only
 * (wsis_passage_text_cut()): the whole is DOC's. */
static void
exec_put_text_cut(wsis_sprinter_t *sp, int cut)
{
	if (cut) {
		wsis_sp_map_key(sp, "text_cut");
		wsis_sp_bool(sp, 1);
	}
}

/* A hit's own members among its passage's (wsis_passage_put). */
typedef struct {
	const wsis_hit_t *hit;
	const char       *id;     /* its passage's */
	const wsis_buf_t *snip;   /* NULL: no snippet */
	wsis_results_t   *explain;   /* explain=1: its results, else NULL */
	size_t            at;        /* its place in them */
	int               boosted;   /* exec_boost() doubled its score */
	int               text_cut;  /* its text is its first bytes only */
	const char       *stored;    /* not NULL: its text is stored[0..nstored),
	                                JSON-escaped and checked (exec_text_raw) */
	size_t            nstored;
	int               rc;        /* -1: explaining it failed */
} exec_hit_more_t;

static void
exec_hit_more(wsis_sprinter_t *sp, wsis_passage_at_t at, void *arg)
{
	exec_hit_more_t *h = arg;

	if (at == WSIS_PASSAGE_AFTER_ID) {
		wsis_sp_map_key(sp, "score");
		wsis_sp_double(sp, h->hit->score, 4);
		if (h->explain != NULL &&
		    exec_put_explain(sp, h->explain, h->at, h->id, h->boosted) != 0)
			h->rc = -1;
	} else if (at == WSIS_PASSAGE_BEFORE_TEXT && h->snip != NULL) {
		/* the one HTML member: escaped text, matches in <mark> */
		wsis_sp_map_key(sp, "snippet");
		wsis_sp_string_len(sp, h->snip->data, h->snip->len);
	}
	if (at == WSIS_PASSAGE_BEFORE_TEXT)
		exec_put_text_cut(sp, h->text_cut);
	if (at == WSIS_PASSAGE_TEXT && h->stored != NULL) {
		wsis_sp_map_key(sp, "text");
		wsis_sp_string_escaped(sp, h->stored, h->nstored);
	}
}

/* What made a hit's score (explain=1): the weight of each clause of the
 * ranked query it matches, expansion words marked, and the factor of the
 * exact-phrase boost; the weights times the factor are the score. */
static int
exec_put_explain(wsis_sprinter_t *sp, wsis_results_t *r, size_t at, const char *id,
    int boosted)
{
	wsis_score_part_t *parts = NULL;
	size_t n = 0, i;

	if (wsis_results_explain(r, at, id, &parts, &n) != WSIS_OK)
		return -1;
	wsis_sp_map_key(sp, "explain");
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "parts");
	wsis_sp_begin_list(sp);
	for (i = 0; i < n; i++) {
		wsis_sp_begin_map(sp);
		wsis_sp_map_key(sp, "what");
		wsis_sp_string(sp, parts[i].what);
		wsis_sp_map_key(sp, "weight");
		wsis_sp_double(sp, parts[i].weight, 6);
		if (parts[i].expansion) {
			wsis_sp_map_key(sp, "expansion");
			wsis_sp_bool(sp, 1);
		}
		wsis_sp_end(sp);
	}
	wsis_sp_end(sp);
	wsis_sp_map_key(sp, "phrase_boost");
	wsis_sp_uint(sp, boosted ? 2 : 1);
	wsis_sp_end(sp);
	wsis_score_parts_free(parts, n);
	return 0;
}

/* Hit `hit`'s snippet of text[0..len), the passage's whole text, into
 * snip.  A long passage with a word table (wordmap.h) is cut into words
 * only around its matches, which the index's positions place
 * (wsis_results_positions()), so its snippet costs what a short passage's
 * does; any other is cut whole.  The passage's words in max_bytes are
 * reckoned from `stored`, the length of its text as stored (escaped, a few
 * per cent longer), as exec_snippet_raw() must, so that both choose the
 * same snippet. */
static int
exec_snippet(exec_match_t *m, const wsis_hit_t *hit, size_t at, const char *text,
    size_t len, size_t stored, size_t max_bytes, wsis_buf_t *snip)
{
	size_t n = 0, fw, aw, ae, ew;
	unsigned *word = NULL;
	int *id = NULL;
	long words;

	if (hit->wordmap != NULL && len >= WSIS_WORDMAP_MIN_BYTES &&
	    (words = wsis_wordmap_words(hit->wordmap, hit->wordmap_len)) > 0 &&
	    wsis_results_positions(m->r, at, (size_t)words, &word, &id, &n) == WSIS_OK) {
		size_t span = (size_t)words * max_bytes / (stored > 0 ? stored : len) + 1;
		long from, anchor, anchor_end, to;

		/* no match in the text: its start */
		fw = aw = ae = 0;
		ew = max_bytes;
		if (n > 0)
			wsis_highlight_span(word, id, n, (size_t)words, span, max_bytes, &fw, &aw,
			    &ae, &ew);
		free(word);
		free(id);
		from = wsis_wordmap_offset(hit->wordmap, hit->wordmap_len, text, len, fw);
		anchor = wsis_wordmap_offset(hit->wordmap, hit->wordmap_len, text, len, aw);
		anchor_end = wsis_wordmap_offset(hit->wordmap, hit->wordmap_len, text, len,
		    ae);
		to = wsis_wordmap_offset(hit->wordmap, hit->wordmap_len, text, len, ew);
		if (from >= 0 && anchor >= 0 && anchor_end >= 0 && to >= 0)
			return wsis_highlight_part(text, len, 0, 1, (size_t)from, (size_t)to,
			    (size_t)anchor, (size_t)anchor_end, max_bytes,
			    exec_match_word, m, "<mark>", "</mark>", "\xe2\x80\xa6", snip);
	}
	return wsis_highlight(text, len, max_bytes, exec_match_word, m, "<mark>",
	    "</mark>", "\xe2\x80\xa6", snip);
}

/* The same snippet of a long passage whose text is still as the index
 * stores it (raw, JSON-escaped), from its part around the snippet alone,
 * decoded into win: from the word table's entry at or before the first
 * word the snippet may need to the one after the last word its first
 * match may be, then max_bytes past that word, which is all the snippet
 * can reach (hl_best_start() scores max_bytes from a window's start).  The
 * bytes before the part are skipped, not decoded.  The passage's words in
 * max_bytes are reckoned from the stored length (exec_snippet()).  Returns
 * 0, -1 (out of memory), or 1 when the table or the text is not as it
 * should be (the caller then cuts the text whole). */
static int
exec_snippet_raw(exec_match_t *m, const wsis_hit_t *hit, size_t at,
    const wsis_json_raw_t *raw, size_t max_bytes, wsis_buf_t *snip, wsis_buf_t *win)
{
	size_t n = 0, fw, aw, ae, ew, w0, o0, w1, o1, wend, oend, x, y, raw_at = 0;
	size_t pos = 0, s, e, k, i, to, target[3], off[3];
	unsigned *word = NULL;
	int *id = NULL;
	long words;

	if (raw->len == 0 ||
	    (words = wsis_wordmap_words(hit->wordmap, hit->wordmap_len)) <= 0 ||
	    wsis_results_positions(m->r, at, (size_t)words, &word, &id, &n) != WSIS_OK)
		return 1;
	fw = aw = ae = 0;
	ew = max_bytes;
	if (n > 0)
		wsis_highlight_span(word, id, n, (size_t)words,
		    (size_t)words * max_bytes / raw->len + 1, max_bytes, &fw, &aw, &ae, &ew);
	free(word);
	free(id);
	if (wsis_wordmap_mark(hit->wordmap, hit->wordmap_len, fw, &w0, &o0, &x, &y) != 0 ||
	    wsis_wordmap_mark(hit->wordmap, hit->wordmap_len, ae, &w1, &o1, &wend,
	    &oend) != 0 || w1 < w0 || o1 < o0 || (oend != (size_t)-1 && oend < o1))
		return 1;
	wsis_buf_reset(win);
	if (wsis_json_raw_skip(raw, &raw_at, o0) != 0 ||
	    wsis_json_raw_decode(raw, &raw_at, oend == (size_t)-1 ? (size_t)-1 : oend - o0,
	    win, NULL, 0) != 0 || win->len == 0)
		return 1;
	/* fw, aw and ae (ascending) as offsets in win, its words cut from w0's
	 * on; a word past the last is win's end */
	target[0] = fw;
	target[1] = aw;
	target[2] = ae;
	for (i = 0; i < 3; i++)
		off[i] = win->len;
	for (k = w0, i = 0; i < 3 && wsis_word_next(win->data, win->len, &pos, &s, &e); k++) {
		if (k == w0 && s != 0)
			return 1;   /* the table's entry does not begin a word */
		for (; i < 3 && target[i] == k; i++)
			off[i] = s;
	}
	if (i < 3 && raw_at < raw->len)
		return 1;   /* a word the part should hold is not in it */
	/* max_bytes past ae's start, and a byte more: a word that ends past
	 * it is in no window */
	to = off[2] + max_bytes + 1;
	if (win->len < to && raw_at < raw->len &&
	    wsis_json_raw_decode(raw, &raw_at, to - win->len, win, NULL, 0) != 0)
		return 1;
	return wsis_highlight_part(win->data, win->len, o0, raw_at >= raw->len, off[0],
	    to < win->len ? to : win->len, off[1], off[2], max_bytes, exec_match_word, m,
	    "<mark>", "</mark>", "\xe2\x80\xa6", snip);
}

/* A blank, as wsis_passage_text_cut() parts words. */
static int
exec_blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* How far the cut of a bounded text is looked for back from the bound. */
#define EXEC_CUT_LOOKBACK 64

/* The start of a long passage's text bounded to `bound` bytes
 * (wsis_passage_text_cut()) as the index stores it, found without
 * decoding the text: the bytes from EXEC_CUT_LOOKBACK before the bound to
 * one past it are decoded (into win) to find the cut, and the stored bytes
 * before the cut are checked, not decoded, so that the hit carries them as
 * they are (they are JSON as the reply writes it).  Returns 0 with *nstored
 * (stored bytes) and *cut (shorter than the text), or 1 when the cut is
 * not found so (the text is shorter than the look-back's start, or its
 * last word or blanks begin before it; the caller decodes the start). */
static int
exec_text_raw(const wsis_json_raw_t *raw, size_t bound, wsis_buf_t *win, size_t *nstored,
    int *cut)
{
	size_t t = bound > EXEC_CUT_LOOKBACK ? bound - EXEC_CUT_LOOKBACK : 0, from = 0, at, r;
	int st;

	/* the look-back's start: the character at or before byte t */
	while ((st = wsis_json_raw_skip(raw, &from, t)) == -2 && t > 0)
		t--;
	if (st != 0)
		return 1;
	at = from;
	wsis_buf_reset(win);
	if (wsis_json_raw_decode(raw, &at, bound - t + 1, win, NULL, 0) != 0)
		return 1;
	if (t + win->len <= bound) {
		/* the whole text fits */
		if (at != raw->len)
			return 1;
		*nstored = raw->len;
		*cut = 0;
	} else {
		r = wsis_passage_text_cut(win->data, win->len, bound - t);
		/* from the look-back's start on, the cut is the rule's when a
		 * blank begins there after a word; else it may be further back */
		if (t > 0 && !(r > 0 && r < win->len && exec_blank(win->data[r]) &&
		    !exec_blank(win->data[r - 1])))
			return 1;
		at = from;
		if (wsis_json_raw_skip(raw, &at, r) != 0)
			return 1;
		*nstored = at;
		*cut = 1;
	}
	return wsis_json_raw_check(raw, 0, *nstored, NULL, 0) != 0 ? 1 : 0;
}

/* Hit h as a map, its text bounded to `bound` bytes ((size_t)-1: whole;
 * 0: none).  The text is decoded from the stored record (h->raw) as far as
 * the reply needs it: a long passage's snippet and bounded text come from
 * its parts alone.  Returns 0, or -1 when the snippet or the explanation
 * could not be made (out of memory) or the text cannot be read (err
 * filled); the sprinter keeps its own errors. */
static int
exec_put_hit(wsis_sprinter_t *sp, exec_match_t *m, exec_hit_t *h,
    const wsis_exec_limits_t *lim, size_t bound, wsis_buf_t *snip, wsis_buf_t *win,
    wsis_results_t *explain, wsis_exec_error_t *err)
{
	exec_hit_more_t more = { &h->hit, h->p.id, NULL, explain, h->at, h->boosted, 0, NULL,
	    0, 0 };
	wsis_passage_t *p = &h->p;
	size_t raw_at = 0, len = 0, keep;
	char perr[128];
	int rc = 0, whole;

	/* a long passage, its word table at hand, is decoded in parts */
	whole = bound == (size_t)-1 || h->hit.wordmap == NULL ||
	    h->raw.len < WSIS_WORDMAP_MIN_BYTES;
	if (!whole && lim->snippet_bytes > 0) {
		wsis_buf_reset(snip);
		rc = exec_snippet_raw(m, &h->hit, h->at, &h->raw, lim->snippet_bytes, snip, win);
		if (rc > 0)
			whole = 1;   /* the parts cannot be found: it is cut whole */
		more.snip = snip;
	}
	if (rc < 0)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	/* a long passage's first bytes: carried as stored */
	if (!whole && bound > 0 &&
	    exec_text_raw(&h->raw, bound, win, &more.nstored, &more.text_cut) == 0)
		more.stored = h->raw.s;
	/* else the text: whole, or its first bytes; past `bound` (one byte
	 * past tells whether there are more), cut at a word */
	if (more.stored == NULL && (whole || bound > 0)) {
		wsis_buf_reset(win);
		if (wsis_json_raw_decode(&h->raw, &raw_at, whole ? (size_t)-1 : bound + 1, win,
		    perr, sizeof perr) != 0)
			return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
			    "cannot read a stored passage: text %s", perr);
		len = win->len;
		if ((p->text = wsis_buf_detach(win)) == NULL &&
		    (p->text = strdup("")) == NULL)
			return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	}
	if (whole && lim->snippet_bytes > 0) {
		wsis_buf_reset(snip);
		if (exec_snippet(m, &h->hit, h->at, p->text, len, h->raw.len, lim->snippet_bytes,
		    snip) != 0)
			return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		more.snip = snip;
	}
	if (bound == 0) {
		free(p->text);
		p->text = NULL;
	} else if (p->text != NULL &&
	    (keep = wsis_passage_text_cut(p->text, len, bound)) < len) {
		p->text[keep] = '\0';
		more.text_cut = 1;
	}
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "rank");
	wsis_sp_uint(sp, h->hit.rank);
	wsis_passage_put(sp, p, exec_hit_more, &more);
	wsis_sp_end(sp);
	if (more.rc != 0)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	return 0;
}

/* Whether a query is plain words (no quotes, operators, fields, groups):
 * those get an exact-phrase boost. */
static int
exec_plain_words(const char *t, size_t n)
{
	static const char *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL };
	size_t i, words = 0;

	for (i = 0; i < n; i++)
		if (strchr("\"():*+-", t[i]) != NULL)
			return 0;
	for (i = 0; i < n;) {
		size_t j, k;
		while (i < n && t[i] == ' ')
			i++;
		for (j = i; j < n && t[j] != ' '; j++)
			;
		if (j > i) {
			words++;
			for (k = 0; ops[k] != NULL; k++)
				if (strlen(ops[k]) == j - i && memcmp(t + i, ops[k], j - i) == 0)
					return 0;
		}
		i = j;
	}
	return words >= 2;
}

/* Bytes of the question words that open t[0..n) ("when is the", "how
 * many"): they are not written in the passage that answers, so the exact
 * phrase of the boost starts after them. */
static size_t
exec_question_len(const char *t, size_t n)
{
	static const char *const words[] = {
		"when", "where", "who", "whom", "what", "which", "how", "why", "is",
		"are", "was", "were", "do", "does", "did", "will", "would", "should",
		"can", "could", "the", "a", "an", "many", "much", NULL
	};
	size_t i = 0, j, k, skip = 0;

	for (;;) {
		while (i < n && t[i] == ' ')
			i++;
		for (j = i; j < n && t[j] != ' '; j++)
			;
		for (k = 0; words[k] != NULL; k++)
			if (strlen(words[k]) == j - i && strncasecmp(t + i, words[k], j - i) == 0)
				break;
		if (j == i || words[k] == NULL)
			return skip;
		skip = i = j;
	}
}

/* The exact phrase of a query of plain words (exec_boost()): its words as
 * the index holds them. */
typedef struct {
	wsis_phrase_t ph;
} exec_phrase_t;

/* A SEARCH's total is exact whenever the query matches at most this many
 * passages (Elasticsearch's default for exact hit counts). */
#define EXEC_EXACT_TOTAL 10000

/* Runs the query of a SEARCH or COUNT: any of the words, ranked by BM25.
 * For plain words, `boost` gets them as a phrase (exec_boost()). */
static int
exec_run(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    wsis_query_t **q, wsis_results_t **r, exec_phrase_t *boost, wsis_querytext_t *qt,
    wsis_exec_error_t *err)
{
	unsigned limit = req->cmd == WSIS_PROTO_CMD_COUNT ? 0 :
	    req->limit > lim->max_limit ? lim->max_limit : req->limit;
	unsigned flags = lim->plain ? WSIS_QUERY_PLAIN | WSIS_QUERY_BOOLEAN |
	    WSIS_QUERY_PHRASE | WSIS_QUERY_LOVEHATE : WSIS_QUERY_STANDARD | WSIS_QUERY_SPELLING;
	wsis_search_opts_t so;
	wsis_status_t st;
	unsigned long long end;

	so.offset = req->offset;
	so.limit = limit;
	so.doc_order = req->sort == WSIS_PROTO_SORT_DOC;
	/* SEARCH counts exactly up to EXEC_EXACT_TOTAL matches or the end of
	 * this page, whichever is further, so that every page up to the total
	 * is full and agrees with COUNT; the one match more tells Xapian there
	 * is none past them (an mset that stops at check_at_least keeps an
	 * upper bound above it) */
	end = (unsigned long long)req->offset + limit;
	if (end < EXEC_EXACT_TOTAL)
		end = EXEC_EXACT_TOTAL;
	so.check_at_least = end >= 0xFFFFFFFFu ? 0xFFFFFFFFu : (unsigned)end + 1;
	if (req->cmd == WSIS_PROTO_CMD_COUNT)
		so.check_at_least = 0xFFFFFFFFu;   /* COUNT counts exactly */
	so.time_limit_ms = lim->time_limit_ms;
	so.expand = !lim->plain && req->cmd == WSIS_PROTO_CMD_SEARCH &&
	    ((req->opts & WSIS_PROTO_OPT_EXPAND) ? req->expand : lim->expand);
	so.answer = 0;
	if (exec_query(db, req, lim, flags, q, qt, err) != 0)
		return -1;
	if (!lim->plain && req->cmd == WSIS_PROTO_CMD_SEARCH)
		so.answer = wsis_answer_asked(qt->text, qt->len);
	/* plain words: the query as prepared (querytext.h) holds no syntax */
	if (!lim->plain && req->cmd == WSIS_PROTO_CMD_SEARCH && !so.doc_order &&
	    !(qt->flags & WSIS_QT_SYNTAX) && exec_plain_words(qt->text, qt->len)) {
		size_t skip = exec_question_len(qt->text, qt->len);
		char *norm;

		/* the words as the index holds them: normalized, as the text */
		if (exec_plain_words(qt->text + skip, qt->len - skip) &&
		    (norm = wsis_normalize(qt->text + skip, qt->len - skip)) != NULL) {
			if (wsis_phrase_init(&boost->ph, norm, strlen(norm)) < 0)
				wsis_phrase_free(&boost->ph);   /* too long: no boost */
			free(norm);
		}
	}
	st = wsis_db_search(db, *q, &so, r);
	if (st == WSIS_OK)
		return 0;
	wsis_exec_fail(err, exec_code(st), "search: %s", wsis_db_error(db));
	err->retry = st == WSIS_EMODIFIED;
	return -1;
}

#define EXEC_MAX_CORRECTIONS 8

static int
exec_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The user's query q[0..qlen) with the words that the index's spelling
 * table corrected (wsis_query_corrected(): `parsed`, the text the query was
 * parsed from, with each word that no passage holds replaced) replaced, in
 * the case the user wrote them, in `out`; returns 1 when a word was.  The
 * two texts differ only in the replaced runs of letters. */
static int
exec_suggestion(const char *q, size_t qlen, const char *parsed, const char *corrected,
    wsis_buf_t *out)
{
	struct { const char *from, *to; size_t nfrom, nto; } fix[EXEC_MAX_CORRECTIONS];
	size_t nfix = 0, i = 0, j = 0, na = strlen(parsed), nc = strlen(corrected), k, m;
	int changed = 0, rc = 0;

	while (i < na || j < nc) {
		if (i < na && j < nc && exec_is_letter((unsigned char)parsed[i]) &&
		    exec_is_letter((unsigned char)corrected[j])) {
			size_t ea = i, ec = j;
			while (ea < na && exec_is_letter((unsigned char)parsed[ea]))
				ea++;
			while (ec < nc && exec_is_letter((unsigned char)corrected[ec]))
				ec++;
			if ((ea - i != ec - j || memcmp(parsed + i, corrected + j, ea - i) != 0) &&
			    nfix < EXEC_MAX_CORRECTIONS) {
				fix[nfix].from = parsed + i;
				fix[nfix].nfrom = ea - i;
				fix[nfix].to = corrected + j;
				fix[nfix++].nto = ec - j;
			}
			i = ea;
			j = ec;
		} else if (i < na && j < nc && parsed[i] == corrected[j]) {
			i++;
			j++;
		} else {
			return 0;   /* they no longer line up: no suggestion */
		}
	}
	for (i = 0; i < qlen && rc == 0;) {
		if (!exec_is_letter((unsigned char)q[i])) {
			rc = wsis_buf_putc(out, q[i++]);
			continue;
		}
		for (j = i; j < qlen && exec_is_letter((unsigned char)q[j]); j++)
			;
		for (k = 0; k < nfix; k++)
			if (fix[k].nfrom == j - i && strncasecmp(fix[k].from, q + i, j - i) == 0)
				break;
		if (k == nfix) {
			rc = wsis_buf_append(out, q + i, j - i);
		} else {
			/* cased as typed: Capitalised, or CAPITALS */
			int first = q[i] >= 'A' && q[i] <= 'Z', all = first && j - i > 1 &&
			    q[i + 1] >= 'A' && q[i + 1] <= 'Z';
			for (m = 0; m < fix[k].nto && rc == 0; m++)
				rc = wsis_buf_putc(out, (char)((all || (first && m == 0)) ?
				    toupper((unsigned char)fix[k].to[m]) : fix[k].to[m]));
			changed = 1;
		}
		i = j;
	}
	return rc == 0 && changed;
}


/* Puts first, within the page (ranked by BM25), the passages that hold the
 * query's words as the exact phrase: their score doubled, then a stable
 * sort, so equal scores keep BM25's order.  Only the page is re-ranked:
 * Xapian keeps just the page, as for any query, so it keeps its pruning
 * (re-ranking the best 100 ran loose queries at 0.55 of the speed of 20),
 * and every passage stays on its BM25 page: paging neither repeats nor
 * loses one.  Xapian tests the phrase on the index's positions
 * (wsis_results_phrase()), where every form the passage was indexed under
 * (its text and title normalized, its synonym and compound forms, its
 * context fields) has them: no text is read, so a long passage costs what
 * a short one does.  Returns 0, -1 (`r`'s error) or -2 (out of memory). */
static int
exec_boost(exec_hit_t *h, size_t n, const exec_phrase_t *ph, wsis_results_t *r)
{
	const wsis_phrase_t *p = &ph->ph;
	const char *words[WSIS_PHRASE_MAX_WORDS], **ids;
	unsigned char *held;
	unsigned first = n > 0 ? h[0].hit.rank : 0;
	size_t i, j;

	if (n == 0)
		return 0;
	ids = calloc(n, sizeof *ids);
	held = calloc(n, 1);
	if (ids == NULL || held == NULL) {
		free(ids);
		free(held);
		return -2;
	}
	for (i = 0; i < p->n; i++)
		words[i] = p->words.data + p->off[i];
	for (i = 0; i < n; i++)
		ids[h[i].at] = h[i].p.id;
	if (wsis_results_phrase(r, words, p->len, p->n, ids, held) != WSIS_OK) {
		free(ids);
		free(held);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (held[h[i].at]) {
			h[i].hit.score *= 2;
			h[i].boosted = 1;
		}
	}
	free(ids);
	free(held);
	for (i = 1; i < n; i++) {
		exec_hit_t t = h[i];
		for (j = i; j > 0 && h[j - 1].hit.score < t.hit.score; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
	for (i = 0; i < n; i++)
		h[i].hit.rank = first + (unsigned)i;
	return 0;
}

static int
exec_search(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    wsis_buf_t *out, wsis_exec_error_t *err, unsigned long *hits)
{
	wsis_query_t *q = NULL;
	wsis_results_t *r = NULL;
	wsis_sprinter_t sp;   /* the reply goes on `out`: cut back on failure */
	double t0 = exec_now_us();
	unsigned long total = 0;
	int exact = 1, rc = -1;
	const char *suggestion;
	wsis_buf_t sugg = WSIS_BUF_INIT, snip = WSIS_BUF_INIT, win = WSIS_BUF_INIT;
	size_t bound = exec_text_bound(req, lim);
	exec_match_t match;
	exec_hit_t *h = NULL;
	exec_phrase_t boost;
	wsis_querytext_t qt;
	size_t i, n = 0, nread = 0, room;

	wsis_sp_json_init(&sp, out);
	exec_match_init(&match);
	memset(&boost, 0, sizeof boost);
	memset(&qt, 0, sizeof qt);

	if (exec_run(db, req, lim, &q, &r, &boost, &qt, err) != 0)
		goto out;
	wsis_results_total(r, &total, &exact);
	if (hits != NULL)
		*hits = total;
	rc = 0;
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "query");
	wsis_sp_string_len(&sp, req->text.ptr, req->text.len);
	wsis_sp_map_key(&sp, "total");
	wsis_sp_uint(&sp, total);
	wsis_sp_map_key(&sp, "total_exact");
	wsis_sp_bool(&sp, exact);
	if (!exact) {
		wsis_sp_map_key(&sp, "total_lower_bound");
		wsis_sp_uint(&sp, wsis_results_lower_bound(r));
	}
	suggestion = wsis_query_corrected(q);
	if (suggestion != NULL && wsis_query_text(q) != NULL &&
	    exec_suggestion(req->text.ptr, req->text.len, wsis_query_text(q), suggestion,
	    &sugg) == 1) {
		wsis_sp_map_key(&sp, "suggestion");
		wsis_sp_string_len(&sp, sugg.data, sugg.len);
	}
	wsis_exec_put_notices(&sp, req, lim, &qt);
	match.r = r;
	exec_match_prefixes(&match, req->text.ptr ? req->text.ptr : "", req->text.len);
	if (req->cmd == WSIS_PROTO_CMD_SEARCH) {
		n = wsis_results_size(r);
		if (n > 0 && (h = calloc(n, sizeof *h)) == NULL) {
			rc = wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			goto out;
		}
		for (nread = 0; nread < n; nread++) {
			char perr[128];

			h[nread].at = nread;
			if (wsis_results_get(r, nread, &h[nread].hit) != WSIS_OK) {
				rc = wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
				    "cannot read a stored passage: %s", wsis_results_error(r));
				goto out;
			}
			if (wsis_passage_from_json_raw(h[nread].hit.data, h[nread].hit.data_len,
			    &h[nread].p, &h[nread].raw, perr, sizeof perr) != 0) {
				rc = wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
				    "cannot read a stored passage: %s", perr);
				goto out;
			}
		}
		if (boost.ph.n >= 2 && (rc = exec_boost(h, n, &boost, r)) != 0) {
			rc = wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
			    "the exact-phrase boost: %s", rc == -2 ? "out of memory" :
			    wsis_results_error(r));
			goto out;
		}
		/* room for the hits at once, rather than doubling up to it: their
		 * stored JSON, a snippet marked up, and the other members */
		room = 64;
		for (i = 0; i < n; i++)
			room += (h[i].hit.data_len < bound ? h[i].hit.data_len : bound) +
			    2 * (size_t)lim->snippet_bytes + 256;
		rc |= wsis_buf_reserve(out, room);
		wsis_sp_map_key(&sp, "offset");
		wsis_sp_uint(&sp, req->offset);
		/* the page size served: limit= as asked, or max_limit below it,
		 * and whether it was cut so, with the size asked */
		wsis_sp_map_key(&sp, "limit");
		wsis_sp_uint(&sp, req->limit > lim->max_limit ? lim->max_limit : req->limit);
		wsis_sp_map_key(&sp, "limit_capped");
		wsis_sp_bool(&sp, req->limit > lim->max_limit);
		if (req->limit > lim->max_limit) {
			wsis_sp_map_key(&sp, "limit_asked");
			wsis_sp_uint(&sp, req->limit);
		}
		wsis_sp_map_key(&sp, "hits");
		wsis_sp_begin_list(&sp);
		for (i = 0; i < n && rc == 0 && wsis_sp_error(&sp) == WSIS_SP_OK; i++)
			rc = exec_put_hit(&sp, &match, &h[i], lim, bound, &snip, &win,
			    req->explain ? r : NULL, err);
		if (rc != 0)
			goto out;
		wsis_sp_end(&sp);
		if (req->explain) {
			wsis_sp_map_key(&sp, "expansion");
			wsis_sp_string(&sp, wsis_results_expansion(r));
		}
	}
	wsis_sp_map_key(&sp, "took_ms");
	wsis_sp_double(&sp, (exec_now_us() - t0) / 1000.0, 3);
	wsis_sp_end(&sp);
	if (rc != 0)
		rc = wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	else if (wsis_sp_finish(&sp) != 0)
		rc = exec_sp_fail(err, &sp);
out:
	if (rc != 0)
		wsis_sp_discard(&sp);   /* out as it came */
	for (i = 0; i < nread; i++)
		wsis_passage_clear(&h[i].p);
	free(h);
	wsis_phrase_free(&boost.ph);
	wsis_buf_free(&match.word);
	wsis_buf_free(&sugg);
	wsis_buf_free(&snip);
	wsis_buf_free(&win);
	wsis_querytext_free(&qt);
	wsis_results_free(r);
	wsis_query_free(q);
	return rc;
}

static int
exec_doc(wsis_db_t *db, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	char *id, *data = NULL;
	size_t len = 0;
	wsis_status_t st;
	int rc;

	if (req->text.len == 0)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST, "DOC needs an id");
	id = strndup(req->text.ptr, req->text.len);
	if (id == NULL)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	st = wsis_db_get_by_id(db, id, &data, &len);
	if (st == WSIS_ENOTFOUND)
		rc = wsis_exec_fail(err, WSIS_PROTO_CODE_NOT_FOUND, "no passage with id '%.200s'", id);
	else if (st != WSIS_OK)
		rc = wsis_exec_fail(err, exec_code(st), "%s", wsis_db_error(db));
	else {
		/* the stored record (wsis_passage_to_json()) read back, written
		 * in the shape a passage has in every reply */
		wsis_passage_t p;
		wsis_sprinter_t sp;
		char perr[128];

		memset(&p, 0, sizeof p);
		if (wsis_passage_from_json(data, len, &p, perr, sizeof perr) != 0)
			rc = wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
			    "cannot read a stored passage: %s", perr);
		else {
			wsis_sp_json_init(&sp, out);
			wsis_sp_begin_map(&sp);
			wsis_passage_put(&sp, &p, NULL, NULL);
			wsis_exec_put_notices(&sp, req, NULL, NULL);
			wsis_sp_end(&sp);
			rc = wsis_sp_finish(&sp) == 0 ? 0 : exec_sp_fail(err, &sp);
		}
		wsis_passage_clear(&p);
	}
	free(id);
	free(data);
	return rc;
}


/* ---- MENTIONS ---- */

#define EXEC_MAX_GROUPS 256

typedef struct {
	char         *part, *section;   /* borrowed from the passages kept */
	unsigned long passages, occurrences;
} exec_group_t;

/* Counts one passage into its group (by part, or part and section). */
static void
exec_count(exec_group_t *g, size_t *n, const char *part, const char *section,
    size_t occ)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(g[i].part, part) == 0 && (g[i].section == section ||
		    (g[i].section && section && strcmp(g[i].section, section) == 0)))
			break;
	if (i == *n) {
		if (*n == EXEC_MAX_GROUPS)
			return;
		g[i].part = (char *)part;
		g[i].section = (char *)section;
		g[i].passages = g[i].occurrences = 0;
		(*n)++;
	}
	g[i].passages++;
	g[i].occurrences += occ;
}

static int
exec_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* One keyword-in-context line: up to ctx bytes each side, cut at character
 * and preferably word boundaries, with an ellipsis where text was cut.
 * Returns 0, or -1 when out of memory for its own copies of the sides. */
static int
exec_put_kwic(wsis_sprinter_t *sp, const char *text, size_t len, size_t off, size_t n,
    size_t ctx)
{
	size_t s = off > ctx ? off - ctx : 0, e = off + n + ctx < len ? off + n + ctx : len;
	size_t k;
	int rc = 0;

	while (s < off && exec_is_cont((unsigned char)text[s]))
		s++;
	if (s > 0) {
		for (k = s; k < off && text[k] != ' '; k++)
			;
		if (k < off)
			s = k + 1;
	}
	while (e > off + n && e < len && exec_is_cont((unsigned char)text[e]))
		e--;
	if (e < len) {
		for (k = e; k > off + n && text[k - 1] != ' '; k--)
			;
		if (k > off + n)
			e = k - 1;
	}
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "offset");
	wsis_sp_uint(sp, off);
	wsis_sp_map_key(sp, "length");
	wsis_sp_uint(sp, n);
	wsis_sp_map_key(sp, "before");
	{
		wsis_buf_t t = WSIS_BUF_INIT;
		if (s > 0)
			rc |= wsis_buf_puts(&t, "\xe2\x80\xa6");
		rc |= wsis_buf_append(&t, text + s, off - s);
		wsis_sp_string_len(sp, t.data, t.len);
		wsis_buf_reset(&t);
		wsis_sp_map_key(sp, "match");
		wsis_sp_string_len(sp, text + off, n);
		rc |= wsis_buf_append(&t, text + off + n, e - (off + n));
		if (e < len)
			rc |= wsis_buf_puts(&t, "\xe2\x80\xa6");
		wsis_sp_map_key(sp, "after");
		wsis_sp_string_len(sp, t.data, t.len);
		wsis_buf_free(&t);
	}
	wsis_sp_end(sp);
	return rc;
}

/* An audited passage's own members among its passage's
 * (wsis_passage_put): its occurrences and their contexts, read in its
 * whole text, then the text's first `keep` bytes (none when `bound` is
 * 0), cut as a search hit's is. */
typedef struct {
	const char              *text;  /* the passage's text, len bytes */
	size_t                   len, keep, bound;
	const wsis_occurrence_t *occ;
	size_t                   nocc, ctx;
	int                      rc;    /* -1 when out of memory */
} exec_audit_more_t;

static void
exec_audit_more(wsis_sprinter_t *sp, wsis_passage_at_t at, void *arg)
{
	exec_audit_more_t *a = arg;
	size_t k;

	if (at == WSIS_PASSAGE_BEFORE_TEXT) {
		wsis_sp_map_key(sp, "occurrences");
		wsis_sp_uint(sp, a->nocc);
		wsis_sp_map_key(sp, "kwic");
		wsis_sp_begin_list(sp);
		for (k = 0; k < a->nocc; k++)
			a->rc |= exec_put_kwic(sp, a->text, a->len, a->occ[k].offset,
			    a->occ[k].length, a->ctx);
		wsis_sp_end(sp);
		exec_put_text_cut(sp, a->bound > 0 && a->keep < a->len);
	} else if (at == WSIS_PASSAGE_TEXT && a->bound > 0) {
		wsis_sp_map_key(sp, "text");
		wsis_sp_string_len(sp, a->text, a->keep);
	}
}

/* The member `key`: a list of the groups' counts. */
static void
exec_put_groups(wsis_sprinter_t *sp, const char *key, const exec_group_t *g, size_t n,
    int with_section)
{
	size_t i;

	wsis_sp_map_key(sp, key);
	wsis_sp_begin_list(sp);
	for (i = 0; i < n; i++) {
		wsis_sp_begin_map(sp);
		wsis_sp_map_key(sp, "part");
		wsis_sp_string(sp, g[i].part);
		if (with_section) {
			wsis_sp_map_key(sp, "section");
			wsis_sp_string(sp, g[i].section);
		}
		wsis_sp_map_key(sp, "passages");
		wsis_sp_uint(sp, g[i].passages);
		wsis_sp_map_key(sp, "occurrences");
		wsis_sp_uint(sp, g[i].occurrences);
		wsis_sp_end(sp);
	}
	wsis_sp_end(sp);
}

/* The member "forms": [{"form":"...","count":N},...], most counted first. */
static void
exec_put_forms(wsis_sprinter_t *sp, wsis_mentions_forms_t *f)
{
	size_t i;

	wsis_mentions_forms_sort(f);
	wsis_sp_map_key(sp, "forms");
	wsis_sp_begin_list(sp);
	for (i = 0; i < f->n; i++) {
		wsis_sp_begin_map(sp);
		wsis_sp_map_key(sp, "form");
		wsis_sp_string(sp, f->forms[i].form);
		wsis_sp_map_key(sp, "count");
		wsis_sp_uint(sp, f->forms[i].count);
		wsis_sp_end(sp);
	}
	wsis_sp_end(sp);
}

static int
exec_mentions(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    wsis_buf_t *out, wsis_exec_error_t *err, unsigned long *hits)
{
	wsis_mentions_t *m = NULL;
	wsis_mentions_forms_t forms = WSIS_MENTIONS_FORMS_INIT;
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	wsis_json_part_t part = WSIS_JSON_PART_INIT;
	wsis_sprinter_t sp;   /* the reply goes on `out`: cut back on failure */
	size_t out_len = out->len;
	wsis_query_t *q = NULL, *fq = NULL;
	wsis_results_t *r = NULL;
	wsis_passage_t *kept = NULL;
	exec_group_t *parts = NULL, *sections = NULL;
	size_t nparts = 0, nsections = 0, nkept = 0, i;
	unsigned long total_occ = 0;
	size_t ctx = req->context > 500 ? 500 : req->context;
	size_t bound = exec_text_bound(req, lim);
	double t0 = exec_now_us();
	char msg[256];
	int rc = -1;

	wsis_sp_json_init(&sp, out);
	if (req->text.len == 0)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST, "MENTIONS needs a query");
	if (req->text.len > lim->max_query_bytes)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST,
		    "query too long: %zu bytes, at most %u", req->text.len, lim->max_query_bytes);
	if (wsis_mentions_compile(req->text.ptr, req->text.len,
	    req->exact ? WSIS_MENTIONS_EXACT : 0, &m, &cand, &filt, msg, sizeof msg) != 0) {
		/* it may have appended to cand and filt before it failed */
		wsis_exec_fail(err, WSIS_PROTO_CODE_QUERY_SYNTAX, "mentions: %s", msg);
		goto out;
	}
	if (wsis_exec_filter_text(req, &filt) != 0) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	/* every passage that can mention the concepts, in document order;
	 * every word of the list is asked for, stopwords too */
	if (cand.len > 0) {
		if (exec_parse(db, cand.data, cand.len, 0, WSIS_QUERY_STANDARD | WSIS_QUERY_PLAIN,
		    &q, err) != 0)
			goto out;
	} else if (wsis_query_new_all(&q) != WSIS_OK) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	if (filt.len > 0) {
		if (exec_parse(db, filt.data, filt.len, 0, WSIS_QUERY_BOOLEAN | WSIS_QUERY_PHRASE,
		    &fq, err) != 0)
			goto out;
		wsis_query_filter(q, fq);
	}
	if (wsis_exec_in_order(db, q, &r, err) != 0)
		goto out;
	kept = calloc(wsis_results_size(r) + 1, sizeof *kept);
	parts = calloc(EXEC_MAX_GROUPS, sizeof *parts);
	sections = calloc(EXEC_MAX_GROUPS, sizeof *sections);
	if (kept == NULL || parts == NULL || sections == NULL) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	rc = 0;
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "query");
	wsis_sp_string_len(&sp, req->text.ptr, req->text.len);
	wsis_sp_map_key(&sp, "exact");
	wsis_sp_bool(&sp, req->exact);
	wsis_exec_put_notices(&sp, req, NULL, NULL);
	wsis_sp_map_key(&sp, "passages");
	wsis_sp_begin_list(&sp);
	for (i = 0; i < wsis_results_size(r); i++) {
		wsis_hit_t hit;
		wsis_passage_t *p = &kept[nkept];
		wsis_occurrence_t *occ = NULL;
		wsis_json_raw_t raw;
		const char *text;
		size_t nocc = 0, k, len, raw_at = 0;
		int match, inparts = 0;
		const char *section;

		if (wsis_results_get(r, i, &hit) != WSIS_OK ||
		    wsis_passage_from_json_raw(hit.data, hit.data_len, p, &raw, msg,
		    sizeof msg) != 0) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "cannot read a stored passage");
			rc = -1;
			goto out;
		}
		/* a long passage, its word table at hand, is decoded in the
		 * parts the audit reads; another whole */
		if (hit.wordmap != NULL && raw.len >= WSIS_WORDMAP_MIN_BYTES &&
		    (inparts = wsis_json_part_open(&part, &raw)) < 0) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			rc = -1;
			goto out;
		}
		inparts = hit.wordmap != NULL && raw.len >= WSIS_WORDMAP_MIN_BYTES && inparts == 0;
		if (!inparts) {
			wsis_buf_t whole = WSIS_BUF_INIT;

			if (wsis_json_raw_decode(&raw, &raw_at, (size_t)-1, &whole, msg,
			    sizeof msg) != 0 ||
			    ((p->text = wsis_buf_detach(&whole)) == NULL &&
			    (p->text = strdup("")) == NULL)) {
				wsis_buf_free(&whole);
				wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
				    "cannot read a stored passage");
				rc = -1;
				goto out;
			}
		}
		match = inparts ? wsis_mentions_match_part(m, r, i, &hit, &part, &occ, &nocc) :
		    wsis_mentions_match_hit(m, r, i, &hit, p->text, strlen(p->text), &occ, &nocc);
		if (match < 0) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
			    "cannot read a stored passage, or out of memory");
			rc = -1;
			goto out;
		}
		if (match == 0) {
			free(occ);
			wsis_passage_clear(p);
			continue;
		}
		/* what the reply reads of a text in parts: each occurrence
		 * with its context, and the start it sends (and a byte past) */
		text = inparts ? part.text : p->text;
		len = inparts ? part.len : strlen(p->text);
		for (k = 0; inparts && k < nocc && match >= 0; k++)
			match = wsis_json_part_read(&part,
			    occ[k].offset > ctx ? occ[k].offset - ctx : 0,
			    occ[k].offset + occ[k].length + ctx + 1, msg, sizeof msg);
		if (inparts && match >= 0 && bound > 0)
			match = wsis_json_part_read(&part, 0, bound == (size_t)-1 ? len : bound + 1,
			    msg, sizeof msg);
		if (match < 0) {
			free(occ);
			wsis_passage_clear(p);
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
			    "cannot read a stored passage: text %s", msg);
			rc = -1;
			goto out;
		}
		nkept++;
		total_occ += nocc;
		section = wsis_passage_field(p, "section");
		if (section == NULL)
			section = wsis_passage_field(p, "heading");
		exec_count(parts, &nparts, p->part ? p->part : "", NULL, nocc);
		exec_count(sections, &nsections, p->part ? p->part : "", section, nocc);
		for (k = 0; k < nocc; k++)
			if (wsis_mentions_forms_add(&forms, text + occ[k].offset,
			    occ[k].length) != 0)
				rc = -1;
		{
			/* the passage without its text, which the audit's
			 * members write bounded */
			wsis_passage_t shown = *p;
			exec_audit_more_t more = { text, len, 0, bound, occ, nocc, ctx, 0 };

			more.keep = wsis_passage_text_cut(more.text, more.len, bound);
			shown.text = NULL;
			wsis_sp_begin_map(&sp);
			wsis_passage_put(&sp, &shown, exec_audit_more, &more);
			wsis_sp_end(&sp);
			rc |= more.rc;
		}
		free(occ);
		if (out->len - out_len > WSIS_PROTO_MAX_PAYLOAD) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_REPLY_TOO_LARGE,
			    "the audit is larger than %u bytes: narrow it with filters",
			    WSIS_PROTO_MAX_PAYLOAD);
			rc = -1;
			goto out;
		}
	}
	wsis_sp_end(&sp);
	wsis_sp_map_key(&sp, "total_passages");
	wsis_sp_uint(&sp, nkept);
	wsis_sp_map_key(&sp, "total_occurrences");
	wsis_sp_uint(&sp, total_occ);
	exec_put_forms(&sp, &forms);
	exec_put_groups(&sp, "by_part", parts, nparts, 0);
	exec_put_groups(&sp, "by_section", sections, nsections, 1);
	wsis_sp_map_key(&sp, "took_ms");
	wsis_sp_double(&sp, (exec_now_us() - t0) / 1000.0, 3);
	wsis_sp_end(&sp);
	if (rc != 0) {
		rc = wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	if (wsis_sp_finish(&sp) != 0) {
		rc = exec_sp_fail(err, &sp);
		goto out;
	}
	if (hits != NULL)
		*hits = nkept;
	rc = 0;
out:
	if (kept != NULL)
		for (i = 0; i < nkept; i++)
			wsis_passage_clear(&kept[i]);
	free(kept);
	free(parts);
	free(sections);
	if (rc != 0)
		wsis_sp_discard(&sp);   /* out as it came */
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_json_part_free(&part);
	wsis_mentions_forms_free(&forms);
	wsis_results_free(r);
	wsis_query_free(fq);
	wsis_query_free(q);
	wsis_mentions_free(m);
	return rc;
}

int
wsis_exec_search(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits)
{
	return exec_search(db, req, lim, out, err, hits);
}

int
wsis_exec_mentions(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits)
{
	return exec_mentions(db, req, lim, out, err, hits);
}

int
wsis_exec_doc(wsis_db_t *db, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	return exec_doc(db, req, out, err);
}

/* Dispatches through the command table: a worker command that needs no
 * admin (RELOAD is the daemon's) runs its handler. */
int
wsis_exec(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    wsis_buf_t *out, wsis_exec_error_t *err, unsigned long *hits)
{
	const wsis_command_t *c = wsis_cmd_by_id(req->cmd);
	wsis_cmd_env_t env;
	int rc;

	if (hits != NULL)
		*hits = 0;
	if (c == NULL || c->where != WSIS_CMD_WORKER || c->admin)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST, "%s is not a query command",
		    wsis_proto_cmd_name(req->cmd));
	memset(&env, 0, sizeof env);
	env.db = db;
	env.limits = lim;
	rc = wsis_cmd_run(c, &env, req, out, err);
	if (hits != NULL)
		*hits = env.hits;
	return rc;
}
