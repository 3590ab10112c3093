/* suggest.c - SUGGEST, completions for a search box (suggest.h). */
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "querytext.h"
#include "sprinter.h"

/* Whether byte c may be in a word completed: letters, digits, '-', '_',
 * and any byte of a UTF-8 sequence (the index's words hold them). */
static int
suggest_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_' || c >= 0x80;
}

/* A candidate completion: a word of the index, and how many passages hold
 * it after the words typed before it. */
typedef struct {
	const char   *term;
	unsigned long phrase, all, freq;
} suggest_cand_t;

static int
suggest_cmp(const void *a, const void *b)
{
	const suggest_cand_t *x = a, *y = b;

	if (x->phrase != y->phrase)
		return x->phrase > y->phrase ? -1 : 1;
	if (x->all != y->all)
		return x->all > y->all ? -1 : 1;
	if (x->freq != y->freq)
		return x->freq > y->freq ? -1 : 1;
	return strcmp(x->term, y->term);
}

#define SUGGEST_COUNT 1000

/* The passages that match query text q (normalized as a query is). */
static int
suggest_count(wsis_db_t *db, const char *q, unsigned time_limit_ms, unsigned long *n,
    wsis_exec_error_t *err)
{
	char *norm = wsis_normalize_query(q, strlen(q));
	wsis_query_t *query = NULL;
	wsis_results_t *r = NULL;
	/* counted exactly up to SUGGEST_COUNT: an estimate can be 0 for a
	 * phrase some passage holds */
	wsis_search_opts_t so = { 0, 0, 0, SUGGEST_COUNT, time_limit_ms, 0, 0 };
	wsis_status_t st;
	int exact;

	if (norm == NULL)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	st = wsis_query_parse(db, norm, WSIS_QUERY_DEFAULT_AND | WSIS_QUERY_PHRASE, &query);
	free(norm);
	if (st == WSIS_EQUERY) {   /* words that make no query: no passage */
		*n = 0;
		return 0;
	}
	if (st == WSIS_OK)
		st = wsis_db_search(db, query, &so, &r);
	if (st != WSIS_OK) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "suggest: %s", wsis_db_error(db));
		err->retry = st == WSIS_EMODIFIED;
		wsis_query_free(query);
		return -1;
	}
	wsis_results_total(r, n, &exact);
	wsis_results_free(r);
	wsis_query_free(query);
	return 0;
}

int
wsis_suggest_exec(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits)
{
	const char *text = req->text.ptr != NULL ? req->text.ptr : "";
	size_t len = req->text.len, start, i, n;
	unsigned want = req->limit < WSIS_SUGGEST_MAX ? req->limit : WSIS_SUGGEST_MAX;
	wsis_terms_t terms = { NULL, 0 };
	suggest_cand_t *cand = NULL;
	wsis_buf_t q = WSIS_BUF_INIT, line = WSIS_BUF_INIT;
	char *head = NULL, word[128];
	wsis_sprinter_t sp;
	wsis_status_t st;
	int rc = -1;

	if (lim != NULL && want > lim->max_limit)
		want = lim->max_limit;
	/* the last word, lowercased as the index writes words */
	for (start = len; start > 0 && text[start - 1] != ' '; start--)
		;
	n = len - start;
	for (i = 0; i < n && suggest_word_byte((unsigned char)text[start + i]); i++)
		;
	if (n > 0 && i == n && n < sizeof word) {
		for (i = 0; i < n; i++) {
			char c = text[start + i];
			word[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
		word[n] = '\0';
		/* with words before it, more candidates: the phrase decides */
		st = wsis_db_complete(db, word, start > 0 ? 3 * (size_t)want : want,
		    WSIS_SUGGEST_SCAN, &terms);
		/* none: the word as the index spells words ("women" is held as
		 * "woman", "organis" as "organiz") */
		if (st == WSIS_OK && terms.count == 0) {
			wsis_buf_reset(&q);
			if (wsis_normalize_word(word, n, &q) != 0) {
				wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
				goto out;
			}
			if (q.len > 0 && q.len < sizeof word && strcmp(q.data, word) != 0)
				st = wsis_db_complete(db, q.data, start > 0 ? 3 * (size_t)want :
				    want, WSIS_SUGGEST_SCAN, &terms);
		}
		if (st != WSIS_OK) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "suggest: %s", wsis_db_error(db));
			err->retry = st == WSIS_EMODIFIED;
			goto out;
		}
	}
	if (terms.count > 0 && (cand = calloc(terms.count, sizeof *cand)) == NULL) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	for (i = 0; i < terms.count; i++) {
		cand[i].term = terms.items[i].term;
		cand[i].freq = terms.items[i].freq;
	}
	n = terms.count;
	if (start > 0 && n > 0) {
		size_t k = 0;

		head = wsis_querytext_words(text, start);
		if (head == NULL) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			goto out;
		}
		for (i = 0; i < n; i++) {
			wsis_buf_reset(&q);
			if (wsis_buf_printf(&q, "\"%s %s\"", head, cand[i].term) != 0) {
				wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
				goto out;
			}
			if (suggest_count(db, q.data, lim != NULL ? lim->time_limit_ms : 0,
			    &cand[i].phrase, err) != 0)
				goto out;
			if (cand[i].phrase == 0) {
				wsis_buf_reset(&q);
				if (wsis_buf_printf(&q, "%s %s", head, cand[i].term) != 0) {
					wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
					goto out;
				}
				if (suggest_count(db, q.data, lim != NULL ? lim->time_limit_ms : 0,
				    &cand[i].all, err) != 0)
					goto out;
			}
			if (cand[i].phrase > 0 || cand[i].all > 0)
				cand[k++] = cand[i];
		}
		n = k;
		/* phrases when there are any: words that merely share a passage
		 * with those typed are a poorer guess of what comes next */
		for (i = 0, k = 0; i < n; i++)
			if (cand[i].phrase > 0)
				cand[k++] = cand[i];
		if (k > 0)
			n = k;
		if (n > 1)   /* qsort's array may not be NULL, even empty */
			qsort(cand, n, sizeof *cand, suggest_cmp);
	}
	if (n > want)
		n = want;

	wsis_sp_json_init(&sp, out);
	wsis_sp_begin_list(&sp);
	wsis_sp_string_len(&sp, text, len);
	wsis_sp_begin_list(&sp);
	for (i = 0; i < n; i++) {
		/* what was typed before the word, as typed, and the word */
		wsis_buf_reset(&line);
		if (wsis_buf_append(&line, text, start) != 0 ||
		    wsis_buf_puts(&line, cand[i].term) != 0) {
			wsis_sp_discard(&sp);
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			goto out;
		}
		wsis_sp_string_len(&sp, line.data, line.len);
	}
	wsis_sp_end(&sp);
	wsis_sp_end(&sp);
	if (wsis_sp_finish(&sp) != 0) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	if (hits != NULL)
		*hits = n;
	rc = 0;
out:
	free(head);
	free(cand);
	wsis_terms_free(&terms);
	wsis_buf_free(&q);
	wsis_buf_free(&line);
	return rc;
}
