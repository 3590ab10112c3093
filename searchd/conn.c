/* conn.c - native protocol connections (conn.h).
 *
 * Path of a request: the listener accepts; conn_read_cb() parses complete
 * lines with the pure parser of lib/proto.c; query commands go to the
 * worker pool, the others are answered here; every request gets an entry in
 * the connection's FIFO, and conn_flush() writes the replies that are ready
 * from its head, so replies leave in request order even when a later query
 * finishes first.
 *
 * A query that reaches a worker while nothing is queued before it on an
 * idle connection is sent by that worker itself, straight from the worker
 * thread (conn_deliver), and the loop is not woken for it: the job is
 * "parked" (pool.h) until the connection's next event (its next request,
 * most often) takes it back for the query log, the counters and the cache
 * (conn_reclaim), or a timer does.  Anything queued behind it takes it
 * back first, so replies still leave in order.  The loop never closes the
 * socket while a worker may be writing to it (conn_revoke_direct).  Every
 * other reply is written by the loop.
 */
#include "conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "hostport.h"
#include "backend.h"
#include "log.h"
#include "proto.h"

#define CONN_MAX_BACKLOG (1024 * 1024)   /* unsent reply bytes before pausing */
#define CONN_BATCH       64              /* lines parsed per read callback */

struct conn {
	server_t           *srv;
	struct bufferevent *bev;      /* NULL once the peer is gone */
	char                peer[80];
	int                 admin;    /* RELOAD allowed */
	job_t              *head, *tail;   /* replies in request order */
	unsigned            queued;   /* requests in that FIFO: read, not answered */
	unsigned            inflight; /* jobs at the workers */
	int                 stop_reading; /* a closing reply is queued: parse no more */
	int                 closing;  /* close once the output is sent */
	int                 eof;      /* the peer sent all it will */
	job_t              *direct;   /* at a worker that may send its reply */
	conn_t             *prev, *next;
};

static void conn_read_cb(struct bufferevent *bev, void *arg);
static void conn_process(conn_t *c);

/* Takes back the permission of a worker to send a reply on this socket,
 * waiting while it sends (a non-blocking send: microseconds).  Called
 * before the socket is closed, so that a worker never writes to a
 * descriptor that may by then belong to something else. */
static void
conn_revoke_direct(conn_t *c)
{
	int expect = JOB_DIRECT_ALLOWED;

	if (c->direct == NULL)
		return;
	while (!atomic_compare_exchange_weak(&c->direct->direct, &expect,
	    JOB_DIRECT_REVOKED)) {
		if (expect != JOB_DIRECT_SENDING && expect != JOB_DIRECT_ALLOWED)
			break;   /* sent, or never allowed */
		sched_yield();
		expect = JOB_DIRECT_ALLOWED;
	}
	c->direct = NULL;
}

/* Frees the bufferevent and closes the socket. */
static void
conn_close_socket(conn_t *c)
{
	conn_revoke_direct(c);
	bufferevent_free(c->bev);
	c->bev = NULL;
}

/* The reply to `j` as it goes on the wire. */
static void
conn_frame(wsis_buf_t *out, const job_t *j)
{
	if (j->failed)
		wsis_proto_write_error(out, j->err.code, j->err.message);
	else if (wsis_proto_write_ok(out, j->out.data ? j->out.data : "", j->out.len) !=
	    WSIS_PROTO_OK)
		wsis_proto_write_error(out, WSIS_PROTO_CODE_REPLY_TOO_LARGE, "reply too large");
}

/* Worker thread (job->deliver): sends the reply when the loop allowed it,
 * an OK reply straight from the job's payload (one sendmsg of head, payload
 * and newline).  What the socket does not take now is framed in job->frame
 * and left to the loop (frame_sent).  A frame sent whole is freed at once,
 * since its job may wait parked (pool.h) with the loop running late while
 * the workers are busy (pool.c), and so is the payload when the reply
 * cache will not keep it (no key: replycache.c), its only reader left: otherwise
 * every connection would hold a spent reply until the loop's turn. */
static void
conn_deliver(job_t *j)
{
	static char newline = '\n';
	int expect = JOB_DIRECT_ALLOWED;
	char head[WSIS_PROTO_OK_HEAD_MAX];
	size_t hlen = 0, total;
	struct iovec iov[3];
	struct msghdr msg = { .msg_iov = iov };
	ssize_t n;

	if (!atomic_compare_exchange_strong(&j->direct, &expect, JOB_DIRECT_SENDING))
		return;
	if (!j->failed)
		hlen = wsis_proto_ok_head(head, j->out.len);
	if (hlen > 0) {
		/* head, payload and newline as they are: no framed copy of the
		 * payload unless the socket takes only part of it */
		iov[0] = (struct iovec){ head, hlen };
		iov[1] = (struct iovec){ j->out.data, j->out.len };
		iov[2] = (struct iovec){ &newline, 1 };
		msg.msg_iovlen = 3;
		total = hlen + j->out.len + 1;
	} else {
		conn_frame(&j->frame, j);
		iov[0] = (struct iovec){ j->frame.data, j->frame.len };
		msg.msg_iovlen = 1;
		total = j->frame.len;
	}
	do
		n = sendmsg(j->direct_fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n >= 0 && (size_t)n == total && total > 0) {
		j->frame_done = 1;
		wsis_buf_free(&j->frame);
		if (j->cache_key.len == 0)
			wsis_buf_free(&j->out);
	} else {
		/* the loop sends the rest (conn_flush) */
		if (j->frame.len == 0)
			conn_frame(&j->frame, j);
		if (j->frame.len == 0 && n > 0)   /* out of memory mid-reply */
			shutdown(j->direct_fd, SHUT_RDWR);
		j->frame_sent = n > 0 ? (size_t)n : 0;
	}
	atomic_store(&j->direct, JOB_DIRECT_DONE);
}

/* Lets the worker send the reply to `j` itself when nothing can come
 * before it: the first in the FIFO, nothing waiting to be written. */
static void
conn_allow_direct(conn_t *c, job_t *j)
{
	if (c->head != j || c->bev == NULL || c->closing ||
	    evbuffer_get_length(bufferevent_get_output(c->bev)) != 0)
		return;
	j->direct_fd = bufferevent_getfd(c->bev);
	j->deliver = conn_deliver;
	atomic_store(&j->direct, JOB_DIRECT_ALLOWED);
	/* a pipeline of one stops reading until the reply is back: then
	 * only a wake-up can bring it back */
	j->park_ok = c->srv->settings->max_pipeline > 1;
	c->direct = j;
}

static void
conn_free(conn_t *c)
{
	server_t *srv = c->srv;

	while (c->head != NULL) {
		job_t *j = c->head;
		c->head = j->owner_next;
		/* a job not ready is still the pool's (only at exit: otherwise
		 * nothing is in flight here); pool_free() frees it */
		if (j->ready)
			pool_job_free(j);
	}
	if (c->bev != NULL)
		conn_close_socket(c);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		srv->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	srv->nconns--;
	srv->stats.conns_current--;
	budget_give(&srv->budget, c->admin ? BUDGET_ADMIN : BUDGET_NATIVE);
	free(c);
}

/* Frees the connection when nothing can touch it any more. */
static void
conn_maybe_free(conn_t *c)
{
	if (c->inflight > 0)
		return;   /* a worker's job still points here */
	if (c->bev == NULL) {
		conn_free(c);
		return;
	}
	if (c->closing && c->head == NULL &&
	    evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_free(c);
}

/* Sends the replies out[0..len), the whole batch at once.  With nothing
 * queued before them they go to the socket now: left to the bufferevent,
 * each reply would turn the loop's write interest on and, once written,
 * off again: two epoll_ctl calls and one more epoll_wait per request.
 * What the socket does not take, and any error, is left to the
 * bufferevent's own writing. */
static void
conn_send(conn_t *c, const char *data, size_t len)
{
	struct evbuffer *ob = bufferevent_get_output(c->bev);
	size_t sent = 0;
	ssize_t n;

	if (evbuffer_get_length(ob) == 0) {
		do
			n = send(bufferevent_getfd(c->bev), data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		while (n < 0 && errno == EINTR);
		if (n > 0)
			sent = (size_t)n;
	}
	if (sent < len)
		evbuffer_add(ob, data + sent, len - sent);
}

static void conn_flush(conn_t *c);

/* A job is back from its worker (loop thread): its reply goes out in
 * turn. */
static void
conn_retire(conn_t *c, job_t *j)
{
	j->ready = 1;
	c->inflight--;
	if (c->direct == j)
		c->direct = NULL;
	conn_flush(c);
}

/* Takes back the job a worker sent the reply of and parked, if any. */
static void
conn_reclaim(conn_t *c)
{
	job_t *j = c->direct;

	if (j != NULL && pool_reclaim(c->srv->pool, j))
		conn_retire(c, j);
}

/* Appends an entry to the FIFO. */
static void
conn_enqueue(conn_t *c, job_t *j)
{
	if (c->head != NULL)   /* behind a parked job, it would wait */
		conn_reclaim(c);
	j->owner = c;
	j->owner_next = NULL;
	if (c->tail != NULL)
		c->tail->owner_next = j;
	else
		c->head = j;
	c->tail = j;
	c->queued++;
}

/* An entry answered here, already ready. */
static void
conn_reply_now(conn_t *c, job_t *j, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
conn_reply_now(conn_t *c, job_t *j, int code, const char *fmt, ...)
{
	va_list ap;

	if (code != 0) {
		j->failed = 1;
		j->err.code = code;
		va_start(ap, fmt);
		vsnprintf(j->err.message, sizeof j->err.message, fmt, ap);
		va_end(ap);
		if (wsis_proto_code_closes(code)) {
			j->closes = 1;
			c->stop_reading = 1;
		}
	}
	j->ready = 1;
	j->done_us = pool_now_us();
	conn_enqueue(c, j);
}

/* Writes every ready reply at the head of the FIFO, in one buffer. */
static void
conn_flush(conn_t *c)
{
	server_t *srv = c->srv;
	wsis_buf_t out = WSIS_BUF_INIT;
	job_t *j;

	while ((j = c->head) != NULL && j->ready) {
		const char *query = j->req.text.ptr;
		size_t qlen = j->req.text.len;

		c->head = j->owner_next;
		if (c->head == NULL)
			c->tail = NULL;
		c->queued--;
		if (c->closing) {
			/* nothing after a closing reply is answered */
			pool_job_free(j);
			continue;
		}
		if (c->bev != NULL && !j->frame_done) {   /* else its worker sent it all */
			if (j->frame.len > 0)   /* its worker sent frame_sent bytes */
				wsis_buf_append(&out, j->frame.data + j->frame_sent,
				    j->frame.len - j->frame_sent);
			else
				conn_frame(&out, j);
		}
		if (j->closes)
			c->closing = 1;
		srv->stats.requests++;
		if (j->failed)
			srv->stats.errors++;
		stats_latency(&srv->stats, j->done_us - j->submitted_us);
		server_log_request(srv, c->peer, wsis_proto_cmd_name(j->req.cmd)[0] ?
		    wsis_proto_cmd_name(j->req.cmd) : "-", query, qlen, j->hits,
		    j->done_us - j->submitted_us, j->failed ? j->err.code : 0, j->from_cache);
		pool_job_free(j);
	}
	if (c->bev != NULL && out.len > 0)
		conn_send(c, out.data, out.len);
	wsis_buf_free(&out);
	if (c->bev != NULL) {
		size_t backlog = evbuffer_get_length(bufferevent_get_output(c->bev));
		if (c->closing)
			bufferevent_disable(c->bev, EV_READ);
		else if (backlog > CONN_MAX_BACKLOG)
			bufferevent_disable(c->bev, EV_READ);
	}
}

/* A job came back from a worker (loop thread). */
static void
conn_job_done(job_t *j)
{
	conn_t *c = j->owner;

	conn_retire(c, j);
	if (c->bev != NULL && !c->closing)
		conn_process(c);
	conn_maybe_free(c);
}

/* Handles one parsed request; `j` holds its own copy of the line.  It
 * takes its place in the FIFO first, allowed a direct send (taken back if
 * it is answered here). */
static void
conn_dispatch(conn_t *c, job_t *j)
{
	server_t *srv = c->srv;

	j->done = conn_job_done;
	conn_enqueue(c, j);
	conn_allow_direct(c, j);
	if (backend_dispatch(srv, j, c->admin || srv->settings->admin_tcp) ==
	    BACKEND_SUBMITTED) {
		c->inflight++;
		return;
	}
	atomic_store(&j->direct, JOB_DIRECT_NONE);
	j->deliver = NULL;
	if (c->direct == j)
		c->direct = NULL;
	if (j->failed && wsis_proto_code_closes(j->err.code))
		j->closes = 1;
	if (j->closes)
		c->stop_reading = 1;
	j->ready = 1;
	j->done_us = pool_now_us();
}

/* Parses and dispatches the complete lines waiting in the input buffer. */
static void
conn_process(conn_t *c)
{
	server_t *srv = c->srv;
	struct evbuffer *in;
	int n = 0, full;

	if (c->bev == NULL)
		return;
	in = bufferevent_get_input(c->bev);
	/* max_pipeline bounds every request not answered yet, not only the
	 * jobs at the workers: PINGs or bad lines behind a slow query would
	 * otherwise pile up in the FIFO without limit */
	while (!c->stop_reading && !srv->shutting_down && n < CONN_BATCH &&
	    c->queued < srv->settings->max_pipeline) {
		size_t avail = evbuffer_get_length(in), look, consumed = 0;
		wsis_proto_request_t req;
		wsis_proto_status_t st;
		const char *data;
		job_t *j;

		if (avail == 0)
			break;
		look = avail < srv->settings->max_line ? avail : srv->settings->max_line;
		data = (const char *)evbuffer_pullup(in, (ssize_t)look);
		if (data == NULL)
			break;
		st = wsis_proto_parse_request(data, look, srv->settings->max_line, &req, &consumed);
		if (st == WSIS_PROTO_NEED_MORE) {
			if (c->eof && look == avail)
				evbuffer_drain(in, avail);   /* a partial last line */
			break;
		}
		j = pool_job_new(data, consumed);
		if (j == NULL) {
			log_error("%s: out of memory", c->peer);
			c->stop_reading = c->closing = 1;
			break;
		}
		evbuffer_drain(in, consumed);
		n++;
		if (st != WSIS_PROTO_OK) {
			j->req = req;
			j->req.text.ptr = NULL;
			j->req.text.len = 0;
			j->submitted_us = pool_now_us();
			conn_reply_now(c, j, req.code, "%s", req.message);
			if (req.close) {
				j->closes = 1;
				c->stop_reading = 1;
			}
			continue;
		}
		/* parse the job's own copy so the request points into it */
		wsis_proto_parse_request(j->input, consumed, srv->settings->max_line, &j->req,
		    &consumed);
		j->submitted_us = pool_now_us();
		conn_dispatch(c, j);
	}
	full = c->queued >= srv->settings->max_pipeline;
	conn_flush(c);
	if (c->bev != NULL && !c->closing && !c->stop_reading) {
		size_t backlog = evbuffer_get_length(bufferevent_get_output(c->bev));
		if (c->queued >= srv->settings->max_pipeline || backlog > CONN_MAX_BACKLOG)
			bufferevent_disable(c->bev, EV_READ);
		else if (!c->eof)
			bufferevent_enable(c->bev, EV_READ);
		/* lines left over after a full batch, or after a full pipeline
		 * the flush emptied (no job will call us back): come back after
		 * others.  A pipeline still full resumes in conn_job_done(). */
		if ((n == CONN_BATCH ||
		    (full && c->queued < srv->settings->max_pipeline)) &&
		    evbuffer_get_length(in) > 0)
			bufferevent_trigger(c->bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS |
			    BEV_TRIG_IGNORE_WATERMARKS);
	}
	if (c->eof && c->head == NULL && c->inflight == 0 &&
	    (c->bev == NULL || c->stop_reading || evbuffer_get_length(in) == 0))
		c->closing = 1;
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_reclaim(arg);
	conn_process(arg);
	conn_maybe_free(arg);
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	conn_t *c = arg;

	(void)bev;
	/* the backlog drained: read again */
	if (!c->closing)
		conn_process(c);
	conn_maybe_free(c);
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	conn_t *c = arg;

	(void)bev;
	conn_reclaim(c);
	if (what & BEV_EVENT_TIMEOUT) {
		if (c->inflight == 0 && c->head == NULL) {
			wsis_buf_t out = WSIS_BUF_INIT;
			wsis_proto_write_error(&out, WSIS_PROTO_CODE_IDLE_TIMEOUT,
			    "idle timeout");
			evbuffer_add(bufferevent_get_output(c->bev), out.data, out.len);
			wsis_buf_free(&out);
			c->stop_reading = c->closing = 1;
		} else {
			bufferevent_enable(c->bev, EV_READ);
		}
	} else if (what & BEV_EVENT_EOF) {
		/* half-close: answer every request already sent, then close
		 * (conn_process, once nothing is left to parse or answer) */
		c->eof = 1;
		conn_process(c);
	} else if (what & BEV_EVENT_ERROR) {
		/* the peer is gone: nothing more can be sent */
		conn_close_socket(c);
	}
	conn_maybe_free(c);
}

static void
conn_accept(server_t *srv, evutil_socket_t fd, struct sockaddr *sa, int admin)
{
	const settings_t *s = srv->settings;
	wsis_buf_t greet = WSIS_BUF_INIT;
	struct timeval idle = { (time_t)s->idle_timeout_s, 0 };
	conn_t *c;

	srv->stats.conns_total++;
	if (srv->shutting_down ||
	    budget_take(&srv->budget, admin ? BUDGET_ADMIN : BUDGET_NATIVE) != 0) {
		const char *msg = srv->shutting_down ? "ERR 503 shutting down\n" :
		    "ERR 503 too many connections\n";
		srv->stats.conns_rejected++;
		if (send(fd, msg, strlen(msg), MSG_NOSIGNAL) < 0)
			log_debug("reject: %s", strerror(errno));
		evutil_closesocket(fd);
		return;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL) {
		budget_give(&srv->budget, admin ? BUDGET_ADMIN : BUDGET_NATIVE);
		evutil_closesocket(fd);
		return;
	}
	c->srv = srv;
	c->admin = admin;
	if (sa->sa_family == AF_INET || sa->sa_family == AF_INET6) {
		char host[64];
		int one = 1, port;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (sa->sa_family == AF_INET) {
			struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)sa;
			inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
			port = ntohs(in4->sin_port);
		} else {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)sa;
			inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
			port = ntohs(in6->sin6_port);
		}
		snprintf(c->peer, sizeof c->peer, "%s:%d", host, port);
	} else {
		snprintf(c->peer, sizeof c->peer, "unix");
	}
	c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		budget_give(&srv->budget, admin ? BUDGET_ADMIN : BUDGET_NATIVE);
		evutil_closesocket(fd);
		free(c);
		return;
	}
	c->next = srv->conns;
	if (srv->conns != NULL)
		srv->conns->prev = c;
	srv->conns = c;
	srv->nconns++;
	srv->stats.conns_current++;
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	bufferevent_set_timeouts(c->bev, &idle, NULL);
	/* write callback when the backlog is gone */
	bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
	wsis_proto_write_greeting(&greet, srv->software);
	evbuffer_add(bufferevent_get_output(c->bev), greet.data, greet.len);
	wsis_buf_free(&greet);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

static void
conn_tcp_accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int len, void *arg)
{
	(void)l;
	(void)len;
	conn_accept(arg, fd, sa, 0);
}

static void
conn_unix_accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int len, void *arg)
{
	(void)l;
	(void)len;
	conn_accept(arg, fd, sa, 1);
}

static void
conn_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	evconnlistener_enable(arg);
}

/* accept() failures since the last one logged, and when that was: the
 * event loop's alone, so plain statics. */
static unsigned long conn_accept_failures;
static time_t        conn_accept_logged;

void
conn_accept_error_cb(struct evconnlistener *l, void *arg)
{
	int err = EVUTIL_SOCKET_ERROR();
	struct timeval pause = { 0, 200000 };
	time_t now = time(NULL);

	(void)arg;
	/* the first failure, then at most one line every 10 s with the count */
	conn_accept_failures++;
	if (conn_accept_logged == 0 || now - conn_accept_logged >= 10) {
		log_warning("accept: %s (%lu time%s since the last report; new connections "
		    "wait)", evutil_socket_error_to_string(err), conn_accept_failures,
		    conn_accept_failures == 1 ? "" : "s");
		conn_accept_logged = now;
		conn_accept_failures = 0;
	}
	if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
		evconnlistener_disable(l);
		event_base_once(evconnlistener_get_base(l), -1, EV_TIMEOUT, conn_resume_cb, l,
		    &pause);
	}
}

/* "HOST:PORT" or "[V6]:PORT" as numeric addresses; port 0 picks one. */
static int
conn_parse_addr(const char *spec, struct sockaddr_storage *ss, int *len)
{
	wsis_hostport_t hp;
	const char *host = hp.host;
	unsigned port;

	if (wsis_hostport_parse(spec, WSIS_HOSTPORT_PORT_ZERO, &hp, NULL, 0) != 0)
		return -1;
	port = hp.port_num;
	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)(void *)ss)->sin_addr) == 1) {
		struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)ss;
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof *in4;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)(void *)ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof *in6;
		return 0;
	}
	return -1;
}

int
conn_listen(server_t *srv, char *err, size_t errlen)
{
	const settings_t *s = srv->settings;
	unsigned flags = LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC;

	if (s->listen != NULL && *s->listen != '\0') {
		struct sockaddr_storage ss;
		int sslen = sizeof ss;

		memset(&ss, 0, sizeof ss);
		if (conn_parse_addr(s->listen, &ss, &sslen) != 0) {
			snprintf(err, errlen, "--listen %s: expected IP:PORT (127.0.0.1:7711, "
			    "[::1]:7711)", s->listen);
			return -1;
		}
		srv->tcp = evconnlistener_new_bind(srv->base, conn_tcp_accept_cb, srv, flags, 1024,
		    (struct sockaddr *)&ss, sslen);
		if (srv->tcp == NULL) {
			snprintf(err, errlen, "cannot listen on %s: %s", s->listen, strerror(errno));
			return -1;
		}
		evconnlistener_set_error_cb(srv->tcp, conn_accept_error_cb);
		server_log_bound("native protocol", evconnlistener_get_fd(srv->tcp));
	}
	if (s->socket_path != NULL && *s->socket_path != '\0') {
		struct sockaddr_un sun;
		struct stat st;

		if (strlen(s->socket_path) >= sizeof sun.sun_path) {
			snprintf(err, errlen, "--socket %s: path too long", s->socket_path);
			return -1;
		}
		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		strcpy(sun.sun_path, s->socket_path);
		/* a stale socket from a previous run, never another file */
		if (lstat(s->socket_path, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(s->socket_path);
		srv->unix_sock = evconnlistener_new_bind(srv->base, conn_unix_accept_cb, srv,
		    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 1024,
		    (struct sockaddr *)&sun, sizeof sun);
		if (srv->unix_sock == NULL) {
			snprintf(err, errlen, "cannot listen on %s: %s", s->socket_path,
			    strerror(errno));
			return -1;
		}
		evconnlistener_set_error_cb(srv->unix_sock, conn_accept_error_cb);
	}
	return 0;
}

void
conn_shutdown(server_t *srv)
{
	conn_t *c, *next;

	if (srv->tcp != NULL)
		evconnlistener_disable(srv->tcp);
	if (srv->unix_sock != NULL)
		evconnlistener_disable(srv->unix_sock);
	for (c = srv->conns; c != NULL; c = next) {
		next = c->next;
		if (c->bev == NULL)
			continue;
		/* after the replies in progress: a last word, then close */
		job_t *j = pool_job_new("", 0);
		if (j != NULL) {
			j->submitted_us = pool_now_us();
			conn_reply_now(c, j, WSIS_PROTO_CODE_UNAVAILABLE, "shutting down");
		}
		c->stop_reading = 1;
		conn_flush(c);
		conn_maybe_free(c);
	}
}

void
conn_free_all(server_t *srv)
{
	while (srv->conns != NULL) {
		srv->conns->inflight = 0;
		conn_free(srv->conns);
	}
	if (srv->tcp != NULL)
		evconnlistener_free(srv->tcp);
	if (srv->unix_sock != NULL) {
		evconnlistener_free(srv->unix_sock);
		if (srv->settings->socket_path != NULL)
			unlink(srv->settings->socket_path);
	}
	srv->tcp = srv->unix_sock = NULL;
}
