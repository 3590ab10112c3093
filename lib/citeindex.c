/* citeindex.c - the citation index: the CITES command (citeindex.h).
 *
 * One search, in document order, for the passages that cite (the text
 * asked for, or anything), narrowed by the request's filters; each hit's
 * stored citations are read and counted under their text and paragraphs.
 * The passages' ids are kept once, and the lists hold their positions, so
 * every list is in document order as the hits are.
 */
#include "citeindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "citations.h"
#include "clock.h"
#include "exec.h"
#include "json.h"
#include "normalize.h"
#include "passage.h"
#include "sprinter.h"

/* Positions of passages (into the reply's passage ids). */
typedef struct {
	size_t *v;
	size_t  n, cap;
} citeindex_list_t;

typedef struct {
	unsigned         para;
	citeindex_list_t by;
} citeindex_para_t;

typedef struct {
	char             *text;
	citeindex_list_t  by;      /* every passage citing it */
	citeindex_list_t  whole;   /* those citing no paragraph of it */
	citeindex_para_t *paras;
	size_t            nparas, cparas;
} citeindex_text_t;

typedef struct {
	citeindex_text_t *texts;
	size_t            ntexts, ctexts;
	char            **ids;     /* the citing passages' ids, in document order */
	size_t            nids, cids;
} citeindex_t;

/* Grows *v (of element size `size`) to hold one more.  0 or -1. */
static int
citeindex_grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if ((nv = realloc(*v, ncap * size)) == NULL)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int
citeindex_push(citeindex_list_t *l, size_t pos)
{
	if (citeindex_grow((void **)&l->v, l->n, &l->cap, sizeof *l->v) != 0)
		return -1;
	l->v[l->n++] = pos;
	return 0;
}

static citeindex_text_t *
citeindex_text(citeindex_t *ix, const char *name)
{
	citeindex_text_t *t;
	size_t i;

	for (i = 0; i < ix->ntexts; i++)
		if (strcmp(ix->texts[i].text, name) == 0)
			return &ix->texts[i];
	if (citeindex_grow((void **)&ix->texts, ix->ntexts, &ix->ctexts, sizeof *ix->texts) != 0)
		return NULL;
	t = &ix->texts[ix->ntexts];
	memset(t, 0, sizeof *t);
	if ((t->text = strdup(name)) == NULL)
		return NULL;
	ix->ntexts++;
	return t;
}

static int
citeindex_para(citeindex_text_t *t, unsigned para, size_t pos)
{
	size_t i;

	for (i = 0; i < t->nparas; i++)
		if (t->paras[i].para == para)
			return citeindex_push(&t->paras[i].by, pos);
	if (citeindex_grow((void **)&t->paras, t->nparas, &t->cparas, sizeof *t->paras) != 0)
		return -1;
	memset(&t->paras[t->nparas], 0, sizeof *t->paras);
	t->paras[t->nparas].para = para;
	return citeindex_push(&t->paras[t->nparas++].by, pos);
}

static void
citeindex_free(citeindex_t *ix)
{
	size_t i, k;

	for (i = 0; i < ix->ntexts; i++) {
		citeindex_text_t *t = &ix->texts[i];

		free(t->text);
		free(t->by.v);
		free(t->whole.v);
		for (k = 0; k < t->nparas; k++)
			free(t->paras[k].by.v);
		free(t->paras);
	}
	free(ix->texts);
	for (i = 0; i < ix->nids; i++)
		free(ix->ids[i]);
	free(ix->ids);
}

/* Counts passage `pos`'s citations c in, those of the text with index key
 * `key` only when key is set, and of its paragraph `para` only when para
 * is not 0. */
static int
citeindex_add(citeindex_t *ix, size_t pos, const wsis_citations_t *c, const char *key,
    unsigned para)
{
	wsis_buf_t k = WSIS_BUF_INIT;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < c->n && rc == 0; i++) {
		const wsis_citation_t *e = &c->items[i];
		citeindex_text_t *t;

		if (key != NULL) {
			wsis_buf_reset(&k);
			if (wsis_citations_key(e->text, &k) != 0) {
				rc = -1;
				break;
			}
			if (strcmp(k.data, key) != 0)
				continue;
		}
		if ((t = citeindex_text(ix, e->text)) == NULL || citeindex_push(&t->by, pos) != 0) {
			rc = -1;
			break;
		}
		if (e->nparas == 0 && para == 0)
			rc = citeindex_push(&t->whole, pos);
		for (j = 0; j < e->nparas && rc == 0; j++)
			if (para == 0 || e->paras[j] == para)
				rc = citeindex_para(t, e->paras[j], pos);
	}
	wsis_buf_free(&k);
	return rc;
}

/* The most cited first, then by name. */
static int
citeindex_cmp_text(const void *a, const void *b)
{
	const citeindex_text_t *x = a, *y = b;

	if (x->by.n != y->by.n)
		return x->by.n > y->by.n ? -1 : 1;
	return strcmp(x->text, y->text);
}

static int
citeindex_cmp_para(const void *a, const void *b)
{
	const citeindex_para_t *x = a, *y = b;

	return x->para < y->para ? -1 : x->para > y->para;
}

static void
citeindex_put_ids(wsis_sprinter_t *sp, const citeindex_t *ix, const char *key,
    const citeindex_list_t *l)
{
	size_t i;

	wsis_sp_map_key(sp, key);
	wsis_sp_begin_list(sp);
	for (i = 0; i < l->n; i++)
		wsis_sp_string(sp, ix->ids[l->v[i]]);
	wsis_sp_end(sp);
}

static void
citeindex_put(wsis_sprinter_t *sp, citeindex_t *ix)
{
	size_t i, k;

	/* qsort's array may not be NULL, even empty */
	if (ix->ntexts > 1)
		qsort(ix->texts, ix->ntexts, sizeof *ix->texts, citeindex_cmp_text);
	wsis_sp_map_key(sp, "texts");
	wsis_sp_begin_list(sp);
	for (i = 0; i < ix->ntexts; i++) {
		citeindex_text_t *t = &ix->texts[i];

		if (t->nparas > 1)
			qsort(t->paras, t->nparas, sizeof *t->paras, citeindex_cmp_para);
		wsis_sp_begin_map(sp);
		wsis_sp_map_key(sp, "text");
		wsis_sp_string(sp, t->text);
		wsis_sp_map_key(sp, "passages");
		wsis_sp_uint(sp, t->by.n);
		wsis_sp_map_key(sp, "paragraphs");
		wsis_sp_uint(sp, t->nparas);
		citeindex_put_ids(sp, ix, "ids", &t->by);
		wsis_sp_map_key(sp, "paras");
		wsis_sp_begin_list(sp);
		for (k = 0; k < t->nparas; k++) {
			wsis_sp_begin_map(sp);
			wsis_sp_map_key(sp, "para");
			wsis_sp_uint(sp, t->paras[k].para);
			wsis_sp_map_key(sp, "passages");
			wsis_sp_uint(sp, t->paras[k].by.n);
			citeindex_put_ids(sp, ix, "ids", &t->paras[k].by);
			wsis_sp_end(sp);
		}
		wsis_sp_end(sp);
		citeindex_put_ids(sp, ix, "whole", &t->whole);
		wsis_sp_end(sp);
	}
	wsis_sp_end(sp);
}

/* Parses query text `text` into *q (normalized first when `norm`). */
static int
citeindex_parse(wsis_db_t *db, const char *text, int norm, unsigned flags, wsis_query_t **q,
    wsis_exec_error_t *err)
{
	char *s = norm ? wsis_normalize_query(text, strlen(text)) : strdup(text);
	wsis_status_t st;

	if (s == NULL)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	st = wsis_query_parse(db, s, flags, q);
	free(s);
	if (st != WSIS_OK)
		return wsis_exec_fail(err, st == WSIS_EQUERY ? WSIS_PROTO_CODE_QUERY_SYNTAX :
		    WSIS_PROTO_CODE_INTERNAL, "query: %s", wsis_db_error(db));
	return 0;
}

int
wsis_citeindex_exec(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits)
{
	citeindex_t ix;
	wsis_buf_t term = WSIS_BUF_INIT, qtext = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	wsis_query_t *q = NULL, *fq = NULL;
	wsis_results_t *r = NULL;
	wsis_citations_t c = WSIS_CITATIONS_INIT;
	wsis_sprinter_t sp;
	unsigned para = 0;
	const char *key = NULL;
	double t0 = wsis_clock_s();
	char msg[256];
	size_t i, start = out->len;
	int rc = -1;

	memset(&ix, 0, sizeof ix);
	if (req->text.len > lim->max_query_bytes)
		return wsis_exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST,
		    "text too long: %zu bytes, at most %u", req->text.len, lim->max_query_bytes);
	if (req->text.len > 0) {
		int qr = wsis_citations_query(req->text.ptr, req->text.len, &term, msg,
		    sizeof msg);
		char *hash;

		if (qr != 0) {
			wsis_buf_free(&term);
			return qr > 0 ? wsis_exec_fail(err, WSIS_PROTO_CODE_QUERY_SYNTAX, "%s", msg) :
			    wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		}
		/* "key#N": the text's key and one paragraph */
		if ((hash = strchr(term.data, '#')) != NULL)
			para = (unsigned)strtoul(hash + 1, NULL, 10);
		key = term.data;
	}
	if (wsis_buf_puts(&qtext, "cites:") != 0 ||
	    wsis_buf_puts(&qtext, key != NULL ? key : "_") != 0 ||
	    wsis_exec_filter_text(req, &filt) != 0) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	if (key != NULL && para > 0)
		*strchr(term.data, '#') = '\0';
	if (citeindex_parse(db, qtext.data, 0, WSIS_QUERY_BOOLEAN, &q, err) != 0)
		goto out;
	if (filt.len > 0) {
		if (citeindex_parse(db, filt.data, 1, WSIS_QUERY_BOOLEAN | WSIS_QUERY_PHRASE, &fq,
		    err) != 0)
			goto out;
		wsis_query_filter(q, fq);
	}
	if (wsis_exec_in_order(db, q, &r, err) != 0)
		goto out;
	for (i = 0; i < wsis_results_size(r); i++) {
		wsis_hit_t hit;
		wsis_passage_t p;

		if (wsis_results_get(r, i, &hit) != WSIS_OK ||
		    wsis_passage_from_json(hit.data, hit.data_len, &p, msg, sizeof msg) != 0) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "cannot read a stored passage");
			goto out;
		}
		if (p.citations == NULL ||
		    wsis_citations_from_json(p.citations, strlen(p.citations), &c) != 0) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
			    "passage '%.100s': its stored citations cannot be read", p.id);
			wsis_passage_clear(&p);
			goto out;
		}
		if (citeindex_grow((void **)&ix.ids, ix.nids, &ix.cids, sizeof *ix.ids) != 0) {
			wsis_passage_clear(&p);
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			goto out;
		}
		/* the id moves into the index */
		ix.ids[ix.nids++] = p.id;
		p.id = NULL;
		wsis_passage_clear(&p);
		if (citeindex_add(&ix, ix.nids - 1, &c, key, para) != 0) {
			wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
			goto out;
		}
	}

	wsis_sp_json_init(&sp, out);
	wsis_sp_begin_map(&sp);
	if (req->text.len > 0) {
		wsis_sp_map_key(&sp, "query");
		wsis_sp_string_len(&sp, req->text.ptr, req->text.len);
	}
	wsis_exec_put_notices(&sp, req, NULL, NULL);
	citeindex_put(&sp, &ix);
	wsis_sp_map_key(&sp, "total_texts");
	wsis_sp_uint(&sp, ix.ntexts);
	wsis_sp_map_key(&sp, "total_passages");
	wsis_sp_uint(&sp, ix.nids);
	wsis_sp_map_key(&sp, "took_ms");
	wsis_sp_double(&sp, (wsis_clock_s() - t0) * 1000.0, 3);
	wsis_sp_end(&sp);
	if (wsis_sp_finish(&sp) != 0) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	if (out->len - start > WSIS_PROTO_MAX_PAYLOAD) {
		wsis_exec_fail(err, WSIS_PROTO_CODE_REPLY_TOO_LARGE,
		    "the citation index is larger than %u bytes: narrow it with a text or filters",
		    WSIS_PROTO_MAX_PAYLOAD);
		goto out;
	}
	if (hits != NULL)
		*hits = ix.nids;
	rc = 0;
out:
	if (rc != 0) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
	}
	citeindex_free(&ix);
	wsis_citations_free(&c);
	wsis_results_free(r);
	wsis_query_free(fq);
	wsis_query_free(q);
	wsis_buf_free(&term);
	wsis_buf_free(&qtext);
	wsis_buf_free(&filt);
	return rc;
}
