/* collections.c - ranking quality on classic test collections the project
 * was not tuned for: ours against plain Xapian and SQLite FTS5 (README.md
 * in this directory).
 *
 *   collections [-v] [-o RUNDIR] DIR [NAME...]
 *
 * For each collection DIR/NAME (docs.jsonl, queries.tsv, qrels.trec;
 * default names: cranfield cisi) it indexes the documents three ways:
 *  - ours: lib/input.h reads docs.jsonl and wsis_docbuild_add() builds each
 *    document, as wsis-indexer does for the WSIS corpus;
 *  - plain Xapian: the same with wsis_docbuild_add_plain() (wsis-indexer
 *    --plain);
 *  - SQLite FTS5 (fts5run.h);
 * and asks ours a fourth time with expand=0 (what expansion adds);
 * then runs every query that has a relevant document through each engine,
 * 1000 results deep.  Ours and plain Xapian get the query as a user's query
 * travels: a SEARCH request line written and parsed by lib/proto.h, run by
 * wsis_exec() (ours with the default limits, plain Xapian with
 * limits.plain), whose JSON reply is read back for the ids in rank order.
 * It prints MAP and nDCG@10 (eval.h) side by side and, as TAP, fails unless
 * ours's MAP is at least COLL_MAP_LEAD times SQLite FTS5's and its nDCG@10
 * above FTS5's in every collection.
 *
 * Of the limits only max_limit is raised (to get 1000 hits), and
 * snippet_bytes is 0 (no snippet is read).  A query past the default
 * max_terms (the longest CISI queries) is searched by its most selective
 * terms, as wsis-searchd searches it; a query that a guard refuses is
 * asked again with the guards raised, and counted in the report.
 *
 * The engines of a collection run side by side, one thread each,
 * every thread with its own database handle (as searchd's workers).
 *
 * -v prints every query's scores; -o writes TREC run files
 * (RUNDIR/NAME.ENGINE.run) for trec_eval. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../tap.h"
#include "buf.h"
#include "clock.h"
#include "docbuild.h"
#include "eval.h"
#include "exec.h"
#include "fts5run.h"
#include "generation.h"
#include "input.h"
#include "json.h"
#include "passage.h"
#include "proto.h"
#include "wsis-xapian.h"

#define COLL_DEPTH   1000u   /* results retrieved per query */
#define COLL_MAP_LEAD 1.10   /* ours's MAP over FTS5's, at least */
#define COLL_CUTOFF  10u     /* nDCG@10 */
#define COLL_ERRLEN  1024
#define COLL_PATHLEN 4096

/* COLL_NOEXP: ours with expand=0, on ours's index: what expansion adds */
enum { COLL_OURS, COLL_PLAIN, COLL_FTS5, COLL_NOEXP, COLL_NENGINES };

static const char *const coll_engine_name[COLL_NENGINES] = {
	"ours", "plain Xapian", "SQLite FTS5", "ours, expand=0"
};
static const char *const coll_engine_tag[COLL_NENGINES] = { "ours", "plain", "fts5", "noexp" };

typedef struct {
	int         verbose;
	const char *rundir;
} coll_opts_t;

/* One engine on one collection: its index, and what its thread found. */
typedef struct {
	int                   kind;      /* COLL_OURS, COLL_PLAIN, COLL_FTS5 */
	wsis_db_t            *db;        /* ours, plain Xapian */
	fts5run_t            *fts;       /* SQLite FTS5 */
	const eval_queries_t *qs;
	double               *ap, *ndcg; /* per query (0 for one not judged) */
	double                ap_sum, ndcg_sum;
	size_t                answered;  /* judged queries it answered */
	size_t                refused;   /* judged queries it refused */
	size_t                guarded;   /* answered only with the guards raised */
	double                secs;      /* time spent searching */
	wsis_buf_t            log;       /* the refusals, printed after the run */
	FILE                 *run;       /* -o: the TREC run file */
	int                   oom;
} coll_engine_t;

static void
coll_free_ids(char **ids, size_t n)
{
	size_t i;

	if (ids == NULL)
		return;
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static void
coll_warn(void *ctx, const char *msg)
{
	(void)ctx;
	printf("# warning: %s\n", msg);
}

/* Builds a Xapian database at `path` from the passages as wsis-indexer
 * does, or as wsis-indexer --plain does. */
static int
coll_build(const char *path, const wsis_passage_list_t *list, int plain, char *err,
    size_t errlen)
{
	wsis_wdb_t *wdb = NULL;
	char *msg = NULL;
	wsis_status_t st;
	size_t i;

	st = wsis_wdb_create(path, 0, &wdb, &msg);
	if (st != WSIS_OK) {
		snprintf(err, errlen, "cannot create the index: %s",
		    msg ? msg : wsis_status_to_string(st));
		free(msg);
		return -1;
	}
	for (i = 0; i < list->count; i++)
		if ((plain ? wsis_docbuild_add_plain : wsis_docbuild_add)(wdb, &list->items[i],
		    (unsigned)i, err, errlen) != WSIS_OK) {
			wsis_wdb_free(wdb);
			return -1;
		}
	if (wsis_wdb_set_metadata(wdb, "wsis:passages", "") != WSIS_OK ||
	    (st = wsis_wdb_close(wdb, &msg)) != WSIS_OK) {
		snprintf(err, errlen, "cannot write the index: %s",
		    msg ? msg : wsis_status_to_string(st));
		free(msg);
		return -1;
	}
	return 0;
}

static int
coll_build_fts5(fts5run_t **out, const wsis_passage_list_t *list, char *err,
    size_t errlen)
{
	fts5run_t *f = NULL;
	size_t i;

	if (fts5run_new(&f, err, errlen) != 0)
		return -1;
	if (fts5run_begin(f, err, errlen) != 0)
		goto fail;
	for (i = 0; i < list->count; i++)
		if (fts5run_add(f, list->items[i].id, list->items[i].title, list->items[i].text,
		    err, errlen) != 0)
			goto fail;
	if (fts5run_commit(f, err, errlen) != 0)
		goto fail;
	*out = f;
	return 0;
fail:
	fts5run_free(f);
	return -1;
}

/* The ids of the hits of a SEARCH reply, in rank order. */
static int
coll_reply_ids(const char *json, size_t len, char ***ids, size_t *n, char *err,
    size_t errlen)
{
	wsis_json_t *root = NULL;
	const wsis_json_t *hits;
	char jerr[256], **list = NULL;
	size_t i, count = 0;

	if (wsis_json_parse(json, len, &root, jerr, sizeof jerr) != 0) {
		snprintf(err, errlen, "the reply is not JSON: %s", jerr);
		return -1;
	}
	hits = wsis_json_get(root, "hits");
	if (wsis_json_type(hits) != WSIS_JSON_ARRAY) {
		snprintf(err, errlen, "the reply has no \"hits\" array");
		goto fail;
	}
	count = wsis_json_array_len(hits);
	list = calloc(count + 1, sizeof *list);
	if (list == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < count; i++) {
		const wsis_json_t *hit = wsis_json_array_at(hits, i);
		const char *id = wsis_json_string(wsis_json_get(hit, "id"), NULL);

		if (id == NULL || wsis_json_number(wsis_json_get(hit, "rank")) != (double)(i + 1)) {
			snprintf(err, errlen, "hit %zu has no string id or not rank %zu", i, i + 1);
			goto fail;
		}
		if ((list[i] = strdup(id)) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	wsis_json_free(root);
	*ids = list;
	*n = count;
	return 0;
fail:
	coll_free_ids(list, count);
	wsis_json_free(root);
	return -1;
}

/* Asks `db` for the best COLL_DEPTH hits of `text` as a client does.
 * Returns 0 with the ids of the hits, 1 the same when only raised size
 * guards let the query through, or -1 with the error in err. */
static int
coll_search_xapian(wsis_db_t *db, int kind, const char *text, char ***ids, size_t *n,
    char *err, size_t errlen)
{
	wsis_exec_limits_t lim = WSIS_EXEC_LIMITS_DEFAULT;
	wsis_proto_request_t req, parsed;
	wsis_exec_error_t xerr;
	wsis_buf_t line = WSIS_BUF_INIT, reply = WSIS_BUF_INIT;
	size_t consumed = 0;
	int rc = -1, guarded = 0, st;

	*ids = NULL;
	*n = 0;
	lim.max_limit = COLL_DEPTH;
	lim.snippet_bytes = 0;
	lim.plain = kind == COLL_PLAIN;
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_SEARCH);
	req.opts |= WSIS_PROTO_OPT_LIMIT;
	req.limit = COLL_DEPTH;
	if (kind == COLL_NOEXP) {
		req.opts |= WSIS_PROTO_OPT_EXPAND;   /* through the request line */
		req.expand = 0;
	}
	req.text.ptr = text;
	req.text.len = strlen(text);
	if (wsis_proto_write_request(&line, &req, 0, err, errlen) != WSIS_PROTO_OK)
		goto out;
	if (wsis_proto_parse_request(line.data, line.len, 0, &parsed, &consumed) !=
	    WSIS_PROTO_OK) {
		snprintf(err, errlen, "the request line is refused: ERR %d %s", parsed.code,
		    parsed.message);
		goto out;
	}
	st = wsis_exec(db, &parsed, &lim, &reply, &xerr, NULL);
	if (st != 0 && xerr.code == WSIS_PROTO_CODE_BAD_REQUEST) {
		/* over max_terms or max_query_bytes?  raise them, as an operator can */
		lim.max_terms = 100000;
		lim.max_query_bytes = 1048576;
		st = wsis_exec(db, &parsed, &lim, &reply, &xerr, NULL);
		guarded = st == 0;
	}
	if (st != 0) {
		snprintf(err, errlen, "ERR %d %s", xerr.code, xerr.message);
		goto out;
	}
	if (coll_reply_ids(reply.data, reply.len, ids, n, err, errlen) != 0)
		goto out;
	rc = guarded;
out:
	wsis_buf_free(&line);
	wsis_buf_free(&reply);
	return rc;
}

/* A thread: every judged query through one engine. */
static void *
coll_engine_run(void *arg)
{
	coll_engine_t *e = arg;
	double t0 = wsis_clock_s();
	size_t i, k;

	for (i = 0; i < e->qs->n; i++) {
		const eval_query_t *q = &e->qs->q[i];
		char **ids = NULL, err[COLL_ERRLEN];
		size_t n = 0;
		int rc;

		if (q->nrelevant == 0)
			continue;
		if (e->kind == COLL_FTS5)
			rc = fts5run_search(e->fts, q->text, COLL_DEPTH, &ids, &n, err, sizeof err);
		else
			rc = coll_search_xapian(e->db, e->kind, q->text, &ids, &n,
			    err, sizeof err);
		if (rc < 0) {
			/* the query scores 0, and the test says why */
			e->refused++;
			e->oom |= wsis_buf_printf(&e->log, "# %s refuses query %s: %s\n#   query: %s\n",
			    coll_engine_name[e->kind], q->id, err, q->text) != 0;
			continue;
		}
		e->guarded += rc == 1;
		e->answered++;
		e->ap[i] = eval_ap(q, ids, n);
		e->ndcg[i] = eval_ndcg(q, ids, n, COLL_CUTOFF);
		e->ap_sum += e->ap[i];
		e->ndcg_sum += e->ndcg[i];
		if (e->run != NULL)
			for (k = 0; k < n; k++)
				fprintf(e->run, "%s Q0 %s %zu %zu %s\n", q->id, ids[k], k + 1, n - k,
				    coll_engine_tag[e->kind]);
		coll_free_ids(ids, n);
	}
	e->secs = wsis_clock_s() - t0;
	return NULL;
}

static int
coll_file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Builds the engines of one collection in `tmp`; 0, or -1 after a failing
 * TAP line. */
static int
coll_setup(const char *name, const char *tmp, const wsis_passage_list_t *list,
    coll_engine_t eng[COLL_NENGINES])
{
	char path[COLL_PATHLEN + 16], err[COLL_ERRLEN], *msg = NULL;
	int k;

	for (k = COLL_OURS; k <= COLL_PLAIN; k++) {
		const char *shard[1] = { path };
		wsis_status_t st;

		snprintf(path, sizeof path, "%s/%s", tmp, coll_engine_tag[k]);
		if (coll_build(path, list, k == COLL_PLAIN, err, sizeof err) != 0) {
			ok(0, "%s: %s index built (%s)", name, coll_engine_name[k], err);
			return -1;
		}
		if ((st = wsis_db_open(shard, 1, &eng[k].db, &msg)) != WSIS_OK) {
			ok(0, "%s: %s index opened (%s)", name, coll_engine_name[k],
			    msg ? msg : wsis_status_to_string(st));
			free(msg);
			return -1;
		}
	}
	{
		const char *shard[1] = { path };
		wsis_status_t st;

		snprintf(path, sizeof path, "%s/%s", tmp, coll_engine_tag[COLL_OURS]);
		if ((st = wsis_db_open(shard, 1, &eng[COLL_NOEXP].db, &msg)) != WSIS_OK) {
			ok(0, "%s: ours's index opened again (%s)", name,
			    msg ? msg : wsis_status_to_string(st));
			free(msg);
			return -1;
		}
	}
	if (coll_build_fts5(&eng[COLL_FTS5].fts, list, err, sizeof err) != 0) {
		ok(0, "%s: SQLite FTS5 table built (%s)", name, err);
		return -1;
	}
	return 0;
}

/* Runs the three engines side by side; 0, or -1 after a failing TAP line. */
static int
coll_run_engines(const char *name, coll_engine_t eng[COLL_NENGINES])
{
	pthread_t th[COLL_NENGINES];
	int k, started[COLL_NENGINES] = { 0 }, rc = 0;

	for (k = 0; k < COLL_NENGINES; k++) {
		int err = pthread_create(&th[k], NULL, coll_engine_run, &eng[k]);
		if (err != 0) {
			ok(0, "%s: cannot start a thread: %s", name, strerror(err));
			rc = -1;
			break;
		}
		started[k] = 1;
	}
	for (k = 0; k < COLL_NENGINES; k++)
		if (started[k])
			pthread_join(th[k], NULL);
	return rc;
}

static void
coll_report(const char *name, const eval_queries_t *qs, size_t ndocs, size_t judged,
    const coll_engine_t eng[COLL_NENGINES], const coll_opts_t *o)
{
	size_t i;
	int k;

	printf("# %s: %zu documents, %zu queries: %zu judged, %zu without a relevant "
	    "document left out; %u results a query\n", name, ndocs, qs->n, judged,
	    qs->n - judged, COLL_DEPTH);
	printf("#   %-14s %8s %8s %10s\n", "engine", "MAP", "nDCG@10", "search s");
	for (k = 0; k < COLL_NENGINES; k++)
		printf("#   %-14s %8.4f %8.4f %10.2f\n", coll_engine_name[k],
		    eng[k].ap_sum / (double)judged, eng[k].ndcg_sum / (double)judged, eng[k].secs);
	for (k = 0; k < COLL_NENGINES; k++) {
		if (eng[k].guarded > 0)
			printf("#   %s: %zu queries are over the default max_terms (64) or "
			    "max_query_bytes (2048); scored with those raised\n",
			    coll_engine_name[k], eng[k].guarded);
		if (eng[k].log.len > 0)
			fputs(eng[k].log.data, stdout);
	}
	if (!o->verbose)
		return;
	printf("#   %-5s %-22s  %-22s  %s\n", "query", "AP: ours plain fts5",
	    "nDCG@10: ours plain fts5", "text");
	for (i = 0; i < qs->n; i++) {
		if (qs->q[i].nrelevant == 0)
			continue;
		printf("#   %-5s %6.3f %6.3f %6.3f    %6.3f %6.3f %6.3f    %.60s\n", qs->q[i].id,
		    eng[COLL_OURS].ap[i], eng[COLL_PLAIN].ap[i], eng[COLL_FTS5].ap[i],
		    eng[COLL_OURS].ndcg[i], eng[COLL_PLAIN].ndcg[i], eng[COLL_FTS5].ndcg[i],
		    qs->q[i].text);
	}
}

/* Measures one collection, printing its table and TAP lines. */
static void
coll_measure(const char *dir, const char *name, const coll_opts_t *o)
{
	char docs[COLL_PATHLEN], queries[COLL_PATHLEN], qrels[COLL_PATHLEN];
	char tmp[COLL_PATHLEN], err[COLL_ERRLEN];
	wsis_input_opts_t in = { 0, coll_warn, NULL };
	wsis_passage_list_t list = { 0 };
	eval_queries_t qs = { 0 };
	coll_engine_t eng[COLL_NENGINES];
	const char *tmproot = getenv("TMPDIR");
	size_t bytes = 0, judged = 0, i;
	double t0 = wsis_clock_s();
	int k, made_tmp = 0;

	memset(eng, 0, sizeof eng);
	snprintf(docs, sizeof docs, "%s/%s/docs.jsonl", dir, name);
	snprintf(queries, sizeof queries, "%s/%s/queries.tsv", dir, name);
	snprintf(qrels, sizeof qrels, "%s/%s/qrels.trec", dir, name);
	if (!coll_file_exists(docs) || !coll_file_exists(queries) || !coll_file_exists(qrels)) {
		printf("ok %d - %s # SKIP no docs.jsonl, queries.tsv and qrels.trec in %s/%s\n",
		    ++tap_count, name, dir, name);
		return;
	}
	if (eval_load(queries, qrels, &qs, err, sizeof err) != 0) {
		ok(0, "%s: queries and judgments read (%s)", name, err);
		goto out;
	}
	for (i = 0; i < qs.n; i++)
		judged += qs.q[i].nrelevant > 0;
	if (wsis_input_read_path(docs, &in, &list, &bytes, err, sizeof err) != 0 ||
	    wsis_passage_list_check_unique(&list, err, sizeof err) != 0) {
		ok(0, "%s: documents read (%s)", name, err);
		goto out;
	}
	snprintf(tmp, sizeof tmp, "%s/wsis-collections.XXXXXX",
	    tmproot != NULL && *tmproot != '\0' ? tmproot : "/tmp");
	if (mkdtemp(tmp) == NULL) {
		ok(0, "%s: temporary directory %s (%s)", name, tmp, strerror(errno));
		goto out;
	}
	made_tmp = 1;
	if (coll_setup(name, tmp, &list, eng) != 0)
		goto out;
	ok(1, "%s: %zu documents indexed by ours, plain Xapian and SQLite FTS5 (%.1f s)",
	    name, list.count, wsis_clock_s() - t0);

	for (k = 0; k < COLL_NENGINES; k++) {
		eng[k].kind = k;
		eng[k].qs = &qs;
		eng[k].ap = calloc(qs.n + 1, sizeof *eng[k].ap);
		eng[k].ndcg = calloc(qs.n + 1, sizeof *eng[k].ndcg);
		if (eng[k].ap == NULL || eng[k].ndcg == NULL) {
			ok(0, "%s: out of memory", name);
			goto out;
		}
		if (o->rundir != NULL) {
			char path[COLL_PATHLEN + 64];
			snprintf(path, sizeof path, "%s/%s.%s.run", o->rundir, name,
			    coll_engine_tag[k]);
			if ((eng[k].run = fopen(path, "w")) == NULL)
				printf("# cannot write %s: %s\n", path, strerror(errno));
		}
	}
	if (judged == 0) {
		ok(0, "%s: no query has a relevant document", name);
		goto out;
	}
	if (coll_run_engines(name, eng) != 0)
		goto out;
	coll_report(name, &qs, list.count, judged, eng, o);

	for (k = 0; k < COLL_NENGINES; k++)
		ok(eng[k].refused == 0 && !eng[k].oom, "%s: %s answers all %zu judged queries%s",
		    name, coll_engine_name[k], judged,
		    eng[k].refused ? " (see the refusals above)" : "");
	ok(eng[COLL_OURS].ap_sum >= COLL_MAP_LEAD * eng[COLL_FTS5].ap_sum,
	    "%s: ours's MAP is at least %.2f x SQLite FTS5's (%.4f vs %.4f: %.3f x)", name,
	    COLL_MAP_LEAD, eng[COLL_OURS].ap_sum / (double)judged,
	    eng[COLL_FTS5].ap_sum / (double)judged,
	    eng[COLL_FTS5].ap_sum > 0 ? eng[COLL_OURS].ap_sum / eng[COLL_FTS5].ap_sum : 0);
	ok(eng[COLL_OURS].ndcg_sum > eng[COLL_FTS5].ndcg_sum,
	    "%s: ours beats SQLite FTS5 on nDCG@10 (%.4f vs %.4f)", name,
	    eng[COLL_OURS].ndcg_sum / (double)judged, eng[COLL_FTS5].ndcg_sum / (double)judged);
	printf("# %s took %.1f s\n", name, wsis_clock_s() - t0);
out:
	for (k = 0; k < COLL_NENGINES; k++) {
		if (eng[k].run != NULL)
			fclose(eng[k].run);
		wsis_db_free(eng[k].db);
		fts5run_free(eng[k].fts);
		wsis_buf_free(&eng[k].log);
		free(eng[k].ap);
		free(eng[k].ndcg);
	}
	if (made_tmp)
		wsis_gen_remove_tree(tmp);
	wsis_passage_list_free(&list);
	eval_queries_free(&qs);
}

static void
coll_usage(FILE *f)
{
	fprintf(f, "usage: collections [-v] [-o RUNDIR] DIR [NAME...]\n"
	    "Measures MAP and nDCG@10 of ours, plain Xapian and SQLite FTS5 on the test\n"
	    "collections DIR/NAME (default: cranfield cisi); TAP output.\n"
	    "  -v         every query's scores\n"
	    "  -o RUNDIR  write TREC run files RUNDIR/NAME.ENGINE.run\n");
}

int
main(int argc, char **argv)
{
	static const char *const defaults[] = { "cranfield", "cisi" };
	coll_opts_t o = { 0, NULL };
	int c, i;

	while ((c = getopt(argc, argv, "vo:h")) != -1) {
		switch (c) {
		case 'v': o.verbose = 1; break;
		case 'o': o.rundir = optarg; break;
		case 'h': coll_usage(stdout); return 0;
		default: coll_usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		coll_usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (optind + 1 == argc)
		for (i = 0; i < 2; i++)
			coll_measure(argv[optind], defaults[i], &o);
	else
		for (i = optind + 1; i < argc; i++)
			coll_measure(argv[optind], argv[i], &o);
	return tap_done();
}
