/* audit.h - the mentions audit for people (text) and spreadsheets (CSV). */
#ifndef CLIENT_AUDIT_H
#define CLIENT_AUDIT_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

/* The MENTIONS reply as text: totals, counts per form matched, per part and
 * per section, and each occurrence in context with its passage id; the
 * match in bold when `color`.  Returns 0, or -1 with a message in err. */
int audit_text(wsis_buf_t *out, const wsis_json_t *reply, int color, char *err,
    size_t errlen);

/* The MENTIONS reply as CSV (RFC 4180): a header, then one row per
 * occurrence: id, part, section, para, offset, before, match, after. */
int audit_csv(wsis_buf_t *out, const wsis_json_t *reply, char *err, size_t errlen);

/* One CSV field (RFC 4180): quoted, quotes doubled, line breaks as spaces;
 * then a comma, or CRLF after the `last`.  0, or -1 (out of memory). */
int audit_csv_field(wsis_buf_t *out, const char *s, size_t n, int last);

#endif
