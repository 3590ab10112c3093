/* suggest.h - SUGGEST: completions of what a person is typing in a search
 * box, from the index's own words and the phrases its passages hold, in
 * the OpenSearch suggestions format:
 *
 *     ["enhanced coop", ["enhanced cooperation", ...]]
 *
 * The text's last word is the prefix completed, with the index's words
 * that begin so (wsis_db_complete()).  Alone, the completions rank by the
 * number of passages holding each word; after other words, each completion
 * is the words typed and a word that some passage holds with them as a
 * phrase (when there is none, that some passage holds with them at all),
 * ranked by the number of passages that do.  Runs on a worker, as every command that reads the
 * index: a short prefix looks at a bounded number of terms. */
#ifndef WSIS_SUGGEST_H
#define WSIS_SUGGEST_H

#include "buf.h"
#include "exec.h"
#include "proto.h"
#include "wsis-xapian.h"

/* Completions at most (limit= is capped to it). */
#define WSIS_SUGGEST_MAX 20
/* Terms looked at for one prefix, at most (wsis_db_complete's max_scan). */
#define WSIS_SUGGEST_SCAN 20000

/* The handler of SUGGEST (command.h): req->text is what was typed (empty
 * gives ["", []]), req->limit the completions wanted (default 10, at most
 * WSIS_SUGGEST_MAX).  Appends the reply to `out`; returns 0, or -1 with
 * `err` filled and `out` as it was.  *hits (may be NULL) gets the number
 * of completions. */
int wsis_suggest_exec(wsis_db_t *db, const wsis_proto_request_t *req,
    const wsis_exec_limits_t *lim, wsis_buf_t *out, wsis_exec_error_t *err,
    unsigned long *hits);

#endif
