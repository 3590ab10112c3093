/* httpcache.h - what HTTP caches are told about a reply: its entity tag
 * and its Cache-Control and Vary lines.  Pure: no I/O, no globals.
 *
 * A query's reply depends on the index served and on the request, and its
 * bytes on whether it is gzip.  Its ETag is a hash of the three: the
 * index's generation (its name, the reloads since start and the daemon's
 * start time, so that an index rebuilt in place and reopened, or served by
 * a restarted daemon, never repeats a tag), the request's target (path and
 * query string, as sent) and the encoding the client takes.  The tag is
 * weak (W/"..."): a reply holds took_ms, so two replies with one tag say
 * the same but are not the same bytes.
 *
 * The ETag is made when the request comes, from the generation served
 * then.  A reload that lands while the query runs gives a reply of the new
 * index under the old tag, which the next revalidation finds stale: a tag
 * may cost one reply too many, never hold a stale one. */
#ifndef SEARCHD_HTTPCACHE_H
#define SEARCHD_HTTPCACHE_H

#include <stddef.h>

#include "buf.h"

/* W/"<16 hex digits>" and its NUL. */
#define HTTPCACHE_ETAG_SIZE 24

typedef struct {
	const char   *generation;   /* the index's generation name */
	unsigned long reloads;      /* index_generation() */
	double        started;      /* the daemon's start, wall clock seconds */
	const char   *software;     /* "wsis-searchd/0.1.0": replies change with it */
} httpcache_index_t;

/* Writes the ETag of the reply to the request target path[0..plen) "?"
 * query[0..qlen) (query NULL: none), gzip or not, into etag. */
void httpcache_etag(const httpcache_index_t *ix, const char *path, size_t plen,
    const char *query, size_t qlen, int gzip, char etag[HTTPCACHE_ETAG_SIZE]);

/* Appends the header lines of a cacheable reply: ETag, and Cache-Control
 * "max-age=N" (N 0: "no-cache", reuse only after revalidating).  Returns 0
 * or -1 (out of memory). */
int httpcache_headers(wsis_buf_t *out, const char *etag, unsigned max_age);

/* Appends the Vary line a reply needs, if any: Accept-Encoding when its
 * bytes depend on the client's Accept-Encoding (`by_encoding`), Origin
 * when its CORS headers depend on the Origin (`by_origin`: a list of
 * origins is allowed, not "*").  Returns 0 or -1 (out of memory). */
int httpcache_vary(wsis_buf_t *out, int by_encoding, int by_origin);

#endif
