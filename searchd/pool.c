/* pool.c - worker threads with their own database handles, and the reply
 * cache in front of them (pool.h). */
#include "pool.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/thread.h>

#include "clock.h"
#include "log.h"
#include "wsis-xapian.h"

#define MAX_SHARDS 64

/* A worker thread.  Idle workers wait on a stack, each on its own
 * semaphore, and a new job wakes the one that went idle last: its caches
 * (the CPU's, and its database handle's blocks) are the warmest.  One
 * shared condition variable would wake the workers in turn, and each
 * query would meet the colder caches.  A semaphore, not a condition
 * variable: a worker
 * woken from pthread_cond_wait() takes the mutex back as contended and
 * makes one more futex call on every job. */
typedef struct worker worker_t;
struct worker {
	pool_t    *pool;
	pthread_t  thread;
	sem_t      wake;        /* posted once by whoever pops it off the stack */
	worker_t  *next_idle;
};

struct pool {
	struct event_base *base;
	struct event      *done_ev;
	struct event      *sweep_ev;        /* takes parked jobs back */
	/* `queued` as last written under the lock, for pool_queue_length()
	 * to read without it */
	atomic_size_t      queued_seen;
	pthread_mutex_t    lock;
	worker_t          *idle;            /* the idle stack's top */
	job_t             *head, *tail;     /* waiting for a worker */
	job_t             *done_head, *done_tail; /* back to the loop */
	size_t             queued, running, max_queue;
	unsigned long      generation;      /* bumped by reload */
	unsigned long      documents;
	char               gen_name[256];
	int                stop;
	worker_t          *workers;
	unsigned           nthreads;
	char              *shards_buf;
	const char        *shards[MAX_SHARDS];
	size_t             nshards;
	wsis_exec_limits_t limits;
	/* the loop thread's only: the reply cache, and the generation its
	 * entries belong to (older entries are dropped when it moves on) */
	cache_t           *cache;
	unsigned long      cache_gen;
	/* the loop thread's scheduling while jobs wait (pool_loop_batch) */
	pid_t              loop_tid;
	int                loop_batch_ok;   /* allowed, and the kernel takes it */
	int                loop_batch;      /* the loop runs as SCHED_BATCH now */
	unsigned long      loop_batch_periods;
};

double
pool_now_us(void)
{
	return wsis_clock_s() * 1e6;
}

job_t *
pool_job_new(const char *input, size_t len)
{
	job_t *job = calloc(1, sizeof *job);

	if (job == NULL)
		return NULL;
	job->input = malloc(len + 1);
	if (job->input == NULL) {
		free(job);
		return NULL;
	}
	memcpy(job->input, input, len);
	job->input[len] = '\0';
	job->direct_fd = -1;
	atomic_init(&job->direct, JOB_DIRECT_NONE);
	return job;
}

void
pool_job_free(job_t *job)
{
	if (job == NULL)
		return;
	wsis_buf_free(&job->out);
	wsis_buf_free(&job->frame);
	wsis_buf_free(&job->cache_key);
	free(job->input);
	free(job);
}

/* Opens the shards, local paths resolved now: a reader keeps the
 * generation it opened even when the symlink moves on.  The indexer keeps
 * the newest two generations: when a third arrives between resolving the
 * symlink and opening what it named, that generation is gone, and the
 * open is tried again on what the symlink names now (as long as it moves
 * on: a path that fails twice fails). */
#define POOL_OPEN_TRIES 5

static wsis_db_t *
pool_open(pool_t *p, char *name, size_t namelen, char *err, size_t errlen)
{
	char *resolved[MAX_SHARDS] = { 0 }, *before[MAX_SHARDS] = { 0 };
	const char *paths[MAX_SHARDS];
	wsis_db_t *db = NULL;
	char *msg = NULL;
	wsis_status_t st = WSIS_EINVAL;
	size_t i;
	int tries, moved;

	for (tries = 0; tries < POOL_OPEN_TRIES; tries++) {
		moved = 0;
		for (i = 0; i < p->nshards; i++) {
			free(before[i]);
			before[i] = resolved[i];
			resolved[i] = NULL;
			if (strncmp(p->shards[i], "tcp:", 4) != 0)
				resolved[i] = realpath(p->shards[i], NULL);
			paths[i] = resolved[i] ? resolved[i] : p->shards[i];
			if (tries > 0 && resolved[i] != NULL &&
			    (before[i] == NULL || strcmp(before[i], resolved[i]) != 0))
				moved = 1;
		}
		if (tries > 0 && !moved)
			break;
		free(msg);
		msg = NULL;
		st = wsis_db_open(paths, p->nshards, &db, &msg);
		if (st == WSIS_OK)
			break;
		log_debug("opening %s failed (%s); trying what %s names now",
		    paths[0], msg ? msg : wsis_status_to_string(st), p->shards[0]);
	}
	if (st != WSIS_OK)
		snprintf(err, errlen, "cannot open index %s: %s", p->shards[0],
		    msg ? msg : wsis_status_to_string(st));
	else if (name != NULL) {
		const char *base = strrchr(paths[0], '/');
		snprintf(name, namelen, "%s", base ? base + 1 : paths[0]);
	}
	free(msg);
	for (i = 0; i < p->nshards; i++) {
		free(resolved[i]);
		free(before[i]);
	}
	return st == WSIS_OK ? db : NULL;
}

/* Runs the loop thread as SCHED_BATCH (batch != 0) or back as
 * SCHED_OTHER; p->lock is held.  While every worker has a job waiting for
 * it, a request that arrives can wait too: as SCHED_BATCH the loop does
 * not preempt a worker in the middle of a query to read it, but runs when
 * a CPU comes free or at the worker's next tick, and then reads every
 * request that came meanwhile in one turn: fewer wake-ups and context
 * switches a request, for the loop and for the workers.  As soon
 * as a worker finds no job, the loop is SCHED_OTHER again: with a worker
 * idle, a request must reach it at once.  Same nice value, no privilege
 * needed; where the kernel refuses, it is not tried again. */
static void
pool_loop_batch(pool_t *p, int batch)
{
	struct sched_param sp = { 0 };

	if (!p->loop_batch_ok || p->loop_batch == batch)
		return;
	if (sched_setscheduler(p->loop_tid, batch ? SCHED_BATCH : SCHED_OTHER, &sp) != 0) {
		p->loop_batch_ok = 0;
		log_debug("cannot change the event loop's scheduling: %s", strerror(errno));
		return;
	}
	p->loop_batch = batch;
	p->loop_batch_periods += batch != 0;
}

/* Appends `job` to the queue back to the loop; p->lock is held. */
static void
pool_done_append(pool_t *p, job_t *job)
{
	job->next = NULL;
	if (p->done_tail != NULL)
		p->done_tail->next = job;
	else
		p->done_head = job;
	p->done_tail = job;
}

/* Whether the reply to `job` may come from, and go to, the reply cache:
 * the queries, never RELOAD. */
static int
pool_cacheable(const job_t *job)
{
	if (job->reload)
		return 0;
	switch (job->req.cmd) {
	case WSIS_PROTO_CMD_SEARCH:
	case WSIS_PROTO_CMD_COUNT:
	case WSIS_PROTO_CMD_MENTIONS:
	case WSIS_PROTO_CMD_DOC:
		return 1;
	default:
		return 0;
	}
}

/* Loop thread: the cache follows the generation served now.  Generations
 * only grow, so entries of an older one can never be served again: they
 * go at once instead of waiting to be looked up or evicted. */
static void
pool_cache_follow(pool_t *p, unsigned long gen)
{
	if (gen != p->cache_gen) {
		cache_clear(p->cache);
		p->cache_gen = gen;
	}
}

/* Loop thread: answers `job` from the reply cache.  Returns 1 when it did
 * (the job waits on the done queue), 0 when a worker must run it; the
 * job's key is then computed, for pool_cache_keep(). */
static int
pool_cache_answer(pool_t *p, job_t *job)
{
	const char *val;
	size_t vlen;
	unsigned long hits, gen;

	if (!cache_enabled(p->cache) || !pool_cacheable(job))
		return 0;
	/* the key is the request written back canonically: options in one
	 * order, numbers without leading zeros, so the native line and the
	 * HTTP request that mean the same share an entry */
	wsis_buf_reset(&job->cache_key);
	if (wsis_proto_write_request(&job->cache_key, &job->req, SIZE_MAX, NULL, 0) !=
	    WSIS_PROTO_OK ||
	    /* after the line's newline: a gzip reply is other bytes */
	    (job->gzip && wsis_buf_puts(&job->cache_key, "gzip") != 0)) {
		wsis_buf_reset(&job->cache_key);
		return 0;
	}
	pthread_mutex_lock(&p->lock);
	gen = p->generation;
	pthread_mutex_unlock(&p->lock);
	pool_cache_follow(p, gen);
	if (!cache_get(p->cache, job->cache_key.data, job->cache_key.len, gen, &val, &vlen,
	    &hits))
		return 0;
	if (wsis_buf_append(&job->out, val, vlen) != 0)
		return 0;
	job->hits = hits;
	job->gen = gen;
	job->failed = 0;
	job->from_cache = 1;
	job->started_us = job->done_us = pool_now_us();
	/* completed the way a worker completes a job, so the owner sees no
	 * difference (and is never called back from inside pool_submit) */
	pthread_mutex_lock(&p->lock);
	pool_done_append(p, job);
	pthread_mutex_unlock(&p->lock);
	event_active(p->done_ev, EV_READ, 0);
	return 1;
}

/* Loop thread: keeps a worker's reply in the cache when it is the full
 * answer of the generation served now (`gen`). */
static void
pool_cache_keep(pool_t *p, const job_t *job, unsigned long gen)
{
	double limit_us = p->limits.time_limit_ms * 1000.0;

	if (job->from_cache || job->failed || job->cache_key.len == 0 || job->gen != gen)
		return;
	/* a query the time limit stopped counting holds an estimated total
	 * where a quieter run counts exactly: keep only runs well inside it */
	if (limit_us > 0 && job->done_us - job->started_us >= 0.9 * limit_us)
		return;
	cache_put(p->cache, job->cache_key.data, job->cache_key.len, gen,
	    job->out.data ? job->out.data : "", job->out.len, job->hits);
}

/* Runs on the loop thread: hands finished jobs to their owners. */
static void
pool_done_cb(evutil_socket_t fd, short what, void *arg)
{
	pool_t *p = arg;
	job_t *job, *next;
	unsigned long gen;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&p->lock);
	job = p->done_head;
	p->done_head = p->done_tail = NULL;
	for (next = job; next != NULL; next = next->next)
		next->parked = 0;
	gen = p->generation;
	pthread_mutex_unlock(&p->lock);
	pool_cache_follow(p, gen);
	for (; job != NULL; job = next) {
		next = job->next;
		job->next = NULL;
		pool_cache_keep(p, job, gen);
		job->done(job);
	}
}

/* Loop thread, every POOL_SWEEP_MS from a submit with park_ok while any
 * job could still park (queued, running, or on the done queue): takes back
 * those parked on connections that went quiet, so that the query log, the
 * counters and the cache are never far behind. */
static void
pool_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	pool_t *p = arg;
	struct timeval tv = { 0, POOL_SWEEP_MS * 1000 };
	int more;

	pool_done_cb(fd, what, arg);
	pthread_mutex_lock(&p->lock);
	more = p->queued > 0 || p->running > 0 || p->done_head != NULL;
	pthread_mutex_unlock(&p->lock);
	if (more)
		evtimer_add(p->sweep_ev, &tv);
}

int
pool_reclaim(pool_t *p, job_t *job)
{
	job_t **pp, *prev = NULL;
	unsigned long gen;

	pthread_mutex_lock(&p->lock);
	job->park_ok = 0;   /* from now on it comes back with a wake-up */
	if (!job->parked) {
		pthread_mutex_unlock(&p->lock);
		return 0;
	}
	for (pp = &p->done_head; *pp != job; pp = &(*pp)->next)
		prev = *pp;
	*pp = job->next;
	if (p->done_tail == job)
		p->done_tail = prev;
	job->next = NULL;
	job->parked = 0;
	gen = p->generation;
	pthread_mutex_unlock(&p->lock);
	pool_cache_follow(p, gen);
	pool_cache_keep(p, job, gen);
	return 1;
}

static void
pool_reload_job(pool_t *p, job_t *job, wsis_db_t **db, unsigned long *gen)
{
	char name[256], err[512];
	wsis_db_t *fresh = pool_open(p, name, sizeof name, err, sizeof err);
	unsigned long docs = 0;

	if (fresh == NULL) {
		job->failed = 1;
		job->err.code = WSIS_PROTO_CODE_INTERNAL;
		snprintf(job->err.message, sizeof job->err.message, "reload failed: %.230s", err);
		log_error("%s; still serving the index opened before", job->err.message);
		return;
	}
	wsis_db_doccount(fresh, &docs);
	pthread_mutex_lock(&p->lock);
	p->generation++;
	*gen = p->generation;
	wsis_buf_printf(&job->out, "{\"reloaded\":true,\"documents\":%lu,\"generation\":\"%s\","
	    "\"changed\":%s}", docs, name, strcmp(name, p->gen_name) != 0 ? "true" : "false");
	p->documents = docs;
	snprintf(p->gen_name, sizeof p->gen_name, "%s", name);
	pthread_mutex_unlock(&p->lock);
	wsis_db_free(*db);
	*db = fresh;
	log_info("index reopened: %s, %lu passages", name, docs);
}

/* The idle stack's top, taken off it (p->lock is held); the caller posts
 * its semaphore. */
static worker_t *
pool_idle_pop(pool_t *p)
{
	worker_t *w = p->idle;

	if (w != NULL)
		p->idle = w->next_idle;
	return w;
}

static void *
pool_worker(void *arg)
{
	worker_t *w = arg;
	pool_t *p = w->pool;
	wsis_db_t *db = NULL;
	unsigned long my_gen = ULONG_MAX;
	char err[512];

	for (;;) {
		job_t *job;
		unsigned long want;
		int parked;

		pthread_mutex_lock(&p->lock);
		while (!p->stop && p->head == NULL) {
			pool_loop_batch(p, 0);
			w->next_idle = p->idle;
			p->idle = w;
			pthread_mutex_unlock(&p->lock);
			while (sem_wait(&w->wake) != 0 && errno == EINTR)
				;
			pthread_mutex_lock(&p->lock);
		}
		if (p->head == NULL) {   /* stopping and nothing left */
			pthread_mutex_unlock(&p->lock);
			break;
		}
		job = p->head;
		p->head = job->next;
		if (p->head == NULL)
			p->tail = NULL;
		p->queued--;
		atomic_store_explicit(&p->queued_seen, p->queued, memory_order_relaxed);
		p->running++;
		want = p->generation;
		pthread_mutex_unlock(&p->lock);
		job->next = NULL;

		if (job->reload) {
			pool_reload_job(p, job, &db, &my_gen);
		} else {
			if (db == NULL || my_gen != want) {
				char name[256];
				wsis_db_t *fresh = pool_open(p, name, sizeof name, err, sizeof err);
				if (fresh != NULL) {
					unsigned long docs = 0;
					wsis_db_doccount(fresh, &docs);
					pthread_mutex_lock(&p->lock);
					p->documents = docs;
					snprintf(p->gen_name, sizeof p->gen_name, "%s", name);
					pthread_mutex_unlock(&p->lock);
					wsis_db_free(db);
					db = fresh;
					my_gen = want;
				} else {
					log_error("%s", err);
				}
			}
			job->gen = my_gen;
			job->started_us = pool_now_us();
			if (db == NULL) {
				job->failed = 1;
				job->err.code = WSIS_PROTO_CODE_UNAVAILABLE;
				snprintf(job->err.message, sizeof job->err.message,
				    "no index open");
			} else if (wsis_exec(db, &job->req, &p->limits, &job->out, &job->err,
			    &job->hits) != 0) {
				/* the index moved under us: reopen and try once more */
				if (job->err.retry &&
				    wsis_db_reopen(db) == WSIS_OK &&
				    wsis_exec(db, &job->req, &p->limits, &job->out, &job->err,
				    &job->hits) == 0)
					job->failed = 0;
				else
					job->failed = 1;
			}
		}
		job->done_us = pool_now_us();
		/* a reply may wait for the loop, its turn on its connection or
		 * in the reply cache: it should not hold the doubling's slack
		 * meanwhile, which under load adds up to the daemon's peak */
		wsis_buf_shrink(&job->out);
		if (job->deliver != NULL)
			job->deliver(job);

		pthread_mutex_lock(&p->lock);
		p->running--;
		pool_done_append(p, job);
		/* a reply its owner does not need back soon: no wake-up (a
		 * write to libevent's eventfd here, and a turn of the loop
		 * that has nothing to send).
		 * Once the lock is let go the job is the loop's, which may free
		 * it at once: only the local copy is read after. */
		parked = job->park_ok && job->frame_done &&
		    atomic_load(&job->direct) == JOB_DIRECT_DONE;
		job->parked = parked;
		pthread_mutex_unlock(&p->lock);
		if (!parked)
			event_active(p->done_ev, EV_READ, 0);
	}
	wsis_db_free(db);
	return NULL;
}

int
pool_check(const settings_t *s, char *err, size_t errlen)
{
	pool_t p;
	wsis_db_t *db;
	char *save = NULL, *tok;

	memset(&p, 0, sizeof p);
	p.shards_buf = strdup(s->index ? s->index : "");
	if (p.shards_buf == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (tok = strtok_r(p.shards_buf, ",", &save); tok != NULL && p.nshards < MAX_SHARDS;
	    tok = strtok_r(NULL, ",", &save))
		if (*tok != '\0')
			p.shards[p.nshards++] = tok;
	if (p.nshards == 0) {
		snprintf(err, errlen, "no index given (--index DIR)");
		free(p.shards_buf);
		return -1;
	}
	db = pool_open(&p, NULL, 0, err, errlen);
	wsis_db_free(db);
	free(p.shards_buf);
	return db != NULL ? 0 : -1;
}

/* `mb` MiB in bytes, SIZE_MAX where that does not fit. */
static size_t
pool_mib(unsigned mb)
{
	size_t most = SIZE_MAX >> 20;

	return mb > most ? SIZE_MAX : (size_t)mb << 20;
}

pool_t *
pool_new(struct event_base *base, const settings_t *s, char *err, size_t errlen)
{
	pool_t *p = calloc(1, sizeof *p);
	wsis_db_t *db;
	char *save = NULL, *tok;
	unsigned i;

	if (p == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->base = base;
	/* pool_new() runs on the loop thread; a policy set from outside
	 * (chrt) is left alone */
	p->loop_tid = gettid();
	p->loop_batch_ok = s->loop_batch && sched_getscheduler(0) == SCHED_OTHER;
	p->max_queue = s->max_queue;
	p->limits.max_limit = s->max_limit;
	p->limits.max_terms = s->max_terms;
	p->limits.max_query_bytes = s->max_query_bytes;
	p->limits.time_limit_ms = s->query_time_limit_ms;
	p->limits.snippet_bytes = 200;
	p->shards_buf = strdup(s->index ? s->index : "");
	p->cache = cache_new(pool_mib(s->cache_mb));
	if (p->shards_buf == NULL || p->cache == NULL) {
		free(p->shards_buf);
		cache_free(p->cache);
		free(p);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (tok = strtok_r(p->shards_buf, ",", &save); tok != NULL && p->nshards < MAX_SHARDS;
	    tok = strtok_r(NULL, ",", &save))
		if (*tok != '\0')
			p->shards[p->nshards++] = tok;
	if (p->nshards == 0) {
		snprintf(err, errlen, "no index given (--index DIR)");
		goto fail;
	}
	db = pool_open(p, p->gen_name, sizeof p->gen_name, err, errlen);
	if (db == NULL)
		goto fail;
	wsis_db_doccount(db, &p->documents);
	wsis_db_free(db);

	pthread_mutex_init(&p->lock, NULL);
	p->done_ev = event_new(base, -1, 0, pool_done_cb, p);
	p->sweep_ev = evtimer_new(base, pool_sweep_cb, p);
	p->workers = calloc(s->workers, sizeof *p->workers);
	if (p->done_ev == NULL || p->sweep_ev == NULL || p->workers == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < s->workers; i++) {
		worker_t *w = &p->workers[i];
		w->pool = p;
		sem_init(&w->wake, 0, 0);
		if (pthread_create(&w->thread, NULL, pool_worker, w) != 0) {
			sem_destroy(&w->wake);
			snprintf(err, errlen, "cannot start worker threads");
			p->nthreads = i;
			pool_free(p);
			return NULL;
		}
		p->nthreads++;
	}
	return p;
fail:
	if (p->done_ev)
		event_free(p->done_ev);
	if (p->sweep_ev)
		event_free(p->sweep_ev);
	free(p->workers);
	free(p->shards_buf);
	cache_free(p->cache);
	free(p);
	return NULL;
}

int
pool_submit(pool_t *p, job_t *job)
{
	worker_t *w;

	job->submitted_us = pool_now_us();
	job->next = NULL;
	if (pool_cache_answer(p, job)) {
		job->park_ok = 0;
		return 0;
	}
	pthread_mutex_lock(&p->lock);
	if (p->queued >= p->max_queue) {
		pthread_mutex_unlock(&p->lock);
		job->park_ok = 0;
		return -1;
	}
	if (p->tail != NULL)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	p->queued++;
	atomic_store_explicit(&p->queued_seen, p->queued, memory_order_relaxed);
	w = pool_idle_pop(p);
	/* every worker has one more job waiting after the one it runs: a
	 * request the loop reads later would still wait.  (Not just "no
	 * worker idle": a worker that has sent its reply but not yet gone
	 * back to the stack looks busy: with few connections the loop would
	 * go SCHED_BATCH with no queue to speak of, and the next request
	 * would wait a tick behind the other worker.) */
	if (w == NULL && p->queued >= p->nthreads)
		pool_loop_batch(p, 1);
	pthread_mutex_unlock(&p->lock);
	if (w != NULL)
		sem_post(&w->wake);
	if (job->park_ok) {
		struct timeval tv = { 0, POOL_SWEEP_MS * 1000 };

		if (!evtimer_pending(p->sweep_ev, NULL))
			evtimer_add(p->sweep_ev, &tv);
	}
	return 0;
}

static void
pool_reload_done(job_t *job)
{
	pool_job_free(job);
}

void
pool_reload(pool_t *p)
{
	job_t *job = pool_job_new("RELOAD", 6);

	/* a worker opens the index now (and logs if it cannot); the others
	 * follow before their next job */
	if (job != NULL) {
		job->reload = 1;
		job->req.cmd = WSIS_PROTO_CMD_RELOAD;
		job->done = pool_reload_done;
		if (pool_submit(p, job) == 0)
			return;
		pool_job_free(job);
	}
	pthread_mutex_lock(&p->lock);
	p->generation++;
	pthread_mutex_unlock(&p->lock);
}

unsigned long
pool_documents(pool_t *p)
{
	unsigned long n;

	pthread_mutex_lock(&p->lock);
	n = p->documents;
	pthread_mutex_unlock(&p->lock);
	return n;
}

void
pool_generation(pool_t *p, char *out, size_t outlen)
{
	pthread_mutex_lock(&p->lock);
	snprintf(out, outlen, "%s", p->gen_name);
	pthread_mutex_unlock(&p->lock);
}

size_t
pool_queue_length(pool_t *p)
{
	return atomic_load_explicit(&p->queued_seen, memory_order_relaxed);
}

void
pool_loop_counters(pool_t *p, int *batch_now, unsigned long *periods)
{
	pthread_mutex_lock(&p->lock);
	*batch_now = p->loop_batch;
	*periods = p->loop_batch_periods;
	pthread_mutex_unlock(&p->lock);
}

void
pool_cache_counters(pool_t *p, cache_counters_t *out)
{
	cache_counters(p->cache, out);
}

int
pool_idle(pool_t *p)
{
	int idle;

	pthread_mutex_lock(&p->lock);
	idle = p->queued == 0 && p->running == 0 && p->done_head == NULL;
	pthread_mutex_unlock(&p->lock);
	return idle;
}

void
pool_free(pool_t *p)
{
	worker_t *w;
	unsigned i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	while ((w = pool_idle_pop(p)) != NULL)
		sem_post(&w->wake);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++) {
		pthread_join(p->workers[i].thread, NULL);
		sem_destroy(&p->workers[i].wake);
	}
	/* jobs finished after the loop stopped: their owners are gone */
	while (p->done_head != NULL) {
		job_t *j = p->done_head;
		p->done_head = j->next;
		pool_job_free(j);
	}
	event_free(p->done_ev);
	event_free(p->sweep_ev);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p->shards_buf);
	cache_free(p->cache);
	free(p);
}
