/* conn.c - native protocol connections (conn.h).
 *
 * A request's path: the listener accepts; complete lines are parsed by the
 * pure parser of lib/proto.c; query commands go to the worker pool, the
 * others are answered here.  Every request gets an entry in the
 * connection's FIFO and replies leave from its head, so they leave in
 * request order even when a later query finishes first.
 *
 * A connection is one state machine, driven by conn_drive() after each of
 * its events (input, output written, a timeout, the end of input, an
 * error, a job back from a worker):
 *
 *   READING    parsing lines, while fewer than max-pipeline requests are
 *              unanswered, at most CONN_BATCH a turn: then it yields to the
 *              other connections (a deferred read event brings it back).
 *   WAITING    the pipeline is full, or more than CONN_MAX_BACKLOG bytes of
 *              replies are unsent: reading is off until jobs come back or
 *              the output drains, then READING again.
 *   DRAINING   the peer half-closed: every complete line it sent is
 *              answered (within the same limits), then the socket closes.
 *   CLOSING    a closing reply is the FIFO's last entry (408, 413, 503,
 *              QUIT's bye; or none, out of memory): nothing more is read or
 *              parsed; once every reply up to it is written, LINGERING.
 *   LINGERING  shutdown(SHUT_WR) is sent and the input is read and thrown
 *              away until the peer's end of input or CONN_LINGER_S, then the
 *              socket closes.  A close with input unread would make the
 *              kernel reset the connection and drop what its send buffer
 *              still holds: the client would lose its last replies.
 *   GONE       the socket is closed; the replies still to come are counted
 *              and dropped; the conn_t is freed once no job of it is at a
 *              worker.
 *
 *   READING <-> WAITING            pipeline or backlog full / room again
 *   READING, WAITING -> DRAINING   end of input
 *   DRAINING -> GONE               everything answered and written
 *   READING, WAITING, DRAINING -> CLOSING   a closing reply (or shutdown)
 *   CLOSING -> LINGERING -> GONE   written; then end of input or timer
 *   any -> GONE                    a socket error
 *
 * The rule: only the loop thread writes the socket, but for one case, the
 * direct send: a query that is the FIFO's head with no output buffered may
 * have its reply sent by its worker (conn_deliver), under a permission
 * (c->direct) that the loop grants and takes back before it closes the
 * socket.  A job is freed by the loop once its reply is written (or, GONE,
 * dropped); a conn_t is freed by the loop once it is GONE and no job of it
 * is at a worker.
 *
 * The direct send spares the loop a turn and a wake-up a request: a job
 * whose reply went whole, on a connection READING, is parked (pool.h)
 * rather than handed back; the connection's next event (its next request,
 * most often) takes it back for the query log, the counters and the reply
 * cache (conn_reclaim), or the pool's sweep does.  Anything queued behind
 * it takes it back first, so replies still leave in order.
 */
#include "conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
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

#define CONN_MAX_BACKLOG (1024 * 1024)   /* unsent reply bytes before WAITING */
#define CONN_BATCH       64              /* lines parsed a turn */
#define CONN_LINGER_S    2               /* LINGERING at most */

typedef enum {
	CONN_READING, CONN_WAITING, CONN_DRAINING, CONN_CLOSING, CONN_LINGERING, CONN_GONE
} conn_state_t;

/* direct.perm: the loop allows the worker of the head job to send its reply
 * (ALLOWED); the worker takes the permission (SENDING) and leaves it DONE;
 * before it closes the socket the loop takes it back (REVOKED), waiting
 * while a send is going on. */
enum { DIRECT_NONE, DIRECT_ALLOWED, DIRECT_SENDING, DIRECT_REVOKED, DIRECT_DONE };

/* The direct send of one job, the FIFO's head.  The loop sets job, fd and
 * park before it grants the permission; the worker sets the rest before it
 * leaves it DONE, and the loop reads them once the job is back. */
typedef struct {
	job_t      *job;    /* the job a worker may send, or NULL */
	atomic_int  perm;   /* DIRECT_* */
	int         fd;
	int         park;   /* the job may park once its reply went whole */
	int         whole;  /* the socket took the whole reply */
	wsis_buf_t  frame;  /* !whole: the reply framed, for the loop to finish */
	size_t      sent;   /* bytes of it the socket took */
} conn_direct_t;

struct conn {
	server_t           *srv;
	conn_state_t        state;
	struct bufferevent *bev;      /* NULL once GONE */
	char                peer[80];
	int                 admin;    /* RELOAD allowed */
	job_t              *head, *tail;   /* replies in request order */
	unsigned            queued;   /* requests in that FIFO: read, not answered */
	unsigned            inflight; /* jobs at the workers */
	conn_direct_t       direct;
	conn_t             *prev, *next;
};

static void conn_drive(conn_t *c);
static void conn_job_done_cb(job_t *j);

/* ---- the direct send ------------------------------------------------- */

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

/* Worker thread (job->deliver): sends the reply when the loop allows it,
 * an OK reply straight from the job's payload (one sendmsg of head, payload
 * and newline).  What the socket does not take is framed in direct.frame
 * for the loop to send.  When the reply went whole the payload is freed
 * unless the reply cache may keep it (a key: replycache.c), since the job
 * may wait parked for a while.  Returns whether the loop must be woken:
 * not for a reply sent whole that may park. */
static int
conn_deliver(job_t *j)
{
	static char newline = '\n';
	conn_t *c = j->owner;   /* alive: this job is at a worker */
	conn_direct_t *d = &c->direct;
	int expect = DIRECT_ALLOWED, park;
	char head[WSIS_PROTO_OK_HEAD_MAX];
	size_t hlen = 0, total;
	struct iovec iov[3];
	struct msghdr msg = { .msg_iov = iov };
	ssize_t n;

	if (!atomic_compare_exchange_strong(&d->perm, &expect, DIRECT_SENDING))
		return 1;
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
		conn_frame(&d->frame, j);
		iov[0] = (struct iovec){ d->frame.data, d->frame.len };
		msg.msg_iovlen = 1;
		total = d->frame.len;
	}
	do
		n = sendmsg(d->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n >= 0 && (size_t)n == total && total > 0) {
		d->whole = 1;
		wsis_buf_free(&d->frame);
		if (j->cache_key.len == 0)
			wsis_buf_free(&j->out);
	} else {
		if (d->frame.len == 0)
			conn_frame(&d->frame, j);
		if (d->frame.len == 0 && n > 0)   /* out of memory mid-reply */
			shutdown(d->fd, SHUT_RDWR);
		d->sent = n > 0 ? (size_t)n : 0;
	}
	park = d->whole && d->park;
	atomic_store(&d->perm, DIRECT_DONE);
	return !park;
}

/* Lets the worker of `j` send its reply when nothing can come before it:
 * the first in the FIFO, nothing waiting to be written. */
static void
conn_direct_allow(conn_t *c, job_t *j)
{
	if (c->head != j || c->direct.job != NULL ||
	    (c->state != CONN_READING && c->state != CONN_DRAINING) ||
	    evbuffer_get_length(bufferevent_get_output(c->bev)) != 0)
		return;
	c->direct.job = j;
	c->direct.fd = bufferevent_getfd(c->bev);
	/* READING, with room for the next request: that request takes the
	 * job back.  Otherwise only a wake-up brings it back soon. */
	c->direct.park = c->state == CONN_READING && c->srv->settings->max_pipeline > 1;
	j->deliver = conn_deliver;
	atomic_store(&c->direct.perm, DIRECT_ALLOWED);
}

/* Forgets the direct send of the job at the FIFO's head, once it is back
 * (or was never submitted). */
static void
conn_direct_reset(conn_t *c)
{
	conn_direct_t *d = &c->direct;

	d->job = NULL;
	d->whole = 0;
	d->sent = 0;
	wsis_buf_free(&d->frame);
	atomic_store(&d->perm, DIRECT_NONE);
}

/* Takes back the permission of a worker to send a reply on this socket,
 * waiting while it sends (a non-blocking send: microseconds).  Called
 * before the socket is closed, so that a worker never writes to a
 * descriptor that may by then belong to something else. */
static void
conn_direct_revoke(conn_t *c)
{
	int expect = DIRECT_ALLOWED;

	while (!atomic_compare_exchange_weak(&c->direct.perm, &expect, DIRECT_REVOKED)) {
		if (expect != DIRECT_SENDING && expect != DIRECT_ALLOWED)
			break;   /* sent, or never allowed */
		sched_yield();
		expect = DIRECT_ALLOWED;
	}
}

/* ---- the FIFO ------------------------------------------------------- */

/* Sends `data`.  With nothing queued before it, it goes to the socket now:
 * left to the bufferevent, each reply would turn the loop's write interest
 * on and, once written, off again: two epoll_ctl calls and one more
 * epoll_wait per request.  What the socket does not take, and any error,
 * is left to the bufferevent's own writing. */
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

/* Writes every ready reply at the head of the FIFO, in one buffer, and
 * frees their jobs (GONE: counts and frees them). */
static void
conn_flush(conn_t *c)
{
	server_t *srv = c->srv;
	conn_direct_t *d = &c->direct;
	wsis_buf_t out = WSIS_BUF_INIT;
	job_t *j;

	while ((j = c->head) != NULL && j->ready) {
		const char *query = j->req.text.ptr;
		size_t qlen = j->req.text.len;

		c->head = j->owner_next;
		if (c->head == NULL)
			c->tail = NULL;
		c->queued--;
		if (d->job == j) {
			/* DONE: its worker sent it, all or `sent` bytes of it;
			 * otherwise (a reply from the cache, or GONE) it was not */
			if (atomic_load(&d->perm) == DIRECT_DONE) {
				if (!d->whole && c->bev != NULL)
					wsis_buf_append(&out, d->frame.data + d->sent,
					    d->frame.len - d->sent);
			} else if (c->bev != NULL) {
				conn_frame(&out, j);
			}
			conn_direct_reset(c);
		} else if (c->bev != NULL) {
			conn_frame(&out, j);
		}
		srv->stats.requests++;
		if (j->failed)
			srv->stats.errors++;
		stats_latency(&srv->stats, j->done_us - j->submitted_us);
		server_log_request(srv, 0, c->peer, wsis_proto_cmd_name(j->req.cmd)[0] ?
		    wsis_proto_cmd_name(j->req.cmd) : "-", query, qlen, j->hits,
		    j->done_us - j->submitted_us, j->failed ? j->err.code : 0, j->from_cache);
		pool_job_free(j);
	}
	if (c->bev != NULL && out.len > 0)
		conn_send(c, out.data, out.len);
	wsis_buf_free(&out);
}

/* A job is back from its worker (loop thread): its reply goes out in
 * turn. */
static void
conn_retire(conn_t *c, job_t *j)
{
	j->ready = 1;
	c->inflight--;
	conn_flush(c);
}

/* Takes back the job whose worker sent its reply and parked it, if any. */
static void
conn_reclaim(conn_t *c)
{
	job_t *j = c->direct.job;

	if (j != NULL && pool_reclaim(c->srv->pool, j))
		conn_retire(c, j);
}

/* Nothing more is read or parsed: the FIFO's last entry closes. */
static void
conn_set_closing(conn_t *c)
{
	c->state = CONN_CLOSING;
	bufferevent_disable(c->bev, EV_READ);
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

/* An entry answered here, already ready; a reply that closes makes the
 * connection CLOSING. */
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
		if (wsis_proto_code_closes(code))
			j->closes = 1;
	}
	j->ready = 1;
	j->done_us = pool_now_us();
	conn_enqueue(c, j);
	if (j->closes)
		conn_set_closing(c);
}

/* Handles one parsed request; `j` holds its own copy of the line.  It
 * takes its place in the FIFO first, allowed a direct send (taken back if
 * it is answered here). */
static void
conn_dispatch(conn_t *c, job_t *j)
{
	server_t *srv = c->srv;

	j->done = conn_job_done_cb;
	conn_enqueue(c, j);
	conn_direct_allow(c, j);
	if (backend_dispatch(srv, j, c->admin || srv->settings->admin_tcp) ==
	    BACKEND_SUBMITTED) {
		c->inflight++;
		return;
	}
	if (c->direct.job == j)
		conn_direct_reset(c);
	j->deliver = NULL;
	if (j->failed && wsis_proto_code_closes(j->err.code))
		j->closes = 1;
	j->ready = 1;
	j->done_us = pool_now_us();
	if (j->closes)
		conn_set_closing(c);
}

/* READING, WAITING, DRAINING: parses and dispatches the complete lines of
 * the input while the pipeline has room, CONN_BATCH at most.  Returns 1
 * when it stopped with input left that may hold a complete line (the batch
 * or the pipeline is full), 0 when the input holds none. */
static int
conn_parse(conn_t *c)
{
	server_t *srv = c->srv;
	struct evbuffer *in = bufferevent_get_input(c->bev);
	int n = 0;

	/* max_pipeline bounds every request not answered yet, not only the
	 * jobs at the workers: PINGs or bad lines behind a slow query would
	 * otherwise pile up in the FIFO without limit */
	while (c->state != CONN_CLOSING) {
		size_t avail = evbuffer_get_length(in), look, consumed = 0;
		wsis_proto_request_t req;
		wsis_proto_status_t st;
		const char *data;
		job_t *j;

		if (avail == 0)
			return 0;
		if (n == CONN_BATCH || c->queued >= srv->settings->max_pipeline)
			return 1;
		look = avail < srv->settings->max_line ? avail : srv->settings->max_line;
		data = (const char *)evbuffer_pullup(in, (ssize_t)look);
		if (data == NULL)
			return 0;
		st = wsis_proto_parse_request(data, look, srv->settings->max_line, &req, &consumed);
		if (st == WSIS_PROTO_NEED_MORE) {
			if (c->state == CONN_DRAINING && look == avail)
				evbuffer_drain(in, avail);   /* a partial last line */
			return 0;
		}
		j = pool_job_new(data, consumed);
		if (j == NULL) {
			log_error("%s: out of memory", c->peer);
			conn_set_closing(c);   /* the replies queued, then close */
			return 0;
		}
		evbuffer_drain(in, consumed);
		n++;
		j->submitted_us = pool_now_us();
		if (st != WSIS_PROTO_OK) {
			j->req = req;
			j->req.text.ptr = NULL;
			j->req.text.len = 0;
			if (req.close)
				j->closes = 1;
			conn_reply_now(c, j, req.code, "%s", req.message);
			continue;
		}
		/* parse the job's own copy so the request points into it */
		wsis_proto_parse_request(j->input, consumed, srv->settings->max_line, &j->req,
		    &consumed);
		conn_dispatch(c, j);
	}
	return 0;
}

/* ---- the state machine ---------------------------------------------- */

/* The socket closes: GONE. */
static void
conn_close(conn_t *c)
{
	conn_direct_revoke(c);
	bufferevent_free(c->bev);
	c->bev = NULL;
	c->state = CONN_GONE;
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
		conn_close(c);
	wsis_buf_free(&c->direct.frame);
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

/* Does what the state asks and moves on while it can (see the top of the
 * file).  May free `c`: the last thing every callback does. */
static void
conn_drive(conn_t *c)
{
	const settings_t *s = c->srv->settings;
	struct timeval linger = { CONN_LINGER_S, 0 };
	struct evbuffer *in, *out;
	int more, room;

	for (;;) {
		switch (c->state) {
		case CONN_READING:
		case CONN_WAITING:
		case CONN_DRAINING:
			more = conn_parse(c);
			conn_flush(c);
			if (c->state == CONN_CLOSING)
				continue;
			in = bufferevent_get_input(c->bev);
			out = bufferevent_get_output(c->bev);
			room = c->queued < s->max_pipeline &&
			    evbuffer_get_length(out) <= CONN_MAX_BACKLOG;
			if (c->state == CONN_DRAINING) {
				if (c->head == NULL && evbuffer_get_length(in) == 0 &&
				    evbuffer_get_length(out) == 0) {
					conn_close(c);
					continue;
				}
			} else if (room) {
				c->state = CONN_READING;
				bufferevent_enable(c->bev, EV_READ);
			} else {
				c->state = CONN_WAITING;
				bufferevent_disable(c->bev, EV_READ);
			}
			/* lines left after a full batch, or after a full pipeline
			 * that the flush emptied (no job will call back): come
			 * back after the other connections.  A pipeline still full
			 * goes on when a job is back. */
			if (more && room)
				bufferevent_trigger(c->bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS |
				    BEV_TRIG_IGNORE_WATERMARKS);
			return;
		case CONN_CLOSING:
			conn_flush(c);
			if (c->head != NULL ||
			    evbuffer_get_length(bufferevent_get_output(c->bev)) != 0)
				return;   /* replies to come back, or to be written */
			if (shutdown(bufferevent_getfd(c->bev), SHUT_WR) != 0) {
				conn_close(c);
				continue;
			}
			bufferevent_set_timeouts(c->bev, &linger, NULL);
			c->state = CONN_LINGERING;
			bufferevent_enable(c->bev, EV_READ);
			continue;
		case CONN_LINGERING:
			in = bufferevent_get_input(c->bev);
			evbuffer_drain(in, evbuffer_get_length(in));
			return;
		case CONN_GONE:
			conn_flush(c);
			if (c->inflight == 0)
				conn_free(c);
			return;
		}
	}
}

/* ---- events ---------------------------------------------------------- */

/* A job came back from a worker (loop thread). */
static void
conn_job_done_cb(job_t *j)
{
	conn_t *c = j->owner;

	conn_retire(c, j);
	conn_drive(c);
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_reclaim(arg);
	conn_drive(arg);
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_drive(arg);   /* the output is written */
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	conn_t *c = arg;

	(void)bev;
	conn_reclaim(c);
	if (what & BEV_EVENT_ERROR) {
		/* the peer is gone: nothing more can be sent */
		conn_close(c);
	} else if (what & BEV_EVENT_TIMEOUT) {
		if (c->state == CONN_LINGERING) {
			conn_close(c);
		} else if (c->state == CONN_READING && c->head == NULL) {
			wsis_buf_t out = WSIS_BUF_INIT;
			wsis_proto_write_error(&out, WSIS_PROTO_CODE_IDLE_TIMEOUT,
			    "idle timeout");
			evbuffer_add(bufferevent_get_output(c->bev), out.data, out.len);
			wsis_buf_free(&out);
			conn_set_closing(c);
		} else if (c->state == CONN_READING) {
			bufferevent_enable(c->bev, EV_READ);   /* replies are on their way */
		}
	} else if (what & BEV_EVENT_EOF) {
		if (c->state == CONN_LINGERING)
			conn_close(c);
		else if (c->state == CONN_READING || c->state == CONN_WAITING)
			c->state = CONN_DRAINING;
	}
	conn_drive(c);
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
	c->state = CONN_READING;
	atomic_init(&c->direct.perm, DIRECT_NONE);
	c->direct.fd = -1;
	if (sa->sa_family == AF_INET || sa->sa_family == AF_INET6) {
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
	wsis_hostport_format(sa, "", c->peer, sizeof c->peer);
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
	/* write callback when the output is all written */
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

/* "HOST:PORT", "[V6]:PORT" or "PORT" as numeric addresses; port 0 picks
 * one.  Returns 0, or -1 with the reason in why. */
static int
conn_parse_addr(const char *spec, struct sockaddr_storage *ss, int *len, char *why,
    size_t whylen)
{
	wsis_hostport_t hp;
	const char *host = hp.host;
	unsigned port;

	if (wsis_hostport_parse(spec, WSIS_HOSTPORT_PORT_ZERO, &hp, why, whylen) != 0)
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
	snprintf(why, whylen, "\"%s\": the host must be a numeric address "
	    "(127.0.0.1, [::1])", spec);
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
		char why[512];

		memset(&ss, 0, sizeof ss);
		if (conn_parse_addr(s->listen, &ss, &sslen, why, sizeof why) != 0) {
			/* the wording of every address error: "--FLAG: reason" */
			snprintf(err, errlen, "--listen: %s", why);
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
		job_t *j;

		next = c->next;
		if (c->state != CONN_READING && c->state != CONN_WAITING &&
		    c->state != CONN_DRAINING)
			continue;   /* closing already */
		/* after the replies in progress: a last word, then close */
		j = pool_job_new("", 0);
		if (j != NULL) {
			j->submitted_us = pool_now_us();
			j->closes = 1;
			conn_reply_now(c, j, WSIS_PROTO_CODE_UNAVAILABLE, "shutting down");
		} else {
			conn_set_closing(c);
		}
		conn_drive(c);
	}
}

void
conn_free_all(server_t *srv)
{
	/* the workers stop first: a job at one may touch its connection
	 * (conn_deliver); the jobs they hand back stay the pool's */
	if (srv->pool != NULL)
		pool_stop(srv->pool);
	while (srv->conns != NULL)
		conn_free(srv->conns);
	if (srv->tcp != NULL)
		evconnlistener_free(srv->tcp);
	if (srv->unix_sock != NULL) {
		evconnlistener_free(srv->unix_sock);
		if (srv->settings->socket_path != NULL)
			unlink(srv->settings->socket_path);
	}
	srv->tcp = srv->unix_sock = NULL;
}
