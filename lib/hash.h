/* hash.h - FNV-1a over bytes: the hash of the small per-request and
 * per-thread tables (the highlighter's word memory, the audit's key table,
 * the British-spelling filter).  Header only: it is a loop of two lines. */
#ifndef WSIS_HASH_H
#define WSIS_HASH_H

#include <stddef.h>

static inline unsigned
wsis_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

#endif
