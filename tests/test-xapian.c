/* test-xapian.c - the C wrapper over Xapian, every function from C:
 * results, error statuses and ownership. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "generation.h"
#include "tap.h"
#include "wsis-xapian.h"

static char dir[] = "/tmp/wsis-test-xapian-XXXXXX";

static char *
path_in(const char *name)
{
	static char buf[4][512];   /* several may be live in one call */
	static int next;

	next = (next + 1) % 4;
	snprintf(buf[next], sizeof buf[next], "%s/%s", dir, name);
	return buf[next];
}

/* Adds a document with id, body text and a paragraph number. */
static void
add(wsis_wdb_t *w, const char *id, const char *part, const char *text, int para)
{
	wsis_doc_t *d = NULL;
	char term[128], num[16];
	unsigned docid = 0, nterms = 0;
	const char *data;
	size_t len;

	ok(wsis_doc_new(&d) == WSIS_OK, "doc_new %s", id);
	ok(wsis_wdb_index_text(w, d, text, "") == WSIS_OK, "index_text %s", id);
	snprintf(term, sizeof term, "Q%s", id);
	ok(wsis_doc_add_boolean_term(d, term) == WSIS_OK, "boolean term %s", term);
	snprintf(term, sizeof term, "XP%s", part);
	wsis_doc_add_boolean_term(d, term);
	snprintf(num, sizeof num, "%d", para);
	snprintf(term, sizeof term, "XN%d", para);
	wsis_doc_add_boolean_term(d, term);
	ok(wsis_doc_set_number(d, WSIS_SLOT_PARA, para) == WSIS_OK, "set_number");
	ok(wsis_doc_set_number(d, WSIS_SLOT_ORDER, para) == WSIS_OK, "set order");
	ok(wsis_doc_set_value(d, 7, id) == WSIS_OK, "set_value");
	ok(wsis_doc_add_term(d, "Xextra", 2) == WSIS_OK, "add_term");
	ok(wsis_doc_set_data(d, text, strlen(text)) == WSIS_OK, "set_data");
	ok(wsis_doc_get_data(d, &data, &len) == WSIS_OK && len == strlen(text) &&
	    memcmp(data, text, len) == 0, "get_data gives the data back");
	ok(wsis_doc_term_count(d, &nterms) == WSIS_OK && nterms > 3, "term_count %u", nterms);
	ok(wsis_wdb_add(w, d, &docid) == WSIS_OK && docid > 0, "add gives docid %u", docid);
	wsis_doc_free(d);
}

/* Searches and returns the ids of the hits, comma-separated (static). */
static const char *
search(wsis_db_t *db, const char *qs, unsigned flags, int doc_order, unsigned long *total)
{
	static char out[1024];
	wsis_query_t *q = NULL;
	wsis_results_t *r = NULL;
	wsis_search_opts_t o = { 0, 10, doc_order, 100, 0 };
	size_t i;
	int exact;

	out[0] = '\0';
	if (wsis_query_parse(db, qs, flags, &q) != WSIS_OK)
		return "PARSE-ERROR";
	if (wsis_db_search(db, q, &o, &r) != WSIS_OK) {
		wsis_query_free(q);
		return "SEARCH-ERROR";
	}
	wsis_results_total(r, total, &exact);
	for (i = 0; i < wsis_results_size(r); i++) {
		wsis_hit_t h;
		if (wsis_results_get(r, i, &h) != WSIS_OK)
			return "GET-ERROR";
		/* data is the text; take the first word as a label */
		strncat(out, h.data, strcspn(h.data, " "));
		if (i + 1 < wsis_results_size(r))
			strcat(out, ",");
	}
	wsis_results_free(r);
	wsis_query_free(q);
	return out;
}

int
main(void)
{
	wsis_wdb_t *w = NULL;
	wsis_db_t *db = NULL;
	wsis_query_t *q = NULL;
	wsis_results_t *r = NULL;
	char *msg = NULL, *s = NULL, *data = NULL;
	size_t len = 0;
	unsigned long n = 0;
	unsigned nt = 0;
	const char *shards[2];
	wsis_status_t opened;

	if (mkdtemp(dir) == NULL)
		return 1;

	/* status names */
	is_str(wsis_status_to_string(WSIS_OK), "success", "status OK named");
	ok(strlen(wsis_status_to_string(WSIS_EQUERY)) > 0, "status EQUERY named");
	ok(strcmp(wsis_status_to_string((wsis_status_t)999), "unknown status") == 0,
	    "unknown status named");

	/* writing */
	ok(wsis_wdb_create(path_in("db"), 0, &w, &msg) == WSIS_OK, "wdb_create");
	add(w, "a", "draft", "alpha enhanced cooperation among governments", 1);
	add(w, "b", "draft", "beta cooperation that is enhanced by women", 2);
	add(w, "c", "letter", "gamma the women of small island states", 3);
	ok(wsis_wdb_set_metadata(w, "k", "v") == WSIS_OK, "set_metadata");
	ok(wsis_wdb_set_metadata(w, "", "v") == WSIS_EINVAL, "set_metadata empty key: EINVAL");
	ok(wsis_wdb_commit(w) == WSIS_OK, "commit");
	ok(wsis_wdb_close(w, &msg) == WSIS_OK, "close");
	ok(wsis_wdb_create(path_in("db"), 0, &w, &msg) != WSIS_OK && msg != NULL,
	    "create over an existing database fails: %s", msg ? msg : "");
	free(msg);
	msg = NULL;
	ok(wsis_wdb_create("/proc/nope/db", 0, &w, &msg) != WSIS_OK && msg != NULL,
	    "create in an impossible place fails with a message");
	free(msg);
	msg = NULL;
	ok(wsis_wdb_create(NULL, 0, &w, NULL) == WSIS_EINVAL, "create(NULL): EINVAL");
	wsis_wdb_free(NULL);
	ok(wsis_wdb_close(NULL, NULL) == WSIS_EINVAL, "close(NULL): EINVAL");
	ok(strlen(wsis_wdb_error(NULL)) > 0, "wdb_error(NULL) is readable");

	/* a second database to open as a shard beside the first */
	ok(wsis_wdb_create(path_in("db2"), 0, &w, NULL) == WSIS_OK, "second wdb");
	add(w, "d", "draft", "delta enhanced cooperation again", 4);
	ok(wsis_wdb_close(w, NULL) == WSIS_OK, "close second");

	/* compaction */
	ok(wsis_compact(path_in("db"), path_in("compact"), &msg) == WSIS_OK, "compact %s", msg ? msg : "");
	ok(wsis_compact(path_in("missing"), path_in("compact2"), &msg) == WSIS_ENOTFOUND,
	    "compact of a missing database: ENOTFOUND");
	free(msg);
	msg = NULL;

	/* reading */
	shards[0] = path_in("missing");
	ok(wsis_db_open(shards, 1, &db, &msg) == WSIS_ENOTFOUND && msg != NULL,
	    "open a missing database: ENOTFOUND (%s)", msg ? msg : "");
	free(msg);
	msg = NULL;
	ok(wsis_db_open(shards, 0, &db, NULL) == WSIS_EINVAL, "open no shards: EINVAL");
	shards[0] = "tcp:nohostport";
	ok(wsis_db_open(shards, 1, &db, &msg) == WSIS_EINVAL, "bad remote spec: EINVAL");
	free(msg);
	msg = NULL;
	shards[0] = "tcp:127.0.0.1:1";
	ok(wsis_db_open(shards, 1, &db, &msg) == WSIS_ENETWORK,
	    "unreachable remote shard: ENETWORK");
	free(msg);
	msg = NULL;
	shards[0] = "tcp:127.0.0.1:0";
	opened = wsis_db_open(shards, 1, &db, &msg);
	ok(opened == WSIS_EINVAL && msg != NULL && strstr(msg, "from 1 to 65535") != NULL,
	    "remote shard on port 0: EINVAL (%s)", msg ? msg : "");
	free(msg);
	msg = NULL;
	shards[0] = "tcp:[::1]:1";
	opened = wsis_db_open(shards, 1, &db, &msg);
	ok(opened == WSIS_ENETWORK, "a bracketed IPv6 remote shard is tried: ENETWORK (%s)",
	    msg ? msg : "");
	free(msg);
	msg = NULL;
	{
		/* a file that is not a database */
		FILE *f = fopen(path_in("junk"), "w");
		fputs("not a database\n", f);
		fclose(f);
		shards[0] = path_in("junk");
		ok(wsis_db_open(shards, 1, &db, &msg) != WSIS_OK && msg != NULL,
		    "open a junk file fails: %s", msg ? msg : "");
		free(msg);
		msg = NULL;
	}

	shards[0] = path_in("compact");
	ok(wsis_db_open(shards, 1, &db, &msg) == WSIS_OK, "open the compacted db");
	ok(wsis_db_doccount(db, &n) == WSIS_OK && n == 3, "doccount 3 (%lu)", n);
	ok(wsis_db_get_metadata(db, "k", &s) == WSIS_OK && strcmp(s, "v") == 0, "metadata");
	free(s);
	s = NULL;
	ok(wsis_db_get_metadata(db, "nokey", &s) == WSIS_ENOTFOUND, "missing metadata: ENOTFOUND");
	ok(wsis_db_get_by_id(db, "b", &data, &len) == WSIS_OK &&
	    strncmp(data, "beta", 4) == 0 && len == strlen(data), "get_by_id");
	free(data);
	data = NULL;
	ok(wsis_db_get_by_id(db, "zz", &data, &len) == WSIS_ENOTFOUND &&
	    strstr(wsis_db_error(db), "zz") != NULL, "get_by_id unknown: ENOTFOUND, named");
	ok(wsis_db_reopen(db) == WSIS_OK, "reopen");

	/* queries */
	is_str(search(db, "\"enhanced cooperation\"", WSIS_QUERY_STANDARD, 0, &n), "alpha",
	    "phrase matches only the adjacent words");
	is_str(search(db, "enhanced cooperation", WSIS_QUERY_STANDARD | WSIS_QUERY_DEFAULT_AND,
	    1, &n), "alpha,beta", "AND of words, document order");
	is_str(search(db, "women", WSIS_QUERY_STANDARD, 1, &n), "beta,gamma", "stemmed word");
	is_int(n, 2, "total of 'women'");
	is_str(search(db, "cooperation NOT women", WSIS_QUERY_STANDARD, 0, &n), "alpha", "NOT");
	is_str(search(db, "enhanced NEAR/5 cooperation", WSIS_QUERY_STANDARD, 1, &n),
	    "alpha,beta", "NEAR in either order");
	is_str(search(db, "cooperation ADJ/5 enhanced", WSIS_QUERY_STANDARD, 1, &n),
	    "beta", "ADJ keeps the order");
	is_str(search(db, "gam*", WSIS_QUERY_STANDARD, 0, &n), "gamma", "wildcard");
	is_str(search(db, "women part:letter", WSIS_QUERY_STANDARD, 0, &n), "gamma",
	    "part: filter");
	is_str(search(db, "para:2..3", WSIS_QUERY_STANDARD, 1, &n), "beta,gamma",
	    "para range");
	is_str(search(db, "para:1", WSIS_QUERY_STANDARD, 1, &n), "alpha", "para: term");
	is_str(search(db, "nothingmatches", WSIS_QUERY_STANDARD, 0, &n), "", "no hits");
	is_int(n, 0, "total 0");

	ok(wsis_query_parse(db, "women", WSIS_QUERY_STANDARD, &q) == WSIS_OK, "parse");
	ok(wsis_query_describe(q, &s) == WSIS_OK && strstr(s, "women") != NULL,
	    "describe: %s", s ? s : "");
	free(s);
	s = NULL;
	ok(wsis_query_term_count(q, &nt) == WSIS_OK && nt >= 1, "term_count %u", nt);
	ok(wsis_query_corrected(q) == NULL, "no correction without the flag");
	ok(wsis_query_text(q) == NULL, "no text kept without the spelling flag");
	/* more terms than a limit: an OR keeps its most selective subqueries,
	 * anything else is left as it is (-1) */
	{
		wsis_query_t *big = NULL;
		int lim = 9;

		ok(wsis_query_limit_terms(db, q, 3, &lim) == WSIS_OK && lim == 0,
		    "limit_terms: one term under the limit is left alone");
		if (wsis_query_parse(db, "women men alpha beta gamma delta", WSIS_QUERY_STANDARD,
		    &big) != WSIS_OK || wsis_query_limit_terms(db, big, 3, &lim) != WSIS_OK ||
		    wsis_query_describe(big, &s) != WSIS_OK)
			lim = 9;
		ok(lim == 1 && wsis_query_term_count(big, &nt) == WSIS_OK && nt == 3 &&
		    s != NULL && strstr(s, "women") == NULL, "limit_terms: an OR of 6 keeps its 3 "
		    "rarest (women is in passages, the others in none): %s", s ? s : "");
		free(s);
		s = NULL;
		wsis_query_free(big);
		big = NULL;
		ok(wsis_query_parse(db, "women AND (men OR alpha OR beta)", WSIS_QUERY_STANDARD,
		    &big) == WSIS_OK && wsis_query_limit_terms(db, big, 3, &lim) == WSIS_OK &&
		    lim == -1, "limit_terms: an AND is left as it is, -1");
		wsis_query_free(big);
		ok(wsis_query_limit_terms(db, NULL, 3, &lim) == WSIS_EINVAL, "limit_terms(NULL): EINVAL");
	}
	{
		wsis_search_opts_t o = { 0, 10, 0, 100, 0 };
		wsis_status_t st;
		wsis_hit_t h;
		unsigned long total = 0;
		int exact = 0;

		ok(wsis_db_search(db, q, &o, &r) == WSIS_OK, "search");
		wsis_results_total(r, &total, &exact);
		ok(total == 2 && exact, "exact total 2");
		ok(wsis_results_get(r, 5, &h) == WSIS_EINVAL, "get out of range: EINVAL");
		ok(wsis_results_get(r, 0, &h) == WSIS_OK && h.rank == 1 && h.score > 0,
		    "first hit ranked 1 with a score");
		/* the snippets' question: which query word is this word */
		ok(wsis_results_match_word(r, "women", 5) == 0, "a query word matches itself");
		ok(wsis_results_match_word(r, "Women", 5) == 0, "whatever its case");
		ok(wsis_results_match_word(r, "woman", 5) == -1 &&
		    wsis_results_match_word(r, "womenfolk", 9) == -1, "other words do not");
		ok(wsis_results_match_word(r, "women\xe2\x80\x99s", 8) == 0,
		    "a possessive matches by its stem, typographic apostrophe and all");
		ok(wsis_results_match_word(r, "", 0) == -1 &&
		    wsis_results_match_word(NULL, "women", 5) == -1, "bad arguments: -1");
		wsis_results_free(r);
		r = NULL;
	}
	wsis_query_free(q);
	q = NULL;
	/* words whose stem ends otherwise than they do: a word is stemmed only
	 * when it begins with a query stem less its last letter (or ends in
	 * "ying"), and these must still be found */
	{
		wsis_search_opts_t o = { 0, 10, 0, 100, 0 };
		wsis_status_t st;
		int die, cry, rel;

		ok(wsis_query_parse(db, "die cry relational", WSIS_QUERY_STANDARD, &q) == WSIS_OK &&
		    wsis_db_search(db, q, &o, &r) == WSIS_OK, "search for stems that end in i");
		die = wsis_results_match_word(r, "die", 3);
		cry = wsis_results_match_word(r, "cries", 5);
		rel = wsis_results_match_word(r, "relational", 10);
		ok(die >= 0 && cry >= 0 && rel >= 0 && die != cry && cry != rel && die != rel,
		    "the query's words match themselves (%d %d %d)", die, cry, rel);
		ok(wsis_results_match_word(r, "cry", 3) == cry &&
		    wsis_results_match_word(r, "Crying", 6) == cry &&
		    wsis_results_match_word(r, "cried", 5) == cry,
		    "cry, crying, cried: stem cri, one letter changed");
		ok(wsis_results_match_word(r, "dying", 5) == die &&
		    wsis_results_match_word(r, "dies", 4) == die,
		    "dying is die: the stemmer's exception");
		ok(wsis_results_match_word(r, "relate", 6) == rel &&
		    wsis_results_match_word(r, "relations", 9) == rel,
		    "relate, relations: stem relat");
		ok(wsis_results_match_word(r, "dice", 4) == -1 &&
		    wsis_results_match_word(r, "crisp", 5) == -1 &&
		    wsis_results_match_word(r, "rely", 4) == -1 &&
		    wsis_results_match_word(r, "lying", 5) == -1,
		    "words that begin alike but stem otherwise do not");
		wsis_results_free(r);
		r = NULL;
	}
	wsis_query_free(q);
	q = NULL;
	/* spelling correction from the index's own words, looked for by the
	 * search when a word is in no document */
	{
		wsis_search_opts_t o = { 0, 10, 0, 100, 0 };
		wsis_status_t st;

		ok(wsis_query_parse(db, "cooperatoin", WSIS_QUERY_STANDARD |
		    WSIS_QUERY_SPELLING, &q) == WSIS_OK && wsis_query_corrected(q) == NULL,
		    "no suggestion before the search");
		ok(wsis_db_search(db, q, &o, &r) == WSIS_OK && wsis_query_corrected(q) != NULL &&
		    strcmp(wsis_query_corrected(q), "cooperation") == 0,
		    "spelling suggestion: %s",
		    q && wsis_query_corrected(q) ? wsis_query_corrected(q) : "");
		wsis_results_free(r);
		r = NULL;
		wsis_query_free(q);
		q = NULL;
		/* two edits (a letter dropped, two swapped), and three */
		ok(wsis_query_parse(db, "coopertoin", WSIS_QUERY_STANDARD |
		    WSIS_QUERY_SPELLING, &q) == WSIS_OK &&
		    wsis_db_search(db, q, &o, &r) == WSIS_OK && wsis_query_corrected(q) != NULL &&
		    strcmp(wsis_query_corrected(q), "cooperation") == 0,
		    "two edits from a word of the index: corrected");
		wsis_results_free(r);
		r = NULL;
		wsis_query_free(q);
		q = NULL;
		st = wsis_query_parse(db, "copertoin", WSIS_QUERY_STANDARD | WSIS_QUERY_SPELLING, &q);
		if (st == WSIS_OK)
			st = wsis_db_search(db, q, &o, &r);
		ok(st == WSIS_OK && wsis_query_corrected(q) == NULL, "three edits: no suggestion (%s)",
		    q && wsis_query_corrected(q) ? wsis_query_corrected(q) : "none");
		wsis_results_free(r);
		r = NULL;
		wsis_query_free(q);
		q = NULL;
		ok(wsis_query_parse(db, "ocoperatoin", WSIS_QUERY_STANDARD |
		    WSIS_QUERY_SPELLING, &q) == WSIS_OK &&
		    wsis_db_search(db, q, &o, &r) == WSIS_OK && wsis_query_corrected(q) != NULL &&
		    strcmp(wsis_query_corrected(q), "cooperation") == 0,
		    "the first two letters swapped: corrected");
		wsis_results_free(r);
		r = NULL;
		wsis_query_free(q);
		q = NULL;
		ok(wsis_query_parse(db, "cooperation women", WSIS_QUERY_STANDARD |
		    WSIS_QUERY_SPELLING, &q) == WSIS_OK &&
		    wsis_db_search(db, q, &o, &r) == WSIS_OK && wsis_query_corrected(q) == NULL,
		    "no suggestion when every word is in some document");
		wsis_results_free(r);
		r = NULL;
		wsis_query_free(q);
		q = NULL;
	}
	ok(wsis_query_parse(db, NULL, 0, &q) == WSIS_EINVAL, "parse(NULL): EINVAL");
	wsis_query_free(NULL);
	wsis_results_free(NULL);
	ok(wsis_results_size(NULL) == 0, "results_size(NULL) is 0");
	ok(wsis_db_search(db, NULL, NULL, &r) == WSIS_EINVAL, "search(NULL): EINVAL");
	wsis_db_free(db);
	db = NULL;

	/* filters, match-all, emptiness */
	{
		wsis_query_t *f = NULL, *all = NULL, *e = NULL;
		wsis_results_t *rr = NULL;
		wsis_search_opts_t o = { 0, 10, 1, 100, 0 };
		wsis_hit_t h;
		unsigned long tot = 0;
		int ex = 0;

		shards[0] = path_in("compact");
		ok(wsis_db_open(shards, 1, &db, NULL) == WSIS_OK, "open the compacted db again");
		ok(wsis_query_parse(db, "cooperation", WSIS_QUERY_STANDARD, &q) == WSIS_OK &&
		    wsis_query_parse(db, "part:draft para:2", WSIS_QUERY_STANDARD, &f) == WSIS_OK,
		    "parse a query and a filter");
		ok(wsis_query_filter(q, f) == WSIS_OK, "query_filter");
		ok(wsis_db_search(db, q, &o, &rr) == WSIS_OK && wsis_results_size(rr) == 1 &&
		    wsis_results_get(rr, 0, &h) == WSIS_OK && strncmp(h.data, "beta", 4) == 0,
		    "the filter keeps only beta");
		wsis_results_free(rr);
		rr = NULL;
		ok(wsis_query_new_all(&all) == WSIS_OK && !wsis_query_is_empty(all), "query_new_all");
		ok(wsis_db_search(db, all, &o, &rr) == WSIS_OK, "search everything");
		wsis_results_total(rr, &tot, &ex);
		ok(tot == 3 && ex, "match-all matches the 3 documents");
		wsis_results_free(rr);
		rr = NULL;
		ok(wsis_query_parse(db, "", WSIS_QUERY_STANDARD, &e) == WSIS_OK &&
		    wsis_query_is_empty(e), "an empty string is an empty query");
		ok(wsis_query_filter(e, f) == WSIS_OK && !wsis_query_is_empty(e),
		    "an empty query with a filter matches what passes the filter");
		wsis_query_free(q);
		q = NULL;
		wsis_query_free(q);
		q = NULL;
		wsis_query_free(f);
		wsis_query_free(all);
		wsis_query_free(e);
		wsis_db_free(db);
		db = NULL;
	}
	/* the stemmer */
	{
		wsis_stemmer_t *st = NULL;
		char out[64];
		ok(wsis_stemmer_new(&st) == WSIS_OK, "stemmer_new");
		ok(wsis_stemmer_stem(st, "disabilities", 12, out, sizeof out) == WSIS_OK &&
		    strcmp(out, "disabl") == 0, "stem of disabilities: %s", out);
		ok(wsis_stemmer_stem(st, "countries", 9, out, 4) == WSIS_OK && strlen(out) == 3,
		    "a stem is cut to the buffer");
		ok(wsis_stemmer_stem(st, "x", 1, out, 0) == WSIS_EINVAL, "outlen 0: EINVAL");
		wsis_stemmer_free(st);
		wsis_stemmer_free(NULL);
	}

	/* two shards searched as one */
	shards[0] = path_in("db");
	shards[1] = path_in("db2");
	ok(wsis_db_open(shards, 2, &db, NULL) == WSIS_OK, "open two shards");
	ok(wsis_db_doccount(db, &n) == WSIS_OK && n == 4, "doccount over shards 4");
	is_str(search(db, "\"enhanced cooperation\"", WSIS_QUERY_STANDARD, 1, &n),
	    "alpha,delta", "phrase over two shards");
	ok(wsis_db_get_by_id(db, "d", &data, &len) == WSIS_OK, "get_by_id in the 2nd shard");
	free(data);
	wsis_db_free(db);
	wsis_db_free(NULL);
	ok(strlen(wsis_db_error(NULL)) > 0, "db_error(NULL) readable");

	/* shards merged by compaction, in order */
	shards[0] = path_in("db");
	shards[1] = path_in("db2");
	ok(wsis_compact_merge(shards, 2, path_in("merged"), &msg) == WSIS_OK, "compact_merge");
	shards[0] = path_in("merged");
	ok(wsis_db_open(shards, 1, &db, NULL) == WSIS_OK, "open the merged db");
	is_str(search(db, "\"enhanced cooperation\"", WSIS_QUERY_STANDARD, 1, &n), "alpha,delta",
	    "the merged db holds both, in order");
	wsis_db_free(db);
	ok(wsis_compact_merge(shards, 0, path_in("merged2"), &msg) == WSIS_EINVAL,
	    "compact_merge of nothing: EINVAL");

	/* documents on their own */
	{
		wsis_doc_t *d = NULL;
		ok(wsis_doc_new(&d) == WSIS_OK, "doc_new");
		ok(wsis_doc_add_boolean_term(d, "") == WSIS_EINVAL, "empty term: EINVAL");
		ok(wsis_doc_set_data(d, NULL, 3) == WSIS_EINVAL, "NULL data: EINVAL");
		ok(wsis_doc_add_term(d, "x", 1) == WSIS_OK, "add_term");
		{
			/* Xapian rejects terms over 245 bytes at add time */
			char big[400];
			memset(big, 'x', sizeof big - 1);
			big[sizeof big - 1] = '\0';
			ok(wsis_doc_add_term(d, big, 1) == WSIS_OK, "a long term is accepted by the document");
		}
		ok(strlen(wsis_doc_error(NULL)) > 0, "doc_error(NULL) readable");
		ok(wsis_wdb_create(path_in("db3"), 0, &w, NULL) == WSIS_OK, "third wdb");
		ok(wsis_wdb_add(w, d, NULL) != WSIS_OK && strlen(wsis_wdb_error(w)) > 0,
		    "a term past Xapian's limit fails at add: %s", wsis_wdb_error(w));
		wsis_wdb_free(w);
		wsis_doc_free(d);
		wsis_doc_free(NULL);
	}

	if (!getenv("KEEP")) wsis_gen_remove_tree(dir);
	return tap_done();
}
