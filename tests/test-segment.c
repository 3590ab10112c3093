/* test-segment.c - the WSIS review cut into passages (lib/segment.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "passage.h"
#include "segment.h"
#include "tap.h"

/* An exact-size copy, so that ASan sees any read past the end. */
static char *
dup_exact(const char *s, size_t n)
{
	char *d = malloc(n > 0 ? n : 1);

	if (d != NULL && n > 0)
		memcpy(d, s, n);
	return d;
}

static const wsis_passage_t *
get(const wsis_passage_list_t *l, const char *id)
{
	long i = wsis_passage_list_find(l, id);

	return i < 0 ? NULL : &l->items[i];
}

static const char *
text_of(const wsis_passage_list_t *l, const char *id)
{
	const wsis_passage_t *p = get(l, id);

	return p != NULL ? p->text : NULL;
}

static const char *
field_of(const wsis_passage_list_t *l, const char *id, const char *name)
{
	const wsis_passage_t *p = get(l, id);

	return p != NULL ? wsis_passage_field(p, name) : NULL;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n, m = strlen(tail);

	if (s == NULL || (n = strlen(s)) < m)
		return 0;
	return strcmp(s + n - m, tail) == 0;
}

static size_t
count_part(const wsis_passage_list_t *l, const char *part)
{
	size_t i, n = 0;

	for (i = 0; i < l->count; i++)
		n += strcmp(l->items[i].part, part) == 0;
	return n;
}

static int
ids_unique(const wsis_passage_list_t *l)
{
	size_t i, j;

	for (i = 0; i < l->count; i++)
		for (j = i + 1; j < l->count; j++)
			if (strcmp(l->items[i].id, l->items[j].id) == 0)
				return 0;
	return 1;
}

static int
same_lists(const wsis_passage_list_t *a, const wsis_passage_list_t *b)
{
	size_t i, j;

	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->count; i++) {
		const wsis_passage_t *p = &a->items[i], *q = &b->items[i];

		if (strcmp(p->id, q->id) != 0 || strcmp(p->part, q->part) != 0 ||
		    strcmp(p->text, q->text) != 0 || p->nfields != q->nfields)
			return 0;
		for (j = 0; j < p->nfields; j++)
			if (strcmp(p->fields[j].name, q->fields[j].name) != 0 ||
			    strcmp(p->fields[j].value, q->fields[j].value) != 0)
				return 0;
	}
	return 1;
}

/* Trims a line and collapses its runs of blanks into dst. */
static size_t
squeeze(const char *s, size_t n, char *dst)
{
	size_t i, out = 0;
	int blank = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			blank = out > 0;
			continue;
		}
		if (blank)
			dst[out++] = ' ';
		blank = 0;
		dst[out++] = s[i];
	}
	dst[out] = '\0';
	return out;
}

/* Every line that is not an artefact is found, in document order, in the
 * passages: each line in the passage of the line before (further on) or in
 * a later one, and every passage holds at least one line.  The structural
 * prefixes the passages leave out ("- ", "N. ") are left out of the lines. */
static void
check_coverage(const wsis_passage_list_t *l, const char *buf, size_t len)
{
	char *line = malloc(len + 1);
	size_t start = 0, i, n, p = 0, at = 0, lines = 0, missing = 0;
	size_t k, from, skipped = 0;
	int started = 0;
	const char *s, *hit;

	if (line == NULL) {
		ok(0, "coverage: out of memory");
		return;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		n = squeeze(buf + start, i - start, line);
		start = i + 1;
		for (k = 0; k < n && line[k] >= '0' && line[k] <= '9'; k++)
			;
		if (n == 0 || k == n)
			continue;	/* blank or digits only: an artefact */
		lines++;
		s = line;
		if (s[0] == '-' && s[1] == ' ')
			s += 2;
		for (k = 0; s[k] >= '0' && s[k] <= '9'; k++)
			;
		if (k > 0 && s[k] == '.' && s[k + 1] == ' ')
			s += k + 2;
		hit = started && p < l->count ?
		    strstr(l->items[p].text + at, s) : NULL;
		if (hit == NULL) {
			from = started ? p + 1 : 0;
			for (k = from; k < l->count; k++)
				if ((hit = strstr(l->items[k].text, s)) != NULL)
					break;
			if (hit == NULL) {
				missing++;
				printf("# line not in any later passage: %s\n",
				    line);
				continue;
			}
			if (k != from) {
				skipped++;
				printf("# passage %s holds no line\n",
				    l->items[from].id);
			}
			p = k;
			started = 1;
		}
		at = (size_t)(hit - l->items[p].text) + strlen(s);
	}
	is_int(missing, 0, "coverage: all %zu non-artefact lines are in "
	    "passages, in order", lines);
	ok(skipped == 0 && p + 1 == l->count,
	    "coverage: every passage holds a line of the input");
	free(line);
}

static const struct {
	const char *text;
	const char *in_part;
} headings[] = {
	{ "9 October 2015", "pga-letter" },
	{ "Excellency,", "pga-letter" },
	{ "Mogens Lykketoft", "pga-letter" },
	{ "To All Permanent Representatives and Permanent Observers to the "
	  "United Nations New York", "pga-letter" },
	{ "9 October 2015", "cofacilitators-letter" },
	{ "Excellency,", "cofacilitators-letter" },
	{ "J\xc4\x81nis Ma\xc5\xbe" "eiks Ambassador Permanent Representative "
	  "Republic of Latvia", "cofacilitators-letter" },
	{ "Lana Z. Nusseibeh Ambassador", "cofacilitators-letter" },
	{ "Permanent Representative United Arab Emirates",
	  "cofacilitators-letter" },
	{ "All Permanent Representatives and Permanent Observers to the "
	  "United Nations New York", "cofacilitators-letter" },
	{ "2nd Preparatory Meeting for the General Assembly's overall review "
	  "of the implementation of the outcomes of the World Summit on the "
	  "Information Society", "programme" },
	{ "20-22 October 2015, ECOSOC Council, UN Headquarters, New York",
	  "programme" },
	{ "Tuesday, 20 October", "programme" },
	{ "Wednesday, 21 October", "programme" },
	{ "Thursday, 22 October (Conference Room 5) (TBC)", "programme" },
	{ "Guiding Questions", "questions" },
	{ "Day 1 Plenary", "questions" },
	{ "Day 2 \xe2\x80\x93 Interactive discussion on ICT for Development",
	  "questions" },
	{ "Day 2 \xe2\x80\x93 Interactive discussion on Internet Governance",
	  "questions" },
	{ "Day 3 \xe2\x80\x93 Interactive discussion on Human Rights and "
	  "Building Confidence and Security in the use of ICTs", "questions" },
	{ "United Nations General Assembly's Overall Review of the "
	  "Implementation of WSIS Outcomes", "draft" },
	{ "Zero Draft", "draft" },
	{ "Preamble", "draft" },
	{ "1. ICT for Development", "draft" },
	{ "1.1 Bridging the Digital Divide", "draft" },
	{ "1.2 Enabling Environment", "draft" },
	{ "1.3 Financial Mechanisms", "draft" },
	{ "2. Internet Governance", "draft" },
	{ "2.1. Enhanced Cooperation", "draft" },
	{ "2.2. Human rights", "draft" },
	{ "2.3 Building Confidence and Security in the use of ICTs", "draft" },
	{ "3. Implementation and Follow-Up", "draft" },
};
#define NHEADINGS (sizeof headings / sizeof headings[0])

static const char draft7[] =
    "We recognise the remarkable evolution and diffusion of ICT, unforeseen "
    "ten years ago, which have seen penetration into almost all corners of "
    "the globe, restructured social interaction and business models, "
    "contributed to economic growth. Increased connectivity and access to "
    "ICT have played a critical role in enabling progress on the Millennium "
    "Development Goals, and will play a similarly foundational role for the "
    "2030 Agenda for Sustainable Development, with ICT access also becoming "
    "a development indicator and aspiration in and of itself.";

static const char draft40[] =
    "We reaffirm, as an essential foundation of the Information Society, and "
    "as outlined in Article 19 of the Universal Declaration of Human Rights, "
    "that everyone has the right to freedom of opinion and expression, that "
    "this right includes freedom to hold opinions without interference and "
    "to seek, receive and impart information and ideas through any media "
    "and regardless of frontiers. We underscore the need for respecting "
    "freedom of expression and the independence of press. We believe that "
    "communication is a fundamental social process, a basic human need and "
    "the foundation of all social organization, and is central to the "
    "Information Society. Everyone, everywhere should have the opportunity "
    "to participate and no one should be excluded from the benefits the "
    "Information Society offers.";

static const char draft48[] =
    "We recognize the central importance of the principles of international "
    "law enshrined in the UN Charter in building confidence and security in "
    "the use of ICT, particularly the political independence, territorial "
    "integrity and sovereign equality of states, non-interference in "
    "internal affairs of other states and respect for human rights and "
    "fundamental freedoms.";

static void
check_corpus(const wsis_passage_list_t *l)
{
	size_t i, h = 0;
	int order = 1, fields = 1;
	char id[32];

	is_int(count_part(l, "draft"), 58, "58 draft paragraphs");
	is_int(count_part(l, "pga-letter"), 4, "4 PGA letter paragraphs");
	is_int(count_part(l, "cofacilitators-letter"), 12,
	    "12 co-facilitators' letter paragraphs");
	is_int(count_part(l, "programme"), 9, "9 programme slots");
	is_int(count_part(l, "questions"), 13, "13 guiding questions");
	is_int(count_part(l, "heading"), 32, "32 headings");
	is_int(l->count, 58 + 4 + 12 + 9 + 13 + 32, "no other passages");
	ok(ids_unique(l), "ids are unique");

	for (i = 1; i <= 58; i++) {
		snprintf(id, sizeof id, "draft:%zu", i);
		if (get(l, id) == NULL)
			order = 0;
		else if (strcmp(field_of(l, id, "para"), id + 6) != 0)
			fields = 0;
	}
	ok(order, "draft:1 to draft:58 all exist");
	ok(fields, "each draft paragraph's para field is its number");

	/* the page-break repairs */
	is_str(text_of(l, "draft:7"), draft7, "draft:7 joined across the page");
	is_str(text_of(l, "draft:40"), draft40, "draft:40 joined across the page");
	is_str(text_of(l, "draft:48"), draft48,
	    "draft:48 joined across the page, stray \"- \" dropped");
	is_str(text_of(l, "draft:32"), "We recognise the general agreement "
	    "that the governance of the Internet should be open, inclusive, and "
	    "transparent. We reiterate the working definition of Internet "
	    "governance set out in paragraph 34 of the Tunis Agenda, as 'the "
	    "development and application by governments, the private sector and "
	    "civil society, in their respective roles, of shared principles, "
	    "norms, rules, decision making procedures and programmes that shape "
	    "the evolution and use of the Internet'.",
	    "draft:32 (no \"- \" before its number)");
	ok(ends_with(text_of(l, "draft:58"), "[High Level Meeting] on the "
	    "Information Society in 202X in order to discuss such issues."),
	    "draft:58 ends the file");

	/* sections and chapters */
	is_str(field_of(l, "draft:38", "section"), "2.1 Enhanced Cooperation",
	    "draft:38 section");
	is_str(field_of(l, "draft:38", "chapter"), "2. Internet Governance",
	    "draft:38 chapter");
	is_str(field_of(l, "draft:1", "section"), "Preamble", "draft:1 section");
	is_str(field_of(l, "draft:10", "chapter"), "Preamble", "draft:10 chapter");
	is_str(field_of(l, "draft:11", "section"), "1 ICT for Development",
	    "draft:11 section (chapter without a subsection)");
	is_str(field_of(l, "draft:11", "chapter"), "1. ICT for Development",
	    "draft:11 chapter");
	is_str(field_of(l, "draft:16", "section"),
	    "1.1 Bridging the Digital Divide", "draft:16 section");
	is_str(field_of(l, "draft:25", "section"), "1.3 Financial Mechanisms",
	    "draft:25 section");
	is_str(field_of(l, "draft:32", "section"), "2 Internet Governance",
	    "draft:32 section");
	is_str(field_of(l, "draft:40", "section"), "2.2 Human rights",
	    "draft:40 section");
	is_str(field_of(l, "draft:45", "section"),
	    "2.3 Building Confidence and Security in the use of ICTs",
	    "draft:45 section");
	is_str(field_of(l, "draft:58", "section"),
	    "3 Implementation and Follow-Up", "draft:58 section");
	is_str(field_of(l, "draft:58", "chapter"),
	    "3. Implementation and Follow-Up", "draft:58 chapter");

	/* letters */
	ok(text_of(l, "pga-letter:1") != NULL && strncmp(text_of(l,
	    "pga-letter:1"), "I have the honour to transmit herewith", 38) == 0,
	    "pga-letter:1 is the transmittal");
	is_str(text_of(l, "pga-letter:4"), "Please accept, Excellency, the "
	    "assurances of my highest consideration.", "pga-letter:4");
	is_str(text_of(l, "cofacilitators-letter:2"), "1. the zero-draft of the "
	    "review's outcome document, and", "cofacilitators-letter:2 (list item)");
	ok(text_of(l, "cofacilitators-letter:3") != NULL && strncmp(text_of(l,
	    "cofacilitators-letter:3"), "2. the programme of the Second", 30) == 0,
	    "cofacilitators-letter:3 (list item)");
	is_str(text_of(l, "cofacilitators-letter:12"), "Please accept, "
	    "Excellency, the assurances of our highest consideration.",
	    "cofacilitators-letter:12");

	/* programme */
	is_str(text_of(l, "programme:1"), "9:30-10:00 a.m. Opening",
	    "programme:1 text (tab made a space)");
	is_str(field_of(l, "programme:1", "date"), "20 October 2015",
	    "programme:1 date");
	is_str(field_of(l, "programme:1", "room"), "ECOSOC Council",
	    "programme:1 room");
	is_str(field_of(l, "programme:1", "weekday"), "Tuesday",
	    "programme:1 weekday");
	is_str(field_of(l, "programme:7", "day"), "2", "programme:7 day");
	is_str(text_of(l, "programme:9"), "3:00 \xe2\x80\x93 6:00 p.m. Plenary "
	    "review of progress and next steps", "programme:9 text");
	is_str(field_of(l, "programme:9", "day"), "3", "programme:9 day");
	is_str(field_of(l, "programme:9", "time"), "3:00 \xe2\x80\x93 6:00 p.m.",
	    "programme:9 time");
	is_str(field_of(l, "programme:9", "room"), "Conference Room 5 (TBC)",
	    "programme:9 room");
	is_str(field_of(l, "programme:9", "date"), "22 October 2015",
	    "programme:9 date");
	is_str(field_of(l, "programme:9", "weekday"), "Thursday",
	    "programme:9 weekday");

	/* guiding questions */
	is_str(text_of(l, "questions:11"), "How should human rights issues "
	    "related to ICTs be addressed in the zerodraft?", "questions:11 text");
	is_str(field_of(l, "questions:11", "heading"), "Day 3 \xe2\x80\x93 "
	    "Interactive discussion on Human Rights and Building Confidence and "
	    "Security in the use of ICTs", "questions:11 heading");
	is_str(field_of(l, "questions:11", "day"), "3", "questions:11 day");
	is_str(field_of(l, "questions:1", "heading"), "Day 1 Plenary",
	    "questions:1 heading");
	is_str(field_of(l, "questions:8", "day"), "2", "questions:8 day");

	/* headings, all of them, in order */
	for (i = 0; i < l->count; i++) {
		const wsis_passage_t *p = &l->items[i];

		if (strcmp(p->part, "heading") != 0)
			continue;
		snprintf(id, sizeof id, "heading:%zu", h + 1);
		if (h >= NHEADINGS || strcmp(p->id, id) != 0 ||
		    strcmp(p->text, headings[h].text) != 0 ||
		    wsis_passage_field(p, "in_part") == NULL ||
		    strcmp(wsis_passage_field(p, "in_part"),
		    headings[h].in_part) != 0) {
			ok(0, "heading %zu: %s \"%s\"", h + 1, p->id, p->text);
			return;
		}
		h++;
	}
	is_int(h, NHEADINGS, "heading texts and in_part as expected, in order");
	is_str(field_of(l, "heading:5", "in_part"), "cofacilitators-letter",
	    "heading:5 in_part");
	is_str(field_of(l, "heading:13", "day"), "1", "heading:13 (Tuesday) day");
	is_str(field_of(l, "heading:19", "day"), "2", "heading:19 day");
	is_str(field_of(l, "heading:29", "section"), "2.1 Enhanced Cooperation",
	    "heading:29 section");
	is_str(field_of(l, "heading:29", "chapter"), "2. Internet Governance",
	    "heading:29 chapter");
	is_str(field_of(l, "heading:28", "section"), "2 Internet Governance",
	    "heading:28 (chapter) section");
	is_str(field_of(l, "heading:23", "section"), "Preamble",
	    "heading:23 (Preamble) section");
	ok(field_of(l, "heading:22", "section") == NULL,
	    "\"Zero Draft\" opens no section");
}

/* Runs the segmenter on an exact-size copy; returns its result. */
static int
run(const char *s, size_t n, wsis_passage_list_t *l, char *err, size_t errlen)
{
	char *copy = dup_exact(s, n);
	int rc;

	err[0] = '\0';
	rc = wsis_segment_wsis(copy, n, l, err, errlen);
	free(copy);
	return rc;
}

static int
rejects(const char *s, size_t n, const char *what)
{
	wsis_passage_list_t l = { NULL, 0, 0 };
	char err[256];
	int rc;

	rc = run(s, n, &l, err, sizeof err);
	ok(rc == -1 && err[0] != '\0', "%s: -1 (%s)", what, err);
	wsis_passage_list_free(&l);
	return rc;
}

/* Variants of the corpus that must give the very same passages. */
static void
check_variants(const char *buf, size_t len, const wsis_passage_list_t *ref)
{
	wsis_passage_list_t l = { NULL, 0, 0 };
	char err[256], *v;
	size_t i, n, spaces;
	int rc;

	if ((v = malloc(len * 2 + 16)) == NULL)
		return;
	/* CRLF line endings */
	for (i = n = 0; i < len; i++) {
		if (buf[i] == '\n')
			v[n++] = '\r';
		v[n++] = buf[i];
	}
	rc = run(v, n, &l, err, sizeof err);
	ok(rc == 0 && same_lists(&l, ref), "CRLF input gives the same passages");
	wsis_passage_list_free(&l);

	/* a byte order mark, a final newline, doubled blanks, NUL bytes */
	memcpy(v, "\xef\xbb\xbf", 3);
	for (i = 0, n = 3, spaces = 0; i < len; i++) {
		v[n++] = buf[i];
		if (buf[i] == ' ' && ++spaces % 7 == 0)
			v[n++] = ' ';
		else if (buf[i] == ' ' && spaces % 11 == 0)
			v[n - 1] = '\0';
	}
	v[n++] = '\n';
	rc = run(v, n, &l, err, sizeof err);
	ok(rc == 0 && same_lists(&l, ref),
	    "BOM, doubled blanks, NUL bytes and a final newline change nothing");
	wsis_passage_list_free(&l);
	free(v);
}

static uint32_t
rnd(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* The letters are told apart by what they say, not by their order. */
static void
check_letters(const char *buf, size_t len)
{
	wsis_passage_list_t l = { NULL, 0, 0 };
	char err[256], *v;
	size_t second, n;
	int rc;

	/* the co-facilitators' letter's date line is the second one */
	for (second = 1; second + 16 <= len &&
	    memcmp(buf + second, "\n9 October 2015\n", 16) != 0; second++)
		;
	for (second++; second + 16 <= len &&
	    memcmp(buf + second, "\n9 October 2015\n", 16) != 0; second++)
		;
	if (!ok(second + 16 <= len, "found the second letter"))
		return;
	second++;
	rc = run(buf + second, len - second, &l, err, sizeof err);
	ok(rc == 0 && count_part(&l, "pga-letter") == 0 &&
	    count_part(&l, "cofacilitators-letter") == 12,
	    "without the PGA letter: 12 co-facilitators' paragraphs, no PGA's");
	wsis_passage_list_free(&l);

	/* the two letters swapped */
	if ((v = malloc(len)) == NULL)
		return;
	for (n = second; n + 19 <= len &&
	    memcmp(buf + n, "2nd Preparatory Meeting", 19) != 0; n++)
		;
	memcpy(v, buf + second, n - second);
	memcpy(v + (n - second), buf, second);
	memcpy(v + n, buf + n, len - n);
	rc = run(v, len, &l, err, sizeof err);
	ok(rc == 0 && count_part(&l, "pga-letter") == 4 &&
	    count_part(&l, "cofacilitators-letter") == 12 &&
	    text_of(&l, "pga-letter:1") != NULL &&
	    strncmp(text_of(&l, "pga-letter:1"), "I have the honour", 17) == 0,
	    "letters swapped: each still gets its own part");
	wsis_passage_list_free(&l);
	free(v);
}

/* Truncations, garbage and mutations: a clean -1 or passages, never a
 * crash (ASan/UBSan builds check the rest). */
static void
check_hostile(const char *buf, size_t len)
{
	wsis_passage_list_t l = { NULL, 0, 0 };
	char err[256], *v;
	size_t i, n, edits, bad = 0, runs = 0;
	uint32_t seed = 12345;
	int rc, k;
	static const char mini[] = "Zero Draft\nPreamble\n- 1. First.\n"
	    "second half\n- 2. Second\n";

	rejects(NULL, 0, "NULL, empty input");
	rejects("", 0, "empty input");
	rejects("hello world\n", 12, "plain text");
	rejects("\0\0\0\0\0\0\0\0", 8, "NUL bytes");
	for (n = 0; n + 10 <= len && memcmp(buf + n, "Zero Draft", 10) != 0; n++)
		;
	rejects(buf, n, "everything before \"Zero Draft\"");
	rejects(buf, n + 20, "cut after \"Preamble\"");
	rejects("Zero Draft\nPreamble\n1. ICT for Development\n", 43,
	    "headings but no paragraphs");
	ok(!wsis_segment_is_wsis("Zero Draft\n- 1. Text\n", 21),
	    "is_wsis: no Preamble");
	ok(!wsis_segment_is_wsis("Preamble\nZero Draft\n- 1. Text\n", 30),
	    "is_wsis: wrong order");
	ok(wsis_segment_is_wsis(mini, sizeof mini - 1), "is_wsis: minimal");

	rc = run(mini, sizeof mini - 1, &l, err, sizeof err);
	ok(rc == 0 && l.count == 4, "minimal draft: %d, %zu passages", rc,
	    l.count);
	is_str(text_of(&l, "draft:1"), "First. second half",
	    "minimal draft: continuation joined");
	wsis_passage_list_free(&l);

	if ((v = malloc(len + 64)) == NULL)
		return;
	for (i = 0; i < 4096; i++)
		v[i] = (char)rnd(&seed);
	rejects(v, 4096, "random bytes");
	free(v);

	/* a file of 60000 short lines is refused, not held in memory */
	n = 60000 * 2;
	if ((v = malloc(n + 64)) == NULL)
		return;
	memcpy(v, mini, sizeof mini - 1);
	for (i = sizeof mini - 1; i + 2 <= n; i += 2)
		memcpy(v + i, "X\n", 2);
	rejects(v, n, "60000 lines");
	free(v);
	if ((v = malloc(len + 64)) == NULL)
		return;

	/* every truncation point, 37 bytes apart */
	for (n = 0; n <= len; n += 37) {
		rc = run(buf, n, &l, err, sizeof err);
		if (!(rc == -1 || (rc == 0 && count_part(&l, "draft") <= 58 &&
		    l.count <= 128 && ids_unique(&l))))
			bad++;
		runs++;
		wsis_passage_list_free(&l);
	}
	rc = run(buf, len - 1, &l, err, sizeof err);
	ok(rc == 0 && count_part(&l, "draft") == 58, "missing the last byte");
	wsis_passage_list_free(&l);
	ok(bad == 0, "%zu truncations: -1 or fewer passages", runs);

	/* mutations: bytes changed, inserted (newlines, NULs, CRs, dashes) */
	bad = runs = 0;
	for (k = 0; k < 300; k++) {
		memcpy(v, buf, len);
		n = len;
		edits = 1 + rnd(&seed) % 16;
		for (i = 0; i < edits; i++) {
			static const char ins[] = "\n\r\0\t- 7. a";
			size_t at = rnd(&seed) % n;

			if (rnd(&seed) % 2)
				v[at] = ins[rnd(&seed) % (sizeof ins - 1)];
			else
				v[at] = (char)rnd(&seed);
		}
		if (k % 3 == 0)
			n = rnd(&seed) % len;
		rc = run(v, n, &l, err, sizeof err);
		if (!(rc == -1 || (rc == 0 && ids_unique(&l))))
			bad++;
		runs++;
		wsis_passage_list_free(&l);
	}
	ok(bad == 0, "%zu mutated inputs: -1 or unique passages", runs);
	free(v);
}

int
main(void)
{
	wsis_passage_list_t l = { NULL, 0, 0 };
	char err[256];
	char *buf;
	size_t len;
	int rc;

	if ((buf = read_corpus(&len)) == NULL) {
		ok(0, "read the corpus (set top_srcdir)");
		return tap_done();
	}
	ok(wsis_segment_is_wsis(buf, len), "the corpus is the WSIS review");
	rc = run(buf, len, &l, err, sizeof err);
	is_int(rc, 0, "segment the corpus (%s)", err);
	check_corpus(&l);
	check_coverage(&l, buf, len);
	check_variants(buf, len, &l);
	check_letters(buf, len);
	check_hostile(buf, len);
	wsis_passage_list_free(&l);
	free(buf);
	return tap_done();
}
