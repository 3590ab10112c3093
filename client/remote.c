/* remote.c - the client's connection to wsis-searchd (remote.h).
 *
 * The socket is non-blocking from the start and every wait goes through
 * poll() against a deadline, so connecting, sending and reading a reply
 * each take at most the timeout, whatever the server does.
 */
#include "remote.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "errmsg.h"
#include "hostport.h"

#define REMOTE_READ_CHUNK 65536

/* ---- addresses ---------------------------------------------------------- */

int
remote_parse_address(const char *spec, remote_addr_t *a, char *err,
    size_t errlen)
{
	wsis_hostport_t hp;

	memset(a, 0, sizeof *a);
	if (wsis_hostport_parse(spec, WSIS_HOSTPORT_UNIX |
	    WSIS_HOSTPORT_PORT_OPTIONAL, &hp, err, errlen) != 0)
		return -1;
	if (hp.is_unix) {
		a->is_unix = 1;
		snprintf(a->path, sizeof a->path, "%s", hp.path);
		snprintf(a->name, sizeof a->name, "%s", a->path);
		return 0;
	}
	snprintf(a->host, sizeof a->host, "%s", hp.host);
	snprintf(a->port, sizeof a->port, "%s", hp.port[0] != '\0' ? hp.port :
	    REMOTE_DEFAULT_PORT);
	snprintf(a->name, sizeof a->name, strchr(a->host, ':') != NULL ?
	    "[%s]:%s" : "%s:%s", a->host, a->port);
	return 0;
}

/* ---- waiting ------------------------------------------------------------ */

static long long
remote_now_ms(void)
{
	return (long long)(wsis_clock_s() * 1e3);
}

/* The deadline `timeout_ms` from now; -1 for none. */
static long long
remote_deadline(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : remote_now_ms() + timeout_ms;
}

/* Waits until fd has `events` or the deadline passes.  Returns 1 when
 * ready, 0 at the deadline, -1 on error (errno). */
static int
remote_wait(int fd, short events, long long deadline)
{
	struct pollfd pfd;
	long long left;
	int n;

	for (;;) {
		left = -1;
		if (deadline >= 0) {
			left = deadline - remote_now_ms();
			if (left < 0)
				left = 0;
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left > 0x7fffffff ? 0x7fffffff : (int)left);
		if (n > 0)
			return 1;
		if (n == 0) {
			if (left < 0x7fffffff)
				return 0;
			continue;
		}
		if (errno != EINTR)
			return -1;
	}
}

/* The timeout for messages: "10 s", "2.5 s". */
static const char *
remote_seconds(const remote_t *r, char *buf, size_t len)
{
	if (r->timeout_ms % 1000 == 0)
		snprintf(buf, len, "%d s", r->timeout_ms / 1000);
	else
		snprintf(buf, len, "%.3g s", r->timeout_ms / 1000.0);
	return buf;
}

/* ---- connecting --------------------------------------------------------- */

/* Connects a new non-blocking socket to sa before the deadline.  Returns
 * the descriptor, or -1 with errno (ETIMEDOUT at the deadline). */
static int
remote_connect_to(int family, const struct sockaddr *sa, socklen_t salen,
    long long deadline)
{
	int fd, e, r;
	socklen_t elen = sizeof e;

	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, sa, salen) == 0)
		return fd;
	/* (EAGAIN from a Unix socket means its backlog is full: an error) */
	if (errno != EINPROGRESS && errno != EINTR)
		goto fail;
	r = remote_wait(fd, POLLOUT, deadline);
	if (r == 0) {
		errno = ETIMEDOUT;
		goto fail;
	}
	if (r < 0)
		goto fail;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) != 0)
		goto fail;
	if (e != 0) {
		errno = e;
		goto fail;
	}
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

static int
remote_connect(remote_t *r, long long deadline, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct sockaddr_un sun;
	char sbuf[32];
	int rc, e = ECONNREFUSED;

	if (r->addr.is_unix) {
		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		memcpy(sun.sun_path, r->addr.path, strlen(r->addr.path) + 1);
		r->fd = remote_connect_to(AF_UNIX, (struct sockaddr *)&sun,
		    sizeof sun, deadline);
		if (r->fd < 0)
			e = errno;
	} else {
		memset(&hints, 0, sizeof hints);
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_NUMERICSERV;
		rc = getaddrinfo(r->addr.host, r->addr.port, &hints, &res);
		if (rc != 0)
			return wsis_errmsg(err, errlen, "cannot connect to %s: %s",
			    r->addr.name, rc == EAI_SYSTEM ? strerror(errno) :
			    gai_strerror(rc));
		for (ai = res; ai != NULL && r->fd < 0; ai = ai->ai_next) {
			r->fd = remote_connect_to(ai->ai_family, ai->ai_addr,
			    ai->ai_addrlen, deadline);
			if (r->fd < 0)
				e = errno;
			if (e == ETIMEDOUT)
				break;
		}
		freeaddrinfo(res);
	}
	if (r->fd >= 0)
		return 0;
	if (e == ETIMEDOUT && r->timeout_ms >= 0)
		return wsis_errmsg(err, errlen, "cannot connect to %s: timed out "
		    "after %s", r->addr.name, remote_seconds(r, sbuf, sizeof sbuf));
	return wsis_errmsg(err, errlen, "cannot connect to %s: %s",
	    r->addr.name, strerror(e));
}

/* ---- replies ------------------------------------------------------------ */

/* Reads until one whole reply (`what`: "reply", "greeting") is in r->in. */
static int
remote_read_reply(remote_t *r, wsis_proto_reply_t *reply, const char *what,
    long long deadline, char *err, size_t errlen)
{
	wsis_proto_status_t st;
	size_t consumed;
	char sbuf[32];
	ssize_t n;
	int w;

	wsis_buf_consume(&r->in, r->used);
	r->used = 0;
	for (;;) {
		st = wsis_proto_parse_reply(r->in.data, r->in.len, reply,
		    &consumed);
		if (st == WSIS_PROTO_OK) {
			r->used = consumed;
			return 0;
		}
		if (st == WSIS_PROTO_ERR_TOO_LARGE)
			return wsis_errmsg(err, errlen, "%s sent a reply larger "
			    "than %u bytes", r->addr.name, WSIS_PROTO_MAX_PAYLOAD);
		if (st != WSIS_PROTO_NEED_MORE)
			return wsis_errmsg(err, errlen, "%s sent a malformed "
			    "reply (is it wsis-searchd?)", r->addr.name);
		w = remote_wait(r->fd, POLLIN, deadline);
		if (w == 0)
			return wsis_errmsg(err, errlen, "no %s from %s within %s",
			    what, r->addr.name, remote_seconds(r, sbuf,
			    sizeof sbuf));
		if (w < 0)
			return wsis_errmsg(err, errlen, "cannot read from %s: %s",
			    r->addr.name, strerror(errno));
		if (wsis_buf_reserve(&r->in, REMOTE_READ_CHUNK) != 0)
			return wsis_errmsg(err, errlen, "out of memory");
		n = recv(r->fd, r->in.data + r->in.len, r->in.cap - r->in.len - 1,
		    0);
		if (n == 0)
			return wsis_errmsg(err, errlen, "%s closed the connection%s",
			    r->addr.name, r->in.len > 0 ?
			    " in the middle of a reply" : "");
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK)
				continue;
			return wsis_errmsg(err, errlen, "cannot read from %s: %s",
			    r->addr.name, strerror(errno));
		}
		r->in.len += (size_t)n;
		r->in.data[r->in.len] = '\0';
	}
}

static int
remote_send(remote_t *r, const char *data, size_t len, long long deadline,
    char *err, size_t errlen)
{
	size_t done = 0;
	ssize_t n;
	int w;

	while (done < len) {
		n = send(r->fd, data + done, len - done, MSG_NOSIGNAL);
		if (n >= 0) {
			done += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return wsis_errmsg(err, errlen, "cannot send to %s: %s",
			    r->addr.name, strerror(errno));
		w = remote_wait(r->fd, POLLOUT, deadline);
		if (w == 0)
			return wsis_errmsg(err, errlen, "cannot send to %s: timed "
			    "out", r->addr.name);
		if (w < 0)
			return wsis_errmsg(err, errlen, "cannot send to %s: %s",
			    r->addr.name, strerror(errno));
	}
	return 0;
}

void
remote_error_text(const wsis_proto_reply_t *reply, char *buf, size_t len)
{
	if (reply->message.len > 0)
		snprintf(buf, len, "server error %d: %.*s", reply->code,
		    (int)reply->message.len, reply->message.ptr);
	else
		snprintf(buf, len, "server error %d: %s", reply->code,
		    wsis_proto_code_reason(reply->code));
}

int
remote_open(remote_t *r, const remote_addr_t *a, int timeout_ms, char *err,
    size_t errlen)
{
	wsis_proto_reply_t reply;
	long long deadline = remote_deadline(timeout_ms);
	size_t n;

	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->timeout_ms = timeout_ms;
	r->addr = *a;
	if (remote_connect(r, deadline, err, errlen) != 0)
		goto fail;
	/* the greeting comes at once: it has the rest of the same time */
	if (remote_read_reply(r, &reply, "greeting", deadline, err,
	    errlen) != 0)
		goto fail;
	if (reply.kind == WSIS_PROTO_REPLY_ERR) {
		remote_error_text(&reply, err, errlen);
		goto fail;
	}
	if (reply.kind != WSIS_PROTO_REPLY_GREETING) {
		wsis_errmsg(err, errlen, "%s did not greet (is it wsis-searchd?)",
		    r->addr.name);
		goto fail;
	}
	if (reply.major != WSIS_PROTO_VERSION_MAJOR) {
		wsis_errmsg(err, errlen, "%s speaks WSIS %u.%u, this client "
		    "speaks %d.x", r->addr.name, reply.major, reply.minor,
		    WSIS_PROTO_VERSION_MAJOR);
		goto fail;
	}
	r->major = reply.major;
	r->minor = reply.minor;
	n = reply.software.len < sizeof r->software ? reply.software.len :
	    sizeof r->software - 1;
	if (n > 0)
		memcpy(r->software, reply.software.ptr, n);
	r->software[n] = '\0';
	return 0;
fail:
	remote_close(r);
	return -1;
}

int
remote_call(remote_t *r, const char *req, size_t len,
    wsis_proto_reply_t *reply, char *err, size_t errlen)
{
	long long deadline = remote_deadline(r->timeout_ms);
	char serr[256];

	if (r->fd < 0)
		return wsis_errmsg(err, errlen, "not connected");
	if (remote_send(r, req, len, deadline, serr, sizeof serr) != 0) {
		/* A server that closed may have said why (503 shutting down):
		 * prefer its reply to the send error. */
		if (remote_read_reply(r, reply, "reply", deadline, err,
		    errlen) == 0 && reply->kind == WSIS_PROTO_REPLY_ERR)
			return 0;
		return wsis_errmsg(err, errlen, "%s", serr);
	}
	if (remote_read_reply(r, reply, "reply", deadline, err, errlen) != 0)
		return -1;
	if (reply->kind == WSIS_PROTO_REPLY_GREETING)
		return wsis_errmsg(err, errlen, "%s sent a second greeting",
		    r->addr.name);
	return 0;
}

void
remote_close(remote_t *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	wsis_buf_free(&r->in);
	r->used = 0;
}
