/* output.h - what wsis-search prints: the server's JSON replies as text
 * for people (or re-indented JSON), and the cleaning that keeps whatever
 * the server sends from driving the terminal.
 *
 * Formatters take a parsed reply (lib/json.h) and append text to a buffer;
 * the caller writes the buffer.  They check the keys they need and fail,
 * with a message in err, on a reply of the wrong shape; keys they do not
 * know are ignored (doc/PROTOCOL.md, section 11).  Each returns 0 or -1.
 */
#ifndef WSIS_CLIENT_OUTPUT_H
#define WSIS_CLIENT_OUTPUT_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

/* ANSI bold around matched words, when color is on. */
#define OUTPUT_BOLD  "\033[1m"
#define OUTPUT_RESET "\033[0m"

/* output_clean() flags */
enum {
	OUTPUT_KEEP_LINES = 1u << 0   /* keep LF and TAB (a passage's text) */
};

/* Appends s[0..len) for a terminal: control bytes (C0, DEL, and C1 as
 * U+0080..U+009F) become spaces, except LF and TAB with
 * OUTPUT_KEEP_LINES; CR LF becomes LF; invalid UTF-8 bytes become '?'.
 * Valid UTF-8 is kept intact. */
int output_clean(wsis_buf_t *out, const char *s, size_t len, unsigned flags);

/* Appends a snippet on one line: <mark>...</mark> becomes OUTPUT_BOLD ...
 * OUTPUT_RESET when `color`, nothing otherwise; the entities &amp; &lt;
 * &gt; &quot; and &#39; are decoded (the server's snippets are HTML:
 * lib/highlight.c escapes &, < and >); the rest is cleaned as by
 * output_clean(). */
int output_snippet(wsis_buf_t *out, const char *s, size_t len, int color);

/* The reply's count `key` ("total", "total_passages"): a whole number
 * >= 0, or -1 with err when the reply is not an object holding one. */
int output_total(const wsis_json_t *reply, const char *key, double *n,
    char *err, size_t errlen);

/* SEARCH ("about" when the total is an estimate, "showing" when the page
 * holds part of the hits):
 *   about 15 hits for "enhanced cooperation", showing 1-3 (0.4 ms)
 *   Did you mean: enhanced cooperation
 *
 *   1. draft:39  [2.1 Enhanced Cooperation]  7.412
 *       ...strengthening enhanced cooperation, to enable...
 * *total gets the reply's "total". */
int output_search(wsis_buf_t *out, const wsis_json_t *reply, int color,
    double *total, char *err, size_t errlen);
/* COUNT: the number of hits, alone on a line.  *total gets it. */
int output_count(wsis_buf_t *out, const wsis_json_t *reply, double *total,
    char *err, size_t errlen);
/* DOC: "key: value" lines (id, part, title, then the fields), a blank
 * line, then the whole text. */
int output_doc(wsis_buf_t *out, const wsis_json_t *reply, char *err,
    size_t errlen);
/* STATS: one "key  value" line per scalar, nested keys joined by '.'. */
int output_stats(wsis_buf_t *out, const wsis_json_t *reply, char *err,
    size_t errlen);
/* PING: "PONG 0.213 ms" for {"pong":true}, else the reply and the time. */
int output_ping(wsis_buf_t *out, const wsis_json_t *reply, double rtt_ms,
    char *err, size_t errlen);
/* Prints "wsis-search: MESSAGE\n" on stderr, the message cleaned as by
 * output_clean() (it may quote the server). */
void output_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* When the reply says "partial":true, a warning on stderr naming its
 * "missing_shards": the answer comes from the other shards only. */
void output_partial(const wsis_json_t *reply);

/* Any reply as JSON: indented by `indent` spaces, or compact on one line
 * when indent is 0.  Ends with a newline. */
int output_json(wsis_buf_t *out, const wsis_json_t *reply, int indent,
    char *err, size_t errlen);

#endif
