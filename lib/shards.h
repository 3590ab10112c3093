/* shards.h - the index list as --index (or `index =`) names it: shards
 * separated by commas, each a local path or "tcp:HOST:PORT" for a remote
 * one ("idx,tcp:10.0.0.2:7000").  Empty items (",," or a trailing comma)
 * are skipped. */
#ifndef WSIS_SHARDS_H
#define WSIS_SHARDS_H

#include <stddef.h>

#define WSIS_SHARDS_MAX 64   /* shards in one index list */

/* Splits `list` into items[0..*count), at most `max` of them.  The items
 * point into *storage, a malloc'ed copy of the list that the caller frees
 * (also on failure, where it may be NULL).  A NULL or empty list gives no
 * items and is no error: the caller says what it needs.  Returns 0, or -1
 * with err: out of memory, or more than `max` shards. */
int wsis_shards_split(const char *list, char **storage, const char **items,
    size_t max, size_t *count, char *err, size_t errlen);

/* Non-zero when `shard` names a remote shard ("tcp:HOST:PORT"), which has
 * no local path to resolve. */
int wsis_shards_is_remote(const char *shard);

#endif
