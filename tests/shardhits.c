/* shardhits.c - prints every hit of each query read from stdin (one a
 * line) over the index given: docid, rank, id and score to 17 digits,
 * ranked and in document order.  tests/test-shards.sh compares one index
 * with its shards through it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "normalize.h"
#include "passage.h"
#include "wsis-xapian.h"

static int expand = 1;

static int
shardhits_run(wsis_db_t *db, const char *query, int doc_order)
{
	wsis_search_opts_t so = { 0, 1000, doc_order, 1000, 0, expand && !doc_order,
	    0 };
	wsis_query_t *q = NULL;
	wsis_results_t *r = NULL;
	char *norm = wsis_normalize_query(query, strlen(query));
	wsis_status_t st;
	size_t i;
	int rc = 0;

	if (norm == NULL)
		return -1;
	printf("query %s%s\n", query, doc_order ? " (document order)" : "");
	if ((st = wsis_query_parse(db, norm, WSIS_QUERY_STANDARD, &q)) != WSIS_OK ||
	    (st = wsis_db_search(db, q, &so, &r)) != WSIS_OK) {
		printf("error %s\n", wsis_status_to_string(st));
		goto out;
	}
	for (i = 0; i < wsis_results_size(r); i++) {
		wsis_hit_t hit;
		wsis_passage_t p;
		char err[256];

		if (wsis_results_get(r, i, &hit) != WSIS_OK ||
		    wsis_passage_from_json(hit.data, hit.data_len, &p, err,
		    sizeof err) != 0) {
			rc = -1;
			goto out;
		}
		printf("%u %u %s %.17g\n", hit.docid, hit.rank, p.id, hit.score);
		wsis_passage_clear(&p);
	}
out:
	free(norm);
	wsis_results_free(r);
	wsis_query_free(q);
	return rc;
}

int
main(int argc, char **argv)
{
	wsis_db_t *db = NULL;
	char line[4096], *msg = NULL;
	size_t len;
	int rc = 0;

	if (argc == 3 && strcmp(argv[1], "--no-expand") == 0) {
		expand = 0;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: shardhits [--no-expand] INDEX < QUERIES\n");
		return 2;
	}
	if (wsis_db_open((const char *const *)&argv[1], 1, &db, &msg) != WSIS_OK) {
		fprintf(stderr, "shardhits: %s: %s\n", argv[1], msg ? msg : "?");
		free(msg);
		return 1;
	}
	while (rc == 0 && fgets(line, sizeof line, stdin) != NULL) {
		len = strcspn(line, "\n");
		line[len] = '\0';
		if (len == 0)
			continue;
		if (shardhits_run(db, line, 0) != 0 || shardhits_run(db, line, 1) != 0)
			rc = 1;
	}
	wsis_db_free(db);
	return rc;
}
