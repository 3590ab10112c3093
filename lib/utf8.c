/* utf8.c - strict UTF-8 validation and repair.
 *
 * Valid means what RFC 3629 allows: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing past U+10FFFF, no truncated sequences.
 * Repair replaces each "maximal subpart" of an ill-formed sequence with one
 * U+FFFD, as Unicode (ch. 3, "U+FFFD Substitution of Maximal Subparts") and
 * the WHATWG decoder do, so every tool counts the replacements the same way.
 */
#include "utf8.h"

#include "swar.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char utf8_replacement[] = "\xEF\xBF\xBD";

/*
 * Looks at the sequence starting at s[0] (len >= 1).  Returns 1 when it is
 * valid, with its length in *adv; returns 0 when it is not, with the length
 * of its maximal subpart (at least 1) in *adv.
 */
static int
utf8_sequence(const unsigned char *s, size_t len, size_t *adv)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0x80) {
		*adv = 1;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F;	/* past U+10FFFF */
	} else {
		/* 0x80..0xC1 (continuation or overlong lead), 0xF5..0xFF */
		*adv = 1;
		return 0;
	}
	for (i = 1; i < need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi) {
			*adv = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	*adv = need;
	return 1;
}

size_t
wsis_utf8_valid_prefix(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, adv;

	while (i < len) {
		/* ASCII fast path, eight bytes at a time. */
		while (len - i >= 8) {
			if (wsis_swar_has_high(wsis_swar_load(u + i)))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (!utf8_sequence(u + i, len - i, &adv))
			return i;
		i += adv;
	}
	return len;
}

char *
wsis_utf8_repair(const char *s, size_t len, size_t *first_bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t good, i, o, adv, cap;
	char *out;

	good = wsis_utf8_valid_prefix(s, len);
	if (first_bad != NULL)
		*first_bad = good;
	/* Each invalid byte grows to at most three bytes. */
	if (len - good > (SIZE_MAX - 1 - good) / 3)
		return NULL;
	cap = good + (len - good) * 3 + 1;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	if (good > 0)
		memcpy(out, s, good);
	o = good;
	i = good;
	while (i < len) {
		if (utf8_sequence(u + i, len - i, &adv)) {
			memcpy(out + o, s + i, adv);
			o += adv;
		} else {
			memcpy(out + o, utf8_replacement, 3);
			o += 3;
		}
		i += adv;
	}
	out[o] = '\0';
	return out;
}
