/* backend.c - the reply cache, the pool and the index, put together for
 * the front ends (backend.h). */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>

#include "exec.h"

/* A worker's own: its handle of the index and the query limits. */
typedef struct {
	index_t            *index;
	index_handle_t     *handle;
	wsis_exec_limits_t  limits;
} backend_worker_t;

static void *
backend_worker_new(void *arg)
{
	server_t *srv = arg;
	const settings_t *s = srv->settings;
	backend_worker_t *w = calloc(1, sizeof *w);

	if (w == NULL)
		return NULL;
	w->handle = index_handle_new();
	if (w->handle == NULL) {
		free(w);
		return NULL;
	}
	w->index = srv->index;
	w->limits.max_limit = s->max_limit;
	w->limits.max_terms = s->max_terms;
	w->limits.max_query_bytes = s->max_query_bytes;
	w->limits.time_limit_ms = s->query_time_limit_ms;
	w->limits.snippet_bytes = 200;
	return w;
}

static void
backend_worker_free(void *state)
{
	backend_worker_t *w = state;

	index_handle_free(w->handle);
	free(w);
}

/* Worker thread: runs `job` on the worker's handle, reopened first when
 * the generation moved on; RELOAD reopens the index itself. */
static void
backend_run(job_t *job, void *state)
{
	backend_worker_t *w = state;
	wsis_db_t *db;

	if (job->reload) {
		if (index_reload(w->index, w->handle, &job->out, job->err.message,
		    sizeof job->err.message) != 0) {
			job->failed = 1;
			job->err.code = WSIS_PROTO_CODE_INTERNAL;
		}
		return;
	}
	db = index_handle_get(w->index, w->handle, &job->gen);
	job->started_us = pool_now_us();
	if (db == NULL) {
		job->failed = 1;
		job->err.code = WSIS_PROTO_CODE_UNAVAILABLE;
		snprintf(job->err.message, sizeof job->err.message, "no index open");
	} else if (wsis_exec(db, &job->req, &w->limits, &job->out, &job->err, &job->hits) != 0) {
		/* the index moved under us: reopen and try once more */
		if (job->err.retry && wsis_db_reopen(db) == WSIS_OK &&
		    wsis_exec(db, &job->req, &w->limits, &job->out, &job->err, &job->hits) == 0)
			job->failed = 0;
		else
			job->failed = 1;
	}
}

/* Loop thread: a job back from the pool; the cache keeps its reply when
 * it may. */
static void
backend_complete(job_t *job, void *arg)
{
	server_t *srv = arg;

	replycache_keep(srv->rcache, job, index_generation(srv->index));
}

int
backend_start(server_t *srv, char *err, size_t errlen)
{
	pool_ops_t ops = {
		.worker_new = backend_worker_new,
		.worker_free = backend_worker_free,
		.run = backend_run,
		.complete = backend_complete,
		.arg = srv,
	};

	srv->index = index_new(srv->settings, err, errlen);
	if (srv->index == NULL)
		return -1;
	srv->rcache = replycache_new(srv->settings);
	if (srv->rcache == NULL) {
		snprintf(err, errlen, "out of memory");
		backend_stop(srv);
		return -1;
	}
	srv->pool = pool_new(srv->base, srv->settings, &ops, err, errlen);
	if (srv->pool == NULL) {
		backend_stop(srv);
		return -1;
	}
	return 0;
}

int
backend_submit(server_t *srv, job_t *job)
{
	job->submitted_us = pool_now_us();
	if (replycache_answer(srv->rcache, job, index_generation(srv->index))) {
		pool_finish(srv->pool, job);
		return 0;
	}
	return pool_submit(srv->pool, job);
}

static void
backend_reload_done(job_t *job)
{
	pool_job_free(job);
}

void
backend_reload(server_t *srv)
{
	job_t *job = pool_job_new("RELOAD", 6);

	/* a worker opens the index now (and logs if it cannot); the others
	 * follow before their next job */
	if (job != NULL) {
		job->reload = 1;
		job->req.cmd = WSIS_PROTO_CMD_RELOAD;
		job->done = backend_reload_done;
		if (pool_submit(srv->pool, job) == 0)
			return;
		pool_job_free(job);
	}
	index_bump(srv->index);
}

void
backend_stop(server_t *srv)
{
	/* the workers first: their handles are the index's */
	pool_free(srv->pool);
	srv->pool = NULL;
	replycache_free(srv->rcache);
	srv->rcache = NULL;
	index_free(srv->index);
	srv->index = NULL;
}
