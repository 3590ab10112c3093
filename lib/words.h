/* words.h - where wsis-indexer's words begin and end in a text: ASCII
 * letters and digits, '_', non-ASCII letters (and combining marks), and
 * an apostrophe (' or U+2019) between two of them.  The Unicode
 * punctuation of the U+2000-U+206F block (dashes, typographic quotes,
 * ellipsis, the zero width space U+200B) and of U+00A0-U+00BF (no-break
 * space, guillemets) separates words.  Invisible format characters that
 * never part words (the soft hyphen U+00AD, ZWNJ U+200C, ZWJ U+200D, the
 * word joiner U+2060, U+FEFF) are ignored: between two word characters
 * the word goes on over them, before or after a word they are no part of
 * it, as wsis_normalize() drops them from what is indexed.  The
 * highlighter, the mentions audit and the phrase check (phrase.h) cut
 * words here.
 */
#ifndef WSIS_WORDS_H
#define WSIS_WORDS_H

#include <stddef.h>

/* Finds the next word of text[0..len) at or after *pos: sets [*start,
 * *end), moves *pos to *end and returns 1; returns 0 when none is left. */
int wsis_word_next(const char *text, size_t len, size_t *pos, size_t *start, size_t *end);

/* 1 when s[0..n) is one hyphen that joins a compound's words: '-', or
 * U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN or U+2012 FIGURE DASH, which
 * wsis_normalize() writes as '-' (en and em dashes are no hyphens). */
int wsis_word_hyphen(const char *s, size_t n);

/* The length of the ignored character (above) that s[0..n) begins with,
 * or 0. */
size_t wsis_word_ignored(const char *s, size_t n);

#endif
