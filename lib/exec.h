/* exec.h - the commands behind every front end (native protocol, HTTP, the
 * indexer's --query): a parsed request in, a JSON reply out.  Runs on a
 * worker thread with that worker's own database handle; never on the event
 * loop.  The JSON shapes are documented in doc/PROTOCOL.md and the README.
 */
#ifndef WSIS_EXEC_H
#define WSIS_EXEC_H

#include <stdarg.h>
#include <stddef.h>

#include "buf.h"
#include "proto.h"
#include "querytext.h"
#include "sprinter.h"
#include "wsis-xapian.h"

typedef struct {
	unsigned max_limit;      /* results per page (default 100) */
	unsigned max_terms;      /* distinct terms a query is searched by: past
	                            them, the most selective (default 64) */
	unsigned max_query_bytes;/* bytes of a query searched: past them, the
	                            first ones, cut before a word (default 8192) */
	unsigned time_limit_ms;  /* per query, 0 for none (default 2000) */
	unsigned snippet_bytes;  /* snippet length (default 200) */
	int      plain;          /* Xapian's defaults: no normalization, no
	                            stopwords, no phrase boost (the baseline) */
	int      expand;         /* SEARCH re-ranks with words of its first
	                            hits unless the request says expand=0 */
	size_t   hit_text;       /* bytes of each SEARCH hit's and MENTIONS
	                            passage's text unless the request says
	                            text=: past them, its start, cut at a
	                            word, and "text_cut"; 0: no text;
	                            (size_t)-1: whole (default 4096) */
} wsis_exec_limits_t;

#define WSIS_EXEC_LIMITS_DEFAULT { 100, 64, 8192, 2000, 200, 0, 1, 4096 }

/* An error to send back: a protocol code (400, 404, 422, 500, 503, 504,
 * see proto.h) and a message. */
typedef struct {
	int  code;
	int  retry;          /* the index changed under the reader: reopen, retry */
	char message[256];
} wsis_exec_error_t;

/* The member "notices" of a reply's map, when there are any: the HTTP
 * parameters the request ignored (httpreq.h), a SEARCH's limit cut to
 * max_limit (lim NULL: not checked), and what the query's preparation
 * noted (qt, may be NULL). */
void wsis_exec_put_notices(wsis_sprinter_t *sp, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, const wsis_querytext_t *qt);

/* Fills `err` (code, message from fmt and ap, no retry); returns -1. */
int wsis_exec_verror(wsis_exec_error_t *err, int code, const char *fmt,
    va_list ap);
/* Every passage `q` matches, in document order, into *r (the caller frees
 * it); 0, or -1 with `err` filled (retry set when the index changed). */
int wsis_exec_in_order(wsis_db_t *db, const wsis_query_t *q, wsis_results_t **r,
    wsis_exec_error_t *err);
/* The same from fmt and its arguments. */
int wsis_exec_fail(wsis_exec_error_t *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Runs SEARCH, COUNT, DOC or MENTIONS on `db`, through the command table's
 * handler (command.h), and appends the JSON reply
 * to `out`; the replies of SEARCH, COUNT and MENTIONS end with "took_ms",
 * the time the command took.  Returns 0, or -1 with `err` filled (out
 * unchanged).  `hits` (may be NULL) gets the number of matches (1 for a
 * DOC), for the query log and the reply cache. */
int wsis_exec(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits);

/* The handlers of the command table (command.h) for the commands that read
 * the index, each as wsis_exec() describes: SEARCH and COUNT (req->cmd
 * tells which), MENTIONS, DOC. */
int wsis_exec_search(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits);
int wsis_exec_mentions(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits);
int wsis_exec_doc(wsis_db_t *db, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err);

/* Appends the filter options of a request (part=, section=, para=, day=)
 * as query-language text: "part:draft para:3..9 ".  Returns 0 or -1. */
int wsis_exec_filter_text(const wsis_proto_request_t *req, wsis_buf_t *f);

#endif
