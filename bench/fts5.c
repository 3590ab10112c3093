/* fts5.c - wsis-bench-fts5: the SQLite FTS5 comparison of bench/run.
 *
 *   wsis-bench-fts5 index -o FILE PATH...
 *   wsis-bench-fts5 query [--list] -i FILE -f QUERIES [-t THREADS] [-d SECONDS]
 *       [-w WARMUP]
 *
 * index: the passages that wsis-indexer reads (lib/input.h) into a new
 * SQLite database FILE: one FTS5 table (porter stemmer over unicode61,
 * positions kept: detail=full) whose indexed columns are the text, the
 * title and the section, and whose unindexed columns hold the id, part,
 * paragraph and day for the filters; an id -> rowid table for DOC.  One
 * transaction, then FTS5's 'optimize' (one b-tree segment: the counterpart
 * of xapian-compact).  Prints the seconds of both steps.
 *
 * query: N threads, each with its own read-only connection and one
 * prepared statement per request line, run the query file of wsis-loadgen
 * in a closed loop and read every row (id and text) of each answer:
 *   SEARCH   -> MATCH ... ORDER BY rank (bm25) or rowid, LIMIT/OFFSET
 *   COUNT    -> count(*) of the MATCH
 *   MENTIONS -> every matching row in document order
 *   DOC      -> the row of an id
 * The query text is Xapian's syntax turned into FTS5's: loose words joined
 * by OR (Xapian's default operator), "phrases", AND/OR/NOT, parentheses
 * and word* kept; everything else (field:, +/-, NEAR) is refused.  part=,
 * para= and day= become SQL conditions on the unindexed columns, section=
 * a phrase on the section column.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "bench.h"
#include "buf.h"
#include "clock.h"

#define PROG "wsis-bench-fts5"

static void
fts5_usage(FILE *f)
{
	fprintf(f,
	    "usage: " PROG " index -o FILE PATH...\n"
	    "       " PROG " query [--list] -i FILE -f QUERIES [-t THREADS] [-d SECONDS]\n"
	    "                [-w WARMUP]\n"
	    "index: PATH... (read as wsis-indexer reads them) into a new SQLite FTS5\n"
	    "       database FILE (porter tokenizer, positions), then 'optimize'\n"
	    "query: the request lines of QUERIES (wsis-loadgen's format) on FILE in a\n"
	    "       closed loop, THREADS threads (default 1) each with its own\n"
	    "       connection, for SECONDS (default 5) after WARMUP (default 1)\n"
	    "  --list   run each request once and print ROWS<TAB>REQUEST\n");
}

/* ---- index ---- */

static const char fts5_schema[] =
    "CREATE VIRTUAL TABLE passages USING fts5(text, title, section,"
    " id UNINDEXED, part UNINDEXED, para UNINDEXED, day UNINDEXED,"
    " tokenize = 'porter unicode61', detail = full);"
    "CREATE TABLE ids(id TEXT PRIMARY KEY, docid INTEGER NOT NULL) WITHOUT ROWID;";

/* Binds a passage's numeric field, or NULL. */
static int
fts5_bind_number(sqlite3_stmt *st, int col, const wsis_passage_t *p, const char *name)
{
	const char *v = wsis_passage_field(p, name);
	char *end;
	long n;

	if (v == NULL || *v < '0' || *v > '9')
		return sqlite3_bind_null(st, col);
	n = strtol(v, &end, 10);
	return *end == '\0' ? sqlite3_bind_int64(st, col, n) : sqlite3_bind_null(st, col);
}

static int
fts5_bind_text(sqlite3_stmt *st, int col, const char *s)
{
	return s != NULL ? sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, col);
}

static int
fts5_index(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	wsis_passage_list_t list = { 0 };
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL, *ids = NULL;
	const char *out = NULL;
	char err[1024];
	size_t bytes = 0, i;
	double t0, t1, t2;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h': fts5_usage(stdout); return 0;
		default: fts5_usage(stderr); return 2;
		}
	}
	if (out == NULL || optind >= argc) {
		fts5_usage(stderr);
		return 2;
	}
	t0 = wsis_clock_s();
	if (bench_read_passages(argv + optind, argc - optind, &list, &bytes, err,
	    sizeof err) != 0) {
		fprintf(stderr, PROG ": %s\n", err);
		goto out;
	}
	if (sqlite3_open_v2(out, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_EXCLUSIVE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, fts5_schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO passages(rowid, text, title, section, id,"
	    " part, para, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &ins,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO ids(id, docid) VALUES (?1, ?2)", -1, &ids,
	    NULL) != SQLITE_OK)
		goto sqlerr;
	for (i = 0; i < list.count; i++) {
		const wsis_passage_t *p = &list.items[i];

		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		fts5_bind_text(ins, 2, p->text);
		fts5_bind_text(ins, 3, p->title);
		fts5_bind_text(ins, 4, wsis_passage_field(p, "section"));
		fts5_bind_text(ins, 5, p->id);
		fts5_bind_text(ins, 6, p->part);
		fts5_bind_number(ins, 7, p, "para");
		fts5_bind_number(ins, 8, p, "day");
		fts5_bind_text(ids, 1, p->id);
		sqlite3_bind_int64(ids, 2, (sqlite3_int64)i + 1);
		if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_step(ids) != SQLITE_DONE)
			goto sqlerr;
		sqlite3_reset(ins);
		sqlite3_reset(ids);
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto sqlerr;
	t1 = wsis_clock_s();
	if (sqlite3_exec(db, "INSERT INTO passages(passages) VALUES ('optimize')", NULL,
	    NULL, NULL) != SQLITE_OK)
		goto sqlerr;
	t2 = wsis_clock_s();
	printf("passages=%zu input_bytes=%zu build_seconds=%.3f optimize_seconds=%.3f\n",
	    list.count, bytes, t1 - t0, t2 - t1);
	rc = 0;
	goto out;
sqlerr:
	fprintf(stderr, PROG ": %s: %s\n", out, db ? sqlite3_errmsg(db) : "cannot open");
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(ids);
	sqlite3_close(db);
	wsis_passage_list_free(&list);
	return rc;
}

/* ---- query ---- */

/* Turns the Xapian query text t[0..n) into an FTS5 expression.  Returns 0,
 * or -1 with a message in err. */
static int
fts5_match(const char *t, size_t n, wsis_buf_t *m, char *err, size_t errlen)
{
	size_t i = 0, j;
	int operand = 0;   /* the last thing written was an operand */
	int rc = 0;

	while (i < n && rc == 0) {
		if (t[i] == ' ' || t[i] == '\t') {
			i++;
			continue;
		}
		if (t[i] == '(' || t[i] == ')') {
			if (t[i] == '(' && operand)
				rc |= wsis_buf_puts(m, " OR ");
			rc |= wsis_buf_putc(m, t[i]);
			operand = t[i] == ')';
			i++;
			continue;
		}
		if (t[i] == '"') {
			for (j = i + 1; j < n && t[j] != '"'; j++)
				;
			if (operand)
				rc |= wsis_buf_puts(m, " OR ");
			rc |= wsis_buf_putc(m, '"');
			rc |= wsis_buf_append(m, t + i + 1, j - i - 1);
			rc |= wsis_buf_putc(m, '"');
			operand = 1;
			i = j < n ? j + 1 : j;
			continue;
		}
		for (j = i; j < n && t[j] != ' ' && t[j] != '\t' && t[j] != '(' &&
		    t[j] != ')' && t[j] != '"'; j++)
			;
		if ((j - i == 3 && memcmp(t + i, "AND", 3) == 0) ||
		    (j - i == 2 && memcmp(t + i, "OR", 2) == 0) ||
		    (j - i == 3 && memcmp(t + i, "NOT", 3) == 0)) {
			rc |= wsis_buf_putc(m, ' ');
			rc |= wsis_buf_append(m, t + i, j - i);
			rc |= wsis_buf_putc(m, ' ');
			operand = 0;
		} else {
			size_t w = j - i, k;
			int prefix = w > 1 && t[j - 1] == '*';

			if (prefix)
				w--;
			for (k = i; k < i + w; k++)
				if (t[k] == ':' || t[k] == '*' || (k == i && (t[k] == '+' ||
				    t[k] == '-')) || (w == 4 && memcmp(t + i, "NEAR", 4) == 0) ||
				    (w == 3 && memcmp(t + i, "ADJ", 3) == 0)) {
					snprintf(err, errlen, "'%.*s' has no FTS5 form here",
					    (int)(j - i), t + i);
					return -1;
				}
			if (operand)
				rc |= wsis_buf_puts(m, " OR ");
			rc |= wsis_buf_putc(m, '"');
			rc |= wsis_buf_append(m, t + i, w);
			rc |= wsis_buf_putc(m, '"');
			if (prefix)
				rc |= wsis_buf_putc(m, '*');
			operand = 1;
		}
		i = j;
	}
	if (rc != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* The SQL of one request line, malloc'ed into *sql. */
static int
fts5_sql(const wsis_proto_request_t *req, char **sql, char *err, size_t errlen)
{
	wsis_buf_t match = WSIS_BUF_INIT, where = WSIS_BUF_INIT;
	char *q;
	size_t i;
	int rc = 0;

	if (req->cmd == WSIS_PROTO_CMD_DOC) {
		q = sqlite3_mprintf("SELECT id, text FROM passages WHERE rowid ="
		    " (SELECT docid FROM ids WHERE id = %.*Q)", (int)req->text.len,
		    req->text.ptr ? req->text.ptr : "");
		goto done;
	}
	if (req->cmd != WSIS_PROTO_CMD_SEARCH && req->cmd != WSIS_PROTO_CMD_COUNT &&
	    req->cmd != WSIS_PROTO_CMD_MENTIONS) {
		snprintf(err, errlen, "%s has no FTS5 form", wsis_proto_cmd_name(req->cmd));
		return -1;
	}
	if (req->text.len > 0) {
		rc |= wsis_buf_puts(&match, "{text title} : (");
		if (fts5_match(req->text.ptr, req->text.len, &match, err, errlen) != 0)
			goto fail;
		rc |= wsis_buf_putc(&match, ')');
	}
	if (req->opts & WSIS_PROTO_OPT_SECTION) {
		rc |= wsis_buf_printf(&match, "%ssection : \"%.*s\"", match.len ? " AND " : "",
		    (int)req->section.len, req->section.ptr);
	}
	if (match.len > 0) {
		q = sqlite3_mprintf("passages MATCH %Q", match.data);
		rc |= q == NULL || wsis_buf_puts(&where, q);
		sqlite3_free(q);
	} else if (req->nparts == 0 && !(req->opts & (WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_DAY))) {
		snprintf(err, errlen, "empty query");
		goto fail;
	} else {
		rc |= wsis_buf_puts(&where, "1");
	}
	for (i = 0; i < req->nparts; i++) {
		q = sqlite3_mprintf("%s%.*Q", i == 0 ? " AND part IN (" : ", ",
		    (int)req->parts[i].len, req->parts[i].ptr);
		rc |= q == NULL || wsis_buf_puts(&where, q);
		sqlite3_free(q);
	}
	if (req->nparts > 0)
		rc |= wsis_buf_putc(&where, ')');
	if (req->opts & WSIS_PROTO_OPT_PARA)
		rc |= wsis_buf_printf(&where, " AND para BETWEEN %u AND %u", req->para_min,
		    req->para_max);
	if (req->opts & WSIS_PROTO_OPT_DAY)
		rc |= wsis_buf_printf(&where, " AND day BETWEEN %u AND %u", req->day_min,
		    req->day_max);
	if (rc != 0)
		goto nomem;
	switch (req->cmd) {
	case WSIS_PROTO_CMD_SEARCH:
		q = sqlite3_mprintf("SELECT id, text FROM passages WHERE %s ORDER BY %s"
		    " LIMIT %u OFFSET %u", where.data,
		    req->sort == WSIS_PROTO_SORT_DOC || match.len == 0 ? "rowid" : "rank",
		    req->limit > 100 ? 100 : req->limit, req->offset);
		break;
	case WSIS_PROTO_CMD_COUNT:
		q = sqlite3_mprintf("SELECT count(*) FROM passages WHERE %s", where.data);
		break;
	default:
		q = sqlite3_mprintf("SELECT id, text FROM passages WHERE %s ORDER BY rowid",
		    where.data);
		break;
	}
done:
	if (q == NULL)
		goto nomem;
	*sql = strdup(q);
	sqlite3_free(q);
	wsis_buf_free(&match);
	wsis_buf_free(&where);
	if (*sql == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	wsis_buf_free(&match);
	wsis_buf_free(&where);
	return -1;
}

typedef struct {
	const char            *file;
	const bench_queries_t *queries;
	char                 **sql;   /* per query line */
} fts5_args_t;

typedef struct {
	sqlite3       *db;
	sqlite3_stmt **st;    /* per query line */
	size_t         n;
	const bench_queries_t *queries;
} fts5_handle_t;

static void
fts5_close(void *h)
{
	fts5_handle_t *x = h;
	size_t i;

	for (i = 0; i < x->n; i++)
		sqlite3_finalize(x->st[i]);
	free(x->st);
	sqlite3_close(x->db);
	free(x);
}

static void *
fts5_open(void *arg, unsigned thread, char *err, size_t errlen)
{
	const fts5_args_t *a = arg;
	fts5_handle_t *x = calloc(1, sizeof *x);
	size_t i;

	(void)thread;
	if (x == NULL || (x->st = calloc(a->queries->count, sizeof *x->st)) == NULL) {
		free(x);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	x->n = a->queries->count;
	x->queries = a->queries;
	if (sqlite3_open_v2(a->file, &x->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", a->file, sqlite3_errmsg(x->db));
		fts5_close(x);
		return NULL;
	}
	for (i = 0; i < x->n; i++)
		if (sqlite3_prepare_v2(x->db, a->sql[i], -1, &x->st[i], NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", a->queries->items[i].line,
			    sqlite3_errmsg(x->db));
			fts5_close(x);
			return NULL;
		}
	return x;
}

static int
fts5_run(void *h, const bench_query_t *bq, unsigned long *rows, char *err, size_t errlen)
{
	fts5_handle_t *x = h;
	sqlite3_stmt *st = x->st[bq - x->queries->items];
	size_t bytes = 0;
	int rc;

	*rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i, n = sqlite3_column_count(st);

		*rows = bq->req.cmd == WSIS_PROTO_CMD_COUNT ?
		    (unsigned long)sqlite3_column_int64(st, 0) : *rows + 1;
		for (i = 0; i < n; i++) {
			sqlite3_column_text(st, i);
			bytes += (size_t)sqlite3_column_bytes(st, i);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(x->db));
		return -1;
	}
	return bytes > 0 || bq->req.cmd != WSIS_PROTO_CMD_DOC ? 0 :
	    (snprintf(err, errlen, "no such id"), -1);
}

static int
fts5_bench(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "index", required_argument, NULL, 'i' },
		{ "list", no_argument, NULL, 'l' },
		{ "queries", required_argument, NULL, 'f' },
		{ "threads", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	fts5_args_t a = { NULL, NULL, NULL };
	bench_queries_t queries;
	bench_loop_t loop;
	const char *qfile = NULL;
	char err[1024];
	size_t i;
	int c, rc = 2, list = 0;

	memset(&loop, 0, sizeof loop);
	loop.threads = 1;
	loop.duration = 5.0;
	loop.warmup = 1.0;
	while ((c = getopt_long(argc, argv, "i:f:t:d:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': a.file = optarg; break;
		case 'l': list = 1; break;
		case 'f': qfile = optarg; break;
		case 't': loop.threads = bench_count(PROG, "--threads", optarg, 1024); break;
		case 'd': loop.duration = bench_seconds(PROG, "--duration", optarg); break;
		case 'w': loop.warmup = bench_seconds(PROG, "--warmup", optarg); break;
		case 'h': fts5_usage(stdout); return 0;
		default: fts5_usage(stderr); return 2;
		}
	}
	if (a.file == NULL || qfile == NULL || optind != argc || loop.duration <= 0.0) {
		fts5_usage(stderr);
		return 2;
	}
	if (bench_queries_load(qfile, &queries, err, sizeof err) != 0) {
		fprintf(stderr, PROG ": %s\n", err);
		return 2;
	}
	a.queries = &queries;
	if ((a.sql = calloc(queries.count, sizeof *a.sql)) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	for (i = 0; i < queries.count; i++)
		if (fts5_sql(&queries.items[i].req, &a.sql[i], err, sizeof err) != 0) {
			fprintf(stderr, PROG ": %s: %s\n", queries.items[i].line, err);
			goto out;
		}
	loop.queries = &queries;
	loop.arg = &a;
	loop.open = fts5_open;
	loop.run = fts5_run;
	loop.close = fts5_close;
	rc = list ? bench_list(&loop, err, sizeof err) : bench_loop_run(&loop, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		rc = 1;
	}
out:
	if (a.sql != NULL)
		for (i = 0; i < queries.count; i++)
			free(a.sql[i]);
	free(a.sql);
	bench_queries_free(&queries);
	return rc;
}

int
main(int argc, char **argv)
{
	/* before anything initializes SQLite (sqlite3_mprintf does): threads
	 * share nothing, each has its own connection */
	if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK ||
	    sqlite3_initialize() != SQLITE_OK) {
		fprintf(stderr, PROG ": cannot set up SQLite\n");
		return 1;
	}
	if (argc >= 2 && strcmp(argv[1], "index") == 0)
		return fts5_index(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "query") == 0)
		return fts5_bench(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fts5_usage(stdout);
		return 0;
	}
	fts5_usage(stderr);
	return 2;
}
