/* httpparse.h - an HTTP/1.x request head, parsed.  Pure: no I/O, no
 * globals, no allocation, so one fuzz target drives it.  The daemon's
 * HTTP front end (searchd/http.c) reads what it needs from the struct;
 * nothing a client sends is trusted past `max_head` bytes.
 *
 * Shape: parse(buf, len, max_head, &req, &consumed) as lib/proto.c's. */
#ifndef WSIS_HTTPPARSE_H
#define WSIS_HTTPPARSE_H

#include <stddef.h>

typedef enum {
	WSIS_HTTP_OK = 0,
	WSIS_HTTP_NEED_MORE,      /* the head is not complete yet */
	WSIS_HTTP_ERR             /* req->status and req->message say why */
} wsis_http_status_t;

typedef enum {
	WSIS_HTTP_GET = 1,
	WSIS_HTTP_HEAD,
	WSIS_HTTP_POST,
	WSIS_HTTP_OPTIONS,
	WSIS_HTTP_PUT,
	WSIS_HTTP_DELETE,
	WSIS_HTTP_PATCH,
	WSIS_HTTP_OTHER           /* a token no route takes */
} wsis_http_method_t;

/* Bytes inside the parsed buffer; not NUL-terminated; ptr NULL when absent. */
typedef struct {
	const char *ptr;
	size_t      len;
} wsis_http_str_t;

typedef struct {
	wsis_http_method_t method;
	wsis_http_str_t    path;          /* the target up to '?', still encoded */
	wsis_http_str_t    query;         /* after '?'; ptr NULL when none */
	int                minor;         /* HTTP/1.<minor>: 0 or 1 */
	int                keep_alive;    /* the connection may serve another request */
	unsigned long long content_length;/* 0 when none */
	int                chunked;       /* Transfer-Encoding given */
	wsis_http_str_t    accept_encoding;
	wsis_http_str_t    origin;
	wsis_http_str_t    if_none_match; /* the entity tags a cache holds */
	wsis_http_str_t    host;          /* the (last) Host field's value */
	int                hosts;         /* Host fields given (HTTP/1.1 needs one) */
	/* on WSIS_HTTP_ERR: the status to answer (400, 431, 505) and
	 * why; the connection closes after it */
	int                status;
	char               message[96];
} wsis_http_request_t;

/* Parses the request head at the start of buf[0..len): the request line
 * and the header fields up to the empty line (CRLF or LF line ends; empty
 * lines before the request line are skipped).
 *   WSIS_HTTP_OK: *req is filled, *consumed is the head's length; a body
 *     (content_length, chunked) follows it.
 *   WSIS_HTTP_NEED_MORE: no complete head yet in fewer than max_head bytes.
 *   WSIS_HTTP_ERR: a malformed head, or none within max_head bytes (431).
 * Pointers in *req point into buf. */
wsis_http_status_t wsis_http_parse_request(const char *buf, size_t len, size_t max_head,
    wsis_http_request_t *req, size_t *consumed);

/* Whether a comma-separated header value (Accept-Encoding) takes gzip: a
 * "gzip", "x-gzip" or "*" coding in any case, unless its q is 0. */
int wsis_http_accepts_gzip(const char *value, size_t len);

/* Whether an If-None-Match value (list[0..len): "*" or entity tags,
 * comma-separated, each "..." or W/"...") names the entity tag `etag`
 * (quoted, as sent in ETag).  The comparison is the weak one RFC 9110
 * asks of If-None-Match: a W/ prefix on either side is ignored. */
int wsis_http_etag_matches(const char *list, size_t len, const char *etag);

/* Percent-decodes src[0..len) into out (at least len + 1 bytes), NUL
 * terminated; '+' stays '+' (a path, not a query).  Returns the decoded
 * length, or -1 on a bad escape or a NUL, raw or decoded. */
long wsis_http_path_decode(const char *src, size_t len, char *out);

#endif
