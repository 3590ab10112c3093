/* cites.h - the citation index (CITES) for people (text) and spreadsheets
 * (CSV). */
#ifndef CLIENT_CITES_H
#define CLIENT_CITES_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

/* The CITES reply as text: the totals, then each cited text with its
 * counts, a line per cited paragraph with the passages citing it, and the
 * passages citing the text as a whole.  Returns 0, or -1 with a message in
 * err. */
int cites_text(wsis_buf_t *out, const wsis_json_t *reply, char *err, size_t errlen);

/* The CITES reply as CSV (RFC 4180): a header, then one row per cited
 * paragraph and passage citing it (text, para, id), and per passage
 * citing the text as a whole (para empty). */
int cites_csv(wsis_buf_t *out, const wsis_json_t *reply, char *err, size_t errlen);

#endif
