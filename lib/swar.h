/* swar.h - tests on eight bytes at once (a 64-bit word read with memcpy):
 * the fast paths that skip plain runs of text in the JSON writer
 * (json.c), the UTF-8 check (utf8.c) and the snippet escaper
 * (highlight.c).  Header only: each test is one expression. */
#ifndef WSIS_SWAR_H
#define WSIS_SWAR_H

#include <stdint.h>
#include <string.h>

#define WSIS_SWAR_ONES  UINT64_C(0x0101010101010101)
#define WSIS_SWAR_HIGHS UINT64_C(0x8080808080808080)

/* The eight bytes at p. */
static inline uint64_t
wsis_swar_load(const void *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof w);
	return w;
}

/* Whether a byte of w is c. */
static inline int
wsis_swar_has_byte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (WSIS_SWAR_ONES * c);

	return ((x - WSIS_SWAR_ONES) & ~x & WSIS_SWAR_HIGHS) != 0;
}

/* Whether a byte of w is below n (n at most 0x80). */
static inline int
wsis_swar_has_below(uint64_t w, unsigned char n)
{
	return ((w - WSIS_SWAR_ONES * n) & ~w & WSIS_SWAR_HIGHS) != 0;
}

/* Whether a byte of w is not ASCII. */
static inline int
wsis_swar_has_high(uint64_t w)
{
	return (w & WSIS_SWAR_HIGHS) != 0;
}

#endif
