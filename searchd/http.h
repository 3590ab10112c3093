/* http.h - the HTTP JSON API for portals: /search, /count, /mentions,
 * /doc/{id}, /health, /stats, /reload, over HTTP/1.1 connections of its
 * own on libevent bufferevents.  A request fills the same request struct
 * the native front end parses, and runs through the same command table
 * and workers. */
#ifndef SEARCHD_HTTP_H
#define SEARCHD_HTTP_H

#include "server.h"

/* Binds settings->http; returns 0, or -1 with a message in err. */
int http_listen(server_t *srv, char *err, size_t errlen);
/* Stops accepting new HTTP connections. */
void http_shutdown(server_t *srv);
void http_free(server_t *srv);

#endif
