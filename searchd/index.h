/* index.h - the index the daemon serves: its shard list (settings' index),
 * opening it, its generation and reloads.
 *
 * The generation counts reloads.  Each worker keeps its own read-only
 * handle (Xapian objects are never shared between threads) and follows
 * the generation: index_handle_get() reopens the handle before the
 * worker's next job when a reload moved the generation on.  Every
 * function may be called from any thread, but a handle is its worker's
 * alone. */
#ifndef SEARCHD_INDEX_H
#define SEARCHD_INDEX_H

#include <stddef.h>

#include "buf.h"
#include "settings.h"
#include "sprinter.h"
#include "wsis-xapian.h"

typedef struct index index_t;
typedef struct index_handle index_handle_t;

/* Opens the index of s->index once to check it, and keeps its generation
 * name and document count.  Returns NULL with a message in err when there
 * is no index or it cannot be opened.  The caller frees it with
 * index_free(), after every handle. */
index_t *index_new(const settings_t *s, char *err, size_t errlen);
void index_free(index_t *idx);

/* Opens the index once and closes it: a start-up check done before the
 * daemon forks, so that a bad index is reported on the terminal.
 * Returns 0, or -1 with a message in err. */
int index_check(const settings_t *s, char *err, size_t errlen);

/* The generation served now (0 at start, one more for each reload). */
unsigned long index_generation(index_t *idx);
/* Documents in the index and its generation's name ("gen-000012", the
 * first shard's directory), as last opened. */
unsigned long index_documents(index_t *idx);
void index_gen_name(index_t *idx, char *out, size_t outlen);
/* Moves the generation on without opening anything: every handle reopens
 * before its worker's next job (what a reload does when it cannot be
 * queued). */
void index_bump(index_t *idx);

/* A worker's handle, with no database open yet; NULL when out of memory.
 * index_handle_free() closes it (NULL does nothing). */
index_handle_t *index_handle_new(void);
void index_handle_free(index_handle_t *h);

/* The database of `h`, reopened first when the generation moved on since
 * it was opened; *gen gets the generation it belongs to.  A failed open is
 * logged and `h` keeps the database it had: the result is NULL only when
 * it never had one.  The database stays h's (the caller does not free
 * it) and is valid until the next call on `h`. */
wsis_db_t *index_handle_get(index_t *idx, index_handle_t *h, unsigned long *gen);

/* ---- remote shards: taken out when they fail, taken back when they answer
 *
 * A remote shard (tcp:HOST:PORT) that cannot be opened, or fails a query
 * with a network error (refused, reset, shard-timeout), is taken out:
 * every handle leaves it out before its worker's next job, and a thread of
 * the index tries it again after 0.5 s, then twice as long after each
 * failed try, at most shard-retry-max; once it answers it is taken back.
 * A local shard is never taken out. */

/* After a failed command on h's database: when it was a network error,
 * takes the remote shard it names out (`why` logged and kept), has h
 * connect to the other remote shards anew, and returns 1 (the caller may
 * run the command again after index_handle_get(), which leaves out the
 * shard and any other that cannot be reached); else 0. */
int index_handle_failed(index_t *idx, index_handle_t *h, const char *why);
/* The shards h's database leaves out: their number, and the first `max`
 * of their names (the index list's, valid as long as idx) in names[]. */
size_t index_handle_missing(index_t *idx, index_handle_t *h, const char **names,
    size_t max);
/* Non-zero when shard-failure = fail: a query a shard misses fails (503). */
int index_fail_whole(index_t *idx);

typedef struct {
	const char    *name;        /* as the index list gives it */
	int            remote;
	int            up;
	unsigned long  failures;    /* times it was taken out */
	unsigned long  retries;     /* tries since, that found it down */
	unsigned long  retry_in_ms; /* when down: until the next try */
	char           error[200];  /* the last failure, "" when none */
} index_shard_info_t;

size_t index_shard_count(index_t *idx);
size_t index_shards_down(index_t *idx);
void index_shard_info(index_t *idx, size_t i, index_shard_info_t *info);
/* The shards as a JSON list: [{"shard":NAME,"state":"up"|"down",
 * "failures":N[,"retries":N,"retry_in_ms":N][,"last_error":TEXT]}]. */
void index_shards_json(index_t *idx, wsis_sprinter_t *sp);

/* Opens the index anew (its path resolved again).  On success the
 * generation moves on, `h` keeps the new database, and `out` gets
 * {"reloaded":true,"documents":N,"generation":"gen-…","changed":BOOL}
 * (changed: another generation than the one opened before); returns 0.
 * On failure returns -1 with "reload failed: …" in err, logged, and
 * everything keeps the index opened before. */
int index_reload(index_t *idx, index_handle_t *h, wsis_buf_t *out, char *err,
    size_t errlen);

#endif
