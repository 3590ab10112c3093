/* loadgen.c - wsis-loadgen: a closed-loop load generator for wsis-searchd,
 * over the native protocol (doc/PROTOCOL.md) or the HTTP JSON API.
 *
 *   wsis-loadgen (--native HOST:PORT | --http HOST:PORT) [-c CONNECTIONS]
 *       [-d SECONDS] [-n REQUESTS] [-p PIPELINE] [-f QUERIES] [--check]
 *       [-t THREADS] [-w WARMUP] [--timeout SECONDS] [--reconnect]
 *       [--gzip] [--allow-errors] [--allow-remote] [-q]
 *
 * Every connection keeps PIPELINE requests in flight: a reply sends the next
 * request (closed loop).  Each thread runs its own libevent loop over its
 * share of the connections.  Replies are matched to requests by order, as
 * the protocol promises, and each one is checked: an OK payload must be a
 * JSON object, and with --check it must hold what its query line expects.
 * At the end one line goes to standard output:
 *
 *   requests=N errors=E wrong=W seconds=S qps=Q p50_ms=A p90_ms=B p99_ms=C
 *   max_ms=D connections=C pipeline=K threads=T total=N established=N
 *   rejected=N err_replies=N http_errors=N invalid=N protocol=N
 *   conn_errors=N lost=N timeouts=N cpu_s=S gzipped=N min_conn=N
 *
 * (one line; wrapped here).  With --gzip (HTTP) every request says
 * Accept-Encoding: gzip, as browsers do, and a gzip body is inflated
 * before it is checked; gzipped counts those replies.  total counts every
 * request answered, the warm-up's too; cpu_s is this process's user +
 * system CPU seconds (CLOCK_PROCESS_CPUTIME_ID), what the client itself
 * cost the cores it shares.  The exit status is 1 when errors or wrong are not 0 (unless
 * --allow-errors), 2 for bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <zlib.h>

#include "buf.h"
#include "clock.h"
#include "hostport.h"
#include "proto.h"

#define LOADGEN_SUB_BITS   6                    /* 64 buckets per octave: ~1.6% */
#define LOADGEN_SUB        (1u << LOADGEN_SUB_BITS)
#define LOADGEN_HIST_SIZE  ((64 - LOADGEN_SUB_BITS + 1) * LOADGEN_SUB)
#define LOADGEN_MAX_HEADER (64u * 1024u)        /* HTTP response head */
#define LOADGEN_MAX_BODY   WSIS_PROTO_MAX_PAYLOAD
#define LOADGEN_TICK_US    50000                /* timeouts and stop checks */
#define LOADGEN_READ       (64u * 1024u)        /* room for one recv() */
#define LOADGEN_RETRY_S    0.1                  /* --reconnect pause */
#define LOADGEN_SAMPLES    5                    /* messages per kind of error */
#define LOADGEN_N_ONLY_S   300.0                /* the bound of a run given -n only */

/* Kinds of failure, counted separately; all but KIND_WRONG are errors. */
enum {
	KIND_ERR_REPLY,   /* ERR reply the query line did not expect */
	KIND_HTTP_STATUS, /* HTTP status >= 400 the query line did not expect */
	KIND_WRONG,       /* --check: the reply is not what the line expects */
	KIND_INVALID,     /* an OK reply that is not a JSON object */
	KIND_PROTO,       /* broken framing, a reply nobody asked for */
	KIND_CONNECT,     /* connect failed, or no greeting */
	KIND_REJECTED,    /* ERR 503 in place of the greeting */
	KIND_CLOSED,      /* the server closed a connection in use */
	KIND_LOST,        /* requests in flight on a connection that closed */
	KIND_TIMEOUT,     /* no reply within --timeout */
	KIND_COUNT
};

static const char *const loadgen_kind_names[KIND_COUNT] = {
	"err_replies", "http_errors", "wrong", "invalid", "protocol", "conn_errors",
	"rejected", "closed", "lost", "timeouts"
};

typedef struct {
	char   *wire;        /* the bytes sent: the native line or an HTTP request */
	size_t  wire_len;
	char   *label;       /* the request as written in the file */
	char   *expect;      /* substring the payload must hold (--check), or NULL */
	int     expect_code; /* the ERR code the line expects; 0: an OK reply */
} loadgen_query_t;

typedef struct {
	uint64_t count[KIND_COUNT];
	uint64_t total;       /* replies, warm-up included */
	uint64_t measured;    /* replies to requests sent after the warm-up */
	uint64_t established; /* connections that got to sending requests */
	uint64_t max_us;
	uint64_t gzipped;     /* HTTP replies with a gzip body, inflated */
	double   last_reply;  /* when the last measured reply came */
	uint64_t hist[LOADGEN_HIST_SIZE];
} loadgen_stats_t;

typedef struct {
	/* settings */
	int              http;
	char             target[300];   /* as given: also the HTTP Host header */
	struct sockaddr_storage addr;
	socklen_t        addrlen;
	unsigned         connections, pipeline, threads;
	uint64_t         max_requests;  /* 0: no cap */
	double           duration, warmup, timeout;
	int              check, allow_errors, reconnect, quiet;
	int              gzip;          /* HTTP: Accept-Encoding: gzip */
	loadgen_query_t *queries;
	size_t           nqueries;
	/* the clock of the run (monotonic seconds) */
	double           t_start, t_measure, t_end;
	/* shared by the threads */
	atomic_uint_fast64_t sent;      /* requests sent (with -n) */
	pthread_mutex_t  sample_lock;
	unsigned         samples[KIND_COUNT];
} loadgen_run_t;

typedef struct loadgen_thread loadgen_thread_t;

typedef struct {
	unsigned q;          /* index into the queries */
	double   sent;       /* monotonic seconds */
} loadgen_pending_t;

typedef enum {
	CONN_IDLE,           /* waiting to (re)connect */
	CONN_CONNECTING,
	CONN_GREETING,       /* native: connected, no greeting yet */
	CONN_READY,
	CONN_DONE
} loadgen_conn_state_t;

typedef struct {
	loadgen_thread_t    *t;
	struct bufferevent  *bev;      /* connects and writes */
	struct event        *rev;      /* reads, once connected (loadgen_recv_cb) */
	wsis_buf_t           in;       /* what was read and not yet parsed */
	loadgen_conn_state_t state;
	double               since;    /* when the state began */
	loadgen_pending_t   *pend;     /* ring of `pipeline` requests in flight */
	unsigned             head, n;
	wsis_buf_t           chunked;  /* HTTP: a chunked body, reassembled */
	wsis_buf_t           plain;    /* HTTP: a gzip body, inflated */
	z_stream            *z;        /* its inflater, kept for the next one */
	wsis_buf_t           batch;    /* requests to send at once */
	uint64_t             measured; /* its replies counted in the report */
} loadgen_conn_t;

struct loadgen_thread {
	loadgen_run_t     *run;
	pthread_t          tid;
	struct event_base *base;
	struct event      *tick;
	loadgen_conn_t    *conns;
	unsigned           nconns, ndone;
	size_t             next_query;
	int                stopping;
	loadgen_stats_t    st;
};

/* ---- latency histogram (log-linear, microseconds) -------------------- */

static unsigned
loadgen_hist_index(uint64_t v)
{
	unsigned msb, shift;

	if (v < LOADGEN_SUB)
		return (unsigned)v;
	msb = 63u - (unsigned)__builtin_clzll(v);
	shift = msb - LOADGEN_SUB_BITS;
	return ((shift + 1) << LOADGEN_SUB_BITS) + (unsigned)((v >> shift) & (LOADGEN_SUB - 1));
}

/* The middle of bucket i. */
static uint64_t
loadgen_hist_value(unsigned i)
{
	unsigned shift;

	if (i < LOADGEN_SUB)
		return i;
	shift = (i >> LOADGEN_SUB_BITS) - 1;
	return ((uint64_t)(LOADGEN_SUB + (i & (LOADGEN_SUB - 1))) << shift) +
	    (((uint64_t)1 << shift) >> 1);
}

/* The latency (ms) under which `permille` of the measured replies came. */
static double
loadgen_percentile(const loadgen_stats_t *st, unsigned permille)
{
	uint64_t want, seen = 0, v;
	unsigned i;

	if (st->measured == 0)
		return 0.0;
	want = (st->measured * permille + 999) / 1000;
	if (want == 0)
		want = 1;
	for (i = 0; i < LOADGEN_HIST_SIZE; i++) {
		seen += st->hist[i];
		if (seen >= want)
			break;
	}
	v = i < LOADGEN_HIST_SIZE ? loadgen_hist_value(i) : st->max_us;
	if (v > st->max_us)
		v = st->max_us;
	return (double)v / 1000.0;
}

/* ---- messages ---------------------------------------------------------- */

/* Prints the first few failures of each kind to stderr. */
static void
loadgen_sample(loadgen_run_t *run, int kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
loadgen_sample(loadgen_run_t *run, int kind, const char *fmt, ...)
{
	va_list ap;
	int show;

	if (run->quiet)
		return;
	pthread_mutex_lock(&run->sample_lock);
	show = run->samples[kind]++ < LOADGEN_SAMPLES;
	if (show) {
		fprintf(stderr, "wsis-loadgen: %s: ", loadgen_kind_names[kind]);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	pthread_mutex_unlock(&run->sample_lock);
}

/* Up to 120 bytes of a reply, control bytes as '.', for a message. */
static const char *
loadgen_excerpt(const char *p, size_t len, char *out, size_t outlen)
{
	size_t i, n = len < outlen - 1 ? len : outlen - 1;

	if (n > 120)
		n = 120;
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '.' : p[i];
	out[n] = '\0';
	return out;
}

/* ---- the query file ---------------------------------------------------- */

/* The HTTP status wsis-searchd sends for an error code (searchd/http.c). */
static int
loadgen_http_status_of(int code)
{
	switch (code) {
	case 400: case 401: return 400;
	case 403: case 404: case 413: case 422: case 429: case 503: case 504: case 507:
		return code;
	default:
		return 500;
	}
}

static void
loadgen_url_encode(wsis_buf_t *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			wsis_buf_putc(b, (char)c);
		} else {
			wsis_buf_putc(b, '%');
			wsis_buf_putc(b, hex[c >> 4]);
			wsis_buf_putc(b, hex[c & 15]);
		}
	}
}

static void
loadgen_url_param(wsis_buf_t *b, int *first, const char *name, const char *value,
    size_t len)
{
	wsis_buf_putc(b, *first ? '?' : '&');
	*first = 0;
	wsis_buf_puts(b, name);
	wsis_buf_putc(b, '=');
	loadgen_url_encode(b, value, len);
}

static void
loadgen_url_range(wsis_buf_t *b, int *first, const char *name, uint32_t lo, uint32_t hi)
{
	char v[32];

	if (lo == hi)
		snprintf(v, sizeof v, "%u", (unsigned)lo);
	else
		snprintf(v, sizeof v, "%u..%u", (unsigned)lo, (unsigned)hi);
	loadgen_url_param(b, first, name, v, strlen(v));
}

/* Maps a native request line to an HTTP path: SEARCH -> /search?q=...,
 * COUNT -> /count?..., DOC -> /doc/ID, PING -> /health, STATS -> /stats.
 * Returns 0, or -1 with a message. */
static int
loadgen_http_path(const char *line, size_t len, wsis_buf_t *path, char *err, size_t errlen)
{
	wsis_proto_request_t req;
	wsis_buf_t tmp = WSIS_BUF_INIT;
	size_t consumed = 0, i;
	int first = 1, rc = -1;
	char v[16];

	if (wsis_buf_append(&tmp, line, len) != 0 || wsis_buf_putc(&tmp, '\n') != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (wsis_proto_parse_request(tmp.data, tmp.len, 0, &req, &consumed) != WSIS_PROTO_OK) {
		snprintf(err, errlen, "not a request line: %s", req.message);
		goto out;
	}
	switch (req.cmd) {
	case WSIS_PROTO_CMD_SEARCH:
	case WSIS_PROTO_CMD_COUNT:
		wsis_buf_puts(path, req.cmd == WSIS_PROTO_CMD_SEARCH ? "/search" : "/count");
		if (req.text.len > 0)
			loadgen_url_param(path, &first, "q", req.text.ptr, req.text.len);
		if (req.opts & WSIS_PROTO_OPT_LIMIT) {
			snprintf(v, sizeof v, "%u", (unsigned)req.limit);
			loadgen_url_param(path, &first, "limit", v, strlen(v));
		}
		if (req.opts & WSIS_PROTO_OPT_OFFSET) {
			snprintf(v, sizeof v, "%u", (unsigned)req.offset);
			loadgen_url_param(path, &first, "offset", v, strlen(v));
		}
		if (req.opts & WSIS_PROTO_OPT_SORT)
			loadgen_url_param(path, &first, "sort", req.sort == WSIS_PROTO_SORT_DOC ?
			    "doc" : "relevance", req.sort == WSIS_PROTO_SORT_DOC ? 3 : 9);
		for (i = 0; i < req.nparts; i++)
			loadgen_url_param(path, &first, "part", req.parts[i].ptr, req.parts[i].len);
		if (req.opts & WSIS_PROTO_OPT_SECTION)
			loadgen_url_param(path, &first, "section", req.section.ptr, req.section.len);
		if (req.opts & WSIS_PROTO_OPT_PARA)
			loadgen_url_range(path, &first, "para", req.para_min, req.para_max);
		if (req.opts & WSIS_PROTO_OPT_DAY)
			loadgen_url_range(path, &first, "day", req.day_min, req.day_max);
		if (req.opts & WSIS_PROTO_OPT_EXPAND)
			loadgen_url_param(path, &first, "expand", req.expand ? "1" : "0", 1);
		break;
	case WSIS_PROTO_CMD_DOC:
		wsis_buf_puts(path, "/doc/");
		loadgen_url_encode(path, req.text.ptr, req.text.len);
		break;
	case WSIS_PROTO_CMD_PING:
		wsis_buf_puts(path, "/health");
		break;
	case WSIS_PROTO_CMD_STATS:
		wsis_buf_puts(path, "/stats");
		break;
	default:
		snprintf(err, errlen, "%s has no HTTP form (write the URL path instead)",
		    wsis_proto_cmd_name(req.cmd));
		goto out;
	}
	rc = 0;
out:
	wsis_buf_free(&tmp);
	return rc;
}

/* Adds one line of the query file: REQUEST [TAB EXPECTED]. */
static int
loadgen_add_query(loadgen_run_t *run, const char *line, size_t len, const char *file,
    unsigned lineno)
{
	const char *tab = memchr(line, '\t', len);
	size_t rlen = tab ? (size_t)(tab - line) : len;
	loadgen_query_t q, *grown;
	wsis_buf_t wire = WSIS_BUF_INIT;
	char err[256];

	memset(&q, 0, sizeof q);
	while (rlen > 0 && line[rlen - 1] == ' ')
		rlen--;
	q.label = strndup(line, rlen);
	if (q.label == NULL)
		goto nomem;
	if (tab != NULL) {
		const char *e = tab + 1;
		size_t elen = len - (size_t)(e - line);
		/* "ERR 404": the line expects that error */
		if (elen == 7 && memcmp(e, "ERR ", 4) == 0 && e[4] >= '1' && e[4] <= '9' &&
		    e[5] >= '0' && e[5] <= '9' && e[6] >= '0' && e[6] <= '9')
			q.expect_code = (e[4] - '0') * 100 + (e[5] - '0') * 10 + (e[6] - '0');
		else if (elen > 0 && (q.expect = strndup(e, elen)) == NULL)
			goto nomem;
	}
	if (run->http) {
		wsis_buf_t path = WSIS_BUF_INIT;
		if (rlen > 0 && line[0] == '/') {
			wsis_buf_append(&path, line, rlen);
		} else if (loadgen_http_path(line, rlen, &path, err, sizeof err) != 0) {
			fprintf(stderr, "wsis-loadgen: %s:%u: %s\n", file, lineno, err);
			wsis_buf_free(&path);
			goto fail;
		}
		wsis_buf_printf(&wire, "GET %s HTTP/1.1\r\nHost: %s\r\n"
		    "User-Agent: wsis-loadgen/" PACKAGE_VERSION "\r\n%s\r\n", path.data, run->target,
		    run->gzip ? "Accept-Encoding: gzip\r\n" : "");
		wsis_buf_free(&path);
	} else {
		if (rlen > 0 && line[0] == '/') {
			fprintf(stderr, "wsis-loadgen: %s:%u: a URL path needs --http\n", file,
			    lineno);
			goto fail;
		}
		wsis_buf_append(&wire, line, rlen);
		wsis_buf_putc(&wire, '\n');
	}
	if (wire.data == NULL)
		goto nomem;
	grown = realloc(run->queries, (run->nqueries + 1) * sizeof *grown);
	if (grown == NULL)
		goto nomem;
	q.wire_len = wire.len;
	q.wire = wsis_buf_detach(&wire);
	run->queries = grown;
	run->queries[run->nqueries++] = q;
	return 0;
nomem:
	fprintf(stderr, "wsis-loadgen: out of memory\n");
fail:
	wsis_buf_free(&wire);
	free(q.label);
	free(q.expect);
	return -1;
}

/* Reads the query file: one request line per line, blank lines and lines
 * starting with '#' skipped, CR LF accepted. */
static int
loadgen_load_queries(loadgen_run_t *run, const char *path)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;
	int rc = 0;

	if (path == NULL)   /* the default: a health check */
		return loadgen_add_query(run, "PING", 4, "(default)", 0);
	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "wsis-loadgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		size_t len = (size_t)n;
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len == 0 || line[0] == '#')
			continue;
		rc = loadgen_add_query(run, line, len, path, lineno);
	}
	free(line);
	fclose(f);
	if (rc == 0 && run->nqueries == 0) {
		fprintf(stderr, "wsis-loadgen: %s: no queries\n", path);
		rc = -1;
	}
	return rc;
}

/* ---- the target -------------------------------------------------------- */

static int
loadgen_is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in4 = (const struct sockaddr_in *)(const void *)sa;
		return (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return 0;
}

/* HOST:PORT or [V6]:PORT.  Without --allow-remote only numeric addresses
 * and "localhost" are resolved (no DNS query leaves the machine) and the
 * address must be a loopback one. */
static int
loadgen_resolve(loadgen_run_t *run, const char *spec, int allow_remote)
{
	wsis_hostport_t hp;
	char *host = hp.host, why[512];
	struct addrinfo hints, *res = NULL;
	int rc;

	if (wsis_hostport_parse(spec, 0, &hp, why, sizeof why) != 0) {
		fprintf(stderr, "wsis-loadgen: %s\n", why);
		return -1;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if (!allow_remote) {
		hints.ai_flags |= AI_NUMERICHOST;
		if (strcmp(host, "localhost") == 0)
			snprintf(hp.host, sizeof hp.host, "127.0.0.1");
	}
	rc = getaddrinfo(host, hp.port, &hints, &res);
	if (rc != 0 || res == NULL) {
		fprintf(stderr, "wsis-loadgen: %s: %s%s\n", host, gai_strerror(rc),
		    allow_remote ? "" : " (a numeric loopback address is expected)");
		return -1;
	}
	if (!allow_remote && !loadgen_is_loopback(res->ai_addr)) {
		fprintf(stderr, "wsis-loadgen: %s is not a loopback address; refusing to load "
		    "it without --allow-remote\n", host);
		freeaddrinfo(res);
		return -1;
	}
	memcpy(&run->addr, res->ai_addr, res->ai_addrlen);
	run->addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* ---- connections ------------------------------------------------------- */

static void loadgen_event_cb(struct bufferevent *bev, short what, void *arg);

/* Decides whether the thread sends no more requests: the time is up, or
 * -n requests were sent. */
static int
loadgen_stopping(loadgen_thread_t *t, double now)
{
	const loadgen_run_t *run = t->run;

	if (!t->stopping && (now >= run->t_end || (run->max_requests > 0 &&
	    atomic_load(&t->run->sent) >= run->max_requests)))
		t->stopping = 1;
	return t->stopping;
}

/* Ends a connection.  `kind` (>= 0) counts one failure of that kind, and
 * requests still in flight count as lost.  The slot connects again when
 * `again` is set and the run goes on; otherwise it is done. */
static void
loadgen_conn_close(loadgen_conn_t *c, int kind, int again)
{
	loadgen_thread_t *t = c->t;

	if (kind >= 0)
		t->st.count[kind]++;
	if (c->n > 0) {
		t->st.count[KIND_LOST] += c->n;
		loadgen_sample(t->run, KIND_LOST, "%u requests in flight on a closed connection "
		    "(the oldest: %s)", c->n, t->run->queries[c->pend[c->head].q].label);
	}
	c->n = 0;
	c->head = 0;
	if (c->rev != NULL) {
		event_free(c->rev);
		c->rev = NULL;
	}
	if (c->bev != NULL) {
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	wsis_buf_reset(&c->in);
	wsis_buf_reset(&c->chunked);
	c->since = wsis_clock_s();
	if (again && !loadgen_stopping(t, c->since)) {
		c->state = CONN_IDLE;
		return;
	}
	c->state = CONN_DONE;
	if (++t->ndone == t->nconns)
		event_base_loopexit(t->base, NULL);
}

static void
loadgen_conn_start(loadgen_conn_t *c)
{
	loadgen_thread_t *t = c->t;
	loadgen_run_t *run = t->run;

	c->since = wsis_clock_s();
	c->state = CONN_CONNECTING;
	c->bev = bufferevent_socket_new(t->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		loadgen_sample(run, KIND_CONNECT, "cannot make a socket: %s", strerror(errno));
		loadgen_conn_close(c, KIND_CONNECT, run->reconnect);
		return;
	}
	bufferevent_setcb(c->bev, NULL, NULL, loadgen_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&run->addr,
	    (int)run->addrlen) != 0) {
		loadgen_sample(run, KIND_CONNECT, "connect: %s",
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		loadgen_conn_close(c, KIND_CONNECT, run->reconnect);
	}
}

/* Sends `len` bytes: straight to the socket when nothing waits before
 * them, the rest (and all of it after an error, which the bufferevent then
 * reports) through the bufferevent.  Left to the bufferevent, every
 * request turned its write event on and off again: two epoll_ctl calls
 * and one more epoll_wait, in a program that shares the cores with the
 * daemon it measures. */
static void
loadgen_send(loadgen_conn_t *c, const char *data, size_t len)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);
	size_t sent = 0;
	ssize_t n;

	if (evbuffer_get_length(out) == 0) {
		do
			n = send(bufferevent_getfd(c->bev), data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		while (n < 0 && errno == EINTR);
		if (n > 0)
			sent = (size_t)n;
	}
	if (sent < len)
		evbuffer_add(out, data + sent, len - sent);
}

/* Tops the connection up to `pipeline` requests in flight; closes it when
 * the run is over and nothing is in flight. */
static void
loadgen_conn_fill(loadgen_conn_t *c)
{
	loadgen_thread_t *t = c->t;
	loadgen_run_t *run = t->run;
	double now;

	if (c->state != CONN_READY)
		return;
	now = wsis_clock_s();
	if (!loadgen_stopping(t, now)) {
		wsis_buf_reset(&c->batch);
		while (c->n < run->pipeline) {
			const loadgen_query_t *q;
			loadgen_pending_t *p;

			if (run->max_requests > 0 &&
			    atomic_fetch_add(&run->sent, 1) >= run->max_requests) {
				t->stopping = 1;
				break;
			}
			p = &c->pend[(c->head + c->n) % run->pipeline];
			p->q = (unsigned)(t->next_query++ % run->nqueries);
			p->sent = now;
			q = &run->queries[p->q];
			c->n++;
			if (wsis_buf_append(&c->batch, q->wire, q->wire_len) != 0) {
				/* out of memory: what is gathered goes now */
				loadgen_send(c, c->batch.data, c->batch.len);
				wsis_buf_reset(&c->batch);
				loadgen_send(c, q->wire, q->wire_len);
			}
		}
		if (c->batch.len > 0)
			loadgen_send(c, c->batch.data, c->batch.len);
	}
	if (c->n == 0 && t->stopping)
		loadgen_conn_close(c, -1, 0);
}

/* Counts the reply to the oldest request in flight and checks it.
 * `failed`: an ERR reply (code) or an HTTP status >= 400 (code: the
 * status); `body` is the payload, the error message or the HTTP body. */
static void
loadgen_account(loadgen_conn_t *c, int failed, int code, const char *body, size_t len)
{
	loadgen_thread_t *t = c->t;
	loadgen_run_t *run = t->run;
	loadgen_pending_t *p = &c->pend[c->head];
	const loadgen_query_t *q = &run->queries[p->q];
	double now = wsis_clock_s();
	char ex[128];

	c->head = (c->head + 1) % run->pipeline;
	c->n--;
	t->st.total++;
	if (p->sent >= run->t_measure) {
		double d = (now - p->sent) * 1e6;
		uint64_t us = d > 0 ? (uint64_t)(d + 0.5) : 0;
		t->st.measured++;
		c->measured++;
		t->st.hist[loadgen_hist_index(us)]++;
		if (us > t->st.max_us)
			t->st.max_us = us;
		t->st.last_reply = now;
	}
	if (failed) {
		/* the error the line expects is a good answer; any other is an error */
		if (q->expect_code != 0 && code == (run->http ?
		    loadgen_http_status_of(q->expect_code) : q->expect_code))
			return;
		t->st.count[run->http ? KIND_HTTP_STATUS : KIND_ERR_REPLY]++;
		loadgen_sample(run, run->http ? KIND_HTTP_STATUS : KIND_ERR_REPLY, "%s: %s %d %s",
		    q->label, run->http ? "HTTP" : "ERR", code,
		    loadgen_excerpt(body, len, ex, sizeof ex));
		return;
	}
	if (len == 0 || body[0] != '{') {
		t->st.count[KIND_INVALID]++;
		loadgen_sample(run, KIND_INVALID, "%s: the reply is not a JSON object: %s",
		    q->label, loadgen_excerpt(body, len, ex, sizeof ex));
		return;
	}
	if (!run->check)
		return;
	if (q->expect_code != 0) {
		t->st.count[KIND_WRONG]++;
		loadgen_sample(run, KIND_WRONG, "%s: expected ERR %d, got OK %s", q->label,
		    q->expect_code, loadgen_excerpt(body, len, ex, sizeof ex));
	} else if (q->expect != NULL && memmem(body, len, q->expect, strlen(q->expect)) == NULL) {
		t->st.count[KIND_WRONG]++;
		loadgen_sample(run, KIND_WRONG, "%s: no %s in %s", q->label, q->expect,
		    loadgen_excerpt(body, len, ex, sizeof ex));
	}
}

/* Native replies: the greeting first, then one reply per request. */
static void
loadgen_native_read(loadgen_conn_t *c)
{
	loadgen_run_t *run = c->t->run;
	size_t off = 0;
	char ex[128];

	for (;;) {
		size_t len = c->in.len - off, consumed = 0;
		wsis_proto_reply_t r;
		wsis_proto_status_t st;
		const char *data;
		int closes;

		if (len == 0)
			break;
		data = c->in.data + off;
		st = wsis_proto_parse_reply(data, len, &r, &consumed);
		if (st == WSIS_PROTO_NEED_MORE)
			break;
		if (st != WSIS_PROTO_OK) {
			loadgen_sample(run, KIND_PROTO, "%s: %s", wsis_proto_status_to_string(st),
			    loadgen_excerpt(data, len, ex, sizeof ex));
			loadgen_conn_close(c, KIND_PROTO, run->reconnect);
			return;
		}
		if (c->state == CONN_GREETING) {
			if (r.kind == WSIS_PROTO_REPLY_GREETING && r.major == WSIS_PROTO_VERSION_MAJOR) {
				off += consumed;
				c->state = CONN_READY;
				c->since = wsis_clock_s();
				c->t->st.established++;
				loadgen_conn_fill(c);
				if (c->state != CONN_READY)
					return;
				continue;
			}
			if (r.kind == WSIS_PROTO_REPLY_ERR && r.code == WSIS_PROTO_CODE_UNAVAILABLE) {
				loadgen_sample(run, KIND_REJECTED, "ERR %d %.*s", r.code,
				    (int)r.message.len, r.message.ptr);
				loadgen_conn_close(c, KIND_REJECTED, run->reconnect);
				return;
			}
			loadgen_sample(run, KIND_PROTO, "not a WSIS %d.x greeting: %s",
			    WSIS_PROTO_VERSION_MAJOR, loadgen_excerpt(data, len, ex, sizeof ex));
			loadgen_conn_close(c, KIND_PROTO, 0);
			return;
		}
		if (r.kind == WSIS_PROTO_REPLY_GREETING || c->n == 0) {
			/* an unsolicited 408 or 503 before a close; anything else
			 * is a reply to no request: a bug */
			int kind = r.kind == WSIS_PROTO_REPLY_ERR &&
			    wsis_proto_code_closes(r.code) ? KIND_CLOSED : KIND_PROTO;
			loadgen_sample(run, kind, "%s: %s", kind == KIND_CLOSED ?
			    "the server closes" : "a reply to no request",
			    loadgen_excerpt(data, consumed, ex, sizeof ex));
			loadgen_conn_close(c, kind, run->reconnect);
			return;
		}
		if (r.kind == WSIS_PROTO_REPLY_OK)
			loadgen_account(c, 0, 0, r.payload.ptr, r.payload.len);
		else
			loadgen_account(c, 1, r.code, r.message.ptr, r.message.len);
		closes = r.kind == WSIS_PROTO_REPLY_ERR && wsis_proto_code_closes(r.code);
		off += consumed;
		if (closes) {
			loadgen_conn_close(c, -1, run->reconnect);
			return;
		}
	}
	wsis_buf_consume(&c->in, off);
	loadgen_conn_fill(c);
}

typedef struct {
	int         status;
	const char *body;
	size_t      body_len;
	size_t      consumed;
	int         close;     /* Connection: close (or HTTP/1.0) */
	int         gzip;      /* Content-Encoding: gzip */
} loadgen_http_resp_t;

/* Case-insensitive: does the header line name `name`?  Sets *value. */
static int
loadgen_http_header(const char *line, size_t len, const char *name, const char **value,
    size_t *vlen)
{
	size_t n = strlen(name);

	if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
		return 0;
	line += n + 1;
	len -= n + 1;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	*value = line;
	*vlen = len;
	return 1;
}

/* Parses one HTTP/1.1 response from data[0..len).  1: complete, 0: need
 * more, -1: not a response this client understands.  A chunked body is
 * reassembled in `scratch`. */
static int
loadgen_http_parse(const char *data, size_t len, loadgen_http_resp_t *r, wsis_buf_t *scratch)
{
	const char *head_end, *p, *end;
	size_t head_len;
	long long clen = -1;
	int chunked = 0;

	memset(r, 0, sizeof *r);
	head_end = memmem(data, len < LOADGEN_MAX_HEADER ? len : LOADGEN_MAX_HEADER,
	    "\r\n\r\n", 4);
	if (head_end == NULL)
		return len >= LOADGEN_MAX_HEADER ? -1 : 0;
	head_len = (size_t)(head_end - data) + 4;
	if (head_len < 16 || memcmp(data, "HTTP/1.", 7) != 0 || data[8] != ' ' ||
	    data[9] < '1' || data[9] > '5' || data[10] < '0' || data[10] > '9' ||
	    data[11] < '0' || data[11] > '9')
		return -1;
	r->status = (data[9] - '0') * 100 + (data[10] - '0') * 10 + (data[11] - '0');
	r->close = data[7] == '0';
	p = (const char *)memchr(data, '\n', head_len) + 1;
	end = data + head_len - 2;
	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p) + 2, "\r\n", 2), *v;
		size_t llen = (size_t)(eol - p), vlen;

		if (loadgen_http_header(p, llen, "Content-Length", &v, &vlen)) {
			char num[24];
			char *e;
			if (vlen == 0 || vlen >= sizeof num)
				return -1;
			memcpy(num, v, vlen);
			num[vlen] = '\0';
			clen = strtoll(num, &e, 10);
			if (*e != '\0' || clen < 0 || clen > (long long)LOADGEN_MAX_BODY)
				return -1;
		} else if (loadgen_http_header(p, llen, "Content-Encoding", &v, &vlen)) {
			r->gzip = vlen == 4 && strncasecmp(v, "gzip", 4) == 0;
		} else if (loadgen_http_header(p, llen, "Transfer-Encoding", &v, &vlen)) {
			chunked = memmem(v, vlen, "chunked", 7) != NULL;
		} else if (loadgen_http_header(p, llen, "Connection", &v, &vlen)) {
			if (vlen == 5 && strncasecmp(v, "close", 5) == 0)
				r->close = 1;
			else if (vlen == 10 && strncasecmp(v, "keep-alive", 10) == 0)
				r->close = 0;
		}
		p = eol + 2;
	}
	if (r->status < 200 || r->status == 204 || r->status == 304) {
		r->consumed = head_len;
		return 1;
	}
	if (chunked) {
		wsis_buf_reset(scratch);
		p = data + head_len;
		end = data + len;
		for (;;) {
			const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
			unsigned long long size;
			char *e;

			if (eol == NULL)
				return (size_t)(end - p) > 64 ? -1 : 0;
			size = strtoull(p, &e, 16);
			if (e == p || size > LOADGEN_MAX_BODY || scratch->len + size > LOADGEN_MAX_BODY)
				return -1;
			p = eol + 2;
			if (size == 0) {
				/* trailers, then an empty line */
				for (;;) {
					eol = memmem(p, (size_t)(end - p), "\r\n", 2);
					if (eol == NULL)
						return 0;
					if (eol == p)
						break;
					p = eol + 2;
				}
				r->consumed = (size_t)(eol + 2 - data);
				break;
			}
			if ((size_t)(end - p) < size + 2)
				return 0;
			if (p[size] != '\r' || p[size + 1] != '\n')
				return -1;
			if (wsis_buf_append(scratch, p, (size_t)size) != 0)
				return -1;
			p += size + 2;
		}
		r->body = scratch->data ? scratch->data : "";
		r->body_len = scratch->len;
		return 1;
	}
	if (clen < 0)
		return -1;   /* a body up to the close: wsis-searchd never sends one */
	if (len - head_len < (size_t)clen)
		return 0;
	r->body = data + head_len;
	r->body_len = (size_t)clen;
	r->consumed = head_len + (size_t)clen;
	return 1;
}

/* Inflates a gzip body into c->plain.  0, or -1 when it is not one whole
 * gzip member, or inflates to more than LOADGEN_MAX_BODY. */
static int
loadgen_gunzip(loadgen_conn_t *c, const char *body, size_t len)
{
	z_stream *z = c->z;
	int rc;

	if (z == NULL) {
		if ((z = calloc(1, sizeof *z)) == NULL)
			return -1;
		if (inflateInit2(z, 15 + 16) != Z_OK) {
			free(z);
			return -1;
		}
		c->z = z;
	} else if (inflateReset(z) != Z_OK) {
		return -1;
	}
	wsis_buf_reset(&c->plain);
	z->next_in = (Bytef *)(uintptr_t)body;
	z->avail_in = (uInt)len;
	do {
		if (c->plain.len >= LOADGEN_MAX_BODY || wsis_buf_reserve(&c->plain, 16384) != 0)
			return -1;
		z->next_out = (Bytef *)c->plain.data + c->plain.len;
		z->avail_out = (uInt)(c->plain.cap - c->plain.len - 1);
		rc = inflate(z, Z_NO_FLUSH);
		c->plain.len = c->plain.cap - 1 - z->avail_out;
		if (rc != Z_OK && rc != Z_STREAM_END)
			return -1;
		if (rc == Z_OK && z->avail_in == 0 && z->avail_out > 0)
			return -1;   /* the member ends before its trailer */
	} while (rc != Z_STREAM_END);
	return z->avail_in == 0 ? 0 : -1;
}

static void
loadgen_http_read(loadgen_conn_t *c)
{
	loadgen_run_t *run = c->t->run;
	size_t off = 0;
	char ex[128];

	for (;;) {
		size_t len = c->in.len - off;
		loadgen_http_resp_t r;
		const char *data;
		int rc;

		if (len == 0)
			break;
		data = c->in.data + off;
		rc = loadgen_http_parse(data, len, &r, &c->chunked);
		if (rc == 0)
			break;
		if (rc < 0 || c->n == 0) {
			loadgen_sample(run, KIND_PROTO, "%s: %s", rc < 0 ? "bad HTTP response" :
			    "a response to no request", loadgen_excerpt(data, len, ex, sizeof ex));
			loadgen_conn_close(c, KIND_PROTO, run->reconnect);
			return;
		}
		if (r.gzip) {
			if (loadgen_gunzip(c, r.body, r.body_len) != 0) {
				loadgen_sample(run, KIND_PROTO, "a gzip body that does not inflate");
				loadgen_conn_close(c, KIND_PROTO, run->reconnect);
				return;
			}
			c->t->st.gzipped++;
			r.body = c->plain.data;
			r.body_len = c->plain.len;
		}
		if (r.status >= 200 && r.status < 300) {
			loadgen_account(c, 0, 0, r.body, r.body_len);
		} else if (r.status >= 400) {
			loadgen_account(c, 1, r.status, r.body, r.body_len);
		} else {
			loadgen_sample(run, KIND_PROTO, "unexpected HTTP status %d", r.status);
			loadgen_conn_close(c, KIND_PROTO, run->reconnect);
			return;
		}
		off += r.consumed;
		wsis_buf_reset(&c->chunked);
		if (r.close) {
			/* what was pipelined after it is lost; a new connection goes on */
			loadgen_conn_close(c, c->n > 0 ? KIND_CLOSED : -1, 1);
			return;
		}
	}
	wsis_buf_consume(&c->in, off);
	loadgen_conn_fill(c);
}

/* Reads what the socket holds with one recv() into the connection's own
 * buffer, then parses it.  A bufferevent's reading would take two readv()
 * and two ioctl(FIONREAD) per reply of a few kilobytes, and a copy to make
 * it contiguous, in the program that shares the cores with the daemon. */
static void
loadgen_recv_cb(evutil_socket_t fd, short what, void *arg)
{
	loadgen_conn_t *c = arg;
	ssize_t n;

	(void)what;
	if (wsis_buf_reserve(&c->in, LOADGEN_READ) != 0) {
		loadgen_sample(c->t->run, KIND_CONNECT, "out of memory");
		loadgen_conn_close(c, KIND_CONNECT, 0);
		return;
	}
	do
		n = recv(fd, c->in.data + c->in.len, c->in.cap - c->in.len - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		loadgen_event_cb(c->bev, BEV_EVENT_READING |
		    (n == 0 ? BEV_EVENT_EOF : BEV_EVENT_ERROR), c);
		return;
	}
	c->in.len += (size_t)n;
	c->in.data[c->in.len] = '\0';
	if (c->t->run->http)
		loadgen_http_read(c);
	else
		loadgen_native_read(c);
}

static void
loadgen_event_cb(struct bufferevent *bev, short what, void *arg)
{
	loadgen_conn_t *c = arg;
	loadgen_thread_t *t = c->t;
	loadgen_run_t *run = t->run;
	int err = EVUTIL_SOCKET_ERROR();

	if (what & BEV_EVENT_CONNECTED) {
		int one = 1;
		evutil_socket_t fd = bufferevent_getfd(bev);
		size_t pending;

		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		/* from here on the connection reads for itself */
		bufferevent_disable(bev, EV_READ);
		c->rev = event_new(t->base, fd, EV_READ | EV_PERSIST, loadgen_recv_cb, c);
		if (c->rev == NULL || event_add(c->rev, NULL) != 0) {
			loadgen_sample(run, KIND_CONNECT, "cannot watch a socket");
			loadgen_conn_close(c, KIND_CONNECT, run->reconnect);
			return;
		}
		/* anything the bufferevent read before it was told not to */
		if ((pending = evbuffer_get_length(bufferevent_get_input(bev))) > 0) {
			if (wsis_buf_reserve(&c->in, pending) != 0) {
				loadgen_sample(run, KIND_CONNECT, "out of memory");
				loadgen_conn_close(c, KIND_CONNECT, 0);
				return;
			}
			evbuffer_remove(bufferevent_get_input(bev), c->in.data + c->in.len, pending);
			c->in.len += pending;
			c->in.data[c->in.len] = '\0';
		}
		c->since = wsis_clock_s();
		if (run->http) {
			c->state = CONN_READY;
			t->st.established++;
			loadgen_conn_fill(c);
		} else {
			c->state = CONN_GREETING;
			if (c->in.len > 0)
				loadgen_native_read(c);
		}
		return;
	}
	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)))
		return;
	if (c->state == CONN_CONNECTING || c->state == CONN_GREETING) {
		loadgen_sample(run, KIND_CONNECT, "%s before the %s", (what & BEV_EVENT_EOF) ?
		    "closed" : evutil_socket_error_to_string(err),
		    c->state == CONN_CONNECTING ? "connection was made" : "greeting");
		loadgen_conn_close(c, KIND_CONNECT, run->reconnect);
	} else if (c->n == 0 && (run->http || loadgen_stopping(t, wsis_clock_s()))) {
		/* an idle keep-alive connection closed: HTTP clients connect again */
		loadgen_conn_close(c, -1, run->http);
	} else {
		loadgen_sample(run, KIND_CLOSED, "the server %s a connection with %u requests "
		    "in flight", (what & BEV_EVENT_EOF) ? "closed" : "reset", c->n);
		loadgen_conn_close(c, KIND_CLOSED, run->reconnect);
	}
}

/* Every LOADGEN_TICK_US: stop, timeouts, reconnects. */
static void
loadgen_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	loadgen_thread_t *t = arg;
	loadgen_run_t *run = t->run;
	double now = wsis_clock_s();
	unsigned i;

	(void)fd;
	(void)what;
	loadgen_stopping(t, now);
	for (i = 0; i < t->nconns; i++) {
		loadgen_conn_t *c = &t->conns[i];

		switch (c->state) {
		case CONN_DONE:
			break;
		case CONN_IDLE:
			if (t->stopping)
				loadgen_conn_close(c, -1, 0);
			else if (now - c->since >= LOADGEN_RETRY_S)
				loadgen_conn_start(c);
			break;
		case CONN_CONNECTING:
		case CONN_GREETING:
			if (now - c->since > run->timeout) {
				loadgen_sample(run, KIND_CONNECT, "no %s after %.1f s",
				    c->state == CONN_CONNECTING ? "connection" : "greeting",
				    now - c->since);
				loadgen_conn_close(c, KIND_CONNECT, run->reconnect);
			} else if (t->stopping && c->state == CONN_CONNECTING) {
				loadgen_conn_close(c, -1, 0);
			}
			break;
		case CONN_READY:
			if (c->n > 0 && now - c->pend[c->head].sent > run->timeout) {
				t->st.count[KIND_TIMEOUT] += c->n;
				loadgen_sample(run, KIND_TIMEOUT, "%u requests unanswered after %.1f s "
				    "(the oldest: %s)", c->n, now - c->pend[c->head].sent,
				    run->queries[c->pend[c->head].q].label);
				c->n = 0;
				loadgen_conn_close(c, -1, run->reconnect);
			} else {
				loadgen_conn_fill(c);
			}
			break;
		}
	}
}

static void *
loadgen_thread_main(void *arg)
{
	loadgen_thread_t *t = arg;
	struct timeval tick = { 0, LOADGEN_TICK_US };
	unsigned i;

	for (i = 0; i < t->nconns; i++)
		loadgen_conn_start(&t->conns[i]);
	if (t->ndone < t->nconns) {
		event_add(t->tick, &tick);
		event_base_dispatch(t->base);
	}
	for (i = 0; i < t->nconns; i++) {
		if (t->conns[i].rev != NULL) {
			event_free(t->conns[i].rev);
			t->conns[i].rev = NULL;
		}
		if (t->conns[i].bev != NULL) {
			bufferevent_free(t->conns[i].bev);
			t->conns[i].bev = NULL;
		}
	}
	return NULL;
}

/* ---- main -------------------------------------------------------------- */

static void
loadgen_usage(FILE *f)
{
	fprintf(f,
"usage: wsis-loadgen (--native HOST:PORT | --http HOST:PORT) [options]\n"
"A closed-loop load generator for wsis-searchd: every connection keeps\n"
"PIPELINE requests in flight and sends the next one when a reply comes.\n"
"  --native HOST:PORT   the native protocol (doc/PROTOCOL.md)\n"
"  --http HOST:PORT     the HTTP JSON API\n"
"  -c, --connections N  connections held open at once [10]\n"
"  -d, --duration S     send for S seconds after the warm-up [10 without -n]\n"
"  -n, --requests N     send at most N requests in all (warm-up included);\n"
"                       with -n alone the run still ends after 300 s\n"
"  -p, --pipeline K     requests in flight per connection (1: no pipelining) [1]\n"
"  -f, --queries FILE   the requests, used in turn [PING]\n"
"  -t, --threads T      threads, each with its own event loop [1]\n"
"  -w, --warmup S       seconds not measured at the start [0]\n"
"      --check          check each reply against its query line's expectation\n"
"      --timeout S      a request unanswered for S seconds is an error [10]\n"
"      --reconnect      connect again after a failure (else the slot stops)\n"
"      --gzip           HTTP: send Accept-Encoding: gzip; gzip bodies are\n"
"                       inflated, then checked, and counted in gzipped=\n"
"      --allow-errors   exit 0 even when there were errors\n"
"      --allow-remote   allow a target that is not a loopback address\n"
"  -q, --quiet          no error messages on stderr, only the summary\n"
"Query file: one request line per line; '#' lines and blank lines are skipped.\n"
"After a TAB, what the reply must hold: a substring of the JSON payload, or\n"
"ERR nnn for an expected error.  That error is then never counted as one (any\n"
"other is); with --check an OK reply without the substring, or an OK reply\n"
"where an error was expected, is 'wrong'.\n"
"  SEARCH -- enhanced cooperation<TAB>\"id\":\"draft:38\"\n"
"  DOC -- nope<TAB>ERR 404\n"
"With --http each line is mapped to a URL: SEARCH -> /search?q=..&limit=..,\n"
"COUNT -> /count?.., DOC -> /doc/ID, PING -> /health, STATS -> /stats; a\n"
"line that starts with '/' is sent as the URL path itself.  An expected\n"
"ERR nnn is then the HTTP status wsis-searchd maps nnn to.\n"
"Output, one line on stdout (requests, qps and latencies after the warm-up;\n"
"errors and wrong over the whole run; latencies in milliseconds):\n"
"  requests=N errors=E wrong=W seconds=S qps=Q p50_ms=.. p90_ms=.. p99_ms=..\n"
"  max_ms=.. connections=C pipeline=K threads=T total=N established=N\n"
"  rejected=N err_replies=N http_errors=N invalid=N protocol=N conn_errors=N\n"
"  lost=N timeouts=N cpu_s=S (this process's CPU seconds, the whole run)\n"
"  gzipped=N (replies with a gzip body) min_conn=N (the fewest replies a\n"
"  connection got in the measured time)\n"
"Exit: 0, 1 when errors or wrong are not 0 (unless --allow-errors), 2 on bad\n"
"usage.\n");
}

static int
loadgen_uint_arg(const char *name, const char *s, unsigned long long min,
    unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < min || v > max) {
		fprintf(stderr, "wsis-loadgen: %s: '%s' is not a whole number from %llu to %llu\n",
		    name, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
loadgen_seconds_arg(const char *name, const char *s, double min, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || !(v >= min) || v > 86400.0) {
		fprintf(stderr, "wsis-loadgen: %s: '%s' is not a number of seconds\n", name, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Raises the soft limit on descriptors to the hard one. */
static void
loadgen_raise_nofile(unsigned need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)need + 16)
		fprintf(stderr, "wsis-loadgen: warning: %u connections, but only %llu "
		    "descriptors allowed\n", need, (unsigned long long)rl.rlim_cur);
}

int
main(int argc, char **argv)
{
	enum { OPT_NATIVE = 256, OPT_HTTP, OPT_CHECK, OPT_GZIP, OPT_TIMEOUT, OPT_RECONNECT,
	       OPT_ALLOW_ERRORS, OPT_ALLOW_REMOTE };
	static const struct option longopts[] = {
		{ "native", required_argument, NULL, OPT_NATIVE },
		{ "http", required_argument, NULL, OPT_HTTP },
		{ "connections", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "requests", required_argument, NULL, 'n' },
		{ "pipeline", required_argument, NULL, 'p' },
		{ "queries", required_argument, NULL, 'f' },
		{ "threads", required_argument, NULL, 't' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "gzip", no_argument, NULL, OPT_GZIP },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "reconnect", no_argument, NULL, OPT_RECONNECT },
		{ "allow-errors", no_argument, NULL, OPT_ALLOW_ERRORS },
		{ "allow-remote", no_argument, NULL, OPT_ALLOW_REMOTE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static loadgen_run_t run;   /* large (the histogram is per thread) */
	loadgen_stats_t total;
	loadgen_thread_t *threads = NULL;
	const char *target = NULL, *qfile = NULL;
	unsigned long long v;
	int ch, allow_remote = 0, have_d = 0, rc = 2, nmodes = 0;
	unsigned i, k, next = 0;
	uint64_t errors, min_conn;
	double seconds;

	memset(&run, 0, sizeof run);
	run.connections = 10;
	run.pipeline = 1;
	run.threads = 1;
	run.duration = 10.0;
	run.timeout = 10.0;
	while ((ch = getopt_long(argc, argv, "c:d:n:p:f:t:w:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_NATIVE:
		case OPT_HTTP:
			target = optarg;
			run.http = ch == OPT_HTTP;
			nmodes++;
			break;
		case 'c':
			if (loadgen_uint_arg("-c", optarg, 1, 100000, &v) != 0)
				return 2;
			run.connections = (unsigned)v;
			break;
		case 'd':
			if (loadgen_seconds_arg("-d", optarg, 0.001, &run.duration) != 0)
				return 2;
			have_d = 1;
			break;
		case 'n':
			if (loadgen_uint_arg("-n", optarg, 1, UINT64_MAX / 2, &v) != 0)
				return 2;
			run.max_requests = v;
			break;
		case 'p':
			if (loadgen_uint_arg("--pipeline", optarg, 1, 4096, &v) != 0)
				return 2;
			run.pipeline = (unsigned)v;
			break;
		case 'f':
			qfile = optarg;
			break;
		case 't':
			if (loadgen_uint_arg("--threads", optarg, 1, 64, &v) != 0)
				return 2;
			run.threads = (unsigned)v;
			break;
		case 'w':
			if (loadgen_seconds_arg("--warmup", optarg, 0.0, &run.warmup) != 0)
				return 2;
			break;
		case OPT_CHECK:
			run.check = 1;
			break;
		case OPT_GZIP:
			run.gzip = 1;
			break;
		case OPT_TIMEOUT:
			if (loadgen_seconds_arg("--timeout", optarg, 0.01, &run.timeout) != 0)
				return 2;
			break;
		case OPT_RECONNECT:
			run.reconnect = 1;
			break;
		case OPT_ALLOW_ERRORS:
			run.allow_errors = 1;
			break;
		case OPT_ALLOW_REMOTE:
			allow_remote = 1;
			break;
		case 'q':
			run.quiet = 1;
			break;
		case 'h':
			loadgen_usage(stdout);
			return 0;
		case 'V':
			printf("wsis-loadgen " PACKAGE_VERSION "\n");
			return 0;
		default:
			fprintf(stderr, "wsis-loadgen: see wsis-loadgen --help\n");
			return 2;
		}
	}
	if (optind < argc || nmodes != 1) {
		fprintf(stderr, "wsis-loadgen: %s (see --help)\n", optind < argc ?
		    "unexpected argument" : "give one of --native HOST:PORT and --http HOST:PORT");
		return 2;
	}
	if (run.gzip && !run.http) {
		fprintf(stderr, "wsis-loadgen: --gzip needs --http\n");
		return 2;
	}
	if (run.max_requests > 0 && !have_d)
		run.duration = LOADGEN_N_ONLY_S;
	if (run.threads > run.connections)
		run.threads = run.connections;
	snprintf(run.target, sizeof run.target, "%s", target);
	if (loadgen_resolve(&run, target, allow_remote) != 0)
		return 2;
	if (loadgen_load_queries(&run, qfile) != 0)
		goto out;
	loadgen_raise_nofile(run.connections);
	signal(SIGPIPE, SIG_IGN);
	pthread_mutex_init(&run.sample_lock, NULL);
	atomic_init(&run.sent, 0);

	threads = calloc(run.threads, sizeof *threads);
	if (threads == NULL)
		goto nomem;
	for (i = 0; i < run.threads; i++) {
		loadgen_thread_t *t = &threads[i];
		t->run = &run;
		t->nconns = run.connections / run.threads + (i < run.connections % run.threads);
		t->conns = calloc(t->nconns, sizeof *t->conns);
		t->base = event_base_new();
		if (t->conns == NULL || t->base == NULL)
			goto nomem;
		t->tick = event_new(t->base, -1, EV_PERSIST, loadgen_tick_cb, t);
		if (t->tick == NULL)
			goto nomem;
		/* threads start their turn through the queries at different places */
		t->next_query = next;
		next += t->nconns;
		for (k = 0; k < t->nconns; k++) {
			t->conns[k].t = t;
			t->conns[k].pend = calloc(run.pipeline, sizeof *t->conns[k].pend);
			if (t->conns[k].pend == NULL)
				goto nomem;
		}
	}
	run.t_start = wsis_clock_s();
	run.t_measure = run.t_start + run.warmup;
	run.t_end = run.t_measure + run.duration;
	for (i = 0; i < run.threads; i++)
		if (pthread_create(&threads[i].tid, NULL, loadgen_thread_main, &threads[i]) != 0) {
			fprintf(stderr, "wsis-loadgen: cannot start a thread\n");
			while (i-- > 0)   /* the others stop at the end of the run */
				pthread_join(threads[i].tid, NULL);
			goto out;
		}
	for (i = 0; i < run.threads; i++)
		pthread_join(threads[i].tid, NULL);

	memset(&total, 0, sizeof total);
	for (i = 0; i < run.threads; i++) {
		const loadgen_stats_t *st = &threads[i].st;
		for (k = 0; k < KIND_COUNT; k++)
			total.count[k] += st->count[k];
		for (k = 0; k < LOADGEN_HIST_SIZE; k++)
			total.hist[k] += st->hist[k];
		total.total += st->total;
		total.measured += st->measured;
		total.established += st->established;
		total.gzipped += st->gzipped;
		if (st->max_us > total.max_us)
			total.max_us = st->max_us;
		if (st->last_reply > total.last_reply)
			total.last_reply = st->last_reply;
	}
	min_conn = UINT64_MAX;
	for (i = 0; i < run.threads; i++)
		for (k = 0; k < threads[i].nconns; k++)
			if (threads[i].conns[k].measured < min_conn)
				min_conn = threads[i].conns[k].measured;
	if (min_conn == UINT64_MAX)
		min_conn = 0;
	errors = 0;
	for (k = 0; k < KIND_COUNT; k++)
		if (k != KIND_WRONG)
			errors += total.count[k];
	seconds = total.measured > 0 ? total.last_reply - run.t_measure : 0.0;
	printf("requests=%llu errors=%llu wrong=%llu seconds=%.3f qps=%.1f p50_ms=%.3f "
	    "p90_ms=%.3f p99_ms=%.3f max_ms=%.3f connections=%u pipeline=%u threads=%u "
	    "total=%llu established=%llu rejected=%llu err_replies=%llu http_errors=%llu "
	    "invalid=%llu protocol=%llu conn_errors=%llu lost=%llu timeouts=%llu "
	    "cpu_s=%.3f gzipped=%llu min_conn=%llu\n",
	    (unsigned long long)total.measured, (unsigned long long)errors,
	    (unsigned long long)total.count[KIND_WRONG], seconds,
	    seconds > 0 ? (double)total.measured / seconds : 0.0,
	    loadgen_percentile(&total, 500), loadgen_percentile(&total, 900),
	    loadgen_percentile(&total, 990), (double)total.max_us / 1000.0,
	    run.connections, run.pipeline, run.threads,
	    (unsigned long long)total.total, (unsigned long long)total.established,
	    (unsigned long long)total.count[KIND_REJECTED],
	    (unsigned long long)total.count[KIND_ERR_REPLY],
	    (unsigned long long)total.count[KIND_HTTP_STATUS],
	    (unsigned long long)total.count[KIND_INVALID],
	    (unsigned long long)total.count[KIND_PROTO],
	    (unsigned long long)(total.count[KIND_CONNECT] + total.count[KIND_CLOSED]),
	    (unsigned long long)total.count[KIND_LOST],
	    (unsigned long long)total.count[KIND_TIMEOUT], wsis_clock_cpu_s(),
	    (unsigned long long)total.gzipped, (unsigned long long)min_conn);
	fflush(stdout);
	rc = (errors > 0 || total.count[KIND_WRONG] > 0) && !run.allow_errors ? 1 : 0;
	goto out;
nomem:
	fprintf(stderr, "wsis-loadgen: out of memory\n");
	rc = 2;
out:
	for (i = 0; threads != NULL && i < run.threads; i++) {
		loadgen_thread_t *t = &threads[i];
		for (k = 0; t->conns != NULL && k < t->nconns; k++) {
			free(t->conns[k].pend);
			wsis_buf_free(&t->conns[k].chunked);
			wsis_buf_free(&t->conns[k].plain);
			if (t->conns[k].z != NULL)
				inflateEnd(t->conns[k].z);
			free(t->conns[k].z);
			wsis_buf_free(&t->conns[k].in);
			wsis_buf_free(&t->conns[k].batch);
		}
		free(t->conns);
		if (t->tick != NULL)
			event_free(t->tick);
		if (t->base != NULL)
			event_base_free(t->base);
	}
	free(threads);
	for (i = 0; i < run.nqueries; i++) {
		free(run.queries[i].wire);
		free(run.queries[i].label);
		free(run.queries[i].expect);
	}
	free(run.queries);
	return rc;
}
