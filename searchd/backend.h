/* backend.h - what runs the front ends' queries: the reply cache first,
 * else a worker of the pool, which runs it with wsis_exec() on its own
 * handle of the index (or reloads the index, for RELOAD).  Ties the
 * server's index, reply cache and pool together; the front ends (conn.c,
 * http.c) and main.c go through here to submit and reload. */
#ifndef SEARCHD_BACKEND_H
#define SEARCHD_BACKEND_H

#include "server.h"

/* Opens the index (srv->index), makes the reply cache (srv->rcache) and
 * starts the workers (srv->pool).  Returns 0, or -1 with a message in err
 * and nothing left to free. */
int backend_start(server_t *srv, char *err, size_t errlen);

/* What backend_dispatch() did with a request. */
typedef enum {
	BACKEND_ANSWERED,   /* answered now: job->out, or job->failed and job->err */
	BACKEND_SUBMITTED   /* on its way; it comes back through job->done */
} backend_route_t;

/* Loop thread: the one place a parsed request of either front end goes
 * through.  The command table's checks (admin, where `admin` says whether
 * the request came where admin commands are allowed; max-offset); then a
 * loop command (PING, STATS, HELLO, QUIT) is answered here, with
 * job->closes set when the connection ends after it, and a worker's
 * command is submitted (backend_submit), or answered 429 when the queue is
 * full.  The caller sets job->done (and deliver) before. */
backend_route_t backend_dispatch(server_t *srv, job_t *job, int admin);

/* Loop thread: stamps job->submitted_us, then answers `job` from the
 * reply cache or queues it for a worker.  Either way it comes back through job->done on a later turn.
 * -1 when the queue is full (the caller answers 429; the job is the
 * caller's again). */
int backend_submit(server_t *srv, job_t *job);

/* Loop thread: makes a worker reopen the index now (re-resolving its path)
 * and every other worker before its next job: what SIGHUP does.  Queries
 * in flight finish on the index they started with; a failed reopen keeps
 * it. */
void backend_reload(server_t *srv);

/* Stops the workers (they finish the queue first) and frees the pool,
 * the reply cache and the index. */
void backend_stop(server_t *srv);

#endif
