/* fuzz-query.c - the query path on hostile queries: wsis_normalize(), then
 * Xapian's QueryParser through wsis_query_parse(), then wsis_db_search()
 * and snippets, against a small database the target builds once in a
 * temporary directory (removed at exit); then the same text through
 * wsis_exec() as a SEARCH, a COUNT and a MENTIONS request, as searchd runs
 * it.  What people type is searched (querytext.h): a SEARCH or COUNT fails
 * only for an empty query or a para:/day: field with a bad value, and the
 * text in capitals holds no operator.  Inputs past 4 KiB are ignored. */
#include <ftw.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "docbuild.h"
#include "exec.h"
#include "fuzz.h"
#include "highlight.h"
#include "normalize.h"
#include "passage.h"
#include "proto.h"
#include "querytext.h"
#include "wsis-xapian.h"

FUZZ_TARGET("query");

#define QUERY_MAX_INPUT 4096

static const struct {
	const char *id, *part, *title, *text, *section, *chapter, *para, *day;
} query_docs[] = {
	{ "draft:8", "draft", NULL,
	  "We note, however, that there are still critical digital divides "
	  "between and within countries, and between men and women, which need "
	  "to be addressed through affordability, education, capacity-building, "
	  "appropriate financing, and an enabling policy environment.",
	  "1.1 Bridging the Digital Divide", "1. ICT for Development", "8", NULL },
	{ "draft:37", "draft", NULL,
	  "We acknowledge the unique role of the Internet Governance Forum (IGF) "
	  "as a multistakeholder platform for discussion of Internet governance "
	  "issues.", "2. Internet Governance", "2. Internet Governance", "37", NULL },
	{ "draft:38", "draft", NULL,
	  "We acknowledge that various initiatives have been implemented and some "
	  "progress has been made in relation to enhanced cooperation.",
	  "2.1 Enhanced Cooperation", "2. Internet Governance", "38", NULL },
	{ "draft:50", "draft", NULL,
	  "We call for increased global efforts and cooperation in combating "
	  "cybercrime, cyberterrorism and countering cyber-threats, and the "
	  "elaboration of national cyber security strategies.",
	  "2.3 Building Confidence and Security in the use of ICTs",
	  "2. Internet Governance", "50", NULL },
	{ "programme:1", "programme", "Tuesday, 20 October",
	  "10:00 - 13:00 Opening of the Second Preparatory Meeting; general "
	  "statements on the zero draft by Member and Observer States.",
	  NULL, NULL, NULL, "1" },
	{ "questions:3", "questions", "Day 2 – Interactive discussion on Internet Governance",
	  "How should the concept of Enhanced Cooperation be implemented?",
	  NULL, NULL, NULL, "2" },
	{ "pga-letter:1", "pga-letter", NULL,
	  "I have the honour to transmit herewith a letter from the "
	  "co-Facilitators for the overall review of the implementation of the "
	  "outcomes of the World Summit on the Information Society (WSIS), "
	  "H.E. Mr. Jānis Mažeiks.", NULL, NULL, NULL, NULL },
};

static char query_dir[4096];
static wsis_db_t *query_db;
static wsis_query_t *query_filter;

static int
query_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void
query_cleanup(void)
{
	wsis_query_free(query_filter);
	wsis_db_free(query_db);
	query_filter = NULL;
	query_db = NULL;
	if (query_dir[0] != '\0')
		nftw(query_dir, query_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void
query_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4200], err[512], *msg = NULL;
	const char *shards[1];
	wsis_wdb_t *wdb = NULL;
	wsis_status_t st;
	size_t i;

	snprintf(query_dir, sizeof query_dir, "%s/wsis-fuzz-query.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(query_dir) != NULL);
	atexit(query_cleanup);
	snprintf(path, sizeof path, "%s/db", query_dir);
	st = wsis_wdb_create(path, 0, &wdb, &msg);
	if (st != WSIS_OK)
		fprintf(stderr, "%s: %s\n", path, msg ? msg : "?");
	FUZZ_CHECK(st == WSIS_OK);
	for (i = 0; i < sizeof query_docs / sizeof query_docs[0]; i++) {
		wsis_passage_list_t list = { NULL, 0, 0 };
		wsis_passage_t *p = wsis_passage_list_add(&list, query_docs[i].id,
		    query_docs[i].part, query_docs[i].text,
		    strlen(query_docs[i].text));

		FUZZ_CHECK(p != NULL);
		if (query_docs[i].title)
			FUZZ_CHECK(wsis_passage_set_title(p, query_docs[i].title) == 0);
		if (query_docs[i].section)
			FUZZ_CHECK(wsis_passage_add_field(p, "section",
			    query_docs[i].section) == 0);
		if (query_docs[i].chapter)
			FUZZ_CHECK(wsis_passage_add_field(p, "chapter",
			    query_docs[i].chapter) == 0);
		if (query_docs[i].para)
			FUZZ_CHECK(wsis_passage_add_field(p, "para",
			    query_docs[i].para) == 0);
		if (query_docs[i].day)
			FUZZ_CHECK(wsis_passage_add_field(p, "day",
			    query_docs[i].day) == 0);
		st = wsis_docbuild_add(wdb, p, (unsigned)i, err, sizeof err);
		if (st != WSIS_OK)
			fprintf(stderr, "%s\n", err);
		FUZZ_CHECK(st == WSIS_OK);
		wsis_passage_list_free(&list);
	}
	FUZZ_CHECK(wsis_wdb_close(wdb, &msg) == WSIS_OK);
	shards[0] = path;
	st = wsis_db_open(shards, 1, &query_db, &msg);
	if (st != WSIS_OK)
		fprintf(stderr, "%s: %s\n", path, msg ? msg : "?");
	FUZZ_CHECK(st == WSIS_OK);
	FUZZ_CHECK(wsis_query_parse(query_db, "part:draft para:30..60",
	    WSIS_QUERY_BOOLEAN | WSIS_QUERY_PHRASE, &query_filter) == WSIS_OK);
}

static int
query_match(void *arg, const char *w, size_t n)
{
	return wsis_results_match_word(arg, w, n);
}

/* Runs q on the database and makes a snippet of every hit. */
static void
query_search(wsis_query_t *q, int doc_order)
{
	wsis_search_opts_t so = { 0, 10, doc_order, 11, 0 };
	wsis_results_t *r = NULL;
	unsigned long total;
	int exact;
	size_t i, n;

	if (wsis_db_search(query_db, q, &so, &r) != WSIS_OK) {
		FUZZ_CHECK(r == NULL);
		return;
	}
	n = wsis_results_size(r);
	FUZZ_CHECK(n <= 10);
	wsis_results_total(r, &total, &exact);
	FUZZ_CHECK(total >= n);
	for (i = 0; i < n; i++) {
		wsis_hit_t hit;
		wsis_buf_t snip = WSIS_BUF_INIT;

		FUZZ_CHECK(wsis_results_get(r, i, &hit) == WSIS_OK);
		FUZZ_CHECK(hit.rank == i + 1 && hit.data != NULL);
		FUZZ_CHECK(wsis_highlight(hit.data, hit.data_len, 200, query_match, r, "<mark>",
		    "</mark>", "...", &snip) == 0);
		wsis_buf_free(&snip);
	}
	wsis_results_free(r);
}

static void
query_direct(const char *text, size_t len)
{
	char *norm = wsis_normalize(text, len);
	wsis_query_t *q = NULL;
	char *desc = NULL;
	unsigned nterms;

	FUZZ_CHECK(norm != NULL);
	if (wsis_query_parse(query_db, norm, WSIS_QUERY_STANDARD |
	    WSIS_QUERY_DEFAULT_AND | WSIS_QUERY_SPELLING, &q) != WSIS_OK) {
		FUZZ_CHECK(q == NULL);
		FUZZ_CHECK(wsis_db_error(query_db) != NULL);
		free(norm);
		return;
	}
	free(norm);
	FUZZ_CHECK(q != NULL);
	(void)wsis_query_corrected(q);
	if (wsis_query_describe(q, &desc) == WSIS_OK)
		free(desc);
	if (wsis_query_term_count(q, &nterms) == WSIS_OK && nterms > 64) {
		/* searchd searches these by their 64 most selective terms */
		int limited = 0;
		FUZZ_CHECK(wsis_query_limit_terms(query_db, q, 64, &limited) == WSIS_OK);
		FUZZ_CHECK(limited != 0);
		if (limited < 0) {
			wsis_query_free(q);
			return;
		}
	}
	if (!wsis_query_is_empty(q))
		query_search(q, 0);
	FUZZ_CHECK(wsis_query_filter(q, query_filter) == WSIS_OK);
	query_search(q, 1);
	wsis_query_free(q);
}

/* The text as the query of a request, run by wsis_exec(). */
static void
query_exec(wsis_proto_cmd_t cmd, const char *text, size_t len)
{
	wsis_exec_limits_t lim = WSIS_EXEC_LIMITS_DEFAULT;
	wsis_proto_request_t req;
	wsis_exec_error_t err;
	wsis_buf_t out = WSIS_BUF_INIT;
	unsigned long hits = 0;

	wsis_proto_request_init(&req, cmd);
	req.text.ptr = text;
	req.text.len = len;
	memset(&err, 0, sizeof err);
	if (wsis_exec(query_db, &req, &lim, &out, &err, &hits) != 0) {
		FUZZ_CHECK(err.code >= 400 && err.code <= 599);
		FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
		FUZZ_CHECK(out.len == 0);
		/* a search is never refused for how it is typed */
		if (cmd != WSIS_PROTO_CMD_MENTIONS)
			FUZZ_CHECK((err.code == 400 && strstr(err.message, "empty query") != NULL) ||
			    (err.code == 422 && (strncmp(err.message, "para:", 5) == 0 ||
			    strncmp(err.message, "day:", 4) == 0)));
	} else {
		FUZZ_CHECK(out.len > 0 && out.data[0] == '{');
	}
	wsis_buf_free(&out);
}

/* Whether ASCII text t[0..n) has a word of two letters or more that is no
 * operator and no acronym of the table: written in capitals, such a text
 * is a query in capitals (querytext.h). */
static int
query_has_word(const char *t, size_t n)
{
	static const char *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL };
	size_t i = 0, j, k;

	while (i < n) {
		if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z'))) {
			i++;
			continue;
		}
		for (j = i; j < n && ((t[j] >= 'A' && t[j] <= 'Z') || (t[j] >= 'a' && t[j] <= 'z'));
		    j++)
			;
		for (k = 0; ops[k] != NULL; k++)
			if (strlen(ops[k]) == j - i && strncasecmp(ops[k], t + i, j - i) == 0)
				break;
		if (j - i >= 2 && ops[k] == NULL && !wsis_normalize_is_acronym(t + i, j - i) &&
		    (i == 0 || !(t[i - 1] >= '0' && t[i - 1] <= '9') ) && (j == n ||
		    !((t[j] >= '0' && t[j] <= '9') || t[j] == '_')) && (i == 0 || t[i - 1] != '_'))
			return 1;
		i = j;
	}
	return 0;
}

/* querytext.h's promises on t[0..n): 0 but for a para:/day: value; the
 * text as long as it says; in capitals (ASCII), no operator. */
static void
query_text(const char *t, size_t n)
{
	wsis_querytext_t qt;
	char err[256], *caps, *words;
	size_t i;
	int rc = wsis_querytext_prepare(t, n, &qt, err, sizeof err);

	FUZZ_CHECK(rc == 0 || (rc == 1 && (strncmp(err, "para:", 5) == 0 ||
	    strncmp(err, "day:", 4) == 0)));
	if (rc == 0)
		FUZZ_CHECK(qt.text != NULL && strlen(qt.text) == qt.len);
	FUZZ_CHECK(qt.nnotices <= WSIS_QT_MAX_NOTICES);
	wsis_querytext_free(&qt);
	words = wsis_querytext_words(t, n);
	FUZZ_CHECK(words != NULL);
	free(words);
	for (i = 0; i < n; i++)
		if ((unsigned char)t[i] >= 0x80 || t[i] == '\0')
			return;
	if ((caps = malloc(n + 1)) == NULL)
		return;
	for (i = 0; i < n; i++)
		caps[i] = (char)(t[i] >= 'a' && t[i] <= 'z' ? t[i] - 'a' + 'A' : t[i]);
	caps[n] = '\0';
	if (query_has_word(caps, n) && wsis_querytext_prepare(caps, n, &qt, err,
	    sizeof err) == 0)
		FUZZ_CHECK(!(qt.flags & WSIS_QT_OPERATORS));
	wsis_querytext_free(&qt);
	free(caps);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	if (size > QUERY_MAX_INPUT)
		return 0;
	if (query_db == NULL)
		query_setup();
	query_text(text, size);
	query_direct(text, size);
	query_exec(WSIS_PROTO_CMD_SEARCH, text, size);
	query_exec(WSIS_PROTO_CMD_COUNT, text, size);
	query_exec(WSIS_PROTO_CMD_MENTIONS, text, size);
	return 0;
}
