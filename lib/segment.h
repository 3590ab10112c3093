/* segment.h - the WSIS review file cut into passages.
 *
 * A pure function over a byte buffer: no I/O, no globals, so it can be
 * fuzzed.  The parts are told apart by their headings, never by line
 * numbers; PDF artefacts (page-break splits, page numbers, stray "00"
 * lines) are repaired or dropped.
 */
#ifndef WSIS_SEGMENT_H
#define WSIS_SEGMENT_H

#include <stddef.h>

#include "passage.h"

/* Non-zero when `buf` looks like the WSIS review file (it has the zero
 * draft's headings), so the input layer sends it here instead of treating
 * it as generic text. */
int wsis_segment_is_wsis(const char *buf, size_t len);

/* Appends the passages of the WSIS review in `buf` to `out`, in document
 * order.  Returns 0, or -1 with a message in err (out may then hold some
 * passages; the caller frees the list either way). */
int wsis_segment_wsis(const char *buf, size_t len, wsis_passage_list_t *out,
    char *err, size_t errlen);

#endif
