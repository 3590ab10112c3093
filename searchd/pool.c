/* pool.c - the worker threads, their queue and the way back to the loop:
 * parked jobs, the sweep and the loop's scheduling while jobs wait
 * (pool.h). */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/thread.h>

#include "clock.h"
#include "log.h"

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
	void      *state;       /* ops.worker_new()'s, for ops.run() */
	sem_t      wake;        /* posted once by whoever pops it off the stack */
	worker_t  *next_idle;
};

struct pool {
	struct event_base *base;
	struct event      *done_ev;
	struct event      *sweep_ev;        /* takes parked jobs back */
	pool_ops_t         ops;
	/* `queued` as last written under the lock, for pool_queue_length()
	 * to read without it */
	atomic_size_t      queued_seen;
	pthread_mutex_t    lock;
	worker_t          *idle;            /* the idle stack's top */
	job_t             *head, *tail;     /* waiting for a worker */
	job_t             *done_head, *done_tail; /* back to the loop */
	size_t             queued, running, max_queue;
	int                stop;
	worker_t          *workers;
	unsigned           nworkers;        /* in that array */
	unsigned           nthreads;        /* of them running */
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
	return job;
}

void
pool_job_free(job_t *job)
{
	if (job == NULL)
		return;
	wsis_buf_free(&job->out);
	wsis_buf_free(&job->cache_key);
	free(job->input);
	free(job);
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

/* Runs on the loop thread: hands finished jobs to their owners. */
static void
pool_done_cb(evutil_socket_t fd, short what, void *arg)
{
	pool_t *p = arg;
	job_t *job, *next;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&p->lock);
	job = p->done_head;
	p->done_head = p->done_tail = NULL;
	for (next = job; next != NULL; next = next->next)
		next->parked = 0;
	pthread_mutex_unlock(&p->lock);
	for (; job != NULL; job = next) {
		next = job->next;
		job->next = NULL;
		if (p->ops.complete != NULL)
			p->ops.complete(job, p->ops.arg);
		job->done(job);
	}
}

/* Loop thread, every POOL_SWEEP_MS from a submit with deliver() while any
 * job could still park (queued, running, or on the done queue): takes back
 * those parked on connections that went quiet, so that what waits for
 * them (ops.complete, the owner's query log and counters) is never far
 * behind. */
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

	pthread_mutex_lock(&p->lock);
	job->wanted = 1;   /* from now on it comes back with a wake-up */
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
	pthread_mutex_unlock(&p->lock);
	if (p->ops.complete != NULL)
		p->ops.complete(job, p->ops.arg);
	return 1;
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

	for (;;) {
		job_t *job;
		int wake, parked;

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
		pthread_mutex_unlock(&p->lock);
		job->next = NULL;

		p->ops.run(job, w->state);
		job->done_us = pool_now_us();
		/* a reply may wait for the loop and its turn on its
		 * connection: it should not hold the doubling's slack
		 * meanwhile, which under load adds up to the daemon's peak */
		wsis_buf_shrink(&job->out);
		wake = job->deliver == NULL || job->deliver(job);

		pthread_mutex_lock(&p->lock);
		p->running--;
		pool_done_append(p, job);
		/* a job its owner does not need back soon: no wake-up (a
		 * write to libevent's eventfd here, and a turn of the loop
		 * that has nothing to do).
		 * Once the lock is let go the job is the loop's, which may free
		 * it at once: only the local copy is read after. */
		parked = !wake && !job->wanted;
		job->parked = parked;
		pthread_mutex_unlock(&p->lock);
		if (!parked)
			event_active(p->done_ev, EV_READ, 0);
	}
	return NULL;
}

pool_t *
pool_new(struct event_base *base, const settings_t *s, const pool_ops_t *ops, char *err,
    size_t errlen)
{
	pool_t *p = calloc(1, sizeof *p);
	unsigned i;

	if (p == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->base = base;
	p->ops = *ops;
	/* pool_new() runs on the loop thread; a policy set from outside
	 * (chrt) is left alone */
	p->loop_tid = gettid();
	p->loop_batch_ok = s->loop_batch && sched_getscheduler(0) == SCHED_OTHER;
	p->max_queue = s->max_queue;
	pthread_mutex_init(&p->lock, NULL);
	p->done_ev = event_new(base, -1, 0, pool_done_cb, p);
	p->sweep_ev = evtimer_new(base, pool_sweep_cb, p);
	p->workers = calloc(s->workers, sizeof *p->workers);
	p->nworkers = p->workers != NULL ? s->workers : 0;
	if (p->done_ev == NULL || p->sweep_ev == NULL || p->workers == NULL) {
		snprintf(err, errlen, "out of memory");
		pool_free(p);
		return NULL;
	}
	for (i = 0; i < s->workers; i++) {
		worker_t *w = &p->workers[i];
		w->pool = p;
		w->state = p->ops.worker_new(p->ops.arg);
		if (w->state == NULL) {
			snprintf(err, errlen, "out of memory");
			pool_free(p);
			return NULL;
		}
		sem_init(&w->wake, 0, 0);
		if (pthread_create(&w->thread, NULL, pool_worker, w) != 0) {
			sem_destroy(&w->wake);
			p->ops.worker_free(w->state);
			w->state = NULL;
			snprintf(err, errlen, "cannot start worker threads");
			pool_free(p);
			return NULL;
		}
		p->nthreads++;
	}
	return p;
}

int
pool_submit(pool_t *p, job_t *job)
{
	worker_t *w;

	job->next = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->queued >= p->max_queue) {
		pthread_mutex_unlock(&p->lock);
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
	if (job->deliver != NULL) {   /* it may park */
		struct timeval tv = { 0, POOL_SWEEP_MS * 1000 };

		if (!evtimer_pending(p->sweep_ev, NULL))
			evtimer_add(p->sweep_ev, &tv);
	}
	return 0;
}

void
pool_finish(pool_t *p, job_t *job)
{
	pthread_mutex_lock(&p->lock);
	pool_done_append(p, job);
	pthread_mutex_unlock(&p->lock);
	event_active(p->done_ev, EV_READ, 0);
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
pool_stop(pool_t *p)
{
	worker_t *w;
	unsigned i;

	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	while ((w = pool_idle_pop(p)) != NULL)
		sem_post(&w->wake);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++) {
		pthread_join(p->workers[i].thread, NULL);
		sem_destroy(&p->workers[i].wake);
	}
	p->nthreads = 0;
}

void
pool_free(pool_t *p)
{
	unsigned i;

	if (p == NULL)
		return;
	pool_stop(p);
	for (i = 0; i < p->nworkers; i++)
		if (p->workers[i].state != NULL)
			p->ops.worker_free(p->workers[i].state);
	/* jobs finished after the loop stopped: their owners are gone */
	while (p->done_head != NULL) {
		job_t *j = p->done_head;
		p->done_head = j->next;
		pool_job_free(j);
	}
	if (p->done_ev != NULL)
		event_free(p->done_ev);
	if (p->sweep_ev != NULL)
		event_free(p->sweep_ev);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p);
}
