/* http.c - the HTTP JSON API (http.h): its listener and connections.
 *
 * An HTTP connection is one state machine, driven by http_drive():
 *
 *   HEAD     waiting for a request head: on the front's `waiting` list,
 *            oldest first, with its deadline (header-timeout) armed.  The
 *            head is parsed by lib/httpparse.c; a request answered here
 *            (errors, /health, /metrics, /stats, OPTIONS, a 304, the API's
 *            descriptions) leaves it in HEAD for the next one.
 *   RUNNING  its request is at the workers; reading is off.  One request
 *            at a time, so replies leave in order.
 *   CLOSING  its last reply is being written; then LINGERING, or closed
 *            at once when the client has ended its input.
 *   LINGERING its sending side shut (shutdown(SHUT_WR)), what the client
 *            still sends is read and dropped until its end of input or
 *            HTTP_LINGER_S, then closed: closing with input unread would
 *            reset the connection and could lose the last reply.
 *
 * The rule: only the loop thread writes an HTTP socket, and a connection
 * is freed only when no job of it is at a worker (h->job NULL).  When the
 * client goes while its job runs, the socket closes at once and the job's
 * reply is dropped when it comes back.
 *
 * Slow clients cannot hold the daemon: a head must arrive within
 * header-timeout, and when the budget (budget.h) has no place for a new
 * HTTP connection, the one that has waited longest for a head is closed
 * to make room, so a crowd of silent or slow clients costs the newcomer
 * nothing.  A connection with a request running is never closed so.
 *
 * A request's parameters become a protocol line parsed by lib/proto.c, so
 * both front ends validate alike, and the job runs exactly as a native one.
 * When the client takes gzip, the worker compresses the reply (gzip.h).
 */
#include "http.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "apidoc.h"
#include "backend.h"
#include "command.h"
#include "conn.h"
#include "gzip.h"
#include "hostport.h"
#include "httpcache.h"
#include "httpparse.h"
#include "httpreq.h"
#include "index.h"
#include "log.h"
#include "portal.h"
#include "proto.h"
#include "qstring.h"
#include "sprinter.h"

/* The request head: room for a query of max-line bytes percent-encoded
 * (three bytes a byte) beside the headers' own 8 KiB, so that what the
 * native protocol takes in one line HTTP takes in a URL. */
#define HTTP_HEADERS_OWN 8192
#define HTTP_MAX_BACKLOG (1024 * 1024)  /* unsent reply bytes before pausing */

typedef enum { HTTP_HEAD, HTTP_RUNNING, HTTP_CLOSING, HTTP_LINGERING } http_state_t;

/* How long a closing connection reads and drops what its client still
 * sends, after its last reply (HTTP_LINGERING). */
#define HTTP_LINGER_S 2

typedef struct hconn hconn_t;
struct hconn {
	http_front_t       *front;
	struct bufferevent *bev;        /* NULL once the client is gone */
	http_state_t        state;
	struct event       *deadline;   /* HEAD: the head must come by then */
	job_t              *job;        /* RUNNING: at the workers */
	int                 keep_alive; /* of the request in progress */
	int                 minor;      /* its HTTP/1.<minor> */
	int                 head_begun; /* HEAD: part of a head came; its deadline runs */
	int                 eof;        /* the client has ended its input */
	int                 logged;     /* the request in progress is in the query log */
	int                 last_code;  /* the last reply's error code, 0 for none */
	int                 head_only;  /* HEAD: the headers of the GET, no body */
	int                 gzip;
	char                origin[256];/* the request's Origin, for CORS */
	char                etag[HTTPCACHE_ETAG_SIZE]; /* a cacheable reply's, else "" */
	wsis_qstring_t      qs;         /* the request's, while its job runs */
	int                 has_qs;
	char               *arg;        /* its path argument, decoded */
	char                peer[80];
	TAILQ_ENTRY(hconn)  all;
	TAILQ_ENTRY(hconn)  waiting;    /* in HEAD, oldest first */
};

TAILQ_HEAD(hconn_list, hconn);

struct http_front {
	server_t              *srv;
	struct evconnlistener *listener;
	struct hconn_list      all, waiting;
	size_t                 max_head;
};

static void http_drive(hconn_t *h);

/* ---- replies ----------------------------------------------------------- */

static int
http_status_of(int code)
{
	switch (code) {
	case WSIS_PROTO_CODE_BAD_REQUEST:
	case WSIS_PROTO_CODE_UNKNOWN_COMMAND: return 400;
	case WSIS_PROTO_CODE_FORBIDDEN:       return 403;
	case WSIS_PROTO_CODE_NOT_FOUND:       return 404;
	case WSIS_PROTO_CODE_IDLE_TIMEOUT:    return 408;
	case WSIS_PROTO_CODE_LINE_TOO_LONG:   return 413;
	case WSIS_PROTO_CODE_QUERY_SYNTAX:    return 422;
	case WSIS_PROTO_CODE_BUSY:            return 429;
	case WSIS_PROTO_CODE_UNAVAILABLE:     return 503;
	case WSIS_PROTO_CODE_QUERY_TIMEOUT:   return 504;
	case WSIS_PROTO_CODE_REPLY_TOO_LARGE: return 507;
	default:                              return 500;
	}
}

static const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	case 507: return "Insufficient Storage";
	default:  return "Internal Server Error";
	}
}

/* "Date: ..." for now, remade once a second. */
static const char *
http_date(void)
{
	static char date[64];
	static time_t made;
	time_t now = time(NULL);
	struct tm tm;

	if (now != made && gmtime_r(&now, &tm) != NULL) {
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		made = now;
	}
	return date;
}

/* Whether origin o[0..olen) is the allowed origin s[0..n): equal in any
 * ASCII case (scheme and host are), a '/' ending the allowed one ignored
 * (an origin has no path, but one is easily written). */
static int
http_cors_same(const char *s, size_t n, const char *o, size_t olen)
{
	if (n > 0 && s[n - 1] == '/')
		n--;
	return n == olen && strncasecmp(s, o, n) == 0;
}

/* Whether the CORS headers depend on the request's Origin: a list of
 * origins is allowed (with "*" alone every origin gets the same). */
static int
http_cors_varies(const server_t *srv)
{
	const char *allowed = srv->settings->cors_origins;

	if (allowed == NULL)
		return 0;
	allowed += strspn(allowed, " ");
	return *allowed != '\0' && !(allowed[0] == '*' && allowed[1 + strspn(allowed + 1, " ")] ==
	    '\0');
}

/* The CORS headers when the request's Origin is allowed: who may read the
 * reply, and which of its headers a page's script may read besides the
 * simple ones (ETag, for a portal that revalidates by hand). */
static void
http_cors(const server_t *srv, const hconn_t *h, struct evbuffer *out)
{
	const char *allowed = srv->settings->cors_origins, *p;
	size_t olen = strlen(h->origin);

	if (allowed == NULL || *allowed == '\0' || olen == 0)
		return;
	for (p = allowed; *p != '\0';) {
		size_t n = strcspn(p, ",");
		const char *s = p;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if ((n == 1 && *s == '*') || http_cors_same(s, n, h->origin, olen)) {
			evbuffer_add_printf(out, "Access-Control-Allow-Origin: %s\r\n"
			    "Access-Control-Expose-Headers: ETag\r\n",
			    n == 1 && *s == '*' ? "*" : h->origin);
			return;
		}
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
}

/* The caching headers of a reply: a cacheable one's ETag and
 * Cache-Control max-age (http-max-age), no-store for the rest; and Vary. */
static void
http_cache_lines(hconn_t *h, struct evbuffer *out, int status, int has_body, int gzip_depends)
{
	server_t *srv = h->front->srv;
	wsis_buf_t b = WSIS_BUF_INIT;
	int cacheable = h->etag[0] != '\0' && (status == 200 || status == 304);
	int rc = 0;

	if (cacheable)
		rc |= httpcache_headers(&b, h->etag, srv->settings->http_max_age_s);
	else if (has_body)
		rc |= wsis_buf_puts(&b, "Cache-Control: no-store\r\n");
	/* a cacheable reply's tag differs by Accept-Encoding even when small */
	rc |= httpcache_vary(&b, cacheable || gzip_depends, http_cors_varies(srv));
	if (rc == 0 && b.len > 0)
		evbuffer_add(out, b.data, b.len);
	else if (rc != 0 && has_body)
		evbuffer_add_printf(out, "Cache-Control: no-store\r\n");
	wsis_buf_free(&b);
}

static void
http_free_body(const void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	free(arg);
}

/* Writes a reply on `h`: the status line, the headers (`extra`: more
 * header lines, may be NULL), and the body.  A body that is already gzip
 * (gzip_is_gzip()) goes as it is; a plain one gets its newline and, when
 * the client takes gzip and it is worth it, is compressed here (only the
 * small replies the loop makes itself: a worker compresses a query's
 * reply).  With `owned` (the body itself, malloc'ed with room for one
 * byte past its end, as wsis_buf_detach() leaves it) the block is sent by
 * reference and freed once written.  A reply with no body (204, 304)
 * passes body NULL. */
static void
http_reply_into(hconn_t *h, struct evbuffer *out, int status, const char *extra,
    const char *body, size_t len, char *owned, const char *type)
{
	server_t *srv = h->front->srv;
	wsis_buf_t z = WSIS_BUF_INIT;
	int gzipped = body != NULL && gzip_is_gzip(body, len);
	size_t clen;

	if (body != NULL && !gzipped && h->gzip && len >= GZIP_MIN_BODY &&
	    gzip_reply(body, len, &z) == 0) {
		free(owned);
		len = z.len;
		body = owned = wsis_buf_detach(&z);
		gzipped = 1;
	}
	/* a plain body ends with a newline; a gzip one has it inside */
	clen = body == NULL ? 0 : len + !gzipped;
	evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\nDate: %s\r\n", status, http_reason(status),
	    http_date());
	if (body != NULL) {
		evbuffer_add_printf(out, "Content-Type: %s\r\nX-Content-Type-Options: nosniff\r\n",
		    type != NULL ? type : "application/json; charset=utf-8");
		if (gzipped)
			evbuffer_add_printf(out, "Content-Encoding: gzip\r\n");
	}
	/* whether it is gzip depends on Accept-Encoding: say so to caches */
	http_cache_lines(h, out, status, body != NULL,
	    body != NULL && (len >= GZIP_MIN_BODY || gzipped));
	http_cors(srv, h, out);
	if (extra != NULL)
		evbuffer_add(out, extra, strlen(extra));
	if (status != 204 && status != 304)
		evbuffer_add_printf(out, "Content-Length: %zu\r\n", clen);
	if (!h->keep_alive)
		evbuffer_add_printf(out, "Connection: close\r\n\r\n");
	else
		/* how long it waits for the next request, for clients and
		 * proxies that keep connections */
		evbuffer_add_printf(out, "%sKeep-Alive: timeout=%u\r\n\r\n",
		    h->minor == 0 ? "Connection: keep-alive\r\n" : "",
		    srv->settings->header_timeout_s);
	if (body != NULL && !h->head_only) {
		if (!gzipped && owned != NULL) {
			/* the newline goes in the block: added after a reference,
			 * it would take a chain of its own */
			owned[len++] = '\n';
			gzipped = 1;   /* nothing more to add */
		}
		if (owned != NULL &&
		    evbuffer_add_reference(out, owned, len, http_free_body, owned) == 0)
			owned = NULL;
		else
			evbuffer_add(out, body, len);
		if (!gzipped)
			evbuffer_add(out, "\n", 1);
	}
	free(owned);
	h->last_code = status >= 400 ? status : 0;
	if (status >= 400)
		srv->stats.http_errors++;
	srv->stats.http_requests++;
}

static void
http_reply(hconn_t *h, int status, const char *extra, const char *body, size_t len,
    char *owned)
{
	http_reply_into(h, bufferevent_get_output(h->bev), status, extra, body, len, owned,
	    NULL);
}

static void
http_error_into(hconn_t *h, struct evbuffer *out, int status, int code, const char *msg,
    const char *extra)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;

	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "error");
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "code");
	wsis_sp_int(&sp, code);
	wsis_sp_map_key(&sp, "status");
	wsis_sp_int(&sp, status);
	wsis_sp_map_key(&sp, "message");
	wsis_sp_string(&sp, msg);
	wsis_sp_end(&sp);
	wsis_sp_end(&sp);
	if (wsis_sp_finish(&sp) != 0)
		http_reply_into(h, out, status, extra, "{}", 2, NULL, NULL);
	else
		http_reply_into(h, out, status, extra, b.data, b.len, NULL, NULL);
	h->last_code = code;
	wsis_buf_free(&b);
}

static void
http_reply_error(hconn_t *h, int status, int code, const char *msg, const char *extra)
{
	http_error_into(h, bufferevent_get_output(h->bev), status, code, msg, extra);
}

/* An error for a request of the portal page `pg` (NULL: of the API): an
 * HTML page, else the API's JSON. */
static void
http_page_error(hconn_t *h, const portal_page_t *pg, int status, int code, const char *msg)
{
	wsis_buf_t b = WSIS_BUF_INIT;

	if (pg != NULL && portal_error(status, msg, &b) == 0) {
		http_reply_into(h, bufferevent_get_output(h->bev), status, PORTAL_CSP, b.data,
		    b.len, NULL, "text/html; charset=utf-8");
		h->last_code = code;
	} else
		http_reply_error(h, status, code, msg, NULL);
	wsis_buf_free(&b);
}

/* ---- the connection's life ---------------------------------------------- */

static void
http_unwait(hconn_t *h)
{
	if (h->state == HTTP_HEAD)
		TAILQ_REMOVE(&h->front->waiting, h, waiting);
	evtimer_del(h->deadline);
}

/* Frees the connection, now when no job of it is at a worker, else once
 * it comes back (http_job_done). */
static void
http_close(hconn_t *h)
{
	http_front_t *f = h->front;
	server_t *srv = f->srv;

	if (h->bev != NULL) {
		bufferevent_free(h->bev);
		h->bev = NULL;
		if (h->state == HTTP_HEAD)
			TAILQ_REMOVE(&f->waiting, h, waiting);
		h->state = HTTP_CLOSING;
		evtimer_del(h->deadline);
		budget_give(&srv->budget, BUDGET_HTTP);
		srv->stats.http_conns_current--;
	}
	if (h->job != NULL)
		return;
	TAILQ_REMOVE(&f->all, h, all);
	event_free(h->deadline);
	free(h);
}

/* Enters HEAD: waiting for the next request head, by the deadline. */
static void
http_wait_head(hconn_t *h)
{
	struct timeval tv = { (time_t)h->front->srv->settings->header_timeout_s, 0 };

	h->state = HTTP_HEAD;
	h->head_begun = 0;
	TAILQ_INSERT_TAIL(&h->front->waiting, h, waiting);
	evtimer_add(h->deadline, &tv);
	bufferevent_enable(h->bev, EV_READ);
}

/* CLOSING, the last reply written: LINGERING, or closed at once when the
 * client has ended its input. */
static void
http_finish(hconn_t *h)
{
	struct timeval tv = { HTTP_LINGER_S, 0 };

	if (h->eof || shutdown(bufferevent_getfd(h->bev), SHUT_WR) != 0) {
		http_close(h);
		return;
	}
	h->state = HTTP_LINGERING;
	evtimer_add(h->deadline, &tv);
	bufferevent_enable(h->bev, EV_READ);
}

/* After a reply: the next request, or the close. */
static void
http_next(hconn_t *h)
{
	if (!h->keep_alive || h->eof || h->front->srv->shutting_down) {
		h->state = HTTP_CLOSING;
		bufferevent_disable(h->bev, EV_READ);
		if (evbuffer_get_length(bufferevent_get_output(h->bev)) == 0)
			http_finish(h);
		return;
	}
	http_wait_head(h);
}

/* Whether the client has sent any of a head: read already, or still in
 * the kernel.  What waits there is read and dropped, so that the close
 * that follows sends a FIN, not a reset that would discard the 408. */
static int
http_pending(hconn_t *h)
{
	size_t n = evbuffer_get_length(bufferevent_get_input(h->bev));
	char scratch[4096];
	ssize_t r;

	while ((r = recv(bufferevent_getfd(h->bev), scratch, sizeof scratch,
	    MSG_DONTWAIT)) > 0)
		n += (size_t)r;
	return n > 0;
}

static void
http_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	hconn_t *h = arg;
	server_t *srv = h->front->srv;

	(void)fd;
	(void)what;
	if (h->state == HTTP_LINGERING) {
		http_close(h);
		return;
	}
	if (h->state != HTTP_HEAD || h->bev == NULL)
		return;
	TAILQ_REMOVE(&h->front->waiting, h, waiting);
	h->state = HTTP_RUNNING;   /* off the list while the 408 goes */
	if (!http_pending(h)) {
		/* nothing of a request: closed quietly */
		h->state = HTTP_CLOSING;
		http_close(h);
		return;
	}
	srv->stats.http_header_timeouts++;
	h->keep_alive = 0;
	h->head_only = 0;
	http_reply_error(h, 408, WSIS_PROTO_CODE_IDLE_TIMEOUT,
	    "the request head did not arrive in time (header-timeout)", NULL);
	http_next(h);
}

/* ---- requests ------------------------------------------------------------ */

/* The query log's line for a request answered here, without a worker. */
static void
http_log(hconn_t *h, const char *cmd, const char *text, size_t len, int code)
{
	server_log_request(h->front->srv, 1, h->peer, cmd, text, len, 0, 0, code, 0);
	h->logged = 1;
}

/* Frees what the request of `h` kept: its decoded query string and path
 * argument, which its job's request points into. */
static void
http_request_free(hconn_t *h)
{
	if (h->has_qs)
		wsis_qstring_free(&h->qs);
	h->has_qs = 0;
	free(h->arg);
	h->arg = NULL;
}

/* The reply of a job answered or back: its JSON, or its error; a portal
 * page's, or an HTML page saying its error. */
static void
http_reply_job(hconn_t *h, job_t *job)
{
	if (job->page != NULL) {
		if (job->failed) {
			http_page_error(h, job->page, http_status_of(job->err.code), job->err.code,
			    job->err.message);
			return;
		}
		if (job->out.data != NULL) {
			size_t len = job->out.len;
			char *body = wsis_buf_detach(&job->out);
			http_reply_into(h, bufferevent_get_output(h->bev), 200, PORTAL_CSP, body,
			    len, body, job->page->type);
			return;
		}
	}
	if (job->failed)
		http_reply_error(h, job->err.code == WSIS_PROTO_CODE_LINE_TOO_LONG ? 413 :
		    http_status_of(job->err.code), job->err.code, job->err.message, NULL);
	else if (job->out.data == NULL)
		http_reply(h, 200, NULL, "{}", 2, NULL);
	else {
		size_t len = job->out.len;
		char *body = wsis_buf_detach(&job->out);
		/* OpenSearch suggestions have a media type of their own */
		http_reply_into(h, bufferevent_get_output(h->bev), 200, NULL, body, len, body,
		    job->req.cmd == WSIS_PROTO_CMD_SUGGEST ?
		    "application/x-suggestions+json; charset=utf-8" : NULL);
	}
}

/* On the worker, once the query has run: compresses the reply for a
 * client that takes gzip, so that the loop, which serves every
 * connection, does not (deflate costs more than the rest of sending a
 * reply).  When it cannot, the reply stays plain and the loop compresses
 * it.  The loop writes the reply: it must be woken (returns 1). */
static int
http_deliver(job_t *job)
{
	wsis_buf_t z = WSIS_BUF_INIT;

	if (job->failed || job->out.len < GZIP_MIN_BODY)
		return 1;
	if (gzip_reply(job->out.data, job->out.len, &z) != 0) {
		wsis_buf_free(&z);
		return 1;
	}
	wsis_buf_shrink(&z);   /* room was made for the worst case */
	wsis_buf_free(&job->out);
	job->out = z;
	return 1;
}

/* Loop thread: the job of `h` is back. */
static void
http_job_done(job_t *job)
{
	hconn_t *h = job->owner;
	server_t *srv = h->front->srv;

	srv->http_inflight--;
	h->job = NULL;
	stats_latency(&srv->stats, job->done_us - job->submitted_us);
	server_log_request(srv, 1, h->peer, wsis_proto_cmd_name(job->req.cmd), job->req.text.ptr,
	    job->req.text.len, job->hits, job->done_us - job->submitted_us,
	    job->failed ? job->err.code : 0, job->from_cache);
	if (h->bev == NULL) {   /* the client went: nowhere to send it */
		pool_job_free(job);
		http_request_free(h);
		http_close(h);
		return;
	}
	http_reply_job(h, job);
	pool_job_free(job);
	http_request_free(h);
	http_next(h);
	if (h->state == HTTP_HEAD)
		http_drive(h);   /* a request that came meanwhile */
}

/* Sets h->etag for the reply to request `r` (httpcache.h).  Returns 1 when
 * the request's If-None-Match names it: the client holds that reply. */
static int
http_etag(hconn_t *h, const wsis_http_request_t *r)
{
	server_t *srv = h->front->srv;
	httpcache_index_t ix;
	char gen[256];

	index_gen_name(srv->index, gen, sizeof gen);
	ix.generation = gen;
	ix.reloads = index_generation(srv->index);
	ix.started = srv->stats.started;
	ix.software = srv->software;
	httpcache_etag(&ix, r->path.ptr, r->path.len, r->query.ptr, r->query.len, h->gzip,
	    h->etag);
	return r->if_none_match.ptr != NULL &&
	    wsis_http_etag_matches(r->if_none_match.ptr, r->if_none_match.len, h->etag);
}

/* Runs the command `c` for the request of `h`: its parameters filled into
 * a job's request (lib/httpreq.c), then backend_dispatch() as for the
 * native front end: answered now, or RUNNING until the job is back. */
static void
http_command(hconn_t *h, const wsis_command_t *c, const wsis_http_request_t *r,
    const char *arg, const portal_page_t *pg)
{
	server_t *srv = h->front->srv;
	wsis_proto_status_t st;
	char err[256];
	job_t *job;

	if (wsis_qstring_parse(r->query.ptr ? r->query.ptr : "", r->query.len, &h->qs, err,
	    sizeof err) != 0) {
		http_page_error(h, pg, 400, WSIS_PROTO_CODE_BAD_REQUEST, err);
		return;
	}
	h->has_qs = 1;
	/* a cacheable reply the client holds is not made again */
	if (c->cacheable && http_etag(h, r)) {
		http_reply_into(h, bufferevent_get_output(h->bev), 304, NULL, NULL, 0, NULL, NULL);
		return;
	}
	if (pg != NULL)
		portal_form_params(&h->qs);
	if (arg != NULL) {
		size_t n = strlen(arg);
		h->arg = malloc(n + 1);
		if (h->arg == NULL || wsis_http_path_decode(arg, n, h->arg) < 0) {
			http_page_error(h, pg, 400, WSIS_PROTO_CODE_BAD_REQUEST, "bad passage id");
			return;
		}
	}
	job = pool_job_new("", 0);
	if (job == NULL) {
		http_reply_error(h, 500, WSIS_PROTO_CODE_INTERNAL, "out of memory", NULL);
		return;
	}
	/* a URL is bounded by the head's limit, not by the protocol's line:
	 * a query up to it is searched, past max-query-bytes by its first
	 * bytes, as the protocol does with a line of max-line bytes */
	st = wsis_httpreq_parse(c, &h->qs, h->arg, h->arg ? strlen(h->arg) : 0,
	    h->front->max_head, &job->req);
	if (st != WSIS_PROTO_OK) {
		http_page_error(h, pg, job->req.code == WSIS_PROTO_CODE_LINE_TOO_LONG ? 413 :
		    http_status_of(job->req.code), job->req.code, job->req.message);
		pool_job_free(job);
		return;
	}
	job->done = http_job_done;
	job->owner = h;
	job->gzip = h->gzip;
	job->page = pg;
	if (h->gzip)
		job->deliver = http_deliver;
	if (backend_dispatch(srv, job, srv->settings->admin_tcp) == BACKEND_ANSWERED) {
		http_log(h, wsis_proto_cmd_name(job->req.cmd), job->req.text.ptr,
		    job->req.text.len, job->failed ? job->err.code : 0);
		http_reply_job(h, job);
		pool_job_free(job);
		return;
	}
	h->job = job;
	h->state = HTTP_RUNNING;
	bufferevent_disable(h->bev, EV_READ);
	srv->http_inflight++;
}

/* The routes that are no command: liveness, readiness and metrics, and
 * the API's descriptions (apidoc.h). */
static int
http_own_route(const char *path)
{
	return strcmp(path, "/health") == 0 || strcmp(path, "/ready") == 0 ||
	    strcmp(path, "/metrics") == 0 || strcmp(path, "/opensearch.xml") == 0 ||
	    strcmp(path, "/openapi.json") == 0;
}

/* Answers GET /opensearch.xml and /openapi.json: documents that change
 * only with the daemon (and the Host the first names), cacheable by their
 * ETag like a query's reply. */
static void
http_apidoc(hconn_t *h, const wsis_http_request_t *r, const char *path)
{
	server_t *srv = h->front->srv;
	wsis_buf_t body = WSIS_BUF_INIT, base = WSIS_BUF_INIT;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char addr[128];
	int rc = 0;

	if (http_etag(h, r)) {
		http_reply_into(h, bufferevent_get_output(h->bev), 304, NULL, NULL, 0, NULL, NULL);
		return;
	}
	if (path[5] == 'a') {   /* /openapi.json */
		http_reply_into(h, bufferevent_get_output(h->bev), 200, NULL, (const char *)doc_openapi_json,
		    doc_openapi_json_len, NULL, "application/json; charset=utf-8");
		return;
	}
	/* the URL the client reached: public-url, else its Host, else the
	 * address it connected to */
	if (srv->settings->public_url != NULL && *srv->settings->public_url != '\0') {
		const char *u = srv->settings->public_url;
		size_t n = strlen(u);
		while (n > 0 && u[n - 1] == '/')
			n--;
		rc |= wsis_buf_append(&base, u, n);
	} else if (apidoc_host_ok(r->host.ptr, r->host.len)) {
		rc |= wsis_buf_puts(&base, "http://");
		rc |= wsis_buf_append(&base, r->host.ptr, r->host.len);
	} else {
		addr[0] = '\0';
		if (getsockname(bufferevent_getfd(h->bev), (struct sockaddr *)&ss, &sl) == 0)
			wsis_hostport_format((struct sockaddr *)&ss, "", addr, sizeof addr);
		rc |= wsis_buf_printf(&base, "http://%s", addr);
	}
	if (rc != 0 || apidoc_opensearch(base.data, &body) != 0)
		http_reply_error(h, 500, WSIS_PROTO_CODE_INTERNAL, "out of memory", NULL);
	else   /* http_reply_into ends the body with its newline */
		http_reply_into(h, bufferevent_get_output(h->bev), 200, NULL, body.data,
		    body.len - 1, NULL, "application/opensearchdescription+xml; charset=utf-8");
	wsis_buf_free(&body);
	wsis_buf_free(&base);
}

/* Answers GET /health (alive: the daemon answers), /ready (an index is
 * open, a shard answers (every one with shard-failure = fail) and the
 * daemon is not shutting down: 503 otherwise), both with each shard's
 * state, and /metrics
 * (the counters in Prometheus's text format). */
static void
http_own(hconn_t *h, const wsis_http_request_t *r, const char *path)
{
	server_t *srv = h->front->srv;
	wsis_buf_t body = WSIS_BUF_INIT;
	wsis_sprinter_t sp;
	unsigned long docs = index_documents(srv->index);
	size_t down = index_shards_down(srv->index);
	/* ready: some shard answers; with shard-failure = fail, every one */
	int ready = docs > 0 && !srv->shutting_down &&
	    (index_fail_whole(srv->index) ? down == 0 : down < index_shard_count(srv->index));

	if (path[1] == 'o') {
		http_apidoc(h, r, path);
		return;
	}
	if (strcmp(path, "/metrics") == 0) {
		if (server_metrics_text(srv, &body) != 0 || body.len == 0)
			http_reply_error(h, 500, WSIS_PROTO_CODE_INTERNAL, "out of memory", NULL);
		else   /* http_reply_into ends the body with its newline */
			http_reply_into(h, bufferevent_get_output(h->bev), 200, NULL, body.data,
			    body.len - 1, NULL, "text/plain; version=0.0.4; charset=utf-8");
		wsis_buf_free(&body);
		return;
	}
	wsis_sp_json_init(&sp, &body);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "status");
	wsis_sp_string(&sp, path[1] == 'h' ? "ok" : ready ? "ready" : "not ready");
	wsis_sp_map_key(&sp, "documents");
	wsis_sp_uint(&sp, docs);
	wsis_sp_map_key(&sp, "shards_down");
	wsis_sp_uint(&sp, down);
	wsis_sp_map_key(&sp, "shards");
	index_shards_json(srv->index, &sp);
	wsis_sp_end(&sp);
	if (wsis_sp_finish(&sp) != 0)
		http_reply_error(h, 500, WSIS_PROTO_CODE_INTERNAL, "out of memory", NULL);
	else
		http_reply(h, path[1] == 'h' || ready ? 200 : 503, NULL, body.data, body.len, NULL);
	wsis_buf_free(&body);
}

/* Answers or dispatches one parsed request head: the route is the command
 * table's (/health, /ready and /metrics, the routes that are no command,
 * are answered here). */
static void
http_request(hconn_t *h, const wsis_http_request_t *r)
{
	server_t *srv = h->front->srv;
	const wsis_command_t *c = NULL;
	const portal_page_t *pg;
	const char *arg = NULL;
	char *path;
	int get = r->method == WSIS_HTTP_GET || r->method == WSIS_HTTP_HEAD;

	path = malloc(r->path.len + 1);
	if (path == NULL) {
		http_reply_error(h, 500, WSIS_PROTO_CODE_INTERNAL, "out of memory", NULL);
		return;
	}
	memcpy(path, r->path.ptr, r->path.len);
	path[r->path.len] = '\0';
	pg = portal_find(path, &arg);
	if (pg != NULL)   /* a file, or a page made from a command's reply */
		c = pg->cmd != WSIS_PROTO_CMD_NONE ? wsis_cmd_by_id(pg->cmd) : NULL;
	else if (!http_own_route(path))
		c = wsis_cmd_by_route(path, &arg);
	if (srv->shutting_down) {
		h->keep_alive = 0;
		http_reply_error(h, 503, WSIS_PROTO_CODE_UNAVAILABLE, "shutting down", NULL);
	} else if (r->method == WSIS_HTTP_OTHER) {
		http_reply_error(h, 501, 501, "unknown method",
		    "Allow: GET, HEAD, POST, OPTIONS\r\n");
	} else if (r->method == WSIS_HTTP_OPTIONS) {
		http_reply(h, 204, "Access-Control-Allow-Methods: GET, HEAD, POST, OPTIONS\r\n"
		    "Access-Control-Allow-Headers: Accept, Content-Type, If-None-Match, "
		    "X-Requested-With\r\n"
		    "Access-Control-Max-Age: 86400\r\n"
		    "Allow: GET, HEAD, POST, OPTIONS\r\n", NULL, 0, NULL);
	} else if (r->content_length > 0 || r->chunked) {
		/* its bytes are not read: the connection closes after the reply */
		h->keep_alive = 0;
		http_reply_error(h, 400, WSIS_PROTO_CODE_BAD_REQUEST,
		    "a request body is not expected here", NULL);
	} else if (c == NULL && pg == NULL && !http_own_route(path)) {
		http_reply_error(h, 404, WSIS_PROTO_CODE_NOT_FOUND, "no such endpoint", NULL);
	} else if (c != NULL && c->http_method == WSIS_CMD_HTTP_POST ? r->method != WSIS_HTTP_POST :
	    !get) {
		http_reply_error(h, 405, 405, "method not allowed",
		    c != NULL && c->http_method == WSIS_CMD_HTTP_POST ? "Allow: POST\r\n" :
		    "Allow: GET, HEAD\r\n");
	} else if (c == NULL && pg != NULL) {
		http_reply_into(h, bufferevent_get_output(h->bev), 200, NULL,
		    (const char *)pg->data, *pg->len, NULL, pg->type);
	} else if (c == NULL) {
		http_own(h, r, path);
	} else {
		http_command(h, c, r, arg, pg);
	}
	if (h->job == NULL && !h->logged)
		http_log(h, c != NULL ? c->name : "-", path, strlen(path), h->last_code);
	if (h->job == NULL)
		http_request_free(h);
	free(path);
}

/* Parses and answers the request heads waiting in the input, while the
 * connection is in HEAD and its replies are not piling up. */
static void
http_drive(hconn_t *h)
{
	struct evbuffer *in, *out;

	while (h->state == HTTP_HEAD && h->bev != NULL) {
		wsis_http_request_t r;
		wsis_http_status_t st;
		size_t avail, look, consumed = 0;
		const char *data;

		in = bufferevent_get_input(h->bev);
		out = bufferevent_get_output(h->bev);
		avail = evbuffer_get_length(in);
		if (avail == 0)
			return;
		if (evbuffer_get_length(out) > HTTP_MAX_BACKLOG) {
			bufferevent_disable(h->bev, EV_READ);   /* the write callback resumes */
			return;
		}
		look = avail < h->front->max_head ? avail : h->front->max_head;
		data = (const char *)evbuffer_pullup(in, (ssize_t)look);
		if (data == NULL)
			return;
		st = wsis_http_parse_request(data, look, h->front->max_head, &r, &consumed);
		if (st == WSIS_HTTP_NEED_MORE) {
			/* the head's deadline runs from its first byte; until
			 * then the same time bounds an idle connection */
			if (!h->head_begun) {
				struct timeval tv = {
					(time_t)h->front->srv->settings->header_timeout_s, 0 };
				h->head_begun = 1;
				evtimer_add(h->deadline, &tv);
			}
			return;
		}
		http_unwait(h);
		h->state = HTTP_RUNNING;   /* not waiting for a head while it runs */
		h->head_only = st == WSIS_HTTP_OK && r.method == WSIS_HTTP_HEAD;
		h->gzip = st == WSIS_HTTP_OK && r.accept_encoding.ptr != NULL &&
		    wsis_http_accepts_gzip(r.accept_encoding.ptr, r.accept_encoding.len);
		h->origin[0] = '\0';
		h->etag[0] = '\0';
		if (st == WSIS_HTTP_OK && r.origin.ptr != NULL && r.origin.len < sizeof h->origin) {
			memcpy(h->origin, r.origin.ptr, r.origin.len);
			h->origin[r.origin.len] = '\0';
		}
		if (st != WSIS_HTTP_OK) {
			h->keep_alive = 0;
			evbuffer_drain(in, avail);
			http_reply_error(h, r.status, r.status, r.message, NULL);
			http_log(h, "-", "", 0, r.status);
			http_next(h);
			return;
		}
		h->keep_alive = r.keep_alive;
		h->minor = r.minor;
		h->logged = 0;
		http_request(h, &r);
		evbuffer_drain(in, consumed);
		if (h->job == NULL)
			http_next(h);
	}
}

static void
http_read_cb(struct bufferevent *bev, void *arg)
{
	hconn_t *h = arg;

	if (h->state == HTTP_LINGERING) {
		struct evbuffer *in = bufferevent_get_input(bev);
		evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	http_drive(h);
}

static void
http_write_cb(struct bufferevent *bev, void *arg)
{
	hconn_t *h = arg;

	(void)bev;
	if (h->state == HTTP_CLOSING)
		http_finish(h);
	else if (h->state == HTTP_HEAD) {
		bufferevent_enable(h->bev, EV_READ);
		http_drive(h);
	}
}

static void
http_event_cb(struct bufferevent *bev, short what, void *arg)
{
	hconn_t *h = arg;

	(void)bev;
	if (what & BEV_EVENT_EOF) {
		/* the client sent all it will: the replies to what it sent are
		 * written, then the connection closes (a head not complete
		 * never will be) */
		h->keep_alive = 0;
		h->eof = 1;
		bufferevent_disable(h->bev, EV_READ);
		if (h->state == HTTP_LINGERING) {
			http_close(h);
			return;
		}
		if (h->state == HTTP_HEAD) {
			http_unwait(h);
			h->state = HTTP_CLOSING;
			if (evbuffer_get_length(bufferevent_get_output(h->bev)) == 0)
				http_close(h);
		}
		return;
	}
	if (what & (BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT))
		http_close(h);
}

/* ---- accepting ------------------------------------------------------------ */

/* Takes a place in the budget for a new HTTP connection, closing the one
 * that has waited longest for a head when there is none. */
static int
http_admit(http_front_t *f)
{
	server_t *srv = f->srv;
	hconn_t *old;

	if (budget_take(&srv->budget, BUDGET_HTTP) == 0)
		return 0;
	old = TAILQ_FIRST(&f->waiting);
	if (old == NULL)
		return -1;
	srv->stats.http_evicted++;
	if (http_pending(old)) {
		/* a partial head: a 408 says why, sent now as far as the
		 * socket takes it, since the place is needed now (and a
		 * bufferevent's output is written only from its own callback) */
		struct evbuffer *now = evbuffer_new();

		old->keep_alive = 0;
		old->head_only = 0;
		if (now != NULL) {
			http_error_into(old, now, 408, WSIS_PROTO_CODE_IDLE_TIMEOUT,
			    "closed for another client while its request head was incomplete",
			    NULL);
			if (evbuffer_write(now, bufferevent_getfd(old->bev)) < 0)
				log_debug("%s: %s", old->peer, strerror(errno));
			evbuffer_free(now);
		}
	}
	http_close(old);
	return budget_take(&srv->budget, BUDGET_HTTP);
}

static void
http_accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
    void *arg)
{
	http_front_t *f = arg;
	server_t *srv = f->srv;
	hconn_t *h;
	int one = 1;

	(void)l;
	(void)len;
	srv->stats.http_conns_total++;
	if (srv->shutting_down || http_admit(f) != 0) {
		/* a 503 on a connection of no state of its own */
		hconn_t none = { .front = f };
		struct evbuffer *busy = evbuffer_new();

		srv->stats.http_conns_rejected++;
		if (busy != NULL) {
			http_error_into(&none, busy, 503, WSIS_PROTO_CODE_UNAVAILABLE,
			    "too many connections", NULL);
			if (evbuffer_write(busy, fd) < 0)
				log_debug("http reject: %s", strerror(errno));
			evbuffer_free(busy);
		}
		evutil_closesocket(fd);
		return;
	}
	h = calloc(1, sizeof *h);
	if (h != NULL)
		h->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (h != NULL)
		h->deadline = evtimer_new(srv->base, http_deadline_cb, h);
	if (h == NULL || h->bev == NULL || h->deadline == NULL) {
		if (h != NULL && h->bev != NULL)
			bufferevent_free(h->bev);
		else
			evutil_closesocket(fd);
		if (h != NULL && h->deadline != NULL)
			event_free(h->deadline);
		free(h);
		budget_give(&srv->budget, BUDGET_HTTP);
		return;
	}
	h->front = f;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	wsis_hostport_format(sa, "http:", h->peer, sizeof h->peer);
	TAILQ_INSERT_TAIL(&f->all, h, all);
	srv->stats.http_conns_current++;
	bufferevent_setcb(h->bev, http_read_cb, http_write_cb, http_event_cb, h);
	bufferevent_setwatermark(h->bev, EV_WRITE, 0, 0);
	bufferevent_enable(h->bev, EV_WRITE);
	http_wait_head(h);
}

int
http_listen(server_t *srv, char *err, size_t errlen)
{
	const char *spec = srv->settings->http;
	struct addrinfo hints, *ai = NULL;
	http_front_t *f;
	wsis_hostport_t hp;
	char why[512];
	int rc;

	if (spec == NULL || *spec == '\0')
		return 0;
	if (wsis_hostport_parse(spec, WSIS_HOSTPORT_PORT_ZERO, &hp, why, sizeof why) != 0) {
		snprintf(err, errlen, "--http: %s", why);
		return -1;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(hp.host, hp.port, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errlen, "--http: \"%s\": %s", spec, gai_strerror(rc));
		return -1;
	}
	f = calloc(1, sizeof *f);
	if (f == NULL) {
		freeaddrinfo(ai);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	f->srv = srv;
	TAILQ_INIT(&f->all);
	TAILQ_INIT(&f->waiting);
	f->max_head = 3 * (size_t)srv->settings->max_line + HTTP_HEADERS_OWN;
	f->listener = evconnlistener_new_bind(srv->base, http_accept_cb, f,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC, 1024,
	    ai->ai_addr, (int)ai->ai_addrlen);
	freeaddrinfo(ai);
	if (f->listener == NULL) {
		snprintf(err, errlen, "cannot listen for HTTP on %s: %s", spec, strerror(errno));
		free(f);
		return -1;
	}
	evconnlistener_set_error_cb(f->listener, conn_accept_error_cb);
	srv->http = f;
	server_log_bound("http", evconnlistener_get_fd(f->listener));
	return 0;
}

void
http_shutdown(server_t *srv)
{
	http_front_t *f = srv->http;
	hconn_t *h, *next;

	if (f == NULL)
		return;
	if (f->listener != NULL) {
		evconnlistener_free(f->listener);
		f->listener = NULL;
	}
	/* those waiting for a head close now; a request running is answered,
	 * then its connection closes (http_next) */
	for (h = TAILQ_FIRST(&f->waiting); h != NULL; h = next) {
		next = TAILQ_NEXT(h, waiting);
		if (evbuffer_get_length(bufferevent_get_input(h->bev)) == 0)
			http_close(h);
	}
}

void
http_free(server_t *srv)
{
	http_front_t *f = srv->http;
	hconn_t *h;

	if (f != NULL) {
		if (f->listener != NULL)
			evconnlistener_free(f->listener);
		while ((h = TAILQ_FIRST(&f->all)) != NULL) {
			/* at exit a job still at a worker is the pool's, which
			 * frees it */
			h->job = NULL;
			http_close(h);
		}
		free(f);
	}
	srv->http = NULL;
	gzip_thread_free();   /* the loop's own, for the replies it made */
}
