/* test-boost.c - the exact-phrase boost (lib/exec.c, wsis_results_phrase)
 * on generated phrases: for each phrase of made-up words, a passage holding
 * it once comes first, above passages that BM25 ranks higher for holding
 * its words more often but apart, reversed, or as the phrase only in a
 * context field (a section heading); explain=1 says which were boosted.
 * The words are made up, so no passage of another phrase holds them. */
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

static char dir[] = "/tmp/wsis-test-boost-XXXXXX";

#define PHRASES 24

/* A made-up word of three syllables from seed. */
static void
word(unsigned long seed, char *out)
{
	static const char *const syl[] = {
		"ka", "lo", "mi", "nu", "pe", "ra", "so", "ti", "vu", "ze", "bo", "du",
	};
	int k;

	out[0] = '\0';
	for (k = 0; k < 3; k++) {
		strcat(out, syl[seed % 12]);
		seed /= 12;
	}
	strcat(out, "x");   /* no English stem joins two of them */
}

/* The ids of the hits of a reply, in order, space-separated. */
static void
hit_ids(const char *reply, char *out, size_t n)
{
	const char *p = reply;
	size_t len = 0;

	out[0] = '\0';
	while ((p = strstr(p, "\"id\":\"")) != NULL && len + 2 < n) {
		const char *e;

		p += 6;
		e = strchr(p, '"');
		if (e == NULL || len + (size_t)(e - p) + 2 >= n)
			break;
		if (len > 0)
			out[len++] = ' ';
		memcpy(out + len, p, (size_t)(e - p));
		len += (size_t)(e - p);
		out[len] = '\0';
		p = e;
	}
}

int
main(void)
{
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_wdb_t *w = NULL;
	wsis_db_t *db = NULL;
	wsis_buf_t out = WSIS_BUF_INIT, t = WSIS_BUF_INIT;
	const char *shards[1];
	char path[512], err[256], a[16], b[16], c[16], id[32], ids[1024], want[256];
	int i, ok_build = 1, first = 0, order = 0, explained = 0, three = 0;
	size_t k;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/db", dir);
	for (i = 0; i < PHRASES && ok_build; i++) {
		wsis_passage_t *p;

		word(3 * i + 7, a);
		word(3 * i + 400, b);
		word(3 * i + 1300, c);
		/* the phrase "a b c", once */
		wsis_buf_reset(&t);
		wsis_buf_printf(&t, "It says %s %s %s once, and then other things.", a, b, c);
		snprintf(id, sizeof id, "p%d:phrase", i);
		ok_build &= wsis_passage_list_add(&list, id, "t", t.data, t.len) != NULL;
		/* its words, more often and shorter, but apart and reversed */
		wsis_buf_reset(&t);
		wsis_buf_printf(&t, "%s and %s and %s; then %s then %s then %s.", c, b, a, b, a, c);
		snprintf(id, sizeof id, "p%d:apart", i);
		ok_build &= wsis_passage_list_add(&list, id, "t", t.data, t.len) != NULL;
		/* its words apart in the text, the phrase in its section */
		wsis_buf_reset(&t);
		wsis_buf_printf(&t, "%s, %s: %s, %s. %s %s.", a, c, b, a, c, b);
		snprintf(id, sizeof id, "p%d:section", i);
		ok_build &= (p = wsis_passage_list_add(&list, id, "t", t.data, t.len)) != NULL;
		wsis_buf_reset(&t);
		wsis_buf_printf(&t, "%s %s %s", a, b, c);
		ok_build &= p != NULL && wsis_passage_add_field(p, "section", t.data) == 0;
	}
	ok_build &= wsis_wdb_create(path, 0, &w, NULL) == WSIS_OK;
	for (k = 0; ok_build && k < list.count; k++)
		ok_build &= wsis_docbuild_add(w, &list.items[k], (unsigned)k, err,
		    sizeof err) == WSIS_OK;
	ok_build &= w != NULL && wsis_wdb_close(w, NULL) == WSIS_OK;
	ok(ok_build, "an index of %d generated phrases, three passages each", PHRASES);
	shards[0] = path;
	ok(wsis_db_open(shards, 1, &db, NULL) == WSIS_OK, "opened");

	for (i = 0; i < PHRASES && db != NULL; i++) {
		char line[256];

		word(3 * i + 7, a);
		word(3 * i + 400, b);
		word(3 * i + 1300, c);
		/* two words of the phrase, then all three */
		snprintf(line, sizeof line, "SEARCH explain=1 -- %s %s\n", a, b);
		if (exec_line(db, line, &out) == 0) {
			hit_ids(out.data, ids, sizeof ids);
			snprintf(want, sizeof want, "p%d:phrase ", i);
			first += strncmp(ids, want, strlen(want)) == 0;
			if (strncmp(ids, want, strlen(want)) != 0)
				printf("# %s -> %s\n", line, ids);
			/* the others keep BM25's order: apart (its words twice)
			 * above section (its words in a field too) or below */
			order += strstr(ids, "apart") != NULL && strstr(ids, "section") != NULL;
			/* one hit boosted: the phrase passage's explain says 2 */
			explained += strstr(out.data, "\"phrase_boost\":2") != NULL &&
			    strstr(strstr(out.data, "\"phrase_boost\":2") + 1,
			    "\"phrase_boost\":2") == NULL;
		}
		snprintf(line, sizeof line, "SEARCH -- %s %s %s\n", a, b, c);
		if (exec_line(db, line, &out) == 0) {
			hit_ids(out.data, ids, sizeof ids);
			snprintf(want, sizeof want, "p%d:phrase ", i);
			three += strncmp(ids, want, strlen(want)) == 0;
		}
	}
	is_int(first, PHRASES, "two words of each phrase: the passage holding them as the "
	    "phrase first");
	is_int(order, PHRASES, "the passages holding them apart are hits too");
	is_int(explained, PHRASES, "explain=1: its phrase_boost is 2, the others' 1");
	is_int(three, PHRASES, "three words of each phrase: the phrase passage first");
	/* without the boost, BM25 puts the phrase passage below the others:
	 * the test above is the boost's, not BM25's */
	{
		char line[256];

		word(7, a);
		word(400, b);
		snprintf(line, sizeof line, "SEARCH -- %s AND %s\n", a, b);
		ok(exec_line(db, line, &out) == 0, "the same words with an operator: no boost");
		hit_ids(out.data, ids, sizeof ids);
		ok(strncmp(ids, "p0:phrase ", 10) != 0 && strstr(ids, "p0:phrase") != NULL,
		    "BM25 alone puts the phrase passage lower: %s", ids);
	}
	wsis_db_free(db);
	wsis_passage_list_free(&list);
	wsis_buf_free(&out);
	wsis_buf_free(&t);
	wsis_gen_remove_tree(dir);
	return tap_done();
}
