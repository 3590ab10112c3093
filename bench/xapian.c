/* xapian.c - wsis-bench-xapian: the raw-Xapian ceiling of bench/run.
 *
 *   wsis-bench-xapian index -o DIR PATH...
 *   wsis-bench-xapian query [--exec] [--list] -i DIR -f QUERIES [-t THREADS]
 *       [-d SECONDS] [-w WARMUP]
 *
 * index: the passages that wsis-indexer reads (lib/input.h), each through
 * wsis_docbuild_add_plain() -- Xapian's TermGenerator with the English
 * stemmer and positions, the id and part terms, the order value and the
 * passage as data; nothing else -- into a new database DIR, committed once.
 * What wsis-indexer does beyond that (normalization, synonyms, spelling,
 * field text, atomic generations) is its cost over this ceiling.
 *
 * query: N threads, each with its own database handle, run the query file
 * of wsis-loadgen in a closed loop.  By default each request is what a
 * program using Xapian directly would do: QueryParser with Xapian's
 * defaults on the text (no normalization, no stopwords, no spelling), the
 * filters as a boolean filter, one MSet, and the stored data of every hit
 * of the page (all matches, in document order, for MENTIONS; an exact count
 * for COUNT).  --exec runs lib/exec.h instead, the very code wsis-searchd
 * runs on its workers, so the daemon's own cost (sockets, event loop,
 * framing) is its gap to this line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "buf.h"
#include "docbuild.h"
#include "exec.h"
#include "wsis-xapian.h"

#define PROG "wsis-bench-xapian"

static void
xapian_usage(FILE *f)
{
	fprintf(f,
	    "usage: " PROG " index -o DIR PATH...\n"
	    "       " PROG " query [--exec] [--list] -i DIR -f QUERIES [-t THREADS]\n"
	    "                [-d SECONDS] [-w WARMUP]\n"
	    "index: PATH... (read as wsis-indexer reads them) through Xapian's\n"
	    "       TermGenerator only, into the new database DIR\n"
	    "query: the request lines of QUERIES (wsis-loadgen's format) on DIR in a\n"
	    "       closed loop, THREADS threads (default 1) each with its own handle,\n"
	    "       for SECONDS (default 5) after WARMUP (default 1); one result line\n"
	    "  --exec   run each request through lib/exec.h (what wsis-searchd's\n"
	    "           workers run) instead of plain Xapian calls\n"
	    "  --list   run each request once and print MATCHES<TAB>REQUEST\n");
}

/* ---- index ---- */

static int
xapian_index(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	wsis_passage_list_t list = { 0 };
	wsis_wdb_t *wdb = NULL;
	const char *out = NULL;
	char err[1024], *msg = NULL;
	size_t bytes = 0, i;
	wsis_status_t st;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h': xapian_usage(stdout); return 0;
		default: xapian_usage(stderr); return 2;
		}
	}
	if (out == NULL || optind >= argc) {
		xapian_usage(stderr);
		return 2;
	}
	if (bench_read_passages(argv + optind, argc - optind, &list, &bytes, err,
	    sizeof err) != 0) {
		fprintf(stderr, PROG ": %s\n", err);
		goto out;
	}
	if ((st = wsis_wdb_create(out, WSIS_WDB_PLAIN, &wdb, &msg)) != WSIS_OK) {
		fprintf(stderr, PROG ": cannot create %s: %s\n", out,
		    msg ? msg : wsis_status_to_string(st));
		goto out;
	}
	for (i = 0; i < list.count; i++)
		if (wsis_docbuild_add_plain(wdb, &list.items[i], (unsigned)i, err,
		    sizeof err) != WSIS_OK) {
			fprintf(stderr, PROG ": %s\n", err);
			wsis_wdb_free(wdb);
			goto out;
		}
	if ((st = wsis_wdb_close(wdb, &msg)) != WSIS_OK) {
		fprintf(stderr, PROG ": cannot write %s: %s\n", out,
		    msg ? msg : wsis_status_to_string(st));
		goto out;
	}
	printf("passages=%zu input_bytes=%zu\n", list.count, bytes);
	rc = 0;
out:
	free(msg);
	wsis_passage_list_free(&list);
	return rc;
}

/* ---- query ---- */

typedef struct {
	const char *index;
	int         exec;
} xapian_args_t;

typedef struct {
	wsis_db_t        *db;
	unsigned long     doccount;
	int               exec;
	wsis_buf_t        text, filter, reply;
	wsis_exec_limits_t lim;
} xapian_handle_t;

static void
xapian_close(void *h)
{
	xapian_handle_t *x = h;

	wsis_db_free(x->db);
	wsis_buf_free(&x->text);
	wsis_buf_free(&x->filter);
	wsis_buf_free(&x->reply);
	free(x);
}

static void *
xapian_open(void *arg, unsigned thread, char *err, size_t errlen)
{
	const xapian_args_t *a = arg;
	const char *shards[1] = { a->index };
	wsis_exec_limits_t lim = WSIS_EXEC_LIMITS_DEFAULT;
	xapian_handle_t *x = calloc(1, sizeof *x);
	char *msg = NULL;
	wsis_status_t st;

	if (x == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	x->exec = a->exec;
	x->lim = lim;
	if ((st = wsis_db_open(shards, 1, &x->db, &msg)) != WSIS_OK ||
	    (st = wsis_db_doccount(x->db, &x->doccount)) != WSIS_OK) {
		snprintf(err, errlen, "cannot open %s: %s", a->index,
		    msg ? msg : x->db ? wsis_db_error(x->db) : wsis_status_to_string(st));
		free(msg);
		xapian_close(x);
		return NULL;
	}
	(void)thread;
	return x;
}

/* SEARCH, COUNT or MENTIONS with plain Xapian calls. */
static int
xapian_query(xapian_handle_t *x, const wsis_proto_request_t *req, unsigned long *rows,
    char *err, size_t errlen)
{
	wsis_query_t *q = NULL, *fq = NULL;
	wsis_results_t *r = NULL;
	wsis_search_opts_t so;
	wsis_status_t st;
	size_t i;
	int rc = -1;

	memset(&so, 0, sizeof so);
	wsis_buf_reset(&x->text);
	wsis_buf_reset(&x->filter);
	/* the filters as query text, as the daemon writes them */
	if (wsis_buf_append(&x->text, req->text.ptr ? req->text.ptr : "", req->text.len) != 0 ||
	    wsis_exec_filter_text(req, &x->filter) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	st = x->text.len > 0 ? wsis_query_parse(x->db, x->text.data, WSIS_QUERY_PLAIN |
	    WSIS_QUERY_STANDARD, &q) : wsis_query_new_all(&q);
	if (st == WSIS_OK && x->filter.len > 0 &&
	    (st = wsis_query_parse(x->db, x->filter.data, WSIS_QUERY_BOOLEAN |
	    WSIS_QUERY_PHRASE, &fq)) == WSIS_OK)
		st = wsis_query_filter(q, fq);
	if (st != WSIS_OK)
		goto fail;
	switch (req->cmd) {
	case WSIS_PROTO_CMD_SEARCH:
		so.offset = req->offset;
		so.limit = req->limit > x->lim.max_limit ? x->lim.max_limit : req->limit;
		so.doc_order = req->sort == WSIS_PROTO_SORT_DOC;
		break;
	case WSIS_PROTO_CMD_COUNT:
		so.check_at_least = (unsigned)x->doccount;
		break;
	default:   /* MENTIONS: every match, in document order */
		so.limit = (unsigned)x->doccount;
		so.doc_order = 1;
		break;
	}
	if ((st = wsis_db_search(x->db, q, &so, &r)) != WSIS_OK)
		goto fail;
	wsis_results_total(r, rows, NULL);
	for (i = 0; i < wsis_results_size(r); i++) {
		wsis_hit_t hit;

		if (wsis_results_get(r, i, &hit) != WSIS_OK) {
			snprintf(err, errlen, "hit %zu: %s", i, wsis_results_error(r));
			goto out;
		}
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s: %s", wsis_status_to_string(st), wsis_db_error(x->db));
out:
	wsis_results_free(r);
	wsis_query_free(fq);
	wsis_query_free(q);
	return rc;
}

static int
xapian_run(void *h, const bench_query_t *bq, unsigned long *rows, char *err, size_t errlen)
{
	xapian_handle_t *x = h;
	const wsis_proto_request_t *req = &bq->req;

	if (x->exec) {
		wsis_exec_error_t xe;

		wsis_buf_reset(&x->reply);
		if (wsis_exec(x->db, req, &x->lim, &x->reply, &xe, rows) != 0) {
			snprintf(err, errlen, "ERR %d %s", xe.code, xe.message);
			return -1;
		}
		return 0;
	}
	switch (req->cmd) {
	case WSIS_PROTO_CMD_SEARCH:
	case WSIS_PROTO_CMD_COUNT:
	case WSIS_PROTO_CMD_MENTIONS:
		return xapian_query(x, req, rows, err, errlen);
	case WSIS_PROTO_CMD_DOC: {
		char *data = NULL;
		size_t len;
		wsis_status_t st;

		wsis_buf_reset(&x->text);
		if (wsis_buf_append(&x->text, req->text.ptr ? req->text.ptr : "",
		    req->text.len) != 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		st = wsis_db_get_by_id(x->db, x->text.data, &data, &len);
		free(data);
		*rows = st == WSIS_OK;
		if (st != WSIS_OK) {
			snprintf(err, errlen, "%s", wsis_db_error(x->db));
			return -1;
		}
		return 0;
	}
	default:
		snprintf(err, errlen, "%s has no plain-Xapian form",
		    wsis_proto_cmd_name(req->cmd));
		return -1;
	}
}

static int
xapian_bench(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "exec", no_argument, NULL, 'x' },
		{ "list", no_argument, NULL, 'l' },
		{ "index", required_argument, NULL, 'i' },
		{ "queries", required_argument, NULL, 'f' },
		{ "threads", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	xapian_args_t a = { NULL, 0 };
	bench_queries_t queries;
	int list = 0;
	bench_loop_t loop;
	const char *qfile = NULL;
	char err[1024];
	int c, rc;

	memset(&loop, 0, sizeof loop);
	loop.threads = 1;
	loop.duration = 5.0;
	loop.warmup = 1.0;
	while ((c = getopt_long(argc, argv, "i:f:t:d:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'x': a.exec = 1; break;
		case 'l': list = 1; break;
		case 'i': a.index = optarg; break;
		case 'f': qfile = optarg; break;
		case 't': loop.threads = bench_count(PROG, "--threads", optarg, 1024); break;
		case 'd': loop.duration = bench_seconds(PROG, "--duration", optarg); break;
		case 'w': loop.warmup = bench_seconds(PROG, "--warmup", optarg); break;
		case 'h': xapian_usage(stdout); return 0;
		default: xapian_usage(stderr); return 2;
		}
	}
	if (a.index == NULL || qfile == NULL || optind != argc || loop.duration <= 0.0) {
		xapian_usage(stderr);
		return 2;
	}
	if (bench_queries_load(qfile, &queries, err, sizeof err) != 0) {
		fprintf(stderr, PROG ": %s\n", err);
		return 2;
	}
	loop.queries = &queries;
	loop.arg = &a;
	loop.open = xapian_open;
	loop.run = xapian_run;
	loop.close = xapian_close;
	rc = list ? bench_list(&loop, err, sizeof err) : bench_loop_run(&loop, err, sizeof err);
	if (rc < 0)
		fprintf(stderr, PROG ": %s\n", err);
	bench_queries_free(&queries);
	return rc < 0 ? 1 : rc;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "index") == 0)
		return xapian_index(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "query") == 0)
		return xapian_bench(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		xapian_usage(stdout);
		return 0;
	}
	xapian_usage(stderr);
	return 2;
}
