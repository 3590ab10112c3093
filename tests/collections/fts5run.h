/* fts5run.h - the comparison engine of the collections test: SQLite FTS5
 * with its stock ranking, on the same documents and queries.
 *
 * The documents go into an in-memory table
 *   CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, text,
 *       tokenize='porter unicode61')
 * and a query becomes a bag of words, as ours treats it: its alphanumeric
 * words, each double-quoted (so none is FTS5 syntax), joined with OR, ranked
 * by ORDER BY bm25(t) (lower is better). */
#ifndef WSIS_TESTS_FTS5RUN_H
#define WSIS_TESTS_FTS5RUN_H

#include <stddef.h>

#include "buf.h"

typedef struct fts5run fts5run_t;

/* A new empty table; the caller frees it with fts5run_free().  Returns 0, or
 * -1 with a message in err. */
int fts5run_new(fts5run_t **out, char *err, size_t errlen);

/* Adds one document (title may be NULL).  Call between fts5run_begin() and
 * fts5run_commit() for speed.  Returns 0, or -1 with a message in err. */
int fts5run_begin(fts5run_t *f, char *err, size_t errlen);
int fts5run_add(fts5run_t *f, const char *id, const char *title, const char *text,
    char *err, size_t errlen);
int fts5run_commit(fts5run_t *f, char *err, size_t errlen);

/* The MATCH expression for the query `text` ("\"what\" OR \"is\" OR ...")
 * into `expr` (appended); an empty string when it has no word.  Returns 0 or
 * -1 (ENOMEM). */
int fts5run_expression(const char *text, wsis_buf_t *expr);

/* Runs `text` as a bag of words and sets *ids to the ids of the best `limit`
 * documents, best first (*n of them; *ids NULL when none).  The caller frees
 * each id and the array.  Returns 0, or -1 with a message in err. */
int fts5run_search(fts5run_t *f, const char *text, unsigned limit, char ***ids,
    size_t *n, char *err, size_t errlen);

void fts5run_free(fts5run_t *f);

#endif
