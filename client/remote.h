/* remote.h - the client's side of a connection to wsis-searchd
 * (doc/PROTOCOL.md): the server's address, connecting under a time limit,
 * the greeting and its version check, and one request with its reply.
 *
 * Every function that can fail returns 0 or -1 with a message for people
 * in `err` ("cannot connect to 127.0.0.1:7711: Connection refused").
 * Nothing the server sends is trusted: replies go through
 * wsis_proto_parse_reply(), which bounds the status line and the payload.
 */
#ifndef WSIS_CLIENT_REMOTE_H
#define WSIS_CLIENT_REMOTE_H

#include <stddef.h>
#include <sys/un.h>

#include "buf.h"
#include "proto.h"

#define REMOTE_DEFAULT_ADDRESS "127.0.0.1:7711"
#define REMOTE_DEFAULT_PORT    "7711"

/* Where the server is. */
typedef struct {
	int  is_unix;
	char host[256];   /* TCP: a name or an address, without brackets */
	char port[6];     /* TCP: 1..65535 */
	char path[sizeof ((struct sockaddr_un *)0)->sun_path];  /* Unix */
	char name[300];   /* for messages: "127.0.0.1:7711", "[::1]:7711",
	                   * "/run/wsis.sock" */
} remote_addr_t;

/* Parses an address (pure: no I/O, no name lookup):
 *   HOST:PORT, [IPV6]:PORT, HOST or [IPV6] (port 7711) for TCP;
 *   unix:PATH or a PATH starting with '/' for a Unix socket.
 * An IPv6 address must be in brackets.  Returns 0 or -1 with err. */
int remote_parse_address(const char *spec, remote_addr_t *a, char *err,
    size_t errlen);

/* One open connection.  Fields are read-only for the caller. */
typedef struct {
	int           fd;
	int           timeout_ms;   /* per connect and per reply; -1: none */
	remote_addr_t addr;
	wsis_buf_t    in;           /* bytes received, not yet used */
	size_t        used;         /* bytes of `in` the last reply took */
	unsigned      major, minor; /* the server's protocol version */
	char          software[128];/* "wsis-searchd/0.1.0", as sent */
} remote_t;

/* Connects to `a` (within timeout_ms; -1 waits as long as the system
 * does), reads the greeting and checks the protocol's major version.
 * A server that answers ERR instead (503 too many connections) is an
 * error too.  On failure *r is closed. */
int remote_open(remote_t *r, const remote_addr_t *a, int timeout_ms,
    char *err, size_t errlen);

/* Sends one request line (req[0..len), ended by '\n') and reads its reply
 * within the timeout.  The reply (OK or ERR) points into r->in and is
 * valid until the next call or remote_close().  -1 means the connection
 * is broken (closed, timed out, not speaking the protocol). */
int remote_call(remote_t *r, const char *req, size_t len,
    wsis_proto_reply_t *reply, char *err, size_t errlen);

/* "server error 422: query: ..." for an ERR reply.  The server's message
 * is copied as it came: clean it before it reaches a terminal
 * (output_clean). */
void remote_error_text(const wsis_proto_reply_t *reply, char *buf,
    size_t len);

/* Closes the connection and frees its buffer; safe to call twice. */
void remote_close(remote_t *r);

#endif
