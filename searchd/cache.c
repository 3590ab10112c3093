/* cache.c - an LRU reply cache: a hash table (FNV-1a, chaining, doubled
 * when it holds as many entries as buckets) and a doubly linked list from
 * the most to the least recently used entry (cache.h).  Both lists are
 * <sys/queue.h>'s: a bucket an SLIST, the LRU order a TAILQ. */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#define CACHE_FIRST_BUCKETS 64   /* a power of two */

typedef struct cache_entry cache_entry_t;
struct cache_entry {
	SLIST_ENTRY(cache_entry) chain;  /* its bucket */
	TAILQ_ENTRY(cache_entry) lru;    /* newest first */
	uint64_t       hash;
	unsigned long  gen, hits;
	size_t         klen, vlen;
	char           bytes[];        /* the key, then the value */
};

SLIST_HEAD(cache_bucket, cache_entry);
TAILQ_HEAD(cache_lru, cache_entry);

/* What an entry counts beyond its key and value: itself and its share of
 * the bucket array (at most two buckets an entry while growing). */
#define CACHE_ENTRY_OVERHEAD (sizeof(cache_entry_t) + 2 * sizeof(struct cache_bucket))

struct cache {
	struct cache_bucket *buckets;  /* NULL when disabled */
	size_t          nbuckets;      /* a power of two */
	struct cache_lru lru;          /* from the most to the least recently used */
	size_t          entries, bytes, max_bytes;
	unsigned long   hits, misses, evictions;
};

static uint64_t
cache_hash(const char *key, size_t klen)
{
	uint64_t h = 14695981039346656037ULL;   /* FNV-1a, 64 bits */
	size_t i;

	for (i = 0; i < klen; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t
cache_entry_cost(const cache_entry_t *e)
{
	return CACHE_ENTRY_OVERHEAD + e->klen + e->vlen;
}

cache_t *
cache_new(size_t max_bytes)
{
	cache_t *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->max_bytes = max_bytes;
	TAILQ_INIT(&c->lru);
	if (max_bytes == 0)
		return c;
	c->buckets = calloc(CACHE_FIRST_BUCKETS, sizeof *c->buckets);
	if (c->buckets == NULL) {
		free(c);
		return NULL;
	}
	c->nbuckets = CACHE_FIRST_BUCKETS;
	return c;
}

int
cache_enabled(const cache_t *c)
{
	return c != NULL && c->max_bytes > 0;
}

static struct cache_bucket *
cache_slot(cache_t *c, uint64_t hash)
{
	return &c->buckets[hash & (c->nbuckets - 1)];
}

/* The entry of that key, or NULL. */
static cache_entry_t *
cache_find(cache_t *c, const char *key, size_t klen, uint64_t hash)
{
	cache_entry_t *e;

	SLIST_FOREACH(e, cache_slot(c, hash), chain)
		if (e->hash == hash && e->klen == klen && memcmp(e->bytes, key, klen) == 0)
			return e;
	return NULL;
}

/* Takes `e` out of the table and the list, and frees it. */
static void
cache_drop(cache_t *c, cache_entry_t *e)
{
	struct cache_bucket *b = cache_slot(c, e->hash);

	SLIST_REMOVE(b, e, cache_entry, chain);
	TAILQ_REMOVE(&c->lru, e, lru);
	c->entries--;
	c->bytes -= cache_entry_cost(e);
	free(e);
}

/* Doubles the bucket array; on failure keeps the one it has (chains only
 * get longer). */
static void
cache_grow(cache_t *c)
{
	size_t n = c->nbuckets * 2, i;
	struct cache_bucket *fresh;
	cache_entry_t *e;

	if (n < c->nbuckets || n > SIZE_MAX / sizeof *fresh)
		return;
	fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return;
	for (i = 0; i < c->nbuckets; i++)
		while ((e = SLIST_FIRST(&c->buckets[i])) != NULL) {
			SLIST_REMOVE_HEAD(&c->buckets[i], chain);
			SLIST_INSERT_HEAD(&fresh[e->hash & (n - 1)], e, chain);
		}
	free(c->buckets);
	c->buckets = fresh;
	c->nbuckets = n;
}

int
cache_get(cache_t *c, const char *key, size_t klen, unsigned long gen,
    const char **val, size_t *vlen, unsigned long *hits)
{
	uint64_t hash;
	cache_entry_t *e;

	if (!cache_enabled(c))
		return 0;
	hash = cache_hash(key, klen);
	e = cache_find(c, key, klen, hash);
	if (e == NULL || e->gen != gen) {
		if (e != NULL)
			cache_drop(c, e);   /* from an index no longer served */
		c->misses++;
		return 0;
	}
	TAILQ_REMOVE(&c->lru, e, lru);
	TAILQ_INSERT_HEAD(&c->lru, e, lru);
	c->hits++;
	*val = e->bytes + e->klen;
	*vlen = e->vlen;
	*hits = e->hits;
	return 1;
}

int
cache_put(cache_t *c, const char *key, size_t klen, unsigned long gen,
    const char *val, size_t vlen, unsigned long hits)
{
	uint64_t hash;
	cache_entry_t *e, *fresh;
	struct cache_bucket *b;
	size_t cost;

	if (!cache_enabled(c) || klen > c->max_bytes || vlen > c->max_bytes)
		return -1;
	cost = CACHE_ENTRY_OVERHEAD + klen + vlen;
	if (cost > c->max_bytes / 8)
		return -1;
	fresh = malloc(sizeof *fresh + klen + vlen);
	if (fresh == NULL)
		return -1;
	hash = cache_hash(key, klen);
	e = cache_find(c, key, klen, hash);
	if (e != NULL)
		cache_drop(c, e);
	while (c->bytes + cost > c->max_bytes && !TAILQ_EMPTY(&c->lru)) {
		cache_drop(c, TAILQ_LAST(&c->lru, cache_lru));
		c->evictions++;
	}
	e = fresh;
	e->hash = hash;
	e->gen = gen;
	e->hits = hits;
	e->klen = klen;
	e->vlen = vlen;
	memcpy(e->bytes, key, klen);
	memcpy(e->bytes + klen, val, vlen);
	b = cache_slot(c, hash);
	SLIST_INSERT_HEAD(b, e, chain);
	TAILQ_INSERT_HEAD(&c->lru, e, lru);
	c->entries++;
	c->bytes += cost;
	if (c->entries > c->nbuckets)
		cache_grow(c);
	return 0;
}

void
cache_clear(cache_t *c)
{
	cache_entry_t *e;

	if (!cache_enabled(c))
		return;
	while ((e = TAILQ_FIRST(&c->lru)) != NULL) {
		TAILQ_REMOVE(&c->lru, e, lru);
		free(e);
	}
	memset(c->buckets, 0, c->nbuckets * sizeof *c->buckets);
	c->entries = 0;
	c->bytes = 0;
}

void
cache_counters(const cache_t *c, cache_counters_t *out)
{
	memset(out, 0, sizeof *out);
	if (c == NULL)
		return;
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	out->entries = c->entries;
	out->bytes = c->bytes;
	out->max_bytes = c->max_bytes;
}

void
cache_free(cache_t *c)
{
	if (c == NULL)
		return;
	cache_clear(c);
	free(c->buckets);
	free(c);
}
