/* cache.h - the reply cache: an LRU map from a canonical request line to
 * the JSON reply a worker computed for it, so that a repeated query is
 * answered on the event loop without a worker round trip.
 *
 * Single-threaded: only the loop thread calls these functions.  Each entry
 * carries the index generation it was computed on; a lookup names the
 * generation being served now, and an entry of another generation is a
 * miss (and is dropped).  The cache holds at most `max_bytes`: keys, values
 * and a fixed per-entry overhead are counted; inserting evicts the least
 * recently used entries until the new one fits, and an entry larger than
 * 1/8 of the budget is not cached.  A budget of 0 disables the cache: every
 * call is then a cheap no-op (a miss that is not counted).
 */
#ifndef SEARCHD_CACHE_H
#define SEARCHD_CACHE_H

#include <stddef.h>

typedef struct cache cache_t;

typedef struct {
	unsigned long hits;       /* lookups answered */
	unsigned long misses;     /* lookups not answered (stale ones included) */
	unsigned long evictions;  /* entries dropped to make room */
	size_t        entries;    /* entries held now */
	size_t        bytes;      /* bytes they count against the budget */
	size_t        max_bytes;  /* the budget (0: disabled) */
} cache_counters_t;

/* A cache of at most `max_bytes` (0: disabled).  NULL when out of memory.
 * cache_free() frees it. */
cache_t *cache_new(size_t max_bytes);

/* Non-zero unless the budget is 0. */
int cache_enabled(const cache_t *c);

/* Looks up key[0..klen) for generation `gen`.  Returns 1 on a hit, with
 * *val and *vlen naming the cached bytes (owned by the cache, valid until
 * the next cache_put, cache_clear or cache_free) and *hits the number the
 * value was stored with; the entry becomes the most recently used.
 * Returns 0 on a miss; an entry of another generation is dropped. */
int cache_get(cache_t *c, const char *key, size_t klen, unsigned long gen,
    const char **val, size_t *vlen, unsigned long *hits);

/* Stores a copy of key[0..klen) -> val[0..vlen) with `gen` and `hits`,
 * replacing any entry of that key, evicting least recently used entries
 * until it fits.  Returns 0 when stored, -1 when not: the cache is
 * disabled, the entry is larger than 1/8 of the budget, or memory ran out;
 * the cache is then unchanged. */
int cache_put(cache_t *c, const char *key, size_t klen, unsigned long gen,
    const char *val, size_t vlen, unsigned long hits);

/* Drops every entry; the counters of hits, misses and evictions stay. */
void cache_clear(cache_t *c);

void cache_counters(const cache_t *c, cache_counters_t *out);

/* Frees the cache and its entries; cache_free(NULL) does nothing. */
void cache_free(cache_t *c);

#endif
