/* mentions.h - the mentions audit: every place a passage mentions a
 * concept, as written.
 *
 * A mentions query is one or more concepts joined by AND, OR, NOT and
 * parentheses (OR when nothing stands between two).  A concept is a quoted
 * phrase or a run of plain words, matched as a phrase: case, inflections
 * (English stems), British/American spellings, compounds written apart,
 * hyphenated or joined ("cyber security" = "cybersecurity"), and acronyms
 * with their expansions ("SIDS" = "small island developing States") all
 * count.  A word ending in '*' matches any word it begins.  field:value
 * terms (part:draft, para:30..40, section:"...") are filters.
 */
#ifndef WSIS_MENTIONS_H
#define WSIS_MENTIONS_H

#include <stddef.h>

#include "buf.h"
#include "wsis-xapian.h"

typedef struct wsis_mentions wsis_mentions_t;

typedef struct {
	size_t offset;   /* bytes into the text */
	size_t length;
} wsis_occurrence_t;

/* Compiles `query`.  Appends to `candidates` a Xapian query string that
 * matches every passage that can mention the concepts (a superset, "" when
 * every passage can) and to `filters` the field:value terms.  Returns 0, or
 * -1 with a message in err. */
int wsis_mentions_compile(const char *query, size_t len, wsis_mentions_t **out,
    wsis_buf_t *candidates, wsis_buf_t *filters, char *err, size_t errlen);

/* Finds the occurrences of the positive concepts in text[0..len) and
 * whether the passage satisfies the query.  *occ (malloc'ed, sorted by
 * offset, the caller frees) and *nocc are set in both cases.  Returns 1
 * (mentions), 0 (does not) or -1 (out of memory). */
int wsis_mentions_match(wsis_mentions_t *m, wsis_stemmer_t *st, const char *text,
    size_t len, wsis_occurrence_t **occ, size_t *nocc);

void wsis_mentions_free(wsis_mentions_t *m);

#endif
