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

/* The same snippet chosen among the words of text[from..to) only, a
 * window's first match beginning in [anchor_start, anchor_end): the
 * bounded part of a long passage that wsis_highlight_span() gives (with a
 * word table, wordmap.h, for the bytes).  text[0..len) may itself be a
 * part of the passage, the bytes from its byte `at` on, which reach its
 * end when at_end is set; every offset is in text.  The ellipses say
 * whether the snippet begins at the passage's start and ends at its end. */
int wsis_highlight_part(const char *text, size_t len, size_t at, int at_end,
    size_t from, size_t to, size_t anchor_start, size_t anchor_end, size_t max_bytes,
    wsis_highlight_match_fn match, void *arg, const char *hi_start,
    const char *hi_end, const char *omit, wsis_buf_t *out);

/* Where a long passage's snippet is, in words, from the words its matches
 * are (word[0..n), ascending, word k the k-th word wsis_word_next() finds;
 * id[k] the query word it matches, as `match` numbers them) in a passage
 * of `words` words: the first of the first 64 matches whose next `span`
 * words (the passage's words in max_bytes) hold the most different query
 * words, then the most matches, as wsis_highlight() chooses by bytes.
 * Sets the words where a window's first match may begin [*anchor,
 * *anchor_end) (`span` words either side of that match:
 * wsis_highlight_part() chooses among them by bytes) and the words to cut
 * around them [*first, *end), which hold every byte that choice reads. */
void wsis_highlight_span(const unsigned *word, const int *id, size_t n, size_t words,
    size_t span, size_t max_bytes, size_t *first, size_t *anchor, size_t *anchor_end,
    size_t *end);

#endif
