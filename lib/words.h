/* words.h - where wsis-indexer's words begin and end in a text: ASCII
 * letters and digits, '_', non-ASCII letters, and an apostrophe (' or
 * U+2019) between two of them.  The Unicode punctuation of the
 * U+2000-U+206F block (dashes, typographic quotes, ellipsis) and of
 * U+00A0-U+00BF (no-break space, guillemets) separates words.  The
 * highlighter and the phrase check (phrase.h) cut words here.
 */
#ifndef WSIS_WORDS_H
#define WSIS_WORDS_H

#include <stddef.h>

/* Finds the next word of text[0..len) at or after *pos: sets [*start,
 * *end), moves *pos to *end and returns 1; returns 0 when none is left. */
int wsis_word_next(const char *text, size_t len, size_t *pos, size_t *start, size_t *end);

#endif
