/* server.h - what the parts of wsis-searchd share: the event base, the
 * settings, the index, the reply cache, the worker pool and the counters.
 * Everything here is touched by the loop thread only (workers see only the
 * pool and the index). */
#ifndef SEARCHD_SERVER_H
#define SEARCHD_SERVER_H

#include <event2/event.h>
#include <event2/listener.h>

#include "budget.h"
#include "buf.h"
#include "index.h"
#include "pool.h"
#include "replycache.h"
#include "settings.h"
#include "stats.h"

typedef struct conn conn_t;
typedef struct http_front http_front_t;

typedef struct {
	struct event_base     *base;
	settings_t            *settings;
	index_t               *index;      /* backend.c */
	replycache_t          *rcache;     /* backend.c */
	pool_t                *pool;       /* backend.c */
	stats_t                stats;
	struct evconnlistener *tcp, *unix_sock;
	http_front_t          *http;            /* the HTTP front end (http.c) */
	budget_t               budget;          /* connections of both front ends */
	struct event          *sig_hup, *sig_term, *sig_int, *drain_timer;
	struct event          *log_timer;   /* writes the query log's lines */
	conn_t                *conns;           /* native connections */
	unsigned               nconns;
	unsigned               http_inflight;
	int                    shutting_down;
	double                 shutdown_started;
	char                   software[64];    /* "wsis-searchd/0.1.0" */
} server_t;

/* Replies every front end shares, JSON appended to `out` through the
 * sprinter: 0, or -1 (out of memory) with out as it came. */
int server_stats_json(server_t *srv, wsis_buf_t *out);
int server_hello_json(server_t *srv, wsis_buf_t *out);
/* The counters in Prometheus's text exposition format (GET /metrics). */
int server_metrics_text(server_t *srv, wsis_buf_t *out);

/* Logs "NAME listening on HOST:PORT" with the port actually bound (so
 * port 0 picks a free one and tests read it from the log). */
void server_log_bound(const char *name, evutil_socket_t fd);

/* Counts one request (stats_request: `http` its front end, `cmd` the
 * command's name, "-" for none) and logs it in the query log; `cached`:
 * the reply came from the reply cache ("cache=hit" at the end of the
 * line). */
void server_log_request(server_t *srv, int http, const char *client, const char *cmd,
    const char *query, size_t query_len, unsigned long hits, double us, int code,
    int cached);

#endif
