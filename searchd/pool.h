/* pool.h - the worker threads.  The event loop never runs a query: it
 * hands jobs to a fixed pool of threads and gets them back on the loop
 * thread through an event made active by the worker (libevent's pthreads
 * support).  What a job does on its worker is the owner's: a function
 * given to pool_new(), with state of each worker's own (backend.c runs
 * queries on the worker's index handle there). */
#ifndef SEARCHD_POOL_H
#define SEARCHD_POOL_H

#include <stdatomic.h>
#include <stddef.h>

#include <event2/event.h>

#include "buf.h"
#include "exec.h"
#include "proto.h"
#include "settings.h"

typedef struct job job_t;
typedef void (*job_done_fn)(job_t *job);

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
	/* Set by the owner before pool_submit(): called on the worker thread
	 * once the query has run, before the job goes back to the loop (the
	 * native protocol sends the reply from there, see conn.c; HTTP
	 * compresses a gzip reply there, see http.c).  Not called for a reply
	 * from the cache. */
	job_done_fn       deliver;
	int               direct_fd;   /* the socket deliver() may write to */
	atomic_int        direct;      /* JOB_DIRECT_*: who writes the reply */
	wsis_buf_t        frame;       /* the reply as deliver() framed it */
	size_t            frame_sent;  /* bytes of it the socket took */
	int               frame_done;  /* the socket took it whole (frame freed) */
	/* Set by the owner: once its reply is sent whole by deliver(), the job
	 * may wait for the loop without waking it ("parked"): the owner takes
	 * it back with pool_reclaim() when it next needs it, and a timer does
	 * within POOL_SWEEP_MS otherwise. */
	int               park_ok;
	int               parked;      /* waiting so (p->lock) */
};

/* job->direct: the owner allows a worker to send the reply (ALLOWED); the
 * worker takes it (SENDING) and marks it DONE after its send; the owner
 * takes the permission back (REVOKED) before it closes the socket, and
 * waits while a send is going on. */
enum { JOB_DIRECT_NONE, JOB_DIRECT_ALLOWED, JOB_DIRECT_SENDING, JOB_DIRECT_REVOKED,
	JOB_DIRECT_DONE };

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

/* Loop thread: the owner of `job` (one it submitted with park_ok) wants
 * it back now.  Returns 1 when the job was parked: it is the caller's
 * again, ready, and job->done will not be called.  Returns 0 when it is
 * still at a worker: it comes back through job->done, without parking. */
int pool_reclaim(pool_t *p, job_t *job);

/* Jobs waiting for a worker, as last counted (no lock taken). */
size_t pool_queue_length(pool_t *p);
/* Whether the loop thread runs as SCHED_BATCH now (every worker has a
 * job waiting; settings' loop-batch), and how many times it has. */
void pool_loop_counters(pool_t *p, int *batch_now, unsigned long *periods);
/* Non-zero when no job is queued, running or on its way back. */
int pool_idle(pool_t *p);

/* Lets the workers finish the queue, joins them and frees the pool and
 * the workers' states. */
void pool_free(pool_t *p);

/* A job with a copy of `len` bytes of `input` (the request line); NULL when
 * out of memory.  pool_job_free() frees it. */
job_t *pool_job_new(const char *input, size_t len);
void pool_job_free(job_t *job);

double pool_now_us(void);

#endif
