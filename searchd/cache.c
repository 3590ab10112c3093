/* cache.c - an LRU reply cache: a hash table (FNV-1a, chaining, doubled
 * when it holds as many entries as buckets) and a doubly linked list from
 * the most to the least recently used entry (cache.h). */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_FIRST_BUCKETS 64   /* a power of two */

typedef struct cache_entry cache_entry_t;
struct cache_entry {
	cache_entry_t *chain;          /* the next entry of its bucket */
	cache_entry_t *newer, *older;  /* the LRU list */
	uint64_t       hash;
	unsigned long  gen, hits;
	size_t         klen, vlen;
	char           bytes[];        /* the key, then the value */
};

/* What an entry counts beyond its key and value: itself and its share of
 * the bucket array (at most two bucket pointers an entry while growing). */
#define CACHE_ENTRY_OVERHEAD (sizeof(cache_entry_t) + 2 * sizeof(cache_entry_t *))

struct cache {
	cache_entry_t **buckets;       /* NULL when disabled */
	size_t          nbuckets;      /* a power of two */
	cache_entry_t  *newest, *oldest;
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

static cache_entry_t **
cache_slot(cache_t *c, uint64_t hash)
{
	return &c->buckets[hash & (c->nbuckets - 1)];
}

/* The entry of that key, or NULL. */
static cache_entry_t *
cache_find(cache_t *c, const char *key, size_t klen, uint64_t hash)
{
	cache_entry_t *e;

	for (e = *cache_slot(c, hash); e != NULL; e = e->chain)
		if (e->hash == hash && e->klen == klen && memcmp(e->bytes, key, klen) == 0)
			return e;
	return NULL;
}

static void
cache_lru_unlink(cache_t *c, cache_entry_t *e)
{
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void
cache_lru_push(cache_t *c, cache_entry_t *e)
{
	e->newer = NULL;
	e->older = c->newest;
	if (c->newest != NULL)
		c->newest->newer = e;
	else
		c->oldest = e;
	c->newest = e;
}

/* Takes `e` out of the table and the list, and frees it. */
static void
cache_drop(cache_t *c, cache_entry_t *e)
{
	cache_entry_t **pp = cache_slot(c, e->hash);

	while (*pp != e)
		pp = &(*pp)->chain;
	*pp = e->chain;
	cache_lru_unlink(c, e);
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
	cache_entry_t **fresh;

	if (n < c->nbuckets || n > SIZE_MAX / sizeof *fresh)
		return;
	fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return;
	for (i = 0; i < c->nbuckets; i++) {
		cache_entry_t *e = c->buckets[i], *next;
		for (; e != NULL; e = next) {
			cache_entry_t **slot = &fresh[e->hash & (n - 1)];
			next = e->chain;
			e->chain = *slot;
			*slot = e;
		}
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
	cache_lru_unlink(c, e);
	cache_lru_push(c, e);
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
	while (c->bytes + cost > c->max_bytes && c->oldest != NULL) {
		cache_drop(c, c->oldest);
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
	e->chain = *cache_slot(c, hash);
	*cache_slot(c, hash) = e;
	cache_lru_push(c, e);
	c->entries++;
	c->bytes += cost;
	if (c->entries > c->nbuckets)
		cache_grow(c);
	return 0;
}

void
cache_clear(cache_t *c)
{
	cache_entry_t *e, *older;

	if (!cache_enabled(c))
		return;
	for (e = c->newest; e != NULL; e = older) {
		older = e->older;
		free(e);
	}
	memset(c->buckets, 0, c->nbuckets * sizeof *c->buckets);
	c->newest = c->oldest = NULL;
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
