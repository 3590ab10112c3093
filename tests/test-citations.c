/* test-citations.c - what a passage cites (lib/citations.c).
 *
 * 1. The corpus: every citation of the WSIS review, written in the table
 *    below by reading the text, against what the indexer's segmentation
 *    and extraction give: every one found, nothing invented, paragraphs
 *    exact (every passage the table leaves out must cite nothing).
 * 2. Generated passages for every form, with an independent expectation
 *    built by the generator: the words of each citation separated at random
 *    by spaces, line breaks (LF, CRLF), page breaks (form feeds, blank
 *    lines) and no-break spaces, inside random filler sentences; and text
 *    that looks like a citation but is none.
 * 3. A page break inside a citation of the WSIS file, through the
 *    segmenter.
 * 4. The JSON list and its reading back; the keys; the cites: values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "citations.h"
#include "corpus.h"
#include "passage.h"
#include "segment.h"
#include "sprinter.h"
#include "tap.h"

/* The citations as "Name[1,2]; Name" in the list's order. */
static void
show(const wsis_citations_t *c, wsis_buf_t *b)
{
	size_t i, k;
	char num[16];

	wsis_buf_reset(b);
	wsis_buf_puts(b, "");
	for (i = 0; i < c->n; i++) {
		if (i > 0)
			wsis_buf_puts(b, "; ");
		wsis_buf_puts(b, c->items[i].text);
		if (c->items[i].nparas == 0)
			continue;
		wsis_buf_putc(b, '[');
		for (k = 0; k < c->items[i].nparas; k++) {
			snprintf(num, sizeof num, "%s%u", k ? "," : "", c->items[i].paras[k]);
			wsis_buf_puts(b, num);
		}
		wsis_buf_putc(b, ']');
	}
}

static const char *
extract(const char *text, size_t len, wsis_buf_t *b)
{
	wsis_citations_t c = WSIS_CITATIONS_INIT;

	if (wsis_citations_extract(text, len, &c) != 0) {
		wsis_citations_free(&c);
		return "ENOMEM";
	}
	show(&c, b);
	wsis_citations_free(&c);
	return b->data;
}

/* ---- 1. the corpus ------------------------------------------------------ */

/* Every citation of the WSIS review, by passage, in the order each text is
 * first cited: written by reading corpus/wsis-review-zero-draft-2015.txt. */
static const struct {
	const char *id, *want;
} corpus_table[] = {
	/* "the linkage between WSIS and the 2030 Agenda for Sustainable
	 * Development and Financing for Development" */
	{ "questions:7", "2030 Agenda" },
	/* "the request in paragraph 111 of the Tunis Agenda for the
	 * Information Society" */
	{ "draft:1", "Tunis Agenda[111]" },
	/* "in its resolution 68/302 of 31 August 2014" */
	{ "draft:2", "resolution 68/302" },
	/* "the WSIS+10 Statement on the Implementation of WSIS Outcomes and
	 * the WSIS+10 Vision for WSIS Beyond 2015" */
	{ "draft:3", "WSIS+10 Statement; WSIS+10 Vision" },
	/* "the Charter of the United Nations, ... the Universal Declaration of
	 * Human Rights" */
	{ "draft:4", "Charter of the United Nations; Universal Declaration of Human Rights" },
	{ "draft:6", "Geneva Declaration of Principles; Geneva Plan of Action; "
	    "Tunis Commitment; Tunis Agenda" },
	/* across the PDF's page break: "...the Millennium Development Goals,
	 * ... the 2030 Agenda for Sustainable Development" */
	{ "draft:7", "Millennium Development Goals; 2030 Agenda" },
	{ "draft:11", "2030 Agenda" },
	/* "as agreed ... under the Connect 2020 Agenda" */
	{ "draft:19", "Connect 2020 Agenda" },
	/* "progress on paragraphs 23 and 27 of the Tunis Agenda" */
	{ "draft:25", "Tunis Agenda[23,27]" },
	{ "draft:29", "Addis Ababa Action Agenda" },
	/* "set out in paragraph 34 of the Tunis Agenda" */
	{ "draft:32", "Tunis Agenda[34]" },
	/* "agreed in the Geneva Declaration ... as set out in paragraph 35 of
	 * the Tunis Agenda" */
	{ "draft:33", "Geneva Declaration of Principles; Tunis Agenda[35]" },
	/* "approved by the General Assembly in its resolution" (no number:
	 * none) "... as set out in paragraph 72 of the Tunis Agenda for the
	 * Information Society" */
	{ "draft:37", "Tunis Agenda[72]" },
	/* "the Reports by the Secretary General on enhanced cooperation
	 * (A/66/77; E/2009/92)" */
	{ "draft:38", "A/66/77; E/2009/92" },
	/* "We recall paragraphs 69 and 71 of the Tunis Agenda" */
	{ "draft:39", "Tunis Agenda[69,71]" },
	/* "Article 19 of the Universal Declaration of Human Rights": an
	 * article, not a paragraph */
	{ "draft:40", "Universal Declaration of Human Rights" },
	{ "draft:41", "Geneva Declaration of Principles; Tunis Commitment" },
	/* "recognised in General Assembly resolution 68/167" */
	{ "draft:42", "resolution 68/167" },
	{ "draft:44", "Universal Declaration of Human Rights" },
	/* "as emphasised in paragraph 43 of the Tunis Agenda and mentioned
	 * under ... the Geneva Declaration of Principles and Plan of Action" */
	{ "draft:47", "Tunis Agenda[43]; Geneva Declaration of Principles; "
	    "Geneva Plan of Action" },
	/* "the principles of international law enshrined in the UN Charter" */
	{ "draft:48", "Charter of the United Nations" },
	/* "the 2030 Agenda for Sustainable Development ... the Sustainable
	 * Development Goals" */
	{ "draft:52", "2030 Agenda; Sustainable Development Goals" },
	{ "draft:57", "2030 Agenda" },
};

static void
test_corpus(void)
{
	wsis_passage_list_t l = { 0 };
	wsis_buf_t b = WSIS_BUF_INIT;
	char err[256] = "";
	size_t len = 0, i, k, found = 0, cites = 0, paras = 0, bad = 0;
	char *buf = read_corpus(&len);

	if (!ok(buf != NULL, "read the corpus (set top_srcdir)"))
		return;
	is_int(wsis_segment_wsis(buf, len, &l, err, sizeof err), 0, "segment the corpus %s",
	    err);
	for (i = 0; i < l.count; i++) {
		const wsis_passage_t *p = &l.items[i];
		const char *want = "";
		const char *got = extract(p->text, strlen(p->text), &b);

		for (k = 0; k < sizeof corpus_table / sizeof corpus_table[0]; k++)
			if (strcmp(corpus_table[k].id, p->id) == 0) {
				want = corpus_table[k].want;
				found++;
			}
		if (strcmp(got, want) != 0) {
			bad++;
			is_str(got, want, "corpus %s: its citations", p->id);
		}
		if (*got != '\0') {
			wsis_citations_t c = WSIS_CITATIONS_INIT;

			wsis_citations_extract(p->text, strlen(p->text), &c);
			cites += c.n;
			for (k = 0; k < c.n; k++)
				paras += c.items[k].nparas;
			wsis_citations_free(&c);
		}
	}
	is_int(found, sizeof corpus_table / sizeof corpus_table[0],
	    "every passage of the table is in the corpus");
	is_int(bad, 0, "all %zu passages of the corpus cite what the table says (%zu "
	    "citations, %zu cited paragraphs)", l.count, cites, paras);
	wsis_passage_list_free(&l);
	free(buf);
	wsis_buf_free(&b);
}

/* ---- 2. generated passages ------------------------------------------------ */

static unsigned long rng = 2463534242ul;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	rng &= 0xfffffffful;
	return (unsigned)(rng % n);
}

/* What may stand between two words of a citation. */
static const char *const seps[] = {
	" ", " ", " ", "\n", "\r\n", "\f", "\n\f\n", "\n\n", "\xc2\xa0", "  \t",
};

/* Appends the words of s, each space a random separator. */
static void
put_spaced(wsis_buf_t *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ')
			wsis_buf_puts(b, seps[rnd(sizeof seps / sizeof seps[0])]);
		else
			wsis_buf_putc(b, *s);
	}
}

/* Known texts: a way to write each and the name it is cited by. */
static const struct {
	const char *written, *name;
} known[] = {
	{ "Tunis Agenda", "Tunis Agenda" },
	{ "Tunis Agenda for the Information Society", "Tunis Agenda" },
	{ "tunis agenda", "Tunis Agenda" },
	{ "Tunis Commitment", "Tunis Commitment" },
	{ "Geneva Declaration of Principles", "Geneva Declaration of Principles" },
	{ "Geneva Declaration", "Geneva Declaration of Principles" },
	{ "Geneva Plan of Action", "Geneva Plan of Action" },
	{ "2030 Agenda for Sustainable Development", "2030 Agenda" },
	{ "2030 Agenda", "2030 Agenda" },
	{ "Millennium Declaration", "Millennium Declaration" },
	{ "United Nations Millennium Declaration", "Millennium Declaration" },
	{ "Millennium Development Goals", "Millennium Development Goals" },
	{ "Addis Ababa Action Agenda", "Addis Ababa Action Agenda" },
	{ "Universal Declaration of Human Rights", "Universal Declaration of Human Rights" },
	{ "Charter of the United Nations", "Charter of the United Nations" },
};
#define NKNOWN (sizeof known / sizeof known[0])

/* Capitalised words for names the table does not know. */
static const char *const caps[] = {
	"Busan", "Outcome", "Partnership", "Monterrey", "Consensus", "Doha", "Report",
	"Istanbul", "Programme", "Vienna", "Framework", "Sendai", "Strategy",
};

static const char *const filler[] = {
	"We", "recall", "the", "importance", "of", "access", "and", "note", "with",
	"concern", "that", "progress", "remains", "uneven", "in", "developing",
	"countries", "this", "process", "should", "continue", "Internet", "governance",
};

static void
put_filler(wsis_buf_t *b, unsigned n)
{
	while (n-- > 0) {
		wsis_buf_puts(b, filler[rnd(sizeof filler / sizeof filler[0])]);
		wsis_buf_putc(b, ' ');
	}
}

/* One generated citation: its words into `form` (spaces to randomise),
 * what it must give into `want` ("" for nothing). */
static void
gen_one(unsigned kind, wsis_buf_t *form, wsis_buf_t *want)
{
	unsigned k = rnd(NKNOWN), a = 1 + rnd(150), b = a + 1 + rnd(20), c = b + 1 + rnd(20);
	char s[512], w[512];

	s[0] = w[0] = '\0';
	switch (kind) {
	case 0:   /* paragraph N of the X */
		snprintf(s, sizeof s, "paragraph %u of the %s", a, known[k].written);
		snprintf(w, sizeof w, "%s[%u]", known[k].name, a);
		break;
	case 1:   /* paragraphs N and M of X */
		snprintf(s, sizeof s, "paragraphs %u and %u of %s", b, a, known[k].written);
		snprintf(w, sizeof w, "%s[%u,%u]", known[k].name, a, b);
		break;
	case 2: { /* a range, written three ways */
		static const char *const to[] = { " to ", "-", "\xe2\x80\x93", " through " };
		unsigned v;
		size_t wl;

		snprintf(s, sizeof s, "paragraphs %u%s%u of the %s", a, to[rnd(4)], a + (b - a) % 6,
		    known[k].written);
		wl = (size_t)snprintf(w, sizeof w, "%s[", known[k].name);
		for (v = a; v <= a + (b - a) % 6; v++)
			wl += (size_t)snprintf(w + wl, sizeof w - wl, "%s%u", v > a ? "," : "", v);
		snprintf(w + wl, sizeof w - wl, "]");
		break;
	}
	case 3:   /* a list: "paragraphs 4, 5 and 9", the Oxford comma or not */
		snprintf(s, sizeof s, "paragraphs %u, %u%s and %u of the %s", a, b,
		    rnd(2) ? "," : "", c, known[k].written);
		snprintf(w, sizeof w, "%s[%u,%u,%u]", known[k].name, a, b, c);
		break;
	case 4:   /* X, paragraph N */
		snprintf(s, sizeof s, "the %s, paragraph %u", known[k].written, a);
		snprintf(w, sizeof w, "%s[%u]", known[k].name, a);
		break;
	case 5:   /* in its resolution 68/302 */
		snprintf(s, sizeof s, "%s resolution %u/%u", rnd(2) ? "in its" :
		    "General Assembly", 50 + a % 30, a + 100);
		snprintf(w, sizeof w, "resolution %u/%u", 50 + a % 30, a + 100);
		break;
	case 6: { /* bare symbols */
		unsigned f = rnd(4);

		if (f == 0) {
			snprintf(s, sizeof s, "(A/%u/%u)", 50 + a % 30, b);
			snprintf(w, sizeof w, "A/%u/%u", 50 + a % 30, b);
		} else if (f == 1) {
			snprintf(s, sizeof s, "report E/%u/%u.", 2000 + a % 20, c);
			snprintf(w, sizeof w, "E/%u/%u", 2000 + a % 20, c);
		} else if (f == 2) {
			snprintf(s, sizeof s, "draft A/%u/L.%u;", 50 + a % 30, b);
			snprintf(w, sizeof w, "A/%u/L.%u", 50 + a % 30, b);
		} else {
			snprintf(s, sizeof s, "A/RES/%u/%u", 50 + a % 30, c);
			snprintf(w, sizeof w, "resolution %u/%u", 50 + a % 30, c);
		}
		break;
	}
	case 7: { /* a name the table does not know */
		const char *x = caps[rnd(sizeof caps / sizeof caps[0])];
		const char *y = caps[rnd(sizeof caps / sizeof caps[0])];

		snprintf(s, sizeof s, "paragraph %u of the %s %s", a, x, y);
		snprintf(w, sizeof w, "%s %s[%u]", x, y, a);
		break;
	}
	default: { /* looks like one, is none */
		static const char *const none[] = {
			"this paragraph is", "the paragraph above", "paragraphs of text",
			"on the agenda of the meeting", "agenda item", "the agenda for today",
			"the resolution", "its resolution and", "a modalities resolution",
			"paragraph 5 of the present resolution", "paragraph 12 above",
			"held in Tunis", "in Geneva", "the 2030 targets", "and/or", "24/7",
			"TCP/IP", "on 9/10/2015", "Agenda", "a declaration of principles",
			"paragraph 3 of the General Assembly",
		};
		snprintf(s, sizeof s, "%s", none[rnd(sizeof none / sizeof none[0])]);
		break;
	}
	}
	wsis_buf_puts(form, s);
	wsis_buf_puts(want, w);
}

static void
test_generated(void)
{
	static const char *const kinds[] = {
		"paragraph N of the X", "paragraphs N and M of X", "paragraphs N to M",
		"paragraphs N, M and O", "X, paragraph N", "in its resolution N/M",
		"bare document symbols", "an unknown text's name", "no citation",
	};
	wsis_buf_t text = WSIS_BUF_INIT, form = WSIS_BUF_INIT, want = WSIS_BUF_INIT,
	    got = WSIS_BUF_INIT;
	unsigned kind, i;

	for (kind = 0; kind < sizeof kinds / sizeof kinds[0]; kind++) {
		unsigned bad = 0;

		for (i = 0; i < 300; i++) {
			wsis_buf_reset(&text);
			wsis_buf_reset(&form);
			wsis_buf_reset(&want);
			wsis_buf_puts(&want, "");
			put_filler(&text, rnd(8));
			gen_one(kind, &form, &want);
			put_spaced(&text, form.data);
			wsis_buf_puts(&text, rnd(2) ? ". " : ", ");
			put_filler(&text, rnd(8));
			extract(text.data, text.len, &got);
			if (strcmp(got.data, want.data) != 0 && bad++ == 0)
				printf("# %s: in \"%s\"\n#   got  \"%s\"\n#   want \"%s\"\n",
				    kinds[kind], text.data, got.data, want.data);
		}
		is_int(bad, 0, "generated: %s (300 passages, line and page breaks)",
		    kinds[kind]);
	}
	wsis_buf_free(&text);
	wsis_buf_free(&form);
	wsis_buf_free(&want);
	wsis_buf_free(&got);
}

/* The examples of doc/CITATIONS.md, as written there. */
static void
test_documented(void)
{
	static const struct {
		const char *text, *want;
	} t[] = {
		{ "paragraph 111 of the Tunis Agenda for the Information Society",
		  "Tunis Agenda[111]" },
		{ "paragraphs 69 and 71 of the Tunis Agenda", "Tunis Agenda[69,71]" },
		{ "paragraphs 4, 5 and 9 of the Geneva Plan of Action",
		  "Geneva Plan of Action[4,5,9]" },
		{ "paragraphs 23 through 27 of the Tunis Agenda", "Tunis Agenda[23,24,25,26,27]" },
		{ "the Tunis Commitment, paragraph 12", "Tunis Commitment[12]" },
		{ "in its resolution 68/302; General Assembly resolution 68/167",
		  "resolution 68/302; resolution 68/167" },
		{ "resolutions 68/302 and 70/125", "resolution 68/302; resolution 70/125" },
		{ "A/RES/70/125", "resolution 70/125" },
		{ "A/66/77, E/2009/92, A/70/L.33, E/CN.16/2015/2",
		  "A/66/77; E/2009/92; A/70/L.33; E/CN.16/2015/2" },
		{ "paragraph 12 of the Busan Outcome", "Busan Outcome[12]" },
		{ "the Geneva Declaration of Principles and Plan of Action",
		  "Geneva Declaration of Principles; Geneva Plan of Action" },
		{ "paragraph 4 (a) of the Tunis Agenda", "Tunis Agenda[4]" },
		{ "the MDGs and the mdgs", "Millennium Development Goals" },
		{ "Transforming our world: the 2030 Agenda for Sustainable Development",
		  "2030 Agenda" },
		{ "Article 19 of the Universal Declaration of Human Rights",
		  "Universal Declaration of Human Rights" },
		{ "paragraph 5 of the General Assembly", "" },
		{ "this paragraph, its resolution, the modalities resolution", "" },
		{ "paragraph 5 of the present resolution; paragraph 12 above", "" },
		{ "on the agenda of the meeting, in Tunis, and/or 24/7 over TCP/IP on 9/10/2015",
		  "" },
	};
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		is_str(extract(t[i].text, strlen(t[i].text), &b), t[i].want, "documented: %s",
		    t[i].text);
	wsis_buf_free(&b);
}

/* ---- 3. a page break inside a citation of the WSIS file ------------------- */

static void
test_page_break(void)
{
	static const char cite[] = "paragraph 111 of the Tunis Agenda";
	/* the PDF's page break: the page's end, its number, the next page
	 * going on in lower case */
	static const char split[] = "paragraph 111 of\n\n3\n\nthe Tunis Agenda";
	wsis_passage_list_t l = { 0 };
	wsis_buf_t doc = WSIS_BUF_INIT, b = WSIS_BUF_INIT;
	char err[256] = "";
	size_t len = 0;
	char *buf = read_corpus(&len), *at;
	long i;

	if (buf == NULL || (at = strstr(buf, cite)) == NULL) {
		ok(0, "the corpus cites paragraph 111 of the Tunis Agenda");
		free(buf);
		return;
	}
	wsis_buf_append(&doc, buf, (size_t)(at - buf));
	wsis_buf_puts(&doc, split);
	wsis_buf_puts(&doc, at + strlen(cite));
	is_int(wsis_segment_wsis(doc.data, doc.len, &l, err, sizeof err), 0,
	    "segment the corpus with a page break inside draft:1's citation %s", err);
	i = wsis_passage_list_find(&l, "draft:1");
	ok(i >= 0, "draft:1 is there");
	if (i >= 0)
		is_str(extract(l.items[i].text, strlen(l.items[i].text), &b),
		    "Tunis Agenda[111]", "a page break inside a citation: read whole");
	wsis_passage_list_free(&l);
	wsis_buf_free(&doc);
	wsis_buf_free(&b);
	free(buf);
}

/* ---- 4. JSON, keys, cites: values -------------------------------------------- */

static void
test_json(void)
{
	static const char text[] = "We recall paragraphs 71 and 69 of the Tunis Agenda, "
	    "the Tunis Commitment and A/RES/70/125.";
	wsis_citations_t c = WSIS_CITATIONS_INIT, back = WSIS_CITATIONS_INIT;
	wsis_buf_t j = WSIS_BUF_INIT, s1 = WSIS_BUF_INIT, s2 = WSIS_BUF_INIT;
	wsis_sprinter_t sp;

	wsis_citations_extract(text, strlen(text), &c);
	wsis_sp_json_init(&sp, &j);
	wsis_citations_put(&sp, &c);
	is_int(wsis_sp_finish(&sp), 0, "the list as JSON");
	is_str(j.data, "[{\"text\":\"Tunis Agenda\",\"paras\":[69,71]},{\"text\":\"Tunis "
	    "Commitment\",\"paras\":[]},{\"text\":\"resolution 70/125\",\"paras\":[]}]",
	    "the JSON list");
	is_int(wsis_citations_from_json(j.data, j.len, &back), 0, "read back");
	show(&c, &s1);
	show(&back, &s2);
	is_str(s2.data, s1.data, "read back the same");
	is_int(wsis_citations_from_json("{\"text\":1}", 10, &back), -1, "not a list: -1");
	is_int(wsis_citations_from_json("[{\"text\":\"X\",\"paras\":[0]}]", 27, &back), -1,
	    "paragraph 0: -1");
	wsis_citations_free(&c);
	wsis_citations_free(&back);
	wsis_buf_free(&j);
	wsis_buf_free(&s1);
	wsis_buf_free(&s2);
}

static const char *
query(const char *v, wsis_buf_t *b)
{
	char err[256];
	int rc;

	wsis_buf_reset(b);
	wsis_buf_puts(b, "");
	rc = wsis_citations_query(v, strlen(v), b, err, sizeof err);
	if (rc == 1) {
		wsis_buf_reset(b);
		wsis_buf_puts(b, "ERR ");
		wsis_buf_puts(b, err);
	}
	return rc < 0 ? "ENOMEM" : b->data;
}

static void
test_query(void)
{
	static const struct {
		const char *v, *want;
	} t[] = {
		{ "\"Tunis Agenda\"", "tunis_agenda" },
		{ "\"tunis agenda for the information society\"", "tunis_agenda" },
		{ "\"TUNIS AGENDA\"", "tunis_agenda" },
		{ "68/302", "resolution_68/302" },
		{ "\"resolution 68/302\"", "resolution_68/302" },
		{ "\"General Assembly resolution 68/302\"", "resolution_68/302" },
		{ "A/RES/68/302", "resolution_68/302" },
		{ "A/66/77", "a/66/77" },
		{ "\"Geneva Declaration\"", "geneva_declaration_of_principles" },
		{ "mdgs", "millennium_development_goals" },
		{ "\"Tunis Agenda, paragraph 35\"", "tunis_agenda#35" },
		{ "\"Tunis Agenda paragraph 35\"", "tunis_agenda#35" },
		{ "\"Tunis Agenda, para 35\"", "tunis_agenda#35" },
		{ "\"Busan Outcome, paragraph 12\"", "busan_outcome#12" },
		{ "tunis", "tunis" },
		{ "\"Tunis Agenda, paragraph x\"", "ERR cites: '\"Tunis Agenda, paragraph x\"' is "
		    "not a text and a paragraph number (cites:\"Tunis Agenda, paragraph 35\")" },
		{ "\"Tunis Agenda, paragraph 3 4\"", "ERR cites: '\"Tunis Agenda, paragraph 3 "
		    "4\"' is not a text and a paragraph number (cites:\"Tunis Agenda, paragraph "
		    "35\")" },
		{ "\"paragraph 35\"", "ERR cites: '\"paragraph 35\"' is not the name of a text "
		    "(cites:\"Tunis Agenda\", cites:68/302, cites:\"Tunis Agenda, paragraph 35\")" },
		{ "\"Tunis Agenda", "ERR cites: the quote of '\"Tunis Agenda' is not closed" },
		{ "\"\"", "ERR cites: '\"\"' is not the name of a text (cites:\"Tunis Agenda\", "
		    "cites:68/302, cites:\"Tunis Agenda, paragraph 35\")" },
		{ "(x)", "ERR cites: '(x)' is not the name of a text (cites:\"Tunis Agenda\", "
		    "cites:68/302, cites:\"Tunis Agenda, paragraph 35\")" },
	};
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		is_str(query(t[i].v, &b), t[i].want, "cites:%s", t[i].v);
	wsis_buf_free(&b);
}

int
main(void)
{
	test_corpus();
	test_generated();
	test_documented();
	test_page_break();
	test_json();
	test_query();
	return tap_done();
}
