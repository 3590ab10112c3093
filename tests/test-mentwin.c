/* test-mentwin.c - the mentions audit of long passages read in windows
 * around the index's positions (wsis_mentions_match_hit) against the same
 * audit reading each passage whole (wsis_mentions_match), on a generated
 * corpus of long passages: multibyte words, word forms, compounds and
 * acronyms, words repeated, words and phrases at the word table's steps,
 * words the index holds otherwise than words.h cuts them ("Page#",
 * "Note:colour"), and texts where Xapian's positions and words.h's words
 * part ("AT&T", "a×b", a word of 70 letters).  For every word of the corpus and many of
 * its phrases, with and without exact=1, the same occurrences in the same
 * passages, the windows used for most long passages; MENTIONS through
 * lib/exec gives the totals of the whole reading.
 *
 * test-mentwin INDEX QUERIES compares the two readings on an index and a
 * file of MENTIONS queries (one a line) of one's own: bench/run's long
 * corpus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "docbuild.h"
#include "exec.h"
#include "generation.h"
#include "json.h"
#include "mentions.h"
#include "normalize.h"
#include "passage.h"
#include "proto.h"
#include "tap.h"
#include "testlib.h"
#include "wordmap.h"
#include "words.h"
#include "wsis-xapian.h"

static char dir[] = "/tmp/wsis-test-mentwin-XXXXXX";

/* What the comparisons saw. */
static unsigned long passages, windowed, whole, mismatches, total_occ, unsearched;
static unsigned long long_readings;   /* of passages with a word table */
/* the third reading: the stored text decoded in parts (match_part) */
static unsigned long part_readings, part_windowed, part_mismatches;

static unsigned long seed = 20261208;

static size_t
rnd(size_t n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (size_t)((seed >> 33) % n);
}

/* Filler, most of the text; the other words are rare. */
static const char *const filler[] = {
	"the", "of", "and", "a", "to", "in", "is", "kernel", "memory", "process",
	"with", "for", "that", "as", "on", "by", "it", "be", "this", "are",
};
static const char *const rare[] = {
	"page", "pages", "Page", "table", "tables", "woman", "women", "women's",
	"Women", "child", "children", "programme", "program", "programmes",
	"colour", "colours", "color", "organisation", "organization", "cyber",
	"security", "cybersecurity", "cyber-security", "zero", "draft", "zero-draft",
	"co-facilitators", "cofacilitators", "SIDS", "small", "island", "developing",
	"States", "LDCs", "least", "developed", "countries", "ICT", "ICTs",
	"information", "communication", "technologies", "naïve", "Jānis", "café",
	"日本語", "Ωmega", "résumé", "résumés", "don't", "it’s", "2nd", "second",
	"lock", "locks", "locking", "hugetlbfs", "mmap", "x86_64", "e.g.",
	"wo\xc2\xadmen", "data", "base", "database", "web", "site", "website",
	"ΑΒΓ", "städte", "Straße", "naïveté",
	/* words the index holds otherwise: "page#", "x++", "colour" as
	 * written after a ':' */
	"Page#", "x++", "C#", "Note:colour", "see:women",
};
static const char *const seps[] = {
	" ", " ", " ", " ", " ", " ", ", ", ". ", "\n", " - ", " \xe2\x80\x94 ",
	"; ", " (", ") ",
	/* what the stored text escapes: a part read begins or ends at them */
	" \"", "\" ", "\t", " \\ ", "\n\n",
};
/* Where Xapian's TermGenerator and words.h count words otherwise. */
static const char *const drift[] = {
	"AT&T", "a\xc3\x97" "b", "\xc2\xbd", "\xe2\x86\x92", "1;2", "a\xc2\xb7" "b",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};
#define N(a) (sizeof a / sizeof *a)

/* A passage of about `bytes` bytes: filler with rare words here and there,
 * some of them where the word table's steps fall (every 64th word), the
 * phrases of the concepts, and with `ndrift` words that part Xapian's
 * positions and words.h's words. */
static void
gen_text(wsis_buf_t *b, size_t bytes, size_t ndrift)
{
	static const char *const phrases[] = {
		"small island developing States (SIDS)", "least developed countries",
		"cyber security", "page table", "page tables", "zero draft",
		"information and communication technologies", "women's rights",
	};
	size_t k = 0;

	wsis_buf_reset(b);
	while (b->len < bytes) {
		const char *w;
		size_t r = rnd(100);

		if (ndrift > 0 && rnd(8) == 0) {
			w = drift[rnd(N(drift))];
			ndrift--;
		} else if ((k % 64 == 63 || k % 64 == 0) && rnd(3) == 0) {
			w = rare[rnd(N(rare))];
		} else if (r < 8) {
			w = rare[rnd(N(rare))];
		} else if (r < 10) {
			w = phrases[rnd(N(phrases))];
		} else if (r < 11) {
			/* a word twice */
			w = rare[rnd(N(rare))];
			wsis_buf_puts(b, w);
			wsis_buf_putc(b, ' ');
		} else {
			w = filler[rnd(N(filler))];
		}
		wsis_buf_puts(b, w);
		wsis_buf_puts(b, seps[rnd(N(seps))]);
		k++;
	}
}

/* The occurrences as text, for comparing and showing. */
static void
occ_text(wsis_buf_t *b, int match, const wsis_occurrence_t *o, size_t n)
{
	size_t k;

	wsis_buf_reset(b);
	wsis_buf_printf(b, "%d:", match);
	for (k = 0; k < n; k++)
		wsis_buf_printf(b, " %zu+%zu", o[k].offset, o[k].length);
}

/* Reads hit i's stored text in parts (wsis_mentions_match_part) and
 * compares its occurrences with `want`, the whole reading's (occ_text()),
 * and the decoded bytes at them with the whole text's.  0, or -1 when the
 * text cannot be read. */
static int
compare_part(wsis_mentions_t *m, wsis_results_t *r, size_t i, const wsis_hit_t *hit,
    wsis_json_part_t *part, const char *whole_text, const char *want, const char *query,
    unsigned flags)
{
	wsis_passage_t p;
	wsis_json_raw_t raw;
	wsis_occurrence_t *o = NULL;
	wsis_buf_t got = WSIS_BUF_INIT;
	size_t n = 0, k;
	char err[128];
	int match, bad;

	if (wsis_passage_from_json_raw(hit->data, hit->data_len, &p, &raw, err, sizeof err) != 0)
		return -1;
	if (wsis_json_part_open(part, &raw) != 0) {
		wsis_passage_clear(&p);
		return 0;   /* a \u escape: read whole by the caller */
	}
	part_readings++;
	if ((match = wsis_mentions_match_part(m, r, i, hit, part, &o, &n)) < 0) {
		wsis_passage_clear(&p);
		return -1;
	}
	occ_text(&got, match, o, n);
	bad = part->len != strlen(whole_text) || strcmp(got.data, want) != 0;
	for (k = 0; k < n && !bad; k++)
		bad = memcmp(part->text + o[k].offset, whole_text + o[k].offset, o[k].length) != 0;
	if (bad && part_mismatches++ < 5)
		printf("# %s%s in %s: in parts %s\n#   whole %s\n", query,
		    flags ? " (exact)" : "", p.id, got.data, want);
	wsis_passage_clear(&p);
	free(o);
	wsis_buf_free(&got);
	return 0;
}

/* Reads the candidates of `query` both ways; returns the number of
 * passages that mention it, or -1 when the query does not compile (a
 * generated phrase may be no concept). */
static long
compare(wsis_db_t *db, const char *query, unsigned flags)
{
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT, a = WSIS_BUF_INIT,
	    b = WSIS_BUF_INIT;
	wsis_mentions_t *win = NULL, *all = NULL, *prt = NULL;
	wsis_json_part_t part = WSIS_JSON_PART_INIT;
	wsis_query_t *q = NULL;
	wsis_results_t *r = NULL;
	wsis_search_opts_t so;
	unsigned long docs = 0, w0, w1;
	char err[256];
	long found = 0;
	size_t i;

	if (wsis_mentions_compile(query, strlen(query), flags, &win, &cand, &filt, err,
	    sizeof err) != 0)
		goto out_skip;
	wsis_buf_reset(&cand);
	if (wsis_mentions_compile(query, strlen(query), flags, &all, &cand, &filt, err,
	    sizeof err) != 0)
		goto out_skip;
	wsis_buf_reset(&cand);
	if (wsis_mentions_compile(query, strlen(query), flags, &prt, &cand, &filt, err,
	    sizeof err) != 0)
		goto out_skip;
	if (cand.len > 0) {
		char *norm = wsis_normalize_query(cand.data, cand.len);
		wsis_status_t st = norm == NULL ? WSIS_ENOMEM :
		    wsis_query_parse(db, norm, WSIS_QUERY_STANDARD | WSIS_QUERY_PLAIN, &q);
		free(norm);
		if (st != WSIS_OK)
			goto out_fail;
	} else if (wsis_query_new_all(&q) != WSIS_OK) {
		goto out_fail;
	}
	memset(&so, 0, sizeof so);
	wsis_db_doccount(db, &docs);
	so.limit = so.check_at_least = (unsigned)docs;
	so.doc_order = 1;
	if (wsis_db_search(db, q, &so, &r) != WSIS_OK)
		goto out_fail;
	for (i = 0; i < wsis_results_size(r); i++) {
		wsis_hit_t hit;
		wsis_passage_t p;
		wsis_occurrence_t *o1 = NULL, *o2 = NULL;
		size_t n1 = 0, n2 = 0;
		int m1, m2;

		if (wsis_results_get(r, i, &hit) != WSIS_OK ||
		    wsis_passage_from_json(hit.data, hit.data_len, &p, err, sizeof err) != 0)
			goto out_fail;
		m1 = wsis_mentions_match_hit(win, r, i, &hit, p.text, strlen(p.text), &o1, &n1);
		m2 = wsis_mentions_match(all, p.text, strlen(p.text), &o2, &n2);
		occ_text(&a, m1, o1, n1);
		occ_text(&b, m2, o2, n2);
		if (hit.wordmap != NULL && compare_part(prt, r, i, &hit, &part, p.text, b.data,
		    query, flags) < 0)
			goto out_fail;
		passages++;
		long_readings += hit.wordmap != NULL;
		if (strcmp(a.data, b.data) != 0) {
			if (mismatches++ < 5)
				printf("# %s%s in %s: windows %s\n#   whole %s\n", query,
				    flags ? " (exact)" : "", p.id, a.data, b.data);
		}
		found += m2 == 1;
		total_occ += n2;
		free(o1);
		free(o2);
		wsis_passage_clear(&p);
	}
	wsis_mentions_scanned(win, &w0, &w1);
	whole += w0;
	windowed += w1;
	wsis_mentions_scanned(prt, &w0, &w1);
	part_windowed += w1;
	goto out;
out_skip:
	found = -1;
	goto out;
out_fail:
	/* a concept the query parser reads as no word ("→"): MENTIONS
	 * answers an error, whichever way it reads */
	if (unsearched++ < 3)
		printf("# %s: cannot search: %s\n", query, wsis_db_error(db));
out:
	wsis_results_free(r);
	wsis_query_free(q);
	wsis_mentions_free(win);
	wsis_mentions_free(all);
	wsis_mentions_free(prt);
	wsis_json_part_free(&part);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_buf_free(&a);
	wsis_buf_free(&b);
	return found;
}

/* The MENTIONS reply's totals: "passages occurrences", or "" */
static void
reply_totals(wsis_db_t *db, const char *query, wsis_buf_t *t)
{
	wsis_buf_t line = WSIS_BUF_INIT, out = WSIS_BUF_INIT;
	wsis_json_t *v = NULL;
	char err[128];

	wsis_buf_reset(t);
	wsis_buf_printf(&line, "MENTIONS -- %s\n", query);
	if (exec_line(db, line.data, &out) == 0 &&
	    wsis_json_parse(out.data, out.len, &v, err, sizeof err) == 0)
		wsis_buf_printf(t, "%.0f %.0f",
		    wsis_json_number(wsis_json_get(v, "total_passages")),
		    wsis_json_number(wsis_json_get(v, "total_occurrences")));
	wsis_json_free(v);
	wsis_buf_free(&line);
	wsis_buf_free(&out);
}

/* Runs every query of the file (one a line; "MENTIONS -- " before it and
 * blank or '#' lines skipped). */
static int
own_index(const char *index, const char *queries)
{
	wsis_db_t *db = NULL;
	const char *shards[1] = { index };
	char line[1024];
	FILE *f = fopen(queries, "r");

	if (f == NULL || wsis_db_open(shards, 1, &db, NULL) != WSIS_OK) {
		fprintf(stderr, "test-mentwin: cannot open %s or %s\n", index, queries);
		return 2;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *q = line;
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(q, "MENTIONS -- ", 12) == 0)
			q += 12;
		if (*q == '\0' || *q == '#')
			continue;
		compare(db, q, 0);
		compare(db, q, WSIS_MENTIONS_EXACT);
	}
	fclose(f);
	wsis_db_free(db);
	printf("%lu readings, %lu in windows, %lu whole, %lu occurrences, %lu differ\n",
	    passages, windowed, whole, total_occ, mismatches);
	return mismatches != 0;
}

/* The distinct words of the texts (case-blind), and their 2- and 3-word
 * phrases at the word table's steps and at random places. */
static void
gen_queries(wsis_passage_list_t *list, wsis_buf_t *words, wsis_buf_t *phrases)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		const char *t = list->items[i].text;
		size_t len = strlen(t), pos = 0, s, e, k = 0, ps[3] = { 0, 0, 0 }, pe[3];

		while (wsis_word_next(t, len, &pos, &s, &e)) {
			char w[128];
			wsis_buf_t key = WSIS_BUF_INIT;

			if (e - s < sizeof w - 3) {
				snprintf(w, sizeof w, "\n%.*s\n", (int)(e - s), t + s);
				wsis_buf_puts(&key, w);
				/* case-blind: one query per word */
				for (char *c = key.data; *c; c++)
					if (*c >= 'A' && *c <= 'Z')
						*c = (char)(*c - 'A' + 'a');
				if (words->data == NULL || strstr(words->data, key.data) == NULL)
					wsis_buf_append(words, key.data, key.len - 1);
			}
			wsis_buf_free(&key);
			ps[0] = ps[1];
			pe[0] = pe[1];
			ps[1] = ps[2];
			pe[1] = pe[2];
			ps[2] = s;
			pe[2] = e;
			/* phrases ending at word k: across a step, or now and then */
			if (k >= 2 && (k % 64 <= 1 || rnd(400) == 0) && rnd(6) == 0 &&
			    pe[2] - ps[0] < 200) {
				wsis_buf_printf(phrases, "\"%.*s\"\n", (int)(pe[2] - ps[1]), t + ps[1]);
				wsis_buf_printf(phrases, "\"%.*s\"\n", (int)(pe[2] - ps[0]), t + ps[0]);
			}
			k++;
		}
	}
}

int
main(int argc, char **argv)
{
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_buf_t text = WSIS_BUF_INIT, words = WSIS_BUF_INIT, phrases = WSIS_BUF_INIT,
	    t1 = WSIS_BUF_INIT, t2 = WSIS_BUF_INIT;
	wsis_wdb_t *w = NULL;
	wsis_db_t *db = NULL;
	const char *shards[1];
	char path[512], err[256], id[32], *q, *save = NULL;
	unsigned long before_whole, before_win, nq = 0, nph = 0, totals_bad = 0;
	unsigned long words_windowed = 0, words_whole = 0;
	size_t i;
	int ok_build = 1;
	long n;

	if (argc == 3)
		return own_index(argv[1], argv[2]);
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/db", dir);

	/* 24 long passages (a few with words where the positions part from
	 * words.h's), 4 short ones, and two made for the checks below */
	for (i = 0; i < 28; i++) {
		gen_text(&text, i < 24 ? 4096 + rnd(20000) : 300 + rnd(3000),
		    i % 6 == 5 ? 1 + rnd(4) : 0);
		snprintf(id, sizeof id, "g:%zu", i);
		ok_build &= wsis_passage_list_add(&list, id, "g", text.data, text.len) != NULL;
	}
	/* hugepagesz after 200 words that Xapian counts as 100 ("AT&T"): past
	 * them the index's positions and words.h's words are 100 apart */
	wsis_buf_reset(&text);
	for (i = 0; i < 100; i++)
		wsis_buf_puts(&text, "AT&T kernel ");
	for (i = 0; i < 600; i++)
		wsis_buf_puts(&text, i % 150 == 70 ? "hugepagesz " : "memory ");
	ok_build &= wsis_passage_list_add(&list, "drift", "g", text.data, text.len) != NULL;
	wsis_buf_reset(&text);
	for (i = 0; i < 800; i++)
		wsis_buf_puts(&text, i % 150 == 70 ? "hugepagesz " : "memory ");
	ok_build &= wsis_passage_list_add(&list, "nodrift", "g", text.data, text.len) != NULL;

	ok_build &= wsis_wdb_create(path, 0, &w, NULL) == WSIS_OK;
	for (i = 0; ok_build && i < list.count; i++)
		ok_build &= wsis_docbuild_add(w, &list.items[i], (unsigned)i, err,
		    sizeof err) == WSIS_OK;
	if (ok_build)
		ok_build &= wsis_wdb_close(w, NULL) == WSIS_OK;   /* frees w */
	else
		wsis_wdb_free(w);
	ok(ok_build, "an index of %zu generated passages, most of them long", list.count);
	shards[0] = path;
	ok(wsis_db_open(shards, 1, &db, NULL) == WSIS_OK, "opened");

	/* where the positions and the words part, the text is read whole */
	before_whole = whole;
	before_win = windowed;
	n = compare(db, "hugepagesz", 0);
	ok(n == 2 && mismatches == 0 && windowed - before_win == 1 && whole - before_whole == 1,
	    "hugepagesz: 2 passages, the same occurrences both ways; the one whose "
	    "positions are 100 words off words.h's read whole, the other in windows "
	    "(%lu in windows, %lu whole)", windowed - before_win, whole - before_whole);

	gen_queries(&list, &words, &phrases);
	for (q = strtok_r(words.data, "\n", &save); q != NULL; q = strtok_r(NULL, "\n", &save)) {
		unsigned long w0 = windowed, l0 = long_readings;

		compare(db, q, 0);
		compare(db, q, WSIS_MENTIONS_EXACT);
		/* the long passages' readings (the short ones' are whole) */
		words_windowed += windowed - w0;
		words_whole += long_readings - l0 - (windowed - w0);
		/* with exec's reply, now and then */
		if (nq++ % 7 == 0) {
			char *quoted = NULL;
			wsis_buf_t qq = WSIS_BUF_INIT;
			wsis_buf_printf(&qq, "\"%s\"", q);
			quoted = qq.data;
			reply_totals(db, quoted, &t1);
			wsis_buf_reset(&t2);
			{
				unsigned long p0 = passages, o0 = total_occ;
				long found = compare(db, quoted, 0);
				wsis_buf_printf(&t2, "%ld %lu", found, total_occ - o0);
				(void)p0;
			}
			if (strcmp(t1.data ? t1.data : "", t2.data) != 0 && totals_bad++ < 3)
				printf("# MENTIONS %s: reply %s, whole reading %s\n", quoted,
				    t1.data ? t1.data : "", t2.data);
			wsis_buf_free(&qq);
		}
	}
	save = NULL;
	for (q = strtok_r(phrases.data, "\n", &save); q != NULL;
	    q = strtok_r(NULL, "\n", &save)) {
		nph++;
		compare(db, q, 0);
		if (nph % 3 == 0)
			compare(db, q, WSIS_MENTIONS_EXACT);
	}
	/* concepts the positions cannot place, and operators */
	compare(db, "cyber* OR hugetl*", 0);
	compare(db, "\"data cyber*\"", 0);
	compare(db, "page NOT table", 0);
	compare(db, "NOT hugetlbfs", 0);
	compare(db, "(women OR child) AND colour", 0);
	compare(db, "SIDS", 0);
	compare(db, "ICT", 0);
	compare(db, "\"small island developing States\"", 0);
	ok(mismatches == 0, "%lu words and %lu phrases (and exact=1): %lu readings of "
	    "passages, %lu occurrences, the same in windows as whole (%lu queries "
	    "the query parser reads as no word)", nq, nph, passages, total_occ, unsearched);
	ok(words_windowed > 300 && words_windowed * 2 > words_whole,
	    "the words' audits read most long passages in windows: %lu, whole: %lu",
	    words_windowed, words_whole);
	ok(totals_bad == 0, "MENTIONS through lib/exec: the totals of the whole reading");
	/* the places found in the stored text are the decoded text's and
	 * maybe a few more (a mark after an escape): about as many windows */
	ok(part_mismatches == 0 && part_readings > 1000 && part_windowed * 10 >= windowed * 9,
	    "the stored text decoded in parts: %lu readings of long passages, %lu in "
	    "windows (the decoded text's: %lu), the same occurrences and bytes as whole",
	    part_readings, part_windowed, windowed);

	wsis_db_free(db);
	wsis_passage_list_free(&list);
	wsis_buf_free(&text);
	wsis_buf_free(&words);
	wsis_buf_free(&phrases);
	wsis_buf_free(&t1);
	wsis_buf_free(&t2);
	if (!getenv("KEEP"))
		wsis_gen_remove_tree(dir);
	return tap_done();
}
