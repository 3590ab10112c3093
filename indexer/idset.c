/* idset.c - the ids a build has seen, to find a duplicate: an open
 * addressing table of 128-bit hashes (indexer.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indexer.h"

typedef struct {
	uint64_t a, b;  /* a == 0 && b == 0: empty slot */
} idset_key_t;

struct idset {
	idset_key_t *slots;
	size_t       cap, count;   /* cap a power of two */
};

static uint64_t
idset_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static idset_key_t
idset_key(const char *id)
{
	idset_key_t k = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL };
	const unsigned char *p;

	for (p = (const unsigned char *)id; *p != '\0'; p++) {
		k.a = (k.a ^ *p) * 0x100000001b3ULL;
		k.b = (k.b + *p) * 0x9E3779B97F4A7C15ULL;
		k.b ^= k.b >> 29;
	}
	k.a = idset_mix(k.a);
	k.b = idset_mix(k.b ^ (uint64_t)(p - (const unsigned char *)id));
	if (k.a == 0 && k.b == 0)
		k.b = 1;
	return k;
}

static int
idset_put(idset_key_t *t, size_t cap, idset_key_t k)
{
	size_t j = (size_t)k.a & (cap - 1);

	for (; t[j].a != 0 || t[j].b != 0; j = (j + 1) & (cap - 1))
		if (t[j].a == k.a && t[j].b == k.b)
			return 1;
	t[j] = k;
	return 0;
}

static int
idset_add_key(idset_t *s, idset_key_t k)
{
	idset_key_t *t;
	size_t ncap, i;
	int r;

	if ((s->count + 1) * 4 >= s->cap * 3) {
		ncap = s->cap ? s->cap * 2 : 1024;
		if ((t = calloc(ncap, sizeof *t)) == NULL)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->slots[i].a != 0 || s->slots[i].b != 0)
				idset_put(t, ncap, s->slots[i]);
		free(s->slots);
		s->slots = t;
		s->cap = ncap;
	}
	r = idset_put(s->slots, s->cap, k);
	if (r == 0)
		s->count++;
	return r;
}

idset_t *
idset_new(void)
{
	return calloc(1, sizeof(idset_t));
}

int
idset_add(idset_t *s, const char *id)
{
	return idset_add_key(s, idset_key(id));
}

int
idset_merge(idset_t *dst, const idset_t *src, size_t *dups)
{
	size_t i;
	int r;

	*dups = 0;
	for (i = 0; i < src->cap; i++) {
		if (src->slots[i].a == 0 && src->slots[i].b == 0)
			continue;
		if ((r = idset_add_key(dst, src->slots[i])) < 0)
			return -1;
		*dups += (size_t)r;
	}
	return 0;
}

void
idset_free(idset_t *s)
{
	if (s == NULL)
		return;
	free(s->slots);
	free(s);
}
