/* pool.h - the query workers.  The event loop never runs a query: it hands
 * jobs to a fixed pool of threads, each with its own read-only database
 * handle, and gets them back on the loop thread through an event made
 * active by the worker (libevent's pthreads support).  Successful replies
 * are kept in a reply cache (cache.h) owned by the loop thread, keyed by
 * the canonical request line and tagged with the index generation. */
#ifndef SEARCHD_POOL_H
#define SEARCHD_POOL_H

#include <stdatomic.h>
#include <stddef.h>

#include <event2/event.h>

#include "buf.h"
#include "cache.h"
#include "exec.h"
#include "proto.h"
#include "settings.h"

typedef struct job job_t;
typedef void (*job_done_fn)(job_t *job);

struct job {
	wsis_proto_request_t req;    /* its strings point into `input` */
	char             *input;     /* the request's own copy of its bytes */
	int               reload;    /* reopen the index instead of a query */
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

/* Opens the index once and closes it: a start-up check done before the
 * daemon forks, so that a bad index is reported on the terminal. */
int pool_check(const settings_t *s, char *err, size_t errlen);

/* Opens the index once to check it, then starts the workers.  Returns NULL
 * with a message in err when the index cannot be opened. */
pool_t *pool_new(struct event_base *base, const settings_t *s, char *err, size_t errlen);

/* Queues `job`; -1 when the queue is full (the caller answers 429).  A
 * SEARCH, COUNT, MENTIONS or DOC whose reply is in the reply cache (for the
 * index generation served now) is not queued: its reply is copied into the
 * job, which completes through job->done like any other, on a later turn
 * of the loop, and never counts against max-queue. */
int pool_submit(pool_t *p, job_t *job);

/* Loop thread: the owner of `job` (one it submitted with park_ok) wants
 * it back now.  Returns 1 when the job was parked: it is the caller's
 * again, ready, and job->done will not be called.  Returns 0 when it is
 * still at a worker: it comes back through job->done, without parking. */
int pool_reclaim(pool_t *p, job_t *job);

/* Makes a worker reopen the index now (re-resolving its path) and every
 * other worker before its next job: what SIGHUP does.  Queries in flight
 * finish on the index they started with; a failed reopen keeps it. */
void pool_reload(pool_t *p);

/* Documents in the index and its generation name, as last opened. */
unsigned long pool_documents(pool_t *p);
void pool_generation(pool_t *p, char *out, size_t outlen);
/* Jobs waiting for a worker, as last counted (no lock taken). */
size_t pool_queue_length(pool_t *p);
/* Whether the loop thread runs as SCHED_BATCH now (every worker has a
 * job waiting; settings' loop-batch), and how many times it has. */
void pool_loop_counters(pool_t *p, int *batch_now, unsigned long *periods);
/* The reply cache's counters (loop thread). */
void pool_cache_counters(pool_t *p, cache_counters_t *out);
/* Non-zero when no job is queued or running. */
int pool_idle(pool_t *p);

/* Lets the workers finish the queue, joins them and frees the pool. */
void pool_free(pool_t *p);

/* A job with a copy of `len` bytes of `input` (the request line); NULL when
 * out of memory.  pool_job_free() frees it. */
job_t *pool_job_new(const char *input, size_t len);
void pool_job_free(job_t *job);

double pool_now_us(void);

#endif
