/* indexer.h - what the files of wsis-indexer share: its options and the
 * build (build.c), the id set (idset.c) and the progress line
 * (progress.c). */
#ifndef WSIS_INDEXER_H
#define WSIS_INDEXER_H

#include <pthread.h>
#include <stddef.h>

/* Exit statuses (wsis-indexer(1)). */
#define INDEXER_EXIT_OK      0   /* every record indexed, the index swapped in */
#define INDEXER_EXIT_FAIL    1   /* nothing swapped in: the old index stands */
#define INDEXER_EXIT_USAGE   2
#define INDEXER_EXIT_SKIPPED 3   /* swapped in, but some records were skipped */

typedef struct {
	const char *out;
	const char *query;
	unsigned    limit;
	int         compact;
	unsigned    jobs;
	unsigned    shards;     /* 0: one index, else N shards */
	int         plain;
	int         termlists;
	int         strict;
	int         quiet;
	unsigned    memory_mb;  /* the peak RSS to stay under */
} indexer_opts_t;

/* Indexes `paths` into o->out.  Returns an INDEXER_EXIT_ status. */
int indexer_build(char **paths, int npaths, const indexer_opts_t *o);

/* ---- idset.c: the ids seen, 16 bytes each --------------------------------
 * An id is kept as a 128-bit hash: two ids are taken for one only when
 * both 64-bit halves collide (about 2^-128 a pair). */
typedef struct idset idset_t;

idset_t *idset_new(void);
/* 1 when `id` was already in the set, 0 when added, -1 out of memory. */
int idset_add(idset_t *s, const char *id);
/* Adds every id of src to dst; *dups gets how many were in dst already.
 * Returns 0 or -1 (out of memory). */
int idset_merge(idset_t *dst, const idset_t *src, size_t *dups);
void idset_free(idset_t *s);

/* ---- progress.c: bytes and passages done, rate, time left ---------------
 * On a terminal a line redrawn a few times a second; elsewhere a line
 * every few seconds (WSIS_PROGRESS_SECONDS, default 10); none when quiet.
 * Shared by the jobs: each adds what it did. */
typedef struct {
	pthread_mutex_t    lock;
	unsigned long long total;   /* bytes on disk to read */
	unsigned long long bytes, passages;
	double             t0, last;
	double             interval;
	int                tty, quiet, drawn;
} progress_t;

void progress_init(progress_t *p, unsigned long long total, int quiet);
void progress_add(progress_t *p, unsigned long long bytes,
    unsigned long long passages);
/* Ends the line a terminal progress left open. */
void progress_end(progress_t *p);

#endif
