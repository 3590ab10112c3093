/* test-exec.c - lib/exec's replies on an index built here: the snippet's
 * marks when a passage holds more distinct words than the highlighter's
 * per-request memory has room for, and a reply that fails half-written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "docbuild.h"
#include "exec.h"
#include "generation.h"
#include "passage.h"
#include "proto.h"
#include "tap.h"
#include "testlib.h"
#include "wsis-xapian.h"

static char dir[] = "/tmp/wsis-test-exec-XXXXXX";

int
main(void)
{
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_buf_t text = WSIS_BUF_INIT, out = WSIS_BUF_INIT;
	wsis_wdb_t *w = NULL;
	wsis_db_t *db = NULL;
	const char *shards[1];
	char path[512], err[256];
	size_t i;
	int ok_build = 1;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/db", dir);

	/* 2,000 different words that share the query words' first letters
	 * (so each one is asked about), then the query's words */
	for (i = 0; i < 2000; i++)
		wsis_buf_printf(&text, "%s%zu ", i % 2 ? "dz" : "wq", i);
	wsis_buf_puts(&text, "Development developing developed women.");
	ok_build &= wsis_passage_list_add(&list, "t:1", "t", text.data, text.len) != NULL;
	ok_build &= wsis_passage_list_add(&list, "t:2", "t", "women in development",
	    strlen("women in development")) != NULL;
	ok_build &= wsis_wdb_create(path, 0, &w, NULL) == WSIS_OK;
	for (i = 0; ok_build && i < list.count; i++)
		ok_build &= wsis_docbuild_add(w, &list.items[i], (unsigned)i, err,
		    sizeof err) == WSIS_OK;
	if (ok_build) {
		/* a document whose stored passage is not JSON: its reply fails
		 * after it has begun */
		wsis_doc_t *doc = NULL;

		ok_build &= wsis_doc_new(&doc) == WSIS_OK &&
		    wsis_wdb_index_text(w, doc, "brokenword", "") == WSIS_OK &&
		    wsis_doc_set_data(doc, "not json", 8) == WSIS_OK &&
		    wsis_wdb_add(w, doc, NULL) == WSIS_OK;
		wsis_doc_free(doc);
	}
	if (ok_build)
		ok_build &= wsis_wdb_close(w, NULL) == WSIS_OK;   /* frees w */
	else
		wsis_wdb_free(w);
	ok(ok_build, "an index of two passages, one of 2,004 words, and a broken one");

	shards[0] = path;
	ok(wsis_db_open(shards, 1, &db, NULL) == WSIS_OK, "opened");

	ok(exec_line(db, "SEARCH -- development women\n", &out) == 0, "SEARCH runs");
	ok(strstr(out.data, "<mark>Development developing developed women</mark>") != NULL,
	    "every spelling of the query's words is marked after 2,000 other words "
	    "that were asked about");
	ok(strstr(out.data, "<mark>dz") == NULL && strstr(out.data, "<mark>wq") == NULL &&
	    strstr(out.data, "dz1999 wq") == NULL,
	    "none of the other words is marked");
	ok(strstr(out.data, "<mark>women</mark> in <mark>development</mark>") != NULL,
	    "the other passage's words are marked too");

	/* a second request on the same handle starts with nothing remembered */
	ok(exec_line(db, "SEARCH -- dz1999\n", &out) == 0, "a second SEARCH runs");
	ok(strstr(out.data, "<mark>dz1999</mark>") != NULL &&
	    strstr(out.data, "<mark>Development") == NULL,
	    "its marks are its own query's");

	/* a reply that fails half-written leaves `out` as it came */
	{
		wsis_exec_limits_t lim = WSIS_EXEC_LIMITS_DEFAULT;
		wsis_proto_request_t req;
		wsis_exec_error_t xe;
		size_t consumed = 0;
		const char *line = "SEARCH -- brokenword\n";

		wsis_buf_reset(&out);
		wsis_buf_puts(&out, "kept");
		ok(wsis_proto_parse_request(line, strlen(line), 0, &req, &consumed) ==
		    WSIS_PROTO_OK && wsis_exec(db, &req, &lim, &out, &xe, NULL) != 0 &&
		    xe.code == WSIS_PROTO_CODE_INTERNAL &&
		    strstr(xe.message, "stored passage") != NULL,
		    "a stored passage that is not JSON: an internal error (%s)", xe.message);
		ok(out.len == 4 && strcmp(out.data, "kept") == 0,
		    "and the reply buffer as it came: %.40s", out.data);
	}

	wsis_buf_free(&text);
	wsis_buf_free(&out);
	wsis_db_free(db);
	wsis_passage_list_free(&list);
	if (!getenv("KEEP"))
		wsis_gen_remove_tree(dir);
	return tap_done();
}
