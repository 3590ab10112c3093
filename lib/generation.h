/* generation.h - an index that is replaced atomically.
 *
 * `wsis-indexer -o idx` makes `idx` a symbolic link to a generation
 * directory, `idx.gens/gen-000042`.  A build writes a new generation beside
 * the current one, then points a fresh symlink at it and rename()s that over
 * `idx`: whoever opens `idx` gets the old index or the new one, never a
 * half-written one, and a failed build leaves the old one in place.  The
 * previous generation is kept (readers may still have it open); older ones
 * are removed.  `idx` opens with any Xapian tool (delve idx, quest -d idx).
 */
#ifndef WSIS_GENERATION_H
#define WSIS_GENERATION_H

#include <stddef.h>

typedef struct {
	char *out;       /* the symlink: "idx" (no trailing slash) */
	char *gens;      /* its generations directory: "idx.gens" */
	char *path;      /* the new generation: "idx.gens/gen-000043" */
	char *target;    /* what the symlink will hold: "idx.gens/gen-000043"
	                    relative to the symlink's directory */
	int   lock_fd;   /* flock on idx.gens/.lock: one build at a time */
} wsis_gen_t;

/* Prepares a new generation of the index at `out`: creates the generations
 * directory, takes its lock and picks the next free name (not created: the
 * writer creates it).  Fails when `out` exists and is not such a symlink.
 * Returns 0, or -1 with a message in err. */
int wsis_gen_begin(wsis_gen_t *g, const char *out, char *err, size_t errlen);

/* Swaps the new generation in and removes generations older than the
 * previous one.  Returns 0, or -1 with a message (the old index then still
 * stands).  Either way the generation is finished: call wsis_gen_end(). */
int wsis_gen_commit(wsis_gen_t *g, char *err, size_t errlen);

/* Removes the new generation unless it was committed, drops the lock and
 * frees `g`'s strings. */
void wsis_gen_end(wsis_gen_t *g, int committed);

/* Removes a directory tree (no symlinks followed).  Returns 0 or -1. */
int wsis_gen_remove_tree(const char *path);

#endif
