/* highlight.h - a hit's snippet: the part of a passage of at most a given
 * size that holds the most of the query's words, as HTML (the text escaped,
 * each run of matched words in <mark>...</mark>, an ellipsis where the
 * passage was cut).
 *
 * A pure function over the text: which word matches is the caller's
 * question (`match`), so the same code serves any query and is tested (and
 * fuzzed) without a database.  Words are cut where wsis-indexer's words
 * end (words.h).
 */
#ifndef WSIS_HIGHLIGHT_H
#define WSIS_HIGHLIGHT_H

#include <stddef.h>

#include "buf.h"

/* Which query word `word` (len bytes, as written in the passage) matches:
 * a number >= 0 that is the same for the same query word, or -1. */
typedef int (*wsis_highlight_match_fn)(void *arg, const char *word, size_t len);

/* Appends to `out` the snippet of text[0..len): at most `max_bytes` bytes
 * of the passage (more in the output, for the marks, escapes and
 * ellipses), cut at word boundaries, chosen to hold the most different
 * matched words, then the most matches, then the earliest; the start of
 * the passage when nothing matches.  `hi_start`, `hi_end` and `omit` are
 * written as they are (they are HTML).  Returns 0, or -1 when out of
 * memory. */
int wsis_highlight(const char *text, size_t len, size_t max_bytes,
    wsis_highlight_match_fn match, void *arg, const char *hi_start,
    const char *hi_end, const char *omit, wsis_buf_t *out);

#endif
