/* citeindex.h - the citation index: the CITES command (doc/PROTOCOL.md).
 *
 * Every text the passages cite, with the passages that cite it and, for
 * each cited paragraph, the passages that cite that one, all in document
 * order, with counts; read from the citations stored with each passage
 * (citations.h), over the passages that cite anything (the term
 * WSIS_PREFIX_CITES "_"), or those citing one text when the request's text
 * names one.  Runs on a worker thread with that worker's database.
 */
#ifndef WSIS_CITEINDEX_H
#define WSIS_CITEINDEX_H

#include "buf.h"
#include "exec.h"
#include "proto.h"
#include "wsis-xapian.h"

/* The command table's handler for CITES, as wsis_exec() describes:
 * appends the JSON reply to `out`; `hits` (may be NULL) gets the number
 * of citing passages.  The text, when given, is a cites: value ("Tunis
 * Agenda", 68/302, "Tunis Agenda, paragraph 35"): malformed, 422; a text
 * no passage cites, an empty list.  Returns 0, or -1 with err filled and
 * out as it came. */
int wsis_citeindex_exec(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits);

#endif
