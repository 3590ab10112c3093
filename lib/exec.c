/* exec.c - SEARCH, COUNT and DOC on a database, answered as JSON (exec.h). */
#include "exec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "normalize.h"

static double
exec_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int __attribute__((format(printf, 3, 4)))
exec_fail(wsis_exec_error_t *err, int code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	err->retry = 0;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return -1;
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

/* The filter options of a request as query text ("part:draft para:3..9"). */
static int
exec_filter_text(const wsis_proto_request_t *req, wsis_buf_t *f)
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
exec_parse(wsis_db_t *db, const char *text, size_t len, unsigned flags,
    wsis_query_t **q, wsis_exec_error_t *err)
{
	char *norm = wsis_normalize(text, len);
	wsis_status_t st;

	if (norm == NULL)
		return exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	st = wsis_query_parse(db, norm, flags, q);
	free(norm);
	if (st != WSIS_OK)
		return exec_fail(err, exec_code(st), "query: %s", wsis_db_error(db));
	return 0;
}

/* Builds the query of a SEARCH, COUNT or MENTIONS request. */
static int
exec_query(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    unsigned flags, wsis_query_t **out, wsis_exec_error_t *err)
{
	wsis_query_t *q = NULL, *fq = NULL;
	wsis_buf_t f = WSIS_BUF_INIT;
	unsigned nterms = 0;
	int rc = -1;

	if (req->text.len > lim->max_query_bytes)
		return exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST,
		    "query too long: %zu bytes, at most %u", req->text.len, lim->max_query_bytes);
	if (exec_parse(db, req->text.ptr ? req->text.ptr : "", req->text.len, flags, &q, err) != 0)
		return -1;
	if (wsis_query_term_count(q, &nterms) == WSIS_OK && nterms > lim->max_terms) {
		exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST,
		    "query has %u terms, at most %u", nterms, lim->max_terms);
		goto out;
	}
	if (exec_filter_text(req, &f) != 0) {
		exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		goto out;
	}
	if (f.len > 0) {
		if (exec_parse(db, f.data, f.len, WSIS_QUERY_BOOLEAN | WSIS_QUERY_PHRASE, &fq,
		    err) != 0)
			goto out;
		if (wsis_query_filter(q, fq) != WSIS_OK) {
			exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "cannot apply the filters");
			goto out;
		}
	}
	if (wsis_query_is_empty(q)) {
		exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST, "empty query: give words or filters");
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

/* Appends ,"key":value for the numeric field `name` of p, when set. */
static int
exec_put_number_field(wsis_buf_t *b, const wsis_passage_t *p, const char *name)
{
	const char *v = wsis_passage_field(p, name);
	char *end;
	unsigned long n;

	if (v == NULL || *v < '0' || *v > '9')
		return 0;
	n = strtoul(v, &end, 10);
	if (*end != '\0')
		return 0;
	return wsis_buf_printf(b, ",\"%s\":%lu", name, n);
}

static int
exec_put_string_field(wsis_buf_t *b, const wsis_passage_t *p, const char *name)
{
	const char *v = wsis_passage_field(p, name);

	if (v == NULL)
		return 0;
	return wsis_buf_printf(b, ",\"%s\":", name) | wsis_json_put_cstr(b, v);
}

/* One hit as JSON. */
static int
exec_put_hit(wsis_buf_t *b, wsis_results_t *r, const wsis_hit_t *hit,
    const wsis_passage_t *p, const wsis_exec_limits_t *lim)
{
	char *snip = NULL;
	int rc = 0;

	rc |= wsis_buf_printf(b, "{\"rank\":%u,\"id\":", hit->rank);
	rc |= wsis_json_put_cstr(b, p->id);
	rc |= wsis_buf_printf(b, ",\"score\":%.4f,\"part\":", hit->score);
	rc |= wsis_json_put_cstr(b, p->part ? p->part : "");
	rc |= exec_put_number_field(b, p, "para");
	rc |= exec_put_string_field(b, p, "section");
	rc |= exec_put_string_field(b, p, "heading");
	rc |= exec_put_number_field(b, p, "day");
	if (p->title != NULL) {
		rc |= wsis_buf_puts(b, ",\"title\":");
		rc |= wsis_json_put_cstr(b, p->title);
	}
	if (wsis_results_snippet(r, p->text, lim->snippet_bytes, "<mark>", "</mark>",
	    "\xe2\x80\xa6", &snip) == WSIS_OK) {
		rc |= wsis_buf_puts(b, ",\"snippet\":");
		rc |= wsis_json_put_cstr(b, snip);
		free(snip);
	}
	rc |= wsis_buf_puts(b, ",\"text\":");
	rc |= wsis_json_put_cstr(b, p->text);
	rc |= wsis_buf_putc(b, '}');
	return rc;
}

/* Runs the query; with `relax`, an AND query with no hits is retried as OR. */
static int
exec_run(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    wsis_query_t **q, wsis_results_t **r, int *relaxed, wsis_exec_error_t *err)
{
	unsigned limit = req->cmd == WSIS_PROTO_CMD_COUNT ? 0 :
	    req->limit > lim->max_limit ? lim->max_limit : req->limit;
	wsis_search_opts_t so;
	wsis_status_t st;
	unsigned long total;
	int exact;

	so.offset = req->offset;
	so.limit = limit;
	so.doc_order = req->sort == WSIS_PROTO_SORT_DOC;
	/* counts are exact up to the end of this page */
	so.check_at_least = req->offset > 0xFFFFFFFFu - limit - 1 ? 0xFFFFFFFFu :
	    req->offset + limit + 1;
	if (req->cmd == WSIS_PROTO_CMD_COUNT)
		so.check_at_least = 0xFFFFFFFFu;   /* COUNT counts exactly */
	so.time_limit_ms = lim->time_limit_ms;
	*relaxed = 0;
	if (exec_query(db, req, lim, WSIS_QUERY_STANDARD | WSIS_QUERY_DEFAULT_AND |
	    WSIS_QUERY_SPELLING, q, err) != 0)
		return -1;
	st = wsis_db_search(db, *q, &so, r);
	if (st == WSIS_OK) {
		wsis_results_total(*r, &total, &exact);
		if (total == 0 && req->text.len > 0 && req->cmd == WSIS_PROTO_CMD_SEARCH) {
			/* nothing has every word: rank what has some of them */
			wsis_query_t *q2 = NULL;
			wsis_results_t *r2 = NULL;
			if (exec_query(db, req, lim, WSIS_QUERY_STANDARD, &q2, err) == 0 &&
			    wsis_db_search(db, q2, &so, &r2) == WSIS_OK) {
				wsis_results_free(*r);
				*r = r2;
				/* keep the first query for its spelling suggestion */
				wsis_query_free(q2);
				*relaxed = 1;
			} else {
				wsis_query_free(q2);
			}
		}
		return 0;
	}
	exec_fail(err, exec_code(st), "search: %s", wsis_db_error(db));
	err->retry = st == WSIS_EMODIFIED;
	return -1;
}

static int
exec_search(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    wsis_buf_t *out, wsis_exec_error_t *err, unsigned long *hits)
{
	wsis_query_t *q = NULL;
	wsis_results_t *r = NULL;
	wsis_buf_t b = WSIS_BUF_INIT;
	double t0 = exec_now_us();
	unsigned long total = 0;
	int exact = 1, relaxed = 0, rc = -1;
	const char *suggestion;
	size_t i;

	if (exec_run(db, req, lim, &q, &r, &relaxed, err) != 0)
		goto out;
	wsis_results_total(r, &total, &exact);
	if (hits != NULL)
		*hits = total;
	rc = wsis_buf_puts(&b, "{\"query\":");
	rc |= wsis_json_put_string(&b, req->text.ptr ? req->text.ptr : "", req->text.len);
	rc |= wsis_buf_printf(&b, ",\"total\":%lu,\"total_exact\":%s", total,
	    exact ? "true" : "false");
	if (relaxed)
		rc |= wsis_buf_puts(&b, ",\"relaxed\":true");
	suggestion = wsis_query_corrected(q);
	if (suggestion != NULL) {
		rc |= wsis_buf_puts(&b, ",\"suggestion\":");
		rc |= wsis_json_put_cstr(&b, suggestion);
	}
	if (req->cmd == WSIS_PROTO_CMD_SEARCH) {
		rc |= wsis_buf_printf(&b, ",\"offset\":%u,\"hits\":[", req->offset);
		for (i = 0; i < wsis_results_size(r) && rc == 0; i++) {
			wsis_hit_t hit;
			wsis_passage_t p;
			char perr[128];

			if (wsis_results_get(r, i, &hit) != WSIS_OK ||
			    wsis_passage_from_json(hit.data, hit.data_len, &p, perr,
			    sizeof perr) != 0) {
				exec_fail(err, WSIS_PROTO_CODE_INTERNAL,
				    "cannot read a stored passage: %s", wsis_results_error(r));
				rc = -1;
				goto out;
			}
			if (i > 0)
				rc |= wsis_buf_putc(&b, ',');
			rc |= exec_put_hit(&b, r, &hit, &p, lim);
			wsis_passage_clear(&p);
		}
		rc |= wsis_buf_putc(&b, ']');
	}
	rc |= wsis_buf_printf(&b, ",\"took_ms\":%.3f}", (exec_now_us() - t0) / 1000.0);
	if (rc != 0) {
		exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
		rc = -1;
		goto out;
	}
	if (wsis_buf_append(out, b.data, b.len) != 0)
		rc = exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
out:
	wsis_buf_free(&b);
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
		return exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST, "DOC needs an id");
	id = strndup(req->text.ptr, req->text.len);
	if (id == NULL)
		return exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	st = wsis_db_get_by_id(db, id, &data, &len);
	if (st == WSIS_ENOTFOUND)
		rc = exec_fail(err, WSIS_PROTO_CODE_NOT_FOUND, "no passage with id '%.200s'", id);
	else if (st != WSIS_OK)
		rc = exec_fail(err, exec_code(st), "%s", wsis_db_error(db));
	else
		rc = wsis_buf_append(out, data, len) == 0 ? 0 :
		    exec_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	free(id);
	free(data);
	return rc;
}

int
wsis_exec(wsis_db_t *db, const wsis_proto_request_t *req, const wsis_exec_limits_t *lim,
    wsis_buf_t *out, wsis_exec_error_t *err, unsigned long *hits)
{
	if (hits != NULL)
		*hits = 0;
	switch (req->cmd) {
	case WSIS_PROTO_CMD_SEARCH:
	case WSIS_PROTO_CMD_COUNT:
		return exec_search(db, req, lim, out, err, hits);
	case WSIS_PROTO_CMD_DOC:
		if (hits != NULL)
			*hits = 1;
		return exec_doc(db, req, out, err);
	default:
		return exec_fail(err, WSIS_PROTO_CODE_BAD_REQUEST, "%s is not a query command",
		    wsis_proto_cmd_name(req->cmd));
	}
}
