/* fts5run.c - SQLite FTS5 as the comparison engine (fts5run.h). */
#include "fts5run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

struct fts5run {
	sqlite3      *db;
	sqlite3_stmt *insert;
	sqlite3_stmt *search;
};

static int
fts5run_fail(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "sqlite: %s: %s", what, db != NULL ? sqlite3_errmsg(db) :
	    "out of memory");
	return -1;
}

int
fts5run_new(fts5run_t **out, char *err, size_t errlen)
{
	fts5run_t *f = calloc(1, sizeof *f);

	if (f == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sqlite3_open(":memory:", &f->db) != SQLITE_OK) {
		fts5run_fail(f->db, "cannot open an in-memory database", err, errlen);
		goto fail;
	}
	if (sqlite3_exec(f->db, "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, text, "
	    "tokenize='porter unicode61')", NULL, NULL, NULL) != SQLITE_OK) {
		fts5run_fail(f->db, "cannot create the FTS5 table", err, errlen);
		goto fail;
	}
	if (sqlite3_prepare_v2(f->db, "INSERT INTO t(id, title, text) VALUES (?1, ?2, ?3)",
	    -1, &f->insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(f->db, "SELECT id FROM t WHERE t MATCH ?1 "
	    "ORDER BY bm25(t), rowid LIMIT ?2", -1, &f->search, NULL) != SQLITE_OK) {
		fts5run_fail(f->db, "cannot prepare the statements", err, errlen);
		goto fail;
	}
	*out = f;
	return 0;
fail:
	fts5run_free(f);
	return -1;
}

int
fts5run_begin(fts5run_t *f, char *err, size_t errlen)
{
	if (sqlite3_exec(f->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return fts5run_fail(f->db, "BEGIN", err, errlen);
	return 0;
}

int
fts5run_commit(fts5run_t *f, char *err, size_t errlen)
{
	if (sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fts5run_fail(f->db, "COMMIT", err, errlen);
	return 0;
}

int
fts5run_add(fts5run_t *f, const char *id, const char *title, const char *text,
    char *err, size_t errlen)
{
	int rc;

	sqlite3_reset(f->insert);
	if (sqlite3_bind_text(f->insert, 1, id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (title != NULL ? sqlite3_bind_text(f->insert, 2, title, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(f->insert, 2)) != SQLITE_OK ||
	    sqlite3_bind_text(f->insert, 3, text, -1, SQLITE_STATIC) != SQLITE_OK)
		return fts5run_fail(f->db, "cannot bind a document", err, errlen);
	rc = sqlite3_step(f->insert);
	sqlite3_reset(f->insert);
	sqlite3_clear_bindings(f->insert);
	if (rc != SQLITE_DONE)
		return fts5run_fail(f->db, "cannot insert a document", err, errlen);
	return 0;
}

/* A byte of a word: ASCII letters and digits, and every byte of a
 * non-ASCII UTF-8 character (unicode61 decides about those). */
static int
fts5run_is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c >= 0x80;
}

int
fts5run_expression(const char *text, wsis_buf_t *expr)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, j, words = 0;
	int rc = 0;

	while (s[i] != '\0') {
		while (s[i] != '\0' && !fts5run_is_word(s[i]))
			i++;
		for (j = i; s[j] != '\0' && fts5run_is_word(s[j]); j++)
			;
		if (j == i)
			break;
		if (words++ > 0)
			rc |= wsis_buf_puts(expr, " OR ");
		rc |= wsis_buf_putc(expr, '"');
		rc |= wsis_buf_append(expr, s + i, j - i);
		rc |= wsis_buf_putc(expr, '"');
		i = j;
	}
	return rc != 0 ? -1 : 0;
}

int
fts5run_search(fts5run_t *f, const char *text, unsigned limit, char ***ids, size_t *n,
    char *err, size_t errlen)
{
	wsis_buf_t expr = WSIS_BUF_INIT;
	char **list = NULL;
	size_t count = 0, i;
	int rc = -1, st = SQLITE_DONE;

	*ids = NULL;
	*n = 0;
	if (fts5run_expression(text, &expr) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (expr.len == 0) {
		rc = 0;
		goto out;
	}
	list = calloc(limit > 0 ? limit : 1, sizeof *list);
	if (list == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sqlite3_reset(f->search);
	if (sqlite3_bind_text(f->search, 1, expr.data, (int)expr.len, SQLITE_STATIC) !=
	    SQLITE_OK || sqlite3_bind_int64(f->search, 2, limit) != SQLITE_OK) {
		fts5run_fail(f->db, "cannot bind the query", err, errlen);
		goto out;
	}
	while (count < limit && (st = sqlite3_step(f->search)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(f->search, 0);
		if ((list[count] = strdup(id != NULL ? id : "")) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		count++;
	}
	if (count < limit && st != SQLITE_DONE) {
		fts5run_fail(f->db, "MATCH", err, errlen);
		goto out;
	}
	*ids = list;
	*n = count;
	list = NULL;
	rc = 0;
out:
	if (list != NULL) {
		for (i = 0; i < count; i++)
			free(list[i]);
		free(list);
	}
	if (f->search != NULL) {
		sqlite3_reset(f->search);
		sqlite3_clear_bindings(f->search);
	}
	wsis_buf_free(&expr);
	return rc;
}

void
fts5run_free(fts5run_t *f)
{
	if (f == NULL)
		return;
	sqlite3_finalize(f->insert);
	sqlite3_finalize(f->search);
	sqlite3_close(f->db);
	free(f);
}
