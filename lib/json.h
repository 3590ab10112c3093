/* json.h - the JSON the project reads and writes: JSON Lines input records,
 * the passage blob stored in each Xapian document, and writer helpers for
 * replies.  The parser never trusts the input: depth and sizes are bounded,
 * every error names its byte offset. */
#ifndef WSIS_JSON_H
#define WSIS_JSON_H

#include <stddef.h>

#include "buf.h"
#include "passage.h"

/* Appends `s` (len bytes) as a quoted JSON string.  Control characters are
 * escaped; invalid UTF-8 becomes U+FFFD.  Returns 0 or -1 (ENOMEM). */
int wsis_json_put_string(wsis_buf_t *b, const char *s, size_t len);
/* Same for a NUL-terminated string; NULL writes null. */
int wsis_json_put_cstr(wsis_buf_t *b, const char *s);

/* The passage as one JSON object:
 * {"id":...,"part":...,"title":...,"text":...,"fields":{"name":"value",...}}
 * ("title" only when set).  Returns 0 or -1 (ENOMEM). */
int wsis_passage_to_json(const wsis_passage_t *p, wsis_buf_t *out);

/* Parses one JSON object with "id" (string or integer), "text" (string),
 * optional "title" (string or null), "part" (string) and "fields" (object
 * whose values are strings, numbers, booleans or null); other keys are
 * ignored.  Fills *p (zeroed first; free with wsis_passage_clear()).
 * Returns 0, or -1 with "byte N: what is wrong" in err. */
int wsis_passage_from_json(const char *s, size_t len, wsis_passage_t *p,
    char *err, size_t errlen);

#endif
