/* render.h - the portal's server-made pages, from the JSON replies of the
 * commands (pure: JSON in, HTML or SVG bytes out; no I/O, no index).
 *
 * Every string of a reply is raw text and is escaped here; the one field
 * that is HTML already, a hit's `snippet` (highlight.h: escaped text with
 * <mark>), goes in as it is.  Each function appends to `out` and returns 0,
 * or -1 (out of memory, or a reply of the wrong shape) with out as it came.
 */
#ifndef SEARCHD_RENDER_H
#define SEARCHD_RENDER_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

/* Appends s[0..len) with & < > " ' as character references. */
int render_escape(wsis_buf_t *out, const char *s, size_t len);
/* Appends s[0..len) percent-encoded for a URL's query or path (every byte
 * but A-Z a-z 0-9 - . _ ~ : encoded). */
int render_urlencode(wsis_buf_t *out, const char *s, size_t len);

/* The filters of a search page, as given (raw text, may be ""). */
typedef struct {
	const char *q;
	const char *part;
	const char *section;
	unsigned    offset, limit;
} render_search_t;

/* GET /search.html: the SEARCH reply `reply` as a whole HTML page (the
 * form, the hits with their snippets and links to /p/ID, "did you mean",
 * the pages before and after). */
int render_search_html(wsis_buf_t *out, const wsis_json_t *reply,
    const render_search_t *s);

/* GET /p/ID: the DOC reply `doc` as a page: its text, its section path and
 * a citation line "<title>, para. N", the title being the passage's own
 * "title" when it has one, else `cite_title`. */
int render_passage_html(wsis_buf_t *out, const wsis_json_t *doc,
    const char *cite_title);

/* GET /mentions.svg: the MENTIONS reply `mentions` as an SVG picture: a
 * bar per section (by_section, in its order) with its occurrences, and a
 * strip with one cell per passage of `outline` (a SEARCH reply in document
 * order: the document's numbered paragraphs), shaded by that passage's
 * occurrences and linked to /p/ID. */
int render_mentions_svg(wsis_buf_t *out, const wsis_json_t *mentions,
    const wsis_json_t *outline);

/* A page saying that the request failed: the status and the message. */
int render_error_html(wsis_buf_t *out, int status, const char *message);

#endif
