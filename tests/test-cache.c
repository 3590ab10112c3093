/* test-cache.c - searchd/cache.c: hits and misses, generations, LRU
 * eviction under a byte budget, oversized values, the disabled cache,
 * counters, growth, clear. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "tap.h"

/* Looks `key` up; 1 when it is there for `gen` with value `want`. */
static int
has(cache_t *c, const char *key, unsigned long gen, const char *want)
{
	const char *val = NULL;
	size_t vlen = 0;
	unsigned long hits = 0;

	if (!cache_get(c, key, strlen(key), gen, &val, &vlen, &hits))
		return 0;
	return want == NULL || (vlen == strlen(want) && memcmp(val, want, vlen) == 0);
}

static int
put(cache_t *c, const char *key, unsigned long gen, const char *val)
{
	return cache_put(c, key, strlen(key), gen, val, strlen(val), 7);
}

/* What one entry of this key and value length counts against a budget. */
static size_t
entry_cost(size_t klen, size_t vlen)
{
	cache_t *c = cache_new(1 << 20);
	char key[64], *val = calloc(1, vlen + 1);
	cache_counters_t cc;

	memset(key, 'k', sizeof key);
	memset(val, 'v', vlen);
	cache_put(c, key, klen, 1, val, vlen, 0);
	cache_counters(c, &cc);
	cache_free(c);
	free(val);
	return cc.bytes;
}

static void
test_hit_miss(void)
{
	cache_t *c = cache_new(1 << 20);
	const char *val = NULL;
	size_t vlen = 0;
	unsigned long hits = 0;
	cache_counters_t cc;

	ok(c != NULL && cache_enabled(c), "a cache of 1 MiB is enabled");
	is_int(cache_get(c, "SEARCH -- women\n", 16, 1, &val, &vlen, &hits), 0,
	    "an empty cache misses");
	is_int(cache_put(c, "SEARCH -- women\n", 16, 1, "{\"total\":5}", 11, 5), 0, "put");
	is_int(cache_get(c, "SEARCH -- women\n", 16, 1, &val, &vlen, &hits), 1, "then a hit");
	ok(vlen == 11 && memcmp(val, "{\"total\":5}", 11) == 0, "the value stored");
	is_int(hits, 5, "the hits number stored with it");
	is_int(cache_get(c, "SEARCH -- women\n", 15, 1, &val, &vlen, &hits), 0,
	    "a key that is a prefix misses");
	is_int(cache_get(c, "SEARCH -- Women\n", 16, 1, &val, &vlen, &hits), 0,
	    "keys are bytes: another case misses");
	is_int(put(c, "k", 1, "first"), 0, "put k");
	is_int(put(c, "k", 1, "second, longer"), 0, "put k again");
	ok(has(c, "k", 1, "second, longer"), "the second put replaces the value");
	is_int(cache_put(c, "", 0, 1, "", 0, 0), 0, "an empty key and value");
	is_int(cache_get(c, "", 0, 1, &val, &vlen, &hits), 1, "are found");
	is_int(vlen, 0, "with an empty value");
	cache_counters(c, &cc);
	is_int(cc.entries, 3, "three entries");
	is_int(cc.hits, 3, "three hits counted");
	is_int(cc.misses, 3, "three misses counted");
	is_int(cc.evictions, 0, "no evictions");
	is_int(cc.max_bytes, 1 << 20, "max_bytes is the budget");
	ok(cc.bytes > 16 + 11 + 1 + 14, "bytes count keys, values and overhead (%zu)", cc.bytes);
	cache_free(c);
	cache_free(NULL);
	ok(1, "cache_free(NULL) does nothing");
}

static void
test_generations(void)
{
	cache_t *c = cache_new(1 << 20);
	cache_counters_t cc;

	put(c, "SEARCH -- a\n", 3, "old index");
	put(c, "SEARCH -- b\n", 3, "old index");
	ok(has(c, "SEARCH -- a\n", 3, "old index"), "found for its generation");
	ok(!has(c, "SEARCH -- a\n", 4, NULL), "another generation: a miss");
	cache_counters(c, &cc);
	is_int(cc.entries, 1, "and the stale entry is dropped");
	ok(!has(c, "SEARCH -- a\n", 3, NULL), "so its own generation misses too now");
	is_int(put(c, "SEARCH -- a\n", 4, "new index"), 0, "the new generation's reply");
	ok(has(c, "SEARCH -- a\n", 4, "new index"), "is served");
	is_int(put(c, "SEARCH -- b\n", 4, "new b"), 0, "a put over an entry of another generation");
	ok(has(c, "SEARCH -- b\n", 4, "new b"), "replaces it");
	cache_counters(c, &cc);
	is_int(cc.entries, 2, "two entries, no stale one left");
	cache_free(c);
}

static void
test_lru(void)
{
	size_t cost = entry_cost(2, 100);
	/* room for exactly 8 entries: the 1/8 rule lets no fewer fit */
	cache_t *c = cache_new(8 * cost + cost / 2);
	char val[101], key[3];
	cache_counters_t cc;
	int i;

	memset(val, 'v', 100);
	val[100] = '\0';
	ok(cost > 102, "an entry costs more than its bytes (%zu)", cost);
	for (i = 0; i < 8; i++) {
		snprintf(key, sizeof key, "k%d", i);
		val[0] = (char)('0' + i);
		put(c, key, 1, val);
	}
	cache_counters(c, &cc);
	is_int(cc.entries, 8, "8 entries fit");
	is_int(cc.evictions, 0, "without eviction");
	ok(has(c, "k0", 1, NULL), "k0 used: now the most recent");
	put(c, "k8", 1, val);
	cache_counters(c, &cc);
	is_int(cc.entries, 8, "a 9th entry: still 8");
	is_int(cc.evictions, 1, "one eviction");
	ok(!has(c, "k1", 1, NULL), "the least recently used (k1) went");
	ok(has(c, "k0", 1, NULL), "k0, used since, stayed");
	put(c, "k9", 1, val);
	ok(!has(c, "k2", 1, NULL), "then k2 went");
	ok(has(c, "k3", 1, NULL) && has(c, "k8", 1, NULL) && has(c, "k9", 1, NULL),
	    "the others stayed");
	cache_counters(c, &cc);
	is_int(cc.evictions, 2, "two evictions");
	ok(cc.bytes <= cc.max_bytes, "within the budget (%zu <= %zu)", cc.bytes, cc.max_bytes);
	cache_free(c);
}

static void
test_oversized(void)
{
	cache_t *c = cache_new(8000);
	char *big = malloc(2000);
	cache_counters_t cc;

	memset(big, 'x', 2000);
	is_int(cache_put(c, "big", 3, 1, big, 1001, 0), -1, "a value past 1/8 of the budget is refused");
	is_int(cache_put(c, "big", 3, 1, big, 8000, 0), -1, "one of the whole budget too");
	is_int(cache_put(c, "big", 3, 1, big, (size_t)-1 / 2, 0), -1,
	    "a huge length is refused without overflow");
	is_int(cache_put(c, "small", 5, 1, big, 500, 0), 0, "a value within 1/8 is stored");
	cache_counters(c, &cc);
	is_int(cc.entries, 1, "only that one is held");
	ok(!has(c, "big", 1, NULL), "the refused one is not found");
	is_int(cache_put(c, "small", 5, 1, big, 1001, 0), -1,
	    "a refused replacement");
	ok(has(c, "small", 1, NULL), "leaves the entry it would have replaced");
	cache_free(c);
	free(big);
}

static void
test_disabled(void)
{
	cache_t *c = cache_new(0);
	cache_counters_t cc;

	ok(c != NULL, "a cache of 0 bytes can be made");
	ok(!cache_enabled(c), "and is disabled");
	is_int(put(c, "k", 1, "v"), -1, "put does nothing");
	ok(!has(c, "k", 1, NULL), "get misses");
	cache_clear(c);
	cache_counters(c, &cc);
	ok(cc.hits == 0 && cc.misses == 0 && cc.entries == 0 && cc.bytes == 0 &&
	    cc.evictions == 0 && cc.max_bytes == 0, "every counter stays 0");
	cache_free(c);
}

static void
test_many(void)
{
	size_t budget = 64 * 1024, worst = 0;
	cache_t *c = cache_new(budget);
	cache_counters_t cc;
	char key[32], val[600];
	int i, bad = 0, found = 0;

	for (i = 0; i < 20000; i++) {
		size_t vlen = (size_t)(i * 37 % 500);
		int klen = snprintf(key, sizeof key, "SEARCH -- q%d\n", i);
		memset(val, 'a' + i % 26, vlen);
		if (cache_put(c, key, (size_t)klen, 1, val, vlen, (unsigned long)i) != 0)
			bad++;
		cache_counters(c, &cc);
		if (cc.bytes > worst)
			worst = cc.bytes;
	}
	is_int(bad, 0, "20000 puts of up to 500 bytes all stored");
	ok(worst <= budget, "the budget always held (at most %zu of %zu bytes)", worst, budget);
	cache_counters(c, &cc);
	ok(cc.entries > 64, "more entries than the first buckets (%zu): the table grew",
	    cc.entries);
	is_int(cc.evictions, 20000 - cc.entries, "every other entry was evicted");
	/* the newest entries are all there, intact, after the table grew */
	for (i = 20000 - 1; i >= 20000 - 50; i--) {
		const char *v;
		size_t vlen, want = (size_t)(i * 37 % 500), k;
		unsigned long hits;
		int klen = snprintf(key, sizeof key, "SEARCH -- q%d\n", i);
		int same;
		if (!cache_get(c, key, (size_t)klen, 1, &v, &vlen, &hits))
			continue;
		same = vlen == want && hits == (unsigned long)i;
		for (k = 0; same && k < vlen; k++)
			same = v[k] == 'a' + i % 26;
		found += same;
	}
	is_int(found, 50, "the 50 newest entries are found with their values");
	ok(!has(c, "SEARCH -- q0\n", 1, NULL), "the oldest is gone");
	cache_free(c);
}

static void
test_clear(void)
{
	cache_t *c = cache_new(1 << 20);
	cache_counters_t cc;
	int i;
	char key[16];

	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof key, "k%d", i);
		put(c, key, 1, "value");
	}
	ok(has(c, "k7", 1, "value"), "a hit before clear");
	cache_clear(c);
	cache_counters(c, &cc);
	is_int(cc.entries, 0, "clear: no entries");
	is_int(cc.bytes, 0, "clear: no bytes");
	is_int(cc.hits, 1, "clear keeps the hit counter");
	ok(!has(c, "k7", 1, NULL), "a miss after clear");
	is_int(put(c, "k7", 1, "again"), 0, "put after clear");
	ok(has(c, "k7", 1, "again"), "found after clear");
	cache_free(c);
}

int
main(void)
{
	test_hit_miss();
	test_generations();
	test_lru();
	test_oversized();
	test_disabled();
	test_many();
	test_clear();
	return tap_done();
}
