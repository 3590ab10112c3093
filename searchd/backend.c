/* backend.c - the reply cache, the pool and the index, put together for
 * the front ends (backend.h). */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "exec.h"
#include "json.h"
#include "log.h"
#include "portal.h"
#include "shards.h"

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
	w->limits.expand = s->expand;
	w->limits.hit_text = s->hit_text;
	return w;
}

static void
backend_worker_free(void *state)
{
	backend_worker_t *w = state;

	index_handle_free(w->handle);
	free(w);
}

/* RELOAD's handler asks this of the daemon: the worker opens the index
 * anew, and every other worker follows before its next job. */
static int
backend_reload_cb(void *opaque, wsis_cmd_env_t *env, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	backend_worker_t *w = opaque;

	(void)env;
	if (index_reload(w->index, w->handle, out, err->message, sizeof err->message) != 0) {
		err->code = WSIS_PROTO_CODE_INTERNAL;
		return -1;
	}
	return 0;
}

/* Writes into job->out, a JSON map, the shards the reply lacks as its
 * first members: "partial":true,"missing_shards":[NAME,...].  Returns 0,
 * or -1 when out of memory. */
static int
backend_mark_partial(job_t *job, const char *const *names, size_t n)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	const char *rest;
	size_t i;
	int rc;

	if (job->out.len < 2 || job->out.data[0] != '{')
		return 0;   /* no map: nothing to mark (none is made so) */
	rest = job->out.data + 1;
	rc = wsis_buf_puts(&b, "{\"partial\":true,\"missing_shards\":[");
	for (i = 0; i < n && rc == 0; i++)
		rc = (i > 0 ? wsis_buf_putc(&b, ',') : 0) |
		    wsis_json_put_string(&b, names[i], strlen(names[i]));
	rc |= wsis_buf_putc(&b, ']');
	if (*rest != '}')
		rc |= wsis_buf_putc(&b, ',');
	rc |= wsis_buf_append(&b, rest, job->out.len - 1);
	if (rc != 0) {
		wsis_buf_free(&b);
		return -1;
	}
	wsis_buf_free(&job->out);
	job->out = b;
	return 0;
}

/* Worker thread: after the command ran on a database that leaves shards
 * out, either the reply is marked partial (it is right for the shards it
 * searched, and the reply cache does not keep it) or, with
 * shard-failure = fail, the request fails with 503 naming them. */
static void
backend_missing(backend_worker_t *w, job_t *job)
{
	const char *names[WSIS_SHARDS_MAX];
	size_t n = index_handle_missing(w->index, w->handle, names, WSIS_SHARDS_MAX), i;
	int len;

	if (n == 0)
		return;
	/* "no passage with that id" is not known while a shard is out: the
	 * passage may be on it */
	if (job->failed && job->err.code == WSIS_PROTO_CODE_NOT_FOUND) {
		job->partial = 1;
		job->err.code = WSIS_PROTO_CODE_UNAVAILABLE;
		len = snprintf(job->err.message, sizeof job->err.message,
		    "not found on the shards that answer; not asked:");
		for (i = 0; i < n && len > 0 && (size_t)len < sizeof job->err.message; i++)
			len += snprintf(job->err.message + len, sizeof job->err.message - len,
			    "%s %s", i > 0 ? "," : "", names[i]);
		return;
	}
	if (job->failed)
		return;
	job->partial = 1;
	if (index_fail_whole(w->index)) {
		job->failed = 1;
		job->err.code = WSIS_PROTO_CODE_UNAVAILABLE;
		len = snprintf(job->err.message, sizeof job->err.message,
		    "shard unavailable (shard-failure = fail):");
		for (i = 0; i < n && len > 0 && (size_t)len < sizeof job->err.message; i++)
			len += snprintf(job->err.message + len, sizeof job->err.message - len,
			    "%s %s", i > 0 ? "," : "", names[i]);
		return;
	}
	if (backend_mark_partial(job, names, n) != 0) {
		job->failed = 1;
		job->err.code = WSIS_PROTO_CODE_INTERNAL;
		snprintf(job->err.message, sizeof job->err.message, "out of memory");
	}
}

/* Worker thread: runs `job`'s command through the command table, on the
 * worker's handle, reopened first when the generation moved on. */
static void
backend_run(job_t *job, void *state)
{
	backend_worker_t *w = state;
	const wsis_command_t *c = wsis_cmd_by_id(job->req.cmd);
	wsis_cmd_env_t env = {
		.limits = &w->limits,
		.reload = backend_reload_cb,
		.opaque = w,
	};

	job->started_us = pool_now_us();
	if (c == NULL || c->where != WSIS_CMD_WORKER) {
		job->failed = 1;
		job->err.code = WSIS_PROTO_CODE_INTERNAL;
		snprintf(job->err.message, sizeof job->err.message, "not a worker's command");
		return;
	}
	if (c->id != WSIS_PROTO_CMD_RELOAD) {
		env.db = index_handle_get(w->index, w->handle, &job->gen);
		if (env.db == NULL) {
			job->failed = 1;
			job->err.code = WSIS_PROTO_CODE_UNAVAILABLE;
			snprintf(job->err.message, sizeof job->err.message, "no index open");
			return;
		}
	}
	job->failed = wsis_cmd_run(c, &env, &job->req, &job->out, &job->err) != 0;
	/* a remote shard failed it: that shard is taken out, and the query
	 * runs once more at once on the others (in fail mode it fails) */
	if (job->failed && env.db != NULL &&
	    index_handle_failed(w->index, w->handle, job->err.message)) {
		env.db = index_handle_get(w->index, w->handle, &job->gen);
		if (!index_fail_whole(w->index) && env.db != NULL &&
		    index_handle_missing(w->index, w->handle, NULL, 0) <
		    index_shard_count(w->index)) {
			wsis_buf_reset(&job->out);
			memset(&job->err, 0, sizeof job->err);
			job->failed = wsis_cmd_run(c, &env, &job->req, &job->out,
			    &job->err) != 0;
		} else {
			job->failed = 0;   /* backend_missing says why it fails */
			wsis_buf_reset(&job->out);
		}
	}
	if (c->id != WSIS_PROTO_CMD_RELOAD && env.db != NULL &&
	    index_handle_missing(w->index, w->handle, NULL, 0) ==
	    index_shard_count(w->index)) {
		job->failed = 1;
		job->err.code = WSIS_PROTO_CODE_UNAVAILABLE;
		snprintf(job->err.message, sizeof job->err.message,
		    "no shard answers: every remote shard is out");
	}
	/* the index moved under the query: reopen and try once more */
	if (job->failed && job->err.retry && env.db != NULL &&
	    wsis_db_reopen(env.db) == WSIS_OK)
		job->failed = wsis_cmd_run(c, &env, &job->req, &job->out, &job->err) != 0;
	if (c->id != WSIS_PROTO_CMD_RELOAD && env.db != NULL)
		backend_missing(w, job);
	job->hits = env.hits;
	/* a portal page is made here too, off the loop */
	if (!job->failed && job->page != NULL)
		job->failed = portal_render(job->page, env.db, &w->limits, &job->req, &job->out,
		    &job->err) != 0;
}

/* Loop thread: a job back from the pool; the cache keeps its reply when
 * it may. */
static void
backend_complete(job_t *job, void *arg)
{
	server_t *srv = arg;

	if (job->partial)
		srv->stats.partial++;
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

static int
backend_stats_cb(void *opaque, wsis_buf_t *out)
{
	return server_stats_json(opaque, out);
}

static int
backend_hello_cb(void *opaque, wsis_buf_t *out)
{
	return server_hello_json(opaque, out);
}

backend_route_t
backend_dispatch(server_t *srv, job_t *job, int admin)
{
	const settings_t *s = srv->settings;
	const wsis_command_t *c = wsis_cmd_by_id(job->req.cmd);
	wsis_cmd_env_t env = {
		.stats = backend_stats_cb,
		.hello = backend_hello_cb,
		.opaque = srv,
	};

	if (c == NULL) {
		job->failed = 1;
		job->err.code = WSIS_PROTO_CODE_UNKNOWN_COMMAND;
		snprintf(job->err.message, sizeof job->err.message, "unknown command");
		return BACKEND_ANSWERED;
	}
	if (wsis_cmd_check(c, &job->req, admin, s->max_offset, &job->err) != 0) {
		job->failed = 1;
		return BACKEND_ANSWERED;
	}
	if (c->where == WSIS_CMD_LOOP) {
		job->failed = wsis_cmd_run(c, &env, &job->req, &job->out, &job->err) != 0;
		job->closes = env.closes;
		return BACKEND_ANSWERED;
	}
	if (c->id == WSIS_PROTO_CMD_RELOAD)
		srv->stats.reloads++;
	if (backend_submit(srv, job) == 0)
		return BACKEND_SUBMITTED;
	job->failed = 1;
	job->err.code = WSIS_PROTO_CODE_BUSY;
	snprintf(job->err.message, sizeof job->err.message,
	    "busy: %u requests queued, retry later", s->max_queue);
	return BACKEND_ANSWERED;
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
