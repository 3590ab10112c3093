/* pool.h - the worker threads.  The event loop never runs a query: it
 * hands jobs to a fixed pool of threads and gets them back on the loop
 * thread through an event made active by the worker (libevent's pthreads
 * support).  What a job does on its worker is the owner's: a function
 * given to pool_new(), with state of each worker's own (backend.c runs
 * queries on the worker's index handle there). */
#ifndef SEARCHD_POOL_H
#define SEARCHD_POOL_H

#include <stddef.h>

#include <event2/event.h>

#include "buf.h"
#include "exec.h"
#include "proto.h"
#include "settings.h"

typedef struct job job_t;
typedef void (*job_done_fn)(job_t *job);
typedef int (*job_deliver_fn)(job_t *job);

struct job {
	wsis_proto_request_t req;    /* its strings point into `input` */
	char             *input;     /* the request's own copy of its bytes */
	wsis_buf_t        out;       /* the JSON payload when !failed */
	int               failed;
	wsis_exec_error_t err;
	unsigned long     hits;
	double            submitted_us, done_us;
	double            started_us;  /* a worker began running the query */
	unsigned long     gen;         /* the index generation it ran on */
	wsis_buf_t        cache_key;   /* the canonical request, when cacheable */
	int               from_cache;  /* answered by the reply cache */
	int               partial;     /* a shard was left out: never cached */
	job_done_fn       done;      /* called on the loop thread */
	void             *owner;     /* the connection or HTTP request */
	job_t            *next;      /* the pool's queues */
	job_t            *owner_next;/* the owner's list (replies in order) */
	int               ready;     /* out or err holds the reply */
	int               closes;    /* the connection closes after this reply */
	/* HTTP: the client takes gzip.  deliver() then compresses the reply
	 * on the worker, and the reply cache keeps these replies apart from
	 * the plain ones of the same request. */
	int               gzip;
	/* HTTP: a portal page (portal.h) made on the worker from the reply;
	 * NULL for the JSON.  The reply cache keeps pages apart by its path. */
	const struct portal_page *page;
	/* Set by the owner before pool_submit(), may be NULL: called on the
	 * worker thread once the query has run, before the job goes back to
	 * the loop (HTTP compresses a gzip reply there, see http.c; the native
	 * protocol may send the reply, see conn.c).  Returns non-zero when the
	 * loop must have the job now; 0 lets it wait for the loop without
	 * waking it ("parked", on the done queue) until its owner takes it
	 * back with pool_reclaim(), or the sweep does within POOL_SWEEP_MS.
	 * Not called for a reply from the cache. */
	job_deliver_fn    deliver;
	int               parked;      /* the pool's (p->lock): waiting so */
	int               wanted;      /* the pool's (p->lock): never to park */
};

/* How long a parked job waits at most before the loop takes it back. */
#define POOL_SWEEP_MS 10

typedef struct pool pool_t;

/* What the workers do, given to pool_new(). */
typedef struct {
	/* Loop thread, in pool_new(): the state of one worker (its own
	 * database handle, say), passed to run() on that worker's thread
	 * only; NULL fails pool_new().  worker_free() frees it once the
	 * worker has stopped. */
	void  *(*worker_new)(void *arg);
	void   (*worker_free)(void *state);
	/* Worker thread: runs `job`, leaving its reply in job->out or
	 * job->failed and job->err.  The pool then stamps job->done_us, gives
	 * back the reply buffer's slack and calls job->deliver. */
	void   (*run)(job_t *job, void *state);
	/* Loop thread, may be NULL: each job back on the loop (from the done
	 * queue, or taken back by pool_reclaim()), before its owner has it. */
	void   (*complete)(job_t *job, void *arg);
	void    *arg;
} pool_ops_t;

/* Starts s->workers workers that run jobs with `ops` (copied).  Returns
 * NULL with a message in err when they cannot start. */
pool_t *pool_new(struct event_base *base, const settings_t *s, const pool_ops_t *ops,
    char *err, size_t errlen);

/* Queues `job` for a worker; -1 when max-queue jobs wait (the caller
 * answers 429). */
int pool_submit(pool_t *p, job_t *job);

/* Loop thread: hands back `job`, answered without a worker (its reply is
 * set), the way a worker does: through ops.complete and job->done on a
 * later turn of the loop, never from inside this call. */
void pool_finish(pool_t *p, job_t *job);

/* Loop thread: the owner of `job` (one it submitted) wants it back now.
 * Returns 1 when the job was parked: it is the caller's again, ready, and
 * job->done will not be called.  Returns 0 otherwise: it comes back
 * through job->done, and no longer parks. */
int pool_reclaim(pool_t *p, job_t *job);

/* Jobs waiting for a worker, as last counted (no lock taken). */
size_t pool_queue_length(pool_t *p);
/* Whether the loop thread runs as SCHED_BATCH now (every worker has a
 * job waiting; settings' loop-batch), and how many times it has. */
void pool_loop_counters(pool_t *p, int *batch_now, unsigned long *periods);
/* Non-zero when no job is queued, running or on its way back. */
int pool_idle(pool_t *p);

/* Lets the workers finish the queue and joins them (at exit, before the
 * owners of jobs go: deliver() may touch its owner).  The jobs back from
 * them stay on the done queue, for pool_free(). */
void pool_stop(pool_t *p);

/* pool_stop(), then frees the jobs left on the done queue, the workers'
 * states and the pool. */
void pool_free(pool_t *p);

/* A job with a copy of `len` bytes of `input` (the request line); NULL when
 * out of memory.  pool_job_free() frees it. */
job_t *pool_job_new(const char *input, size_t len);
void pool_job_free(job_t *job);

double pool_now_us(void);

#endif
