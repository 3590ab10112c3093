/* conn.h - native protocol connections: accept, read, parse, dispatch to
 * the workers, and replies written back in request order. */
#ifndef SEARCHD_CONN_H
#define SEARCHD_CONN_H

#include "server.h"

/* Starts the TCP listener (settings->listen) and the Unix socket
 * (settings->socket_path).  Returns 0, or -1 with a message in err. */
int conn_listen(server_t *srv, char *err, size_t errlen);

/* Stops accepting; connections with nothing in flight are closed, the
 * others after their replies are sent ("ERR 503 shutting down" last). */
void conn_shutdown(server_t *srv);

/* A listener's error callback, for the HTTP listener too: out of
 * descriptors pauses the listener for a moment instead of spinning, and
 * the failures are logged once, then at most every 10 s with a count;
 * existing connections go on. */
void conn_accept_error_cb(struct evconnlistener *l, void *arg);

/* Frees the listeners and every connection (at exit). */
void conn_free_all(server_t *srv);

#endif
