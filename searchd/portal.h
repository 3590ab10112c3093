/* portal.h - the portal's routes: the search page and the widget (files
 * built into the binary from web/), and the pages made on a worker from a
 * command's reply: /search.html (SEARCH), /p/ID (DOC) and /mentions.svg
 * (MENTIONS).
 *
 * A made page runs as its command does (the same request checks, the same
 * pool); then, still on the worker, portal_render() turns the command's
 * JSON into the page (render.h), so the event loop never runs a query nor
 * renders one.  The reply cache keeps the page under the request's key
 * plus the page's path, apart from the command's JSON. */
#ifndef SEARCHD_PORTAL_H
#define SEARCHD_PORTAL_H

#include <stddef.h>

#include "buf.h"
#include "exec.h"
#include "proto.h"
#include "qstring.h"
#include "wsis-xapian.h"

/* The header line of a made page: it runs no script and loads nothing, so
 * text that slipped past the escaping could still do no harm. */
#define PORTAL_CSP "Content-Security-Policy: default-src 'none'; " \
    "style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'\r\n"

typedef struct portal_page {
	const char          *path;   /* ending in '/': a prefix, the rest the id */
	wsis_proto_cmd_t     cmd;    /* made from this command's reply; NONE: a file */
	const char          *type;   /* its Content-Type */
	const unsigned char *data;   /* a file: its bytes */
	const size_t        *len;
} portal_page_t;

/* The portal page at `path` (still percent-encoded), or NULL.  For a
 * prefix route, *arg gets the rest of the path (to decode), else NULL. */
const portal_page_t *portal_find(const char *path, const char **arg);

/* A form's empty fields ("part=&section=", a select left at "every part")
 * mean "not given": removes the parameters with an empty value from `qs`. */
void portal_form_params(wsis_qstring_t *qs);

/* Worker thread: replaces `out`, the JSON reply of `req` (the page's
 * command, run on `db`), with the page.  Returns 0, or -1 with err filled
 * (out then as it came). */
int portal_render(const portal_page_t *pg, wsis_db_t *db, const wsis_exec_limits_t *lim,
    const wsis_proto_request_t *req, wsis_buf_t *out, wsis_exec_error_t *err);

/* An HTML page saying that a page's request failed.  Returns 0 or -1. */
int portal_error(int status, const char *message, wsis_buf_t *out);

#endif
