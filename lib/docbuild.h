/* docbuild.h - how a passage becomes a Xapian document: its text and
 * synonyms (normalized, see normalize.h), its fields as prefixed terms and
 * values, and the passage itself as JSON data. */
#ifndef WSIS_DOCBUILD_H
#define WSIS_DOCBUILD_H

#include <stddef.h>

#include "passage.h"
#include "wsis-xapian.h"

/* Builds the document of passage `p`, the `order`-th in document order, and
 * adds it to `wdb`.  Returns WSIS_OK, or a status with a message in err. */
wsis_status_t wsis_docbuild_add(wsis_wdb_t *wdb, const wsis_passage_t *p,
    unsigned long long order, char *err, size_t errlen);

/* The baseline: the passage's text through Xapian's TermGenerator with the
 * English stemmer and positions and nothing else (no normalization, no
 * synonyms, no field text), plus its id term, order value and data, so the
 * same tools can search it.  What "plain Xapian defaults" means in the
 * relevance and benchmark reports. */
wsis_status_t wsis_docbuild_add_plain(wsis_wdb_t *wdb, const wsis_passage_t *p,
    unsigned long long order, char *err, size_t errlen);

#endif
