/* segment.c - the WSIS review file cut into passages.
 *
 * Three passes, all state local to the call:
 *  1. split the buffer into lines (LF, CRLF or CR), collapse blanks and
 *     control bytes to single spaces, drop PDF artefacts (blank and
 *     digits-only lines: page numbers, the stray "00") and join page-break
 *     continuations (a line starting with a lowercase letter, possibly
 *     behind a wrongly inserted "- ", continues the line before it);
 *  2. tell the parts apart by their headings and shape, never by line
 *     numbers: letters (a date line and "Excellency,"), the programme (day
 *     lines such as "Tuesday, 20 October"), "Guiding Questions" and the
 *     zero draft ("Zero Draft" / "Preamble"); the parts only move forward;
 *  3. emit the passages of each part in document order.
 *
 * Every kept line ends up in exactly one passage: what a part does not
 * recognise as body text becomes a heading of that part.  Bytes outside
 * ASCII are copied verbatim (lines are only ever cut at ASCII bytes), so
 * valid UTF-8 stays valid; repairing invalid UTF-8 is utf8.c's job.
 */
#include "segment.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errmsg.h"

/* The real file is 32 KiB.  The limit bounds memory whatever a fuzzer
 * feeds in: the lines take about twice the input, and a passage made of a
 * short line costs a few hundred bytes. */
#define SEGMENT_MAX_INPUT	((size_t)8 << 20)
/* The real file has 131 lines; a passage costs a few hundred bytes, so
 * memory stays in tens of megabytes however the input is cut. */
#define SEGMENT_MAX_LINES	50000
/* A paragraph or section number has at most this many digits. */
#define SEGMENT_MAX_DIGITS	6
/* Chapter and section headings are short; longer numbered lines are
 * paragraphs. */
#define SEGMENT_MAX_HEADING	120
/* wsis_segment_is_wsis() looks at this many bytes of each line. */
#define SEGMENT_PEEK		64

enum segment_part {
	SEGMENT_NONE,		/* the order matters: parts only move forward */
	SEGMENT_LETTER,
	SEGMENT_PROGRAMME,
	SEGMENT_QUESTIONS,
	SEGMENT_DRAFT
};

enum segment_stage {
	SEGMENT_LETTERHEAD,	/* date line and salutation */
	SEGMENT_BODY,
	SEGMENT_SIGNATURE	/* after the closing formula */
};

typedef struct {
	size_t off;	/* of the text in segment_doc_t.text, NUL-terminated */
	size_t len;
	size_t tab;	/* offset of the space that stands for a tab, or 0 */
	int    part;
	size_t letter;	/* which letter, 0-based, when part is SEGMENT_LETTER */
	int    stage;	/* where in the letter */
} segment_line_t;

typedef struct {
	wsis_buf_t      text;
	segment_line_t *lines;
	size_t          n;
	size_t          cap;
} segment_doc_t;

typedef struct {
	wsis_passage_list_t *out;
	wsis_buf_t     id;
	wsis_buf_t     tmp;
	unsigned long  nheadings;
	unsigned long  nparas;		/* draft paragraphs emitted */

	size_t         pga_letter;	/* the letter that is the PGA's */
	unsigned long  npga;
	unsigned long  ncofac;

	wsis_buf_t     year;		/* from the programme's date line */
	wsis_buf_t     venue_room;
	wsis_buf_t     weekday;
	wsis_buf_t     date;
	wsis_buf_t     room;
	unsigned long  day;
	unsigned long  nslots;

	wsis_buf_t     qheading;
	wsis_buf_t     qday;
	unsigned long  nquestions;

	wsis_buf_t     chapter;
	wsis_buf_t     section;
	int            have_para;
	unsigned long  last_para;
	unsigned long  nrepeats;
} segment_emit_t;

static const char *const segment_months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December", NULL
};

static const char *const segment_weekdays[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday", NULL
};

/* ---- small string helpers (ASCII, locale-independent) ------------------ */

static int
segment_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
segment_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
segment_is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Whether s[0..n) starts with lit, ignoring ASCII case. */
static int
segment_istarts(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; lit[i] != '\0'; i++) {
		if (i >= n || segment_lower((unsigned char)s[i]) !=
		    segment_lower((unsigned char)lit[i]))
			return 0;
	}
	return 1;
}

/* Whether s[0..n) is lit, ignoring ASCII case. */
static int
segment_ieq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && segment_istarts(s, n, lit);
}

static int
segment_icontains(const char *s, size_t n, const char *lit)
{
	size_t i, m = strlen(lit);

	for (i = 0; m <= n && i <= n - m; i++) {
		if (segment_istarts(s + i, n - i, lit))
			return 1;
	}
	return 0;
}

static int
segment_word_in(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++) {
		if (segment_ieq(s, n, *words))
			return 1;
	}
	return 0;
}

static int
segment_digits_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!segment_is_digit(s[i]))
			return 0;
	}
	return n > 0;
}

/* Whether s[0..n) starts with the "- " of a list item. */
static int
segment_dash(const char *s, size_t n)
{
	return n >= 2 && s[0] == '-' && s[1] == ' ';
}

static int
segment_set(wsis_buf_t *b, const char *s, size_t n)
{
	wsis_buf_reset(b);
	return wsis_buf_append(b, s, n);
}

/* The buffer's text, or NULL when empty (so no field is added). */
static const char *
segment_str(const wsis_buf_t *b)
{
	return b->len > 0 ? b->data : NULL;
}

/* ---- line shapes ------------------------------------------------------- */

/* Copies the line s[0..n) to dst (cap bytes and a NUL) with runs of blanks
 * and control bytes (NUL included) collapsed to one space and both ends
 * trimmed; stops after cap bytes.  Returns the length; *tab gets the
 * offset of the space that stands for a run holding a tab, or 0. */
static size_t
segment_normalize(const char *s, size_t n, char *dst, size_t cap, size_t *tab)
{
	size_t i, out = 0;
	int blank = 0, wastab = 0;
	unsigned char c;

	*tab = 0;
	for (i = 0; i < n && out < cap; i++) {
		c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f) {
			if (out > 0) {
				blank = 1;
				wastab |= c == '\t';
			}
			continue;
		}
		if (blank) {
			if (wastab && *tab == 0)
				*tab = out;
			dst[out++] = ' ';
			blank = wastab = 0;
			if (out == cap)
				break;
		}
		dst[out++] = (char)c;
	}
	dst[out] = '\0';
	return out;
}

/* A number or a range of numbers: "2015", "20-22", "20–22". */
static int
segment_number(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !segment_is_digit(s[0]) || !segment_is_digit(s[n - 1]))
		return 0;
	while (i < n) {
		if (segment_is_digit(s[i]) || s[i] == '-')
			i++;
		else if (n - i >= 3 && memcmp(s + i, "\xe2\x80\x93", 3) == 0)
			i += 3;
		else
			return 0;
	}
	return 1;
}

/* Whether s[0..n) is a date: words separated by spaces and commas, each a
 * month name or a number or range, at least one of each ("9 October 2015",
 * "20-22 October 2015", "October 9, 2015").  *year gets the first
 * four-digit word, or NULL. */
static int
segment_date(const char *s, size_t n, const char **year)
{
	size_t i = 0, j;
	int months = 0, numbers = 0;

	*year = NULL;
	while (i < n) {
		if (s[i] == ' ' || s[i] == ',') {
			i++;
			continue;
		}
		for (j = i; j < n && s[j] != ' ' && s[j] != ','; j++)
			;
		if (segment_number(s + i, j - i)) {
			numbers++;
			if (*year == NULL && j - i == 4 &&
			    segment_digits_only(s + i, 4))
				*year = s + i;
		} else if (segment_word_in(s + i, j - i, segment_months)) {
			months++;
		} else
			return 0;
		i = j;
	}
	return months > 0 && numbers > 0;
}

/* A letter's date line: "9 October 2015". */
static int
segment_date_line(const char *s, size_t n)
{
	const char *year;

	return n <= 40 && segment_date(s, n, &year);
}

/* A letter's salutation: "Excellency,". */
static int
segment_salutation(const char *s, size_t n)
{
	return n <= 32 && (segment_istarts(s, n, "Excellenc") ||
	    segment_istarts(s, n, "Your Excellenc"));
}

/* The closing formula ends a letter's body: "Please accept, Excellency,
 * the assurances of my highest consideration." */
static int
segment_closing(const char *s, size_t n)
{
	return segment_istarts(s, n, "Please accept") ||
	    segment_icontains(s, n, "highest consideration");
}

/* Which letter is the PGA's cover letter?  The one that transmits the
 * other ("I have the honour to transmit herewith a letter ... from the
 * co-Facilitators"), or whose letterhead or signature names the President
 * of the General Assembly.  The co-facilitators' letter encloses the draft
 * but transmits nothing, and names the President only in its body.  The
 * order of the letters is no cue: when the file is cut at its start, the
 * co-facilitators' letter comes first. */
static int
segment_transmits(const char *s, size_t n)
{
	return segment_icontains(s, n, "honour to transmit") ||
	    segment_icontains(s, n, "honor to transmit") ||
	    segment_icontains(s, n, "transmit herewith");
}

static int
segment_signed_by_president(const char *s, size_t n)
{
	return segment_icontains(s, n, "President of the General Assembly");
}

/* The programme's date and venue line: "20-22 October 2015, ECOSOC
 * Council, UN Headquarters, New York".  *year gets the year, room the
 * first field after the date. */
static int
segment_venue(const char *s, size_t n, const char **year, const char **room,
    size_t *roomlen)
{
	const char *comma;
	size_t k, e;

	if ((comma = memchr(s, ',', n)) == NULL ||
	    !segment_date(s, (size_t)(comma - s), year) || *year == NULL)
		return 0;
	for (k = (size_t)(comma - s) + 1; k < n && s[k] == ' '; k++)
		;
	for (e = k; e < n && s[e] != ','; e++)
		;
	while (e > k && s[e - 1] == ' ')
		e--;
	if (e == k)
		return 0;
	*room = s + k;
	*roomlen = e - k;
	return 1;
}

typedef struct {
	size_t weekday;		/* length of the weekday at the start */
	size_t date;		/* offset and length of the date */
	size_t datelen;
	size_t room;		/* offset of "(Conference Room 5) (TBC)", or n */
} segment_day_t;

/* A programme day line: "Tuesday, 20 October" or "Thursday, 22 October
 * (Conference Room 5) (TBC)". */
static int
segment_day_line(const char *s, size_t n, segment_day_t *d)
{
	size_t w, k, p, e;
	const char *year;

	for (w = 0; w < n && s[w] != ',' && s[w] != ' '; w++)
		;
	if (!segment_word_in(s, w, segment_weekdays))
		return 0;
	for (k = w; k < n && (s[k] == ',' || s[k] == ' '); k++)
		;
	for (p = k; p < n && s[p] != '('; p++)
		;
	for (e = p; e > k && (s[e - 1] == ' ' || s[e - 1] == ','); e--)
		;
	if (e == k || !segment_date(s + k, e - k, &year))
		return 0;
	d->weekday = w;
	d->date = k;
	d->datelen = e - k;
	d->room = p;
	return 1;
}

/* A guiding-question heading: "Day 2 – Interactive discussion on ...".
 * *daylen gets the length of the day number at offset 4. */
static int
segment_question_heading(const char *s, size_t n, size_t *daylen)
{
	size_t k;

	if (!segment_istarts(s, n, "Day "))
		return 0;
	for (k = 4; k < n && segment_is_digit(s[k]) &&
	    k - 4 < SEGMENT_MAX_DIGITS; k++)
		;
	if (k == 4 || (k < n && s[k] != ' '))
		return 0;
	*daylen = k - 4;
	return 1;
}

/* A numbered paragraph: "- 7. We recognise ..." or "32. We recognise ...".
 * *dash tells whether "- " leads, *body is the offset after "N. ". */
static int
segment_numbered(const char *s, size_t n, int *dash, unsigned long *num,
    size_t *body)
{
	size_t k = 0, d;
	unsigned long v = 0;

	*dash = segment_dash(s, n);
	if (*dash)
		k = 2;
	for (d = k; d < n && segment_is_digit(s[d]); d++) {
		if (d - k >= SEGMENT_MAX_DIGITS)
			return 0;
		v = v * 10 + (unsigned long)(s[d] - '0');
	}
	if (d == k || n - d < 3 || s[d] != '.' || s[d + 1] != ' ')
		return 0;
	*num = v;
	*body = d + 2;
	return 1;
}

/* The number of a chapter or section heading: "2.", "1.1", "2.1.".
 * Returns how many numbers it has (0 when it is none); *numlen gets its
 * length without a trailing dot, *title the offset of the title. */
static int
segment_heading_number(const char *s, size_t n, size_t *numlen,
    size_t *title)
{
	size_t k = 0, start;
	int groups = 0;

	for (;;) {
		for (start = k; k < n && segment_is_digit(s[k]); k++)
			;
		if (k == start || k - start > SEGMENT_MAX_DIGITS)
			return 0;
		groups++;
		if (n - k >= 2 && s[k] == '.' && segment_is_digit(s[k + 1]))
			k++;
		else
			break;
	}
	*numlen = k;
	if (k < n && s[k] == '.')
		k++;
	else if (groups == 1)
		return 0;	/* a chapter is "2. Title" */
	if (n - k < 2 || s[k] != ' ')
		return 0;
	*title = k + 1;
	return groups;
}

/* Whether a title looks like a heading's: short, not starting like a
 * sentence's continuation, not ending like a sentence. */
static int
segment_heading_shape(const char *s, size_t n)
{
	return n > 0 && n <= SEGMENT_MAX_HEADING && !segment_is_lower(s[0]) &&
	    memchr(".;:,!?", s[n - 1], 6) == NULL;
}

/* ---- pass 1: lines ----------------------------------------------------- */

static int
segment_doc_push(segment_doc_t *doc, size_t off, size_t len, size_t tab)
{
	segment_line_t *l;
	size_t ncap;

	if (doc->n == doc->cap) {
		ncap = doc->cap ? doc->cap * 2 : 256;
		if (ncap > SIZE_MAX / sizeof *l)
			return -1;
		if ((l = realloc(doc->lines, ncap * sizeof *l)) == NULL)
			return -1;
		doc->lines = l;
		doc->cap = ncap;
	}
	l = &doc->lines[doc->n++];
	l->off = off;
	l->len = len;
	l->tab = tab;
	l->part = SEGMENT_NONE;
	l->letter = 0;
	l->stage = SEGMENT_LETTERHEAD;
	return 0;
}

/* Adds one raw line: dropped when it is an artefact, joined to the line
 * before when it continues it across a page break, else a line of its
 * own.  Each line's text is followed by a NUL in doc->text, and the last
 * line's text ends the buffer, so a join just overwrites that NUL. */
static int
segment_doc_add(segment_doc_t *doc, const char *s, size_t n)
{
	wsis_buf_t *t = &doc->text;
	segment_line_t *prev;
	size_t len, tab, skip;
	char *d;

	if (wsis_buf_reserve(t, n + 1) != 0)
		return -1;
	d = t->data + t->len;
	len = segment_normalize(s, n, d, n, &tab);
	if (len == 0 || segment_digits_only(d, len))
		return 0;
	skip = segment_dash(d, len) ? 2 : 0;
	if (doc->n > 0 && skip < len && segment_is_lower(d[skip])) {
		prev = &doc->lines[doc->n - 1];
		t->data[t->len - 1] = ' ';
		memmove(d, d + skip, len - skip + 1);
		prev->len += 1 + len - skip;
		t->len += len - skip + 1;
		return 0;
	}
	if (segment_doc_push(doc, t->len, len, tab) != 0)
		return -1;
	t->len += len + 1;
	return 0;
}

/* Returns 0, -1 when out of memory, -2 when there are too many lines. */
static int
segment_doc_split(segment_doc_t *doc, const char *buf, size_t len)
{
	size_t i, start = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		start = 3;	/* a UTF-8 byte order mark */
	for (i = start; i <= len; i++) {
		if (i == len || buf[i] == '\n' || buf[i] == '\r') {
			if (segment_doc_add(doc, buf + start, i - start) != 0)
				return -1;
			if (doc->n > SEGMENT_MAX_LINES)
				return -2;
			start = i + 1;
		}
	}
	return 0;
}

static void
segment_doc_free(segment_doc_t *doc)
{
	wsis_buf_free(&doc->text);
	free(doc->lines);
	doc->lines = NULL;
	doc->n = doc->cap = 0;
}

/* ---- pass 2: parts ----------------------------------------------------- */

static const char *
segment_text(const segment_doc_t *doc, size_t i, size_t *n)
{
	*n = doc->lines[i].len;
	return doc->text.data + doc->lines[i].off;
}

static int
segment_is(const segment_doc_t *doc, size_t i,
    int (*shape)(const char *, size_t))
{
	const char *s;
	size_t n;

	if (i >= doc->n)
		return 0;
	s = segment_text(doc, i, &n);
	return shape(s, n);
}

static int
segment_is_venue(const char *s, size_t n)
{
	const char *year, *room;
	size_t roomlen;

	return segment_venue(s, n, &year, &room, &roomlen);
}

static int
segment_is_day_line(const char *s, size_t n)
{
	segment_day_t d;

	return segment_day_line(s, n, &d);
}

static int
segment_is_guiding(const char *s, size_t n)
{
	return segment_ieq(s, n, "Guiding Questions");
}

static int
segment_is_zero_draft(const char *s, size_t n)
{
	return segment_ieq(s, n, "Zero Draft");
}

static int
segment_is_preamble(const char *s, size_t n)
{
	return segment_ieq(s, n, "Preamble");
}

/* Could this line be the draft's title (the line before "Zero Draft"), or
 * is it the last line of the part before? */
static int
segment_is_draft_title(const char *s, size_t n)
{
	size_t daylen;

	return !segment_dash(s, n) && s[n - 1] != '?' &&
	    !segment_is_guiding(s, n) && !segment_question_heading(s, n, &daylen) &&
	    !segment_is_day_line(s, n) && !segment_salutation(s, n);
}

/* A letter starts at its date line when "Excellency," follows, or at a
 * salutation with no date line before it. */
static int
segment_starts_letter(const segment_doc_t *doc, size_t i)
{
	if (segment_is(doc, i, segment_date_line))
		return segment_is(doc, i + 1, segment_salutation);
	return segment_is(doc, i, segment_salutation) &&
	    !(i > 0 && segment_is(doc, i - 1, segment_date_line));
}

/* The programme starts at its title, the line before its date and venue
 * line, which comes just before the first day line. */
static int
segment_starts_programme(const segment_doc_t *doc, size_t i)
{
	if (segment_is(doc, i, segment_is_day_line))
		return 1;
	if (segment_is(doc, i, segment_is_venue))
		return segment_is(doc, i + 1, segment_is_day_line);
	return segment_is(doc, i + 1, segment_is_venue) &&
	    segment_is(doc, i + 2, segment_is_day_line);
}

/* The draft starts at its title, the line before "Zero Draft", or at
 * "Zero Draft" or "Preamble". */
static int
segment_starts_draft(const segment_doc_t *doc, size_t i)
{
	if (segment_is(doc, i, segment_is_zero_draft) ||
	    segment_is(doc, i, segment_is_preamble))
		return 1;
	return segment_is(doc, i + 1, segment_is_zero_draft) &&
	    doc->lines[i].tab == 0 && segment_is(doc, i, segment_is_draft_title);
}

/* Gives each line its part, and each letter's lines their stage; returns
 * which letter is the PGA's (SIZE_MAX for none). */
static size_t
segment_doc_assign(segment_doc_t *doc)
{
	int cur = SEGMENT_NONE, first = SEGMENT_NONE, stage = SEGMENT_LETTERHEAD;
	size_t i, n, letter = 0, nletters = 0, pga = SIZE_MAX;
	segment_line_t *l;
	const char *s;

	for (i = 0; i < doc->n; i++) {
		if (cur <= SEGMENT_LETTER && segment_starts_letter(doc, i)) {
			cur = SEGMENT_LETTER;
			letter = nletters++;
			stage = SEGMENT_LETTERHEAD;
		} else if (cur < SEGMENT_PROGRAMME &&
		    segment_starts_programme(doc, i))
			cur = SEGMENT_PROGRAMME;
		else if (cur < SEGMENT_QUESTIONS &&
		    segment_is(doc, i, segment_is_guiding))
			cur = SEGMENT_QUESTIONS;
		else if (cur < SEGMENT_DRAFT && segment_starts_draft(doc, i))
			cur = SEGMENT_DRAFT;
		if (first == SEGMENT_NONE)
			first = cur;
		l = &doc->lines[i];
		l->part = cur;
		l->letter = letter;
		if (cur != SEGMENT_LETTER)
			continue;
		/* The salutation ends the letterhead, the closing formula
		 * (part of the body) ends the body. */
		s = segment_text(doc, i, &n);
		l->stage = stage;
		if (stage == SEGMENT_LETTERHEAD && segment_salutation(s, n))
			stage = SEGMENT_BODY;
		else if (stage == SEGMENT_BODY && segment_closing(s, n))
			stage = SEGMENT_SIGNATURE;
		if (pga == SIZE_MAX && (l->stage == SEGMENT_BODY ?
		    segment_transmits(s, n) : segment_signed_by_president(s, n)))
			pga = letter;
	}
	/* What comes before the first part is its letterhead or title. */
	for (i = 0; i < doc->n && doc->lines[i].part == SEGMENT_NONE; i++)
		doc->lines[i].part = first;
	return pga;
}

/* ---- pass 3: passages -------------------------------------------------- */

static wsis_passage_t *
segment_add(segment_emit_t *e, const char *part, const char *text,
    size_t len, const char *idfmt, ...) __attribute__((format(printf, 5, 6)));

static wsis_passage_t *
segment_add(segment_emit_t *e, const char *part, const char *text,
    size_t len, const char *idfmt, ...)
{
	va_list ap;
	int rc;

	wsis_buf_reset(&e->id);
	va_start(ap, idfmt);
	rc = wsis_buf_vprintf(&e->id, idfmt, ap);
	va_end(ap);
	if (rc != 0)
		return NULL;
	return wsis_passage_list_add(e->out, e->id.data, part, text, len);
}

/* Adds a field unless value is NULL or empty. */
static int
segment_field(wsis_passage_t *p, const char *name, const char *value)
{
	if (value == NULL || *value == '\0')
		return 0;
	return wsis_passage_add_field(p, name, value);
}

static int
segment_heading(segment_emit_t *e, const char *s, size_t n,
    const char *in_part, const char *section, const char *chapter,
    const char *day)
{
	wsis_passage_t *p;

	p = segment_add(e, "heading", s, n, "heading:%lu", ++e->nheadings);
	if (p == NULL || segment_field(p, "in_part", in_part) != 0 ||
	    segment_field(p, "section", section) != 0 ||
	    segment_field(p, "chapter", chapter) != 0 ||
	    segment_field(p, "day", day) != 0)
		return -1;
	return 0;
}

static int
segment_emit_letter(segment_emit_t *e, const segment_line_t *l,
    const char *s, size_t n)
{
	int pga = l->letter == e->pga_letter;
	const char *part = pga ? "pga-letter" : "cofacilitators-letter";
	unsigned long *count = pga ? &e->npga : &e->ncofac;

	if (l->stage != SEGMENT_BODY)
		return segment_heading(e, s, n, part, NULL, NULL, NULL);
	if (segment_dash(s, n) && n > 2) {
		s += 2;		/* a list item: "- 1. the zero-draft ..." */
		n -= 2;
	}
	return segment_add(e, part, s, n, "%s:%lu", part, ++*count) != NULL ?
	    0 : -1;
}

/* Appends s[0..n) without its blanks at either end, after a space when
 * the buffer already holds something. */
static int
segment_append_word(wsis_buf_t *b, const char *s, size_t n)
{
	while (n > 0 && s[0] == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return 0;
	if (b->len > 0 && wsis_buf_putc(b, ' ') != 0)
		return -1;
	return wsis_buf_append(b, s, n);
}

/* The room a day line names: "(Conference Room 5) (TBC)" gives
 * "Conference Room 5 (TBC)"; the first parentheses are the room's name,
 * what follows them qualifies it. */
static int
segment_day_room(wsis_buf_t *room, const char *s, size_t n)
{
	const char *close;
	size_t in;

	wsis_buf_reset(room);
	if (n == 0 || s[0] != '(')
		return 0;
	if ((close = memchr(s, ')', n)) == NULL)
		return segment_append_word(room, s + 1, n - 1);
	in = (size_t)(close - s);
	if (segment_append_word(room, s + 1, in - 1) != 0 ||
	    segment_append_word(room, s + in + 1, n - in - 1) != 0)
		return -1;
	return 0;
}

static int
segment_emit_programme(segment_emit_t *e, const segment_line_t *l,
    const char *s, size_t n)
{
	const char *year, *room;
	size_t roomlen;
	segment_day_t d;
	wsis_passage_t *p;
	char day[32];

	if (segment_venue(s, n, &year, &room, &roomlen)) {
		if (segment_set(&e->year, year, 4) != 0 ||
		    segment_set(&e->venue_room, room, roomlen) != 0)
			return -1;
		return segment_heading(e, s, n, "programme", NULL, NULL, NULL);
	}
	if (segment_day_line(s, n, &d)) {
		e->day++;
		snprintf(day, sizeof day, "%lu", e->day);
		if (segment_set(&e->weekday, s, d.weekday) != 0 ||
		    segment_set(&e->date, s + d.date, d.datelen) != 0 ||
		    segment_day_room(&e->room, s + d.room, n - d.room) != 0)
			return -1;
		if (!segment_date(s + d.date, d.datelen, &year) || year == NULL) {
			if (e->year.len > 0 && (wsis_buf_putc(&e->date, ' ') != 0 ||
			    wsis_buf_append(&e->date, e->year.data, e->year.len) != 0))
				return -1;
		}
		if (e->room.len == 0 && e->venue_room.len > 0 &&
		    segment_set(&e->room, e->venue_room.data,
		    e->venue_room.len) != 0)
			return -1;
		return segment_heading(e, s, n, "programme", NULL, NULL, day);
	}
	if (l->tab == 0)
		return segment_heading(e, s, n, "programme", NULL, NULL, NULL);

	/* A time slot: "9:30-10:00 a.m.<TAB>Opening". */
	p = segment_add(e, "programme", s, n, "programme:%lu", ++e->nslots);
	if (p == NULL || segment_set(&e->tmp, s, l->tab) != 0)
		return -1;
	snprintf(day, sizeof day, "%lu", e->day);
	if (e->day > 0 && (segment_field(p, "day", day) != 0 ||
	    segment_field(p, "weekday", segment_str(&e->weekday)) != 0 ||
	    segment_field(p, "date", segment_str(&e->date)) != 0))
		return -1;
	if (segment_field(p, "time", e->tmp.data) != 0 ||
	    segment_field(p, "room", segment_str(e->day > 0 ? &e->room :
	    &e->venue_room)) != 0)
		return -1;
	return 0;
}

static int
segment_emit_questions(segment_emit_t *e, const char *s, size_t n)
{
	wsis_passage_t *p;
	size_t daylen;

	if (segment_question_heading(s, n, &daylen)) {
		if (segment_set(&e->qheading, s, n) != 0 ||
		    segment_set(&e->qday, s + 4, daylen) != 0)
			return -1;
		return segment_heading(e, s, n, "questions", NULL, NULL,
		    e->qday.data);
	}
	if (!(segment_dash(s, n) && n > 2) && s[n - 1] != '?')
		return segment_heading(e, s, n, "questions", NULL, NULL, NULL);
	if (segment_dash(s, n)) {
		s += 2;
		n -= 2;
	}
	p = segment_add(e, "questions", s, n, "questions:%lu",
	    ++e->nquestions);
	if (p == NULL ||
	    segment_field(p, "heading", segment_str(&e->qheading)) != 0 ||
	    segment_field(p, "day", segment_str(&e->qday)) != 0)
		return -1;
	return 0;
}

/* A draft paragraph.  Paragraph numbers should rise; a number that does
 * not (a drafting slip, a damaged file) gets "~k" after it in the id so
 * that ids stay unique without a lookup. */
static int
segment_emit_para(segment_emit_t *e, unsigned long num, const char *s,
    size_t n)
{
	wsis_passage_t *p;
	char para[32];

	if (!e->have_para || num > e->last_para) {
		p = segment_add(e, "draft", s, n, "draft:%lu", num);
		e->have_para = 1;
		e->last_para = num;
	} else
		p = segment_add(e, "draft", s, n, "draft:%lu~%lu", num,
		    ++e->nrepeats);
	if (p == NULL)
		return -1;
	e->nparas++;
	snprintf(para, sizeof para, "%lu", num);
	if (segment_field(p, "para", para) != 0 ||
	    segment_field(p, "section", segment_str(&e->section)) != 0 ||
	    segment_field(p, "chapter", segment_str(&e->chapter)) != 0)
		return -1;
	return 0;
}

/* The section name of a heading: its number without the dot after it,
 * then its title: "2.1. Enhanced Cooperation" gives "2.1 Enhanced
 * Cooperation", "2. Internet Governance" gives "2 Internet Governance". */
static int
segment_section_name(wsis_buf_t *b, const char *s, size_t n, size_t numlen,
    size_t title)
{
	wsis_buf_reset(b);
	if (wsis_buf_append(b, s, numlen) != 0 || wsis_buf_putc(b, ' ') != 0 ||
	    wsis_buf_append(b, s + title, n - title) != 0)
		return -1;
	return 0;
}

static int
segment_emit_draft(segment_emit_t *e, const char *s, size_t n)
{
	unsigned long num;
	size_t body, numlen, title;
	int dash, numbered, groups;

	numbered = segment_numbered(s, n, &dash, &num, &body);
	groups = segment_heading_number(s, n, &numlen, &title);
	if (numbered && !dash && groups == 1 &&
	    segment_heading_shape(s + title, n - title)) {
		/* a chapter: "2. Internet Governance" */
		if (segment_set(&e->chapter, s, n) != 0 ||
		    segment_section_name(&e->section, s, n, numlen, title) != 0)
			return -1;
		return segment_heading(e, s, n, "draft", e->section.data,
		    e->chapter.data, NULL);
	}
	if (numbered)
		return segment_emit_para(e, num, s + body, n - body);
	if (groups >= 2 && segment_heading_shape(s + title, n - title)) {
		/* a section: "2.1. Enhanced Cooperation" */
		if (segment_section_name(&e->section, s, n, numlen, title) != 0)
			return -1;
		return segment_heading(e, s, n, "draft", e->section.data,
		    segment_str(&e->chapter), NULL);
	}
	if (segment_is_preamble(s, n)) {
		if (segment_set(&e->chapter, s, n) != 0 ||
		    segment_set(&e->section, s, n) != 0)
			return -1;
		return segment_heading(e, s, n, "draft", e->section.data,
		    e->chapter.data, NULL);
	}
	return segment_heading(e, s, n, "draft", NULL, NULL, NULL);
}

static void
segment_emit_free(segment_emit_t *e)
{
	wsis_buf_t *bufs[] = {
		&e->id, &e->tmp, &e->year, &e->venue_room, &e->weekday,
		&e->date, &e->room, &e->qheading, &e->qday, &e->chapter,
		&e->section
	};
	size_t i;

	for (i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		wsis_buf_free(bufs[i]);
}

static int
segment_emit(segment_emit_t *e, const segment_doc_t *doc)
{
	const segment_line_t *l;
	const char *s;
	size_t i, n;
	int rc;

	for (i = 0; i < doc->n; i++) {
		l = &doc->lines[i];
		s = segment_text(doc, i, &n);
		switch (l->part) {
		case SEGMENT_LETTER:
			rc = segment_emit_letter(e, l, s, n);
			break;
		case SEGMENT_PROGRAMME:
			rc = segment_emit_programme(e, l, s, n);
			break;
		case SEGMENT_QUESTIONS:
			rc = segment_emit_questions(e, s, n);
			break;
		default:
			rc = segment_emit_draft(e, s, n);
			break;
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* ---- exported ---------------------------------------------------------- */

int
wsis_segment_is_wsis(const char *buf, size_t len)
{
	char line[SEGMENT_PEEK + 1];
	size_t i, start, n, tab, body;
	unsigned long num;
	int stage = 0, dash;

	if (buf == NULL)
		return 0;
	/* "Zero Draft", then "Preamble", then a numbered paragraph. */
	for (i = start = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n' && buf[i] != '\r')
			continue;
		n = segment_normalize(buf + start, i - start, line,
		    SEGMENT_PEEK, &tab);
		start = i + 1;
		if (stage == 0 && segment_is_zero_draft(line, n))
			stage = 1;
		else if (stage == 1 && segment_is_preamble(line, n))
			stage = 2;
		else if (stage == 2 &&
		    segment_numbered(line, n, &dash, &num, &body))
			return 1;
	}
	return 0;
}

int
wsis_segment_wsis(const char *buf, size_t len, wsis_passage_list_t *out,
    char *err, size_t errlen)
{
	segment_doc_t doc = { WSIS_BUF_INIT, NULL, 0, 0 };
	segment_emit_t e;
	int rc = -1;

	if (out == NULL) {
		wsis_errmsg(err, errlen, "no passage list given");
		return -1;
	}
	if (len > SEGMENT_MAX_INPUT) {
		wsis_errmsg(err, errlen, "WSIS review too large: %zu bytes "
		    "(limit %zu)", len, SEGMENT_MAX_INPUT);
		return -1;
	}
	if (!wsis_segment_is_wsis(buf, len)) {
		wsis_errmsg(err, errlen, "not the WSIS review: no \"Zero "
		    "Draft\" and \"Preamble\" lines followed by a numbered "
		    "paragraph");
		return -1;
	}
	memset(&e, 0, sizeof e);
	e.out = out;
	switch (segment_doc_split(&doc, buf, len)) {
	case 0:
		break;
	case -2:
		wsis_errmsg(err, errlen, "WSIS review with more than %d lines "
		    "of text", SEGMENT_MAX_LINES);
		goto done;
	default:
		goto nomem;
	}
	e.pga_letter = segment_doc_assign(&doc);
	if (segment_emit(&e, &doc) != 0)
		goto nomem;
	if (e.nparas == 0) {
		wsis_errmsg(err, errlen, "WSIS review without its draft: "
		    "no numbered paragraphs after \"Preamble\"");
		goto done;
	}
	rc = 0;
	goto done;

nomem:
	wsis_errmsg(err, errlen, "out of memory segmenting the WSIS review");
done:
	segment_emit_free(&e);
	segment_doc_free(&doc);
	return rc;
}
