/* http.h - the HTTP JSON API for portals (libevent's evhttp): /search,
 * /count, /doc/{id}, /health, /stats, /reload.  Requests become the same
 * protocol requests the native front end runs, on the same workers. */
#ifndef SEARCHD_HTTP_H
#define SEARCHD_HTTP_H

#include "server.h"

/* Binds settings->http; returns 0, or -1 with a message in err. */
int http_listen(server_t *srv, char *err, size_t errlen);
/* Stops accepting new HTTP connections. */
void http_shutdown(server_t *srv);
void http_free(server_t *srv);

#endif
