/* http.c - the HTTP JSON API (http.h).
 *
 * A request's parameters are turned into a native protocol line and parsed
 * by lib/proto.c, so both front ends validate alike; the line then runs
 * exactly as a native request does.  A worker's answer comes back on the
 * loop thread; if the client has gone meanwhile, the answer is dropped.
 * When the client takes gzip, the worker compresses the answer before it
 * comes back (gzip.h), so the loop only sends it.
 */
#include "http.h"

#include <ctype.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "backend.h"
#include "conn.h"
#include "gzip.h"
#include "json.h"
#include "log.h"
#include "proto.h"
#include "qstring.h"
#include "utf8.h"

/* The request line and headers: room for a query of max-line bytes
 * percent-encoded (three bytes a byte) beside the headers' own 8 KiB, so
 * that what the native protocol takes in one line HTTP takes in a URL. */
#define HTTP_HEADERS_OWN 8192
#define HTTP_MAX_BODY    1024

typedef struct http_ctx http_ctx_t;
struct http_ctx {
	server_t                 *srv;
	struct evhttp_request    *req;    /* NULL once the client is gone */
	struct evhttp_connection *evcon;
	job_t                    *job;
	char                      peer[80];
	http_ctx_t               *prev, *next;
};

static http_ctx_t *http_inflight;   /* loop thread only */

static int
http_status_of(int code)
{
	switch (code) {
	case WSIS_PROTO_CODE_BAD_REQUEST:
	case WSIS_PROTO_CODE_UNKNOWN_COMMAND: return 400;
	case WSIS_PROTO_CODE_FORBIDDEN:       return 403;
	case WSIS_PROTO_CODE_NOT_FOUND:       return 404;
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
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 507: return "Insufficient Storage";
	default:  return "Internal Server Error";
	}
}

/* Adds the CORS header when the request's Origin is allowed. */
static void
http_cors(server_t *srv, struct evhttp_request *req)
{
	const char *allowed = srv->settings->cors_origins;
	const char *origin = evhttp_find_header(evhttp_request_get_input_headers(req), "Origin");
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	size_t olen;
	const char *p;

	if (allowed == NULL || *allowed == '\0' || origin == NULL)
		return;
	olen = strlen(origin);
	for (p = allowed; *p != '\0';) {
		size_t n = strcspn(p, ",");
		const char *s = p;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if ((n == 1 && *s == '*') || (n == olen && memcmp(s, origin, n) == 0)) {
			evhttp_add_header(h, "Access-Control-Allow-Origin",
			    n == 1 && *s == '*' ? "*" : origin);
			evhttp_add_header(h, "Vary", "Origin");
			return;
		}
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
}

static void
http_free_body(const void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	free(arg);
}

/* Sends `status` with a JSON body, or with a gzip one when the body is
 * already compressed (gzip_is_gzip()).  With `gzip` a plain body is
 * compressed here when it is worth it: this runs on the loop thread, so
 * only for the small replies the loop makes itself (errors, /health,
 * /stats); a worker compresses a query's reply (http_deliver).  With
 * `owned` (body itself, malloc'ed with room for one byte past its end, as
 * wsis_buf_detach() leaves it), the reply takes the block as it is,
 * without a copy, and frees it once written; else the body is copied. */
static void
http_send_owned(server_t *srv, struct evhttp_request *req, int status, const char *body,
    size_t len, int gzip, char *owned)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	struct evbuffer *out = evbuffer_new();
	wsis_buf_t z = WSIS_BUF_INIT;
	int gzipped = gzip_is_gzip(body, len);

	if (out == NULL) {
		free(owned);
		evhttp_send_error(req, 500, NULL);
		return;
	}
	evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	/* whether it is gzip depends on Accept-Encoding: say so to caches */
	if (len >= GZIP_MIN_BODY || gzipped)
		evhttp_add_header(h, "Vary", "Accept-Encoding");
	http_cors(srv, req);
	if (!gzipped && gzip && len >= GZIP_MIN_BODY && gzip_reply(body, len, &z) == 0) {
		free(owned);
		len = z.len;
		body = owned = wsis_buf_detach(&z);
		gzipped = 1;
	}
	if (gzipped) {
		/* a gzip body goes out as it is: its newline is inside */
		evhttp_add_header(h, "Content-Encoding", "gzip");
		if (owned == NULL || evbuffer_add_reference(out, owned, len, http_free_body,
		    owned) != 0)
			evbuffer_add(out, body, len);
		else
			owned = NULL;
	} else {
		if (owned != NULL) {
			/* the newline goes in the block: added after a reference,
			 * it would take a chain of its own, which libevent sizes
			 * at twice the chain before it */
			owned[len] = '\n';
			if (evbuffer_add_reference(out, owned, len + 1, http_free_body,
			    owned) == 0)
				owned = NULL;
			else
				evbuffer_add(out, owned, len + 1);
		} else {
			evbuffer_add(out, body, len);
			evbuffer_add(out, "\n", 1);
		}
	}
	free(owned);
	if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD) {
		/* HEAD: the headers of the GET, its length, and no body
		 * (evhttp would send the buffer it is given) */
		char n[32];
		snprintf(n, sizeof n, "%zu", evbuffer_get_length(out));
		evhttp_remove_header(h, "Content-Length");
		evhttp_add_header(h, "Content-Length", n);
		evbuffer_drain(out, evbuffer_get_length(out));
	}
	evhttp_send_reply(req, status, http_reason(status), out);
	evbuffer_free(out);
	if (status >= 400)
		srv->stats.http_errors++;
	srv->stats.http_requests++;
}

static void
http_send(server_t *srv, struct evhttp_request *req, int status, const char *body,
    size_t len, int gzip)
{
	http_send_owned(srv, req, status, body, len, gzip, NULL);
}

static void
http_send_error(server_t *srv, struct evhttp_request *req, int status, int code,
    const char *msg, int gzip)
{
	wsis_buf_t b = WSIS_BUF_INIT;

	wsis_buf_printf(&b, "{\"error\":{\"code\":%d,\"status\":%d,\"message\":", code, status);
	wsis_json_put_cstr(&b, msg);
	wsis_buf_puts(&b, "}}");
	http_send(srv, req, status, b.data ? b.data : "{}", b.len, gzip);
	wsis_buf_free(&b);
}

/* Whether the client's Accept-Encoding takes gzip: a "gzip" (or "x-gzip",
 * or "*") coding in any case, unless its q is 0 ("gzip;q=0" refuses it). */
static int
http_accepts_gzip(struct evhttp_request *req)
{
	const char *p = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Accept-Encoding");

	while (p != NULL && *p != '\0') {
		size_t n, k;
		const char *q;

		p += strspn(p, " \t,");
		n = strcspn(p, ",");
		k = strcspn(p, " \t;,");
		if ((k == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (k == 6 && strncasecmp(p, "x-gzip", 6) == 0) || (k == 1 && *p == '*')) {
			q = memchr(p, ';', n);
			while (q != NULL && (q[1] == ' ' || q[1] == '\t'))
				q++;
			/* q=0, q=0.0, q=0.000: refused */
			if (q == NULL || !((q[1] | 0x20) == 'q' && q[2] == '=' && q[3] == '0' &&
			    strspn(q + 4, ".0") == strcspn(q + 4, ", \t")))
				return 1;
		}
		p += n;
	}
	return 0;
}

static void
http_ctx_unlink(http_ctx_t *ctx)
{
	if (ctx->prev != NULL)
		ctx->prev->next = ctx->next;
	else
		http_inflight = ctx->next;
	if (ctx->next != NULL)
		ctx->next->prev = ctx->prev;
}

/* The client's connection closed: its answers have nowhere to go. */
static void
http_close_cb(struct evhttp_connection *evcon, void *arg)
{
	http_ctx_t *ctx;

	(void)arg;
	for (ctx = http_inflight; ctx != NULL; ctx = ctx->next)
		if (ctx->evcon == evcon)
			ctx->req = NULL;
}

/* On the worker, once the query has run: compresses the reply for a
 * client that takes gzip, so that the loop, which serves every
 * connection, does not (deflate costs more than the rest of sending a
 * reply).  When it cannot, the reply stays plain and the loop compresses
 * it. */
static void
http_deliver(job_t *job)
{
	wsis_buf_t z = WSIS_BUF_INIT;

	if (job->failed || job->out.len < GZIP_MIN_BODY)
		return;
	if (gzip_reply(job->out.data, job->out.len, &z) != 0) {
		wsis_buf_free(&z);
		return;
	}
	wsis_buf_shrink(&z);   /* room was made for the worst case */
	wsis_buf_free(&job->out);
	job->out = z;
}

static void
http_job_done(job_t *job)
{
	http_ctx_t *ctx = job->owner;
	server_t *srv = ctx->srv;

	srv->http_inflight--;
	http_ctx_unlink(ctx);
	stats_latency(&srv->stats, job->done_us - job->submitted_us);
	server_log_request(srv, ctx->peer, wsis_proto_cmd_name(job->req.cmd), job->req.text.ptr,
	    job->req.text.len, job->hits, job->done_us - job->submitted_us,
	    job->failed ? job->err.code : 0, job->from_cache);
	if (ctx->req != NULL) {
		if (job->failed)
			http_send_error(srv, ctx->req, http_status_of(job->err.code), job->err.code,
			    job->err.message, job->gzip);
		else if (job->out.data == NULL)
			http_send(srv, ctx->req, 200, "{}", 2, job->gzip);
		else {
			size_t len = job->out.len;
			char *body = wsis_buf_detach(&job->out);
			http_send_owned(srv, ctx->req, 200, body, len, job->gzip, body);
		}
	}
	pool_job_free(job);
	free(ctx);
}

/* Appends ` name=value` to the request line, quoted when needed.  Returns
 * 0, or -1 with a message when the value cannot be an option value. */
static int
http_line_option(wsis_buf_t *line, const char *name, const wsis_qparam_t *p, char *err,
    size_t errlen)
{
	size_t i;
	int quote = 0;

	if (p->value_len == 0) {
		snprintf(err, errlen, "%s: empty value", name);
		return -1;
	}
	for (i = 0; i < p->value_len; i++) {
		unsigned char c = (unsigned char)p->value[i];
		if (c == '"' || c < 0x20 || c == 0x7f) {
			snprintf(err, errlen, "%s: a quote or control byte in the value", name);
			return -1;
		}
		if (c == ' ')
			quote = 1;
	}
	return wsis_buf_printf(line, quote ? " %s=\"%s\"" : " %s=%s", name, p->value);
}

/* Turns an HTTP request into a protocol line in `line`. */
static int
http_to_line(const char *cmd, const wsis_qstring_t *qs, const char *const *allowed,
    wsis_buf_t *line, char *err, size_t errlen)
{
	const wsis_qparam_t *q = wsis_qstring_get(qs, "q");
	size_t i, k;

	for (i = 0; i < qs->count; i++) {
		const char *name = qs->params[i].name;
		int ok = strcmp(name, "q") == 0;
		for (k = 0; !ok && allowed[k] != NULL; k++)
			ok = strcmp(name, allowed[k]) == 0;
		if (!ok) {
			snprintf(err, errlen, "unknown parameter '%.60s'", name);
			return -1;
		}
	}
	wsis_buf_puts(line, cmd);
	for (i = 0; i < qs->count; i++) {
		const wsis_qparam_t *p = &qs->params[i];
		if (strcmp(p->name, "q") == 0)
			continue;
		if (http_line_option(line, p->name, p, err, errlen) != 0)
			return -1;
	}
	if (q != NULL && q->value_len > 0) {
		wsis_buf_puts(line, " -- ");
		for (i = 0; i < q->value_len; i++) {
			char c = q->value[i];
			/* a query is words: line breaks and tabs are spaces */
			wsis_buf_putc(line, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
		}
	}
	return wsis_buf_putc(line, '\n');
}

/* Runs a protocol line for an HTTP request. */
static void
http_run_line(server_t *srv, struct evhttp_request *req, const char *line, size_t len,
    int gzip)
{
	wsis_proto_request_t preq;
	size_t consumed = 0;
	wsis_proto_status_t st;
	http_ctx_t *ctx;
	job_t *job;

	st = wsis_proto_parse_request(line, len, srv->settings->max_line, &preq, &consumed);
	if (st != WSIS_PROTO_OK) {
		int code = st == WSIS_PROTO_NEED_MORE ? WSIS_PROTO_CODE_BAD_REQUEST : preq.code;
		http_send_error(srv, req, code == WSIS_PROTO_CODE_LINE_TOO_LONG ? 413 :
		    http_status_of(code), code, st == WSIS_PROTO_NEED_MORE ?
		    "bad request" : preq.message, gzip);
		return;
	}
	if (preq.offset > srv->settings->max_offset) {
		http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST,
		    "offset is above max-offset", gzip);
		return;
	}
	job = pool_job_new(line, consumed);
	ctx = calloc(1, sizeof *ctx);
	if (job == NULL || ctx == NULL) {
		pool_job_free(job);
		free(ctx);
		http_send_error(srv, req, 500, WSIS_PROTO_CODE_INTERNAL, "out of memory", gzip);
		return;
	}
	wsis_proto_parse_request(job->input, consumed, srv->settings->max_line, &job->req,
	    &consumed);
	job->reload = job->req.cmd == WSIS_PROTO_CMD_RELOAD;
	job->done = http_job_done;
	job->owner = ctx;
	job->gzip = gzip;
	if (gzip)
		job->deliver = http_deliver;
	ctx->srv = srv;
	ctx->req = req;
	ctx->job = job;
	ctx->evcon = evhttp_request_get_connection(req);
	{
		char *host = NULL;
		ev_uint16_t port = 0;
		if (ctx->evcon != NULL)
			evhttp_connection_get_peer(ctx->evcon, &host, &port);
		snprintf(ctx->peer, sizeof ctx->peer, "http:%s:%u", host ? host : "?", port);
	}
	if (backend_submit(srv, job) != 0) {
		http_send_error(srv, req, 429, WSIS_PROTO_CODE_BUSY, "busy: retry later", gzip);
		pool_job_free(job);
		free(ctx);
		return;
	}
	if (ctx->evcon != NULL)
		evhttp_connection_set_closecb(ctx->evcon, http_close_cb, NULL);
	ctx->next = http_inflight;
	if (http_inflight != NULL)
		http_inflight->prev = ctx;
	http_inflight = ctx;
	srv->http_inflight++;
}

static void
http_handle(struct evhttp_request *req, void *arg)
{
	static const char *const search_opts[] = { "limit", "offset", "sort", "part",
		"section", "para", "day", NULL };
	static const char *const count_opts[] = { "part", "section", "para", "day", NULL };
	static const char *const mentions_opts[] = { "part", "section", "para", "day",
		"context", "exact", NULL };
	server_t *srv = arg;
	const char *uri = evhttp_request_get_uri(req);
	const struct evhttp_uri *parsed = evhttp_request_get_evhttp_uri(req);
	const char *path = parsed ? evhttp_uri_get_path(parsed) : NULL;
	const char *query = parsed ? evhttp_uri_get_query(parsed) : NULL;
	enum evhttp_cmd_type method = evhttp_request_get_command(req);
	int gzip = http_accepts_gzip(req);
	wsis_buf_t line = WSIS_BUF_INIT, body = WSIS_BUF_INIT;
	wsis_qstring_t qs;
	char err[256];

	if (srv->shutting_down) {
		http_send_error(srv, req, 503, WSIS_PROTO_CODE_UNAVAILABLE, "shutting down", gzip);
		return;
	}
	if (path == NULL || uri == NULL) {
		http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST, "bad request URI", gzip);
		return;
	}
	if (method == EVHTTP_REQ_OPTIONS) {
		struct evkeyvalq *h = evhttp_request_get_output_headers(req);
		http_cors(srv, req);
		evhttp_add_header(h, "Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
		evhttp_add_header(h, "Access-Control-Allow-Headers", "Content-Type");
		evhttp_add_header(h, "Allow", "GET, HEAD, POST, OPTIONS");
		evhttp_send_reply(req, 204, "No Content", NULL);
		return;
	}
	if (evbuffer_get_length(evhttp_request_get_input_buffer(req)) > 0) {
		http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST,
		    "a request body is not expected here", gzip);
		return;
	}
	if (strcmp(path, "/reload") == 0 ? method != EVHTTP_REQ_POST :
	    (method != EVHTTP_REQ_GET && method != EVHTTP_REQ_HEAD)) {
		evhttp_add_header(evhttp_request_get_output_headers(req), "Allow",
		    strcmp(path, "/reload") == 0 ? "POST" : "GET, HEAD");
		http_send_error(srv, req, 405, WSIS_PROTO_CODE_BAD_REQUEST, "method not allowed",
		    gzip);
		return;
	}
	if (wsis_qstring_parse(query ? query : "", query ? strlen(query) : 0, &qs, err,
	    sizeof err) != 0) {
		http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST, err, gzip);
		return;
	}
	if (strcmp(path, "/search") == 0 || strcmp(path, "/count") == 0) {
		int search = path[1] == 's';
		if (http_to_line(search ? "SEARCH" : "COUNT", &qs, search ? search_opts : count_opts,
		    &line, err, sizeof err) != 0)
			http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST, err, gzip);
		else
			http_run_line(srv, req, line.data, line.len, gzip);
	} else if (strcmp(path, "/mentions") == 0) {
		if (http_to_line("MENTIONS", &qs, mentions_opts, &line, err, sizeof err) != 0)
			http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST, err, gzip);
		else
			http_run_line(srv, req, line.data, line.len, gzip);
	} else if (strncmp(path, "/doc/", 5) == 0) {
		char *id = evhttp_uridecode(path + 5, 0, NULL);
		size_t n = id ? strlen(id) : 0, i;
		int bad = id == NULL || n == 0 || n > 512 || wsis_utf8_valid_prefix(id, n) != n;
		for (i = 0; !bad && i < n; i++)
			bad = (unsigned char)id[i] < 0x20 || id[i] == 0x7f;
		if (bad) {
			http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST,
			    "bad passage id", gzip);
		} else if (qs.count > 0) {
			http_send_error(srv, req, 400, WSIS_PROTO_CODE_BAD_REQUEST,
			    "/doc/{id} takes no parameters", gzip);
		} else {
			wsis_buf_printf(&line, "DOC -- %s\n", id);
			http_run_line(srv, req, line.data, line.len, gzip);
		}
		free(id);
	} else if (strcmp(path, "/health") == 0) {
		wsis_buf_printf(&body, "{\"status\":\"ok\",\"documents\":%lu}",
		    index_documents(srv->index));
		http_send(srv, req, 200, body.data, body.len, gzip);
	} else if (strcmp(path, "/stats") == 0) {
		server_stats_json(srv, &body);
		http_send(srv, req, 200, body.data, body.len, gzip);
	} else if (strcmp(path, "/reload") == 0) {
		if (!srv->settings->admin_tcp)
			http_send_error(srv, req, 403, WSIS_PROTO_CODE_FORBIDDEN,
			    "reload over HTTP needs admin-tcp = yes", gzip);
		else
			http_run_line(srv, req, "RELOAD\n", 7, gzip);
	} else {
		http_send_error(srv, req, 404, WSIS_PROTO_CODE_NOT_FOUND, "no such endpoint", gzip);
	}
	wsis_qstring_free(&qs);
	wsis_buf_free(&line);
	wsis_buf_free(&body);
}

int
http_listen(server_t *srv, char *err, size_t errlen)
{
	const char *spec = srv->settings->http;
	char host[256];
	const char *colon;
	unsigned long port;
	char *end;

	if (spec == NULL || *spec == '\0')
		return 0;
	colon = strrchr(spec, ':');
	if (colon == NULL || colon == spec || (size_t)(colon - spec) >= sizeof host) {
		snprintf(err, errlen, "--http %s: expected HOST:PORT", spec);
		return -1;
	}
	port = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] == '\0' || port > 65535) {
		snprintf(err, errlen, "--http %s: bad port", spec);
		return -1;
	}
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	srv->http = evhttp_new(srv->base);
	if (srv->http == NULL) {
		snprintf(err, errlen, "cannot start HTTP");
		return -1;
	}
	evhttp_set_max_headers_size(srv->http, 3 * (size_t)srv->settings->max_line + HTTP_HEADERS_OWN);
	evhttp_set_max_body_size(srv->http, HTTP_MAX_BODY);
	evhttp_set_timeout(srv->http, (int)srv->settings->idle_timeout_s);
	evhttp_set_allowed_methods(srv->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD |
	    EVHTTP_REQ_POST | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_PATCH);
	evhttp_set_gencb(srv->http, http_handle, srv);
	srv->http_sock = evhttp_bind_socket_with_handle(srv->http, host, (ev_uint16_t)port);
	if (srv->http_sock == NULL) {
		snprintf(err, errlen, "cannot listen for HTTP on %s", spec);
		return -1;
	}
	/* the accepted connections inherit it (Linux): evhttp writes a reply's
	 * headers and body apart, and Nagle would hold the body back until
	 * the client's delayed ACK of the headers */
	{
		int one = 1;
		setsockopt(evhttp_bound_socket_get_fd(srv->http_sock), IPPROTO_TCP, TCP_NODELAY,
		    &one, sizeof one);
	}
	/* evhttp's own callback logs every failed accept() and retries at
	 * once: out of descriptors, that is a line and a wake-up a turn */
	evconnlistener_set_error_cb(evhttp_bound_socket_get_listener(srv->http_sock),
	    conn_accept_error_cb);
	server_log_bound("http", evhttp_bound_socket_get_fd(srv->http_sock));
	return 0;
}

void
http_shutdown(server_t *srv)
{
	if (srv->http != NULL && srv->http_sock != NULL) {
		evhttp_del_accept_socket(srv->http, srv->http_sock);
		srv->http_sock = NULL;
	}
}

void
http_free(server_t *srv)
{
	http_ctx_t *ctx;

	for (ctx = http_inflight; ctx != NULL; ctx = ctx->next)
		ctx->req = NULL;
	if (srv->http != NULL)
		evhttp_free(srv->http);
	srv->http = NULL;
	gzip_thread_free();   /* the loop's own, for the replies it made */
}
