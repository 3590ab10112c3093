/* docbuild.c - a passage as a Xapian document (docbuild.h). */
#include "docbuild.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answertype.h"
#include "buf.h"
#include "citations.h"
#include "json.h"
#include "normalize.h"
#include "sprinter.h"
#include "wordmap.h"

/* Fields that say where a passage stands: its section or heading, and a
 * programme slot's weekday, date and room (which its text leaves out).
 * Indexed unprefixed, each as a text of its own after the passage's, so
 * that a query for a section title or "Thursday" finds and weighs them,
 * and a phrase matches within one value, never across two (a term with no
 * positions would match any phrase beside the text's first word); never
 * part of the text itself, so MENTIONS does not count them. */
static const char *const docbuild_context_fields[] = {
	"section", "heading", "weekday", "date", "room",
};

/* Appends the words of s, lowercase, each followed by one space. */
static int
docbuild_words(wsis_buf_t *b, const char *s)
{
	int rc = wsis_buf_putc(b, ' ');

	while (*s != '\0' && rc == 0) {
		unsigned char c = (unsigned char)*s++;
		if (isalnum(c) || c >= 0x80)
			rc = wsis_buf_putc(b, (char)tolower(c));
		else if (b->data[b->len - 1] != ' ')
			rc = wsis_buf_putc(b, ' ');
	}
	if (rc == 0 && b->data[b->len - 1] != ' ')
		rc = wsis_buf_putc(b, ' ');
	return rc;
}

/* Whether the words of `value` stand in `text` in a row, whatever the case
 * and punctuation between them ("2.1 Enhanced Cooperation" is in the heading
 * "2.1. Enhanced Cooperation"); -1 when out of memory. */
static int
docbuild_within(const char *text, const char *value)
{
	wsis_buf_t t = WSIS_BUF_INIT, v = WSIS_BUF_INIT;
	int rc = -1;

	if (docbuild_words(&t, text) == 0 && docbuild_words(&v, value) == 0)
		rc = strstr(t.data, v.data) != NULL;
	wsis_buf_free(&t);
	wsis_buf_free(&v);
	return rc;
}

/* Indexes `text` normalized, under `prefix`. */
static wsis_status_t
docbuild_index(wsis_wdb_t *wdb, wsis_doc_t *doc, const char *text,
    const char *prefix)
{
	char *norm = wsis_normalize(text, strlen(text));
	wsis_status_t st;

	if (norm == NULL)
		return WSIS_ENOMEM;
	st = wsis_wdb_index_text(wdb, doc, norm, prefix);
	free(norm);
	return st;
}

/* Adds a boolean term prefix+value when value is set. */
static wsis_status_t
docbuild_term(wsis_doc_t *doc, const char *prefix, const char *value)
{
	wsis_buf_t t = WSIS_BUF_INIT;
	wsis_status_t st;

	if (value == NULL || *value == '\0')
		return WSIS_OK;
	/* Xapian's QueryParser writes a boolean field's value that starts with
	 * a capital or ':' after a prefix of two or more letters and a ':'
	 * ("part:Draft" is XP:Draft), so the index must hold it that way */
	if (wsis_buf_puts(&t, prefix) != 0 || (strlen(prefix) > 1 &&
	    ((*value >= 'A' && *value <= 'Z') || *value == ':') && wsis_buf_putc(&t, ':') != 0) ||
	    wsis_buf_puts(&t, value) != 0) {
		wsis_buf_free(&t);
		return WSIS_ENOMEM;
	}
	/* Xapian terms are at most 245 bytes */
	st = t.len <= 240 ? wsis_doc_add_boolean_term(doc, t.data) : WSIS_EINVAL;
	wsis_buf_free(&t);
	return st;
}

/* A field that holds a whole number, or -1. */
static long
docbuild_number(const wsis_passage_t *p, const char *name)
{
	const char *v = wsis_passage_field(p, name);
	char *end;
	long n;

	if (v == NULL || *v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno == 0 && *end == '\0' && n >= 0 ? n : -1;
}

/* Indexes the synonyms and compound forms of the passage's words, one text
 * each, so that a phrase matches within one of them and never across two. */
static wsis_status_t
docbuild_synonyms(wsis_wdb_t *wdb, wsis_doc_t *doc, const wsis_passage_t *p)
{
	wsis_buf_t syn = WSIS_BUF_INIT;
	wsis_status_t st = WSIS_OK;
	char *line, *save = NULL;

	if (wsis_normalize_synonyms(p->text, strlen(p->text), &syn) < 0 ||
	    wsis_normalize_compounds(p->text, strlen(p->text), &syn) < 0 ||
	    (p->title != NULL &&
	    (wsis_normalize_synonyms(p->title, strlen(p->title), &syn) < 0 ||
	    wsis_normalize_compounds(p->title, strlen(p->title), &syn) < 0))) {
		wsis_buf_free(&syn);
		return WSIS_ENOMEM;
	}
	for (line = syn.data ? strtok_r(syn.data, "\n", &save) : NULL;
	    line != NULL && st == WSIS_OK; line = strtok_r(NULL, "\n", &save))
		st = docbuild_index(wdb, doc, line, "");
	wsis_buf_free(&syn);
	return st;
}

/* What the passage cites (citations.h), three ways: boolean terms, so that
 * cites: is an exact filter (the text's key, key#N for each paragraph, and
 * "_" on every citing passage for the citation index); searchable words,
 * each citation a short text of its own ("cites citation Tunis Agenda",
 * "paragraph 69 of the Tunis Agenda"), so a question in plain words finds
 * the citing passages; and the list as JSON into `json`, which is stored
 * with the passage.  Texts past DOCBUILD_CITED_PARAS paragraphs of one
 * citation get no more paragraph texts (their terms are all there). */
#define DOCBUILD_CITED_PARAS 50
static wsis_status_t
docbuild_citations(wsis_wdb_t *wdb, wsis_doc_t *doc, const wsis_passage_t *p,
    wsis_buf_t *json)
{
	wsis_citations_t c = WSIS_CITATIONS_INIT;
	wsis_buf_t key = WSIS_BUF_INIT, t = WSIS_BUF_INIT;
	wsis_sprinter_t sp;
	wsis_status_t st = WSIS_ENOMEM;
	size_t i, k;
	char num[32];

	if (wsis_citations_extract(p->text, strlen(p->text), &c) != 0)
		goto out;
	wsis_sp_json_init(&sp, json);
	wsis_citations_put(&sp, &c);
	if (wsis_sp_finish(&sp) != 0)
		goto out;
	st = WSIS_OK;
	if (c.n > 0)
		st = docbuild_term(doc, WSIS_PREFIX_CITES, "_");
	for (i = 0; i < c.n && st == WSIS_OK; i++) {
		const wsis_citation_t *e = &c.items[i];

		wsis_buf_reset(&key);
		wsis_buf_reset(&t);
		if (wsis_citations_key(e->text, &key) != 0 ||
		    wsis_buf_puts(&t, "cites citation ") != 0 || wsis_buf_puts(&t, e->text) != 0) {
			st = WSIS_ENOMEM;
			break;
		}
		if ((st = docbuild_term(doc, WSIS_PREFIX_CITES, key.data)) != WSIS_OK ||
		    (st = docbuild_index(wdb, doc, t.data, "")) != WSIS_OK)
			break;
		for (k = 0; k < e->nparas && st == WSIS_OK; k++) {
			size_t klen = key.len;

			snprintf(num, sizeof num, "#%u", e->paras[k]);
			if (wsis_buf_puts(&key, num) != 0) {
				st = WSIS_ENOMEM;
				break;
			}
			st = docbuild_term(doc, WSIS_PREFIX_CITES, key.data);
			key.len = klen;
			key.data[klen] = '\0';
			if (st != WSIS_OK || k >= DOCBUILD_CITED_PARAS)
				continue;
			wsis_buf_reset(&t);
			snprintf(num, sizeof num, "paragraph %u of the ", e->paras[k]);
			if (wsis_buf_puts(&t, num) != 0 || wsis_buf_puts(&t, e->text) != 0) {
				st = WSIS_ENOMEM;
				break;
			}
			st = docbuild_index(wdb, doc, t.data, "");
		}
	}
out:
	wsis_citations_free(&c);
	wsis_buf_free(&key);
	wsis_buf_free(&t);
	return st;
}

wsis_status_t
wsis_docbuild_add(wsis_wdb_t *wdb, const wsis_passage_t *p, unsigned long long order,
    char *err, size_t errlen)
{
	wsis_doc_t *doc = NULL;
	wsis_buf_t json = WSIS_BUF_INIT, cites = WSIS_BUF_INIT;
	wsis_passage_t stored;
	wsis_status_t st;
	const char *section = wsis_passage_field(p, "section");
	const char *chapter = wsis_passage_field(p, "chapter");
	long para = docbuild_number(p, "para"), day = docbuild_number(p, "day");
	char num[32];
	const char *what = "building the document";

	if ((st = wsis_doc_new(&doc)) != WSIS_OK)
		goto out;
	what = "indexing the text";
	if ((st = docbuild_index(wdb, doc, p->text, "")) != WSIS_OK)
		goto out;
	if (p->title != NULL && (st = docbuild_index(wdb, doc, p->title, "")) != WSIS_OK)
		goto out;
	if (p->title != NULL &&
	    (st = docbuild_index(wdb, doc, p->title, WSIS_PREFIX_TITLE)) != WSIS_OK)
		goto out;
	if ((st = docbuild_synonyms(wdb, doc, p)) != WSIS_OK)
		goto out;
	/* the kinds of answer it states, for questions that ask for one
	 * (answertype.h): terms that weigh nothing and count in no length */
	what = "marking its kinds of answer";
	{
		unsigned kinds = wsis_answer_stated(p->text, strlen(p->text)), k;

		if (p->title != NULL)
			kinds |= wsis_answer_stated(p->title, strlen(p->title));
		for (k = 1; k <= WSIS_ANSWER_ALL && st == WSIS_OK; k <<= 1)
			if (kinds & k)
				st = wsis_doc_add_term(doc, wsis_answer_term(k), 0);
		if (st != WSIS_OK)
			goto out;
	}
	what = "indexing its context";
	if ((st = wsis_doc_begin_context(doc)) != WSIS_OK)
		goto out;
	for (size_t i = 0; i < sizeof docbuild_context_fields / sizeof *docbuild_context_fields;
	    i++) {
		const char *v = wsis_passage_field(p, docbuild_context_fields[i]);
		int within;

		if (v == NULL)
			continue;
		/* a heading is its own section: its words count once */
		if ((within = docbuild_within(p->text, v)) < 0) {
			st = WSIS_ENOMEM;
			goto out;
		}
		if (within)
			continue;
		if ((st = docbuild_index(wdb, doc, v, "")) != WSIS_OK)
			goto out;
	}
	if (section != NULL &&
	    (st = docbuild_index(wdb, doc, section, WSIS_PREFIX_SECTION)) != WSIS_OK)
		goto out;
	if (chapter != NULL &&
	    (st = docbuild_index(wdb, doc, chapter, WSIS_PREFIX_CHAPTER)) != WSIS_OK)
		goto out;

	what = "indexing its citations";
	if ((st = docbuild_citations(wdb, doc, p, &cites)) != WSIS_OK)
		goto out;

	what = "adding its terms";
	if ((st = docbuild_term(doc, WSIS_PREFIX_ID, p->id)) != WSIS_OK ||
	    (st = docbuild_term(doc, WSIS_PREFIX_PART, p->part)) != WSIS_OK)
		goto out;
	if (para >= 0) {
		snprintf(num, sizeof num, "%ld", para);
		if ((st = docbuild_term(doc, WSIS_PREFIX_PARA, num)) != WSIS_OK ||
		    (st = wsis_doc_set_number(doc, WSIS_SLOT_PARA, (double)para)) != WSIS_OK)
			goto out;
	}
	if (day >= 0) {
		snprintf(num, sizeof num, "%ld", day);
		if ((st = docbuild_term(doc, WSIS_PREFIX_DAY, num)) != WSIS_OK ||
		    (st = wsis_doc_set_number(doc, WSIS_SLOT_DAY, (double)day)) != WSIS_OK)
			goto out;
	}
	if ((st = wsis_doc_set_number(doc, WSIS_SLOT_ORDER, (double)order)) != WSIS_OK)
		goto out;

	what = "storing the passage";
	/* with its citations as extracted here, whatever the input said;
	 * none stored when it cites nothing (a passage's JSON in a reply says
	 * "citations":[] all the same: passage.c) */
	stored = *p;
	stored.citations = cites.data != NULL && strcmp(cites.data, "[]") != 0 ?
	    cites.data : NULL;
	if (wsis_passage_to_json(&stored, &json) != 0) {
		st = WSIS_ENOMEM;
		goto out;
	}
	/* a long passage's word table after the JSON and a NUL, for its
	 * snippets (wordmap.h) */
	if (strlen(p->text) >= WSIS_WORDMAP_MIN_BYTES &&
	    (wsis_buf_putc(&json, '\0') != 0 ||
	    wsis_wordmap_build(p->text, strlen(p->text), &json) != 0)) {
		st = WSIS_ENOMEM;
		goto out;
	}
	if ((st = wsis_doc_set_data(doc, json.data, json.len)) != WSIS_OK)
		goto out;
	what = "writing it";
	st = wsis_wdb_add(wdb, doc, NULL);
out:
	if (st != WSIS_OK) {
		const char *why = wsis_wdb_error(wdb);
		if (doc != NULL && *wsis_doc_error(doc) != '\0')
			why = wsis_doc_error(doc);
		if (why == NULL || *why == '\0')
			why = wsis_status_to_string(st);
		snprintf(err, errlen, "passage '%s': %s: %s", p->id, what, why);
	}
	wsis_buf_free(&json);
	wsis_buf_free(&cites);
	wsis_doc_free(doc);
	return st;
}

wsis_status_t
wsis_docbuild_add_plain(wsis_wdb_t *wdb, const wsis_passage_t *p,
    unsigned long long order,
    char *err, size_t errlen)
{
	wsis_doc_t *doc = NULL;
	wsis_buf_t json = WSIS_BUF_INIT;
	wsis_passage_t plain;
	wsis_status_t st;

	if ((st = wsis_doc_new(&doc)) != WSIS_OK ||
	    (st = wsis_wdb_index_text(wdb, doc, p->text, "")) != WSIS_OK ||
	    (p->title != NULL &&
	    (st = wsis_wdb_index_text(wdb, doc, p->title, "")) != WSIS_OK) ||
	    (st = docbuild_term(doc, WSIS_PREFIX_ID, p->id)) != WSIS_OK ||
	    (st = docbuild_term(doc, WSIS_PREFIX_PART, p->part)) != WSIS_OK ||
	    (st = wsis_doc_set_number(doc, WSIS_SLOT_ORDER, (double)order)) != WSIS_OK)
		goto out;
	plain = *p;
	plain.citations = NULL;   /* the baseline extracts none */
	if (wsis_passage_to_json(&plain, &json) != 0) {
		st = WSIS_ENOMEM;
		goto out;
	}
	if ((st = wsis_doc_set_data(doc, json.data, json.len)) == WSIS_OK)
		st = wsis_wdb_add(wdb, doc, NULL);
out:
	if (st != WSIS_OK)
		snprintf(err, errlen, "passage '%s': %s", p->id, *wsis_wdb_error(wdb) ?
		    wsis_wdb_error(wdb) : wsis_status_to_string(st));
	wsis_buf_free(&json);
	wsis_doc_free(doc);
	return st;
}
