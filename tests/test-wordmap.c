/* test-wordmap.c - a long passage's word table (lib/wordmap.h) and its
 * bounded snippets (wsis_highlight_span, wsis_highlight_part): each word's
 * offset against the words cut from the start, and the snippet of the part
 * against the snippet of the whole text, for matches at the start, the
 * middle, the end and across the table's steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "tap.h"
#include "testlib.h"
#include "wordmap.h"
#include "words.h"

/* Matches the words of a space-separated list, case-blind; the id is the
 * word's place in the list.  Counts its calls: the words cut. */
static int calls;

static int
list_match(void *arg, const char *w, size_t n)
{
	calls++;
	return list_word(arg, w, n);
}

/* A text of `words` filler words (of 1 to 9 letters, some with
 * punctuation, some non-ASCII), with word k replaced by plant[j] where
 * at[j] == k. */
static char *
long_text(size_t words, const size_t *at, const char *const *plant, size_t nplant)
{
	static const char *const filler[] = {
		"a", "of", "the", "kernel", "módulo", "page", "tables,", "(memory)",
		"don't", "x86_64", "résumé;", "lock-free", "—", "e.g.", "42", "buffers:",
	};
	wsis_buf_t b = WSIS_BUF_INIT;
	unsigned long seed = 12345;
	size_t k, j, nf = sizeof filler / sizeof *filler;

	for (k = 0; k < words; k++) {
		const char *w = NULL;

		for (j = 0; j < nplant; j++)
			if (at[j] == k)
				w = plant[j];
		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		if (w == NULL)
			w = filler[(seed >> 33) % nf];
		if (k > 0)
			wsis_buf_puts(&b, (seed >> 40) % 7 == 0 ? ".\n" : " ");
		wsis_buf_puts(&b, w);
	}
	return wsis_buf_detach(&b);
}

/* The word numbers and ids of the text's matches, cut from the start: the
 * reference for what the index's positions give. */
static size_t
matches(const char *text, const char *words, unsigned *word, int *id, size_t max,
    size_t *nwords)
{
	size_t len = strlen(text), pos = 0, s, e, k = 0, n = 0;

	while (wsis_word_next(text, len, &pos, &s, &e)) {
		int m = list_match((void *)words, text + s, e - s);
		if (m >= 0 && n < max) {
			word[n] = (unsigned)k;
			id[n++] = m;
		}
		k++;
	}
	*nwords = k;
	return n;
}

/* The snippet of the whole text and of the part the table and the matches
 * choose are the same, and the part cut at most 4 max_bytes + 4 words. */
static void
check_bounded(const char *text, const char *words, size_t max_bytes, const char *what)
{
	size_t len = strlen(text), n, fw, aw, ae, ew, nwords;
	wsis_buf_t map = WSIS_BUF_INIT, whole = WSIS_BUF_INIT, part = WSIS_BUF_INIT;
	unsigned word[512];
	int id[512];
	long from, anchor, anchor_end, to;

	n = matches(text, words, word, id, 512, &nwords);
	ok(wsis_wordmap_build(text, len, &map) == 0, "%s: table built", what);
	fw = aw = ae = 0;
	ew = max_bytes;
	if (n > 0)
		wsis_highlight_span(word, id, n, (size_t)nwords,
		    (size_t)nwords * max_bytes / len + 1, max_bytes, &fw, &aw, &ae, &ew);
	from = wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len, fw);
	anchor = wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len, aw);
	anchor_end = wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len, ae);
	to = wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len, ew);
	ok(from >= 0 && anchor >= from && anchor_end >= anchor && to >= anchor_end,
	    "%s: the part is in the text", what);
	wsis_highlight(text, len, max_bytes, list_match, (void *)words, "[", "]", "~", &whole);
	calls = 0;
	wsis_highlight_part(text, len, 0, 1, (size_t)from, (size_t)to, (size_t)anchor,
	    (size_t)anchor_end, max_bytes, list_match, (void *)words, "[", "]",
	    "~", &part);
	is_str(part.data ? part.data : "", whole.data ? whole.data : "",
	    "%s: the part's snippet is the whole text's", what);
	ok(calls <= 4 * (int)max_bytes + 4, "%s: %d words cut for a snippet of %zu bytes",
	    what, calls, max_bytes);
	{
		/* the part alone, copied out of the text, as a reader that
		 * decodes only that part has it */
		size_t plen = (size_t)(to - from);
		char *copy = malloc(plen + 1);

		wsis_buf_reset(&part);
		memcpy(copy, text + from, plen);
		copy[plen] = '\0';
		wsis_highlight_part(copy, plen, (size_t)from, (size_t)to == len, 0, plen,
		    (size_t)(anchor - from), (size_t)(anchor_end - from), max_bytes,
		    list_match, (void *)words, "[", "]", "~", &part);
		is_str(part.data ? part.data : "", whole.data ? whole.data : "",
		    "%s: the part's snippet from a copy of the part alone is the whole "
		    "text's", what);
		free(copy);
	}
	wsis_buf_free(&map);
	wsis_buf_free(&whole);
	wsis_buf_free(&part);
}

int
main(void)
{
	wsis_buf_t map = WSIS_BUF_INIT;
	size_t at[8], len, pos = 0, s, e, k = 0, nwords;
	const char *plant[8];
	char *text, what[128];
	int bad = 0;

	/* every word's offset from the table */
	text = long_text(3000, NULL, NULL, 0);
	len = strlen(text);
	ok(wsis_wordmap_build(text, len, &map) == 0, "a table of a long text");
	for (nwords = 0; wsis_word_next(text, len, &pos, &s, &e); nwords++)
		;
	pos = 0;
	is_int(wsis_wordmap_words((unsigned char *)map.data, map.len), (long)nwords,
	    "it counts the words");
	while (wsis_word_next(text, len, &pos, &s, &e)) {
		if (wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len, k) !=
		    (long)s && bad++ < 3)
			printf("# word %zu at %zu, the table says %ld\n", k, s,
			    wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len, k));
		k++;
	}
	ok(k == nwords && k > 3000 && bad == 0, "each of the %zu words begins where the table says", k);
	is_int(wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len, nwords),
	    (long)len, "past the last word: the end");
	ok(wsis_wordmap_offset((unsigned char *)map.data, map.len / 2, text, len, 2999) < 0,
	    "a cut table is refused");
	ok(wsis_wordmap_offset((unsigned char *)map.data, map.len, text, len / 2, nwords - 1) < 0,
	    "a table that does not fit the text is refused");
	ok(map.len < nwords / WSIS_WORDMAP_STEP * 3 + 8, "the table is small: %zu bytes for %zu",
	    map.len, len);
	/* the table decoded once (the mentions audit's windows) */
	{
		size_t nm = (nwords + WSIS_WORDMAP_STEP - 1) / WSIS_WORDMAP_STEP, j;
		size_t *offs = calloc(nm, sizeof *offs);
		long got = wsis_wordmap_marks((unsigned char *)map.data, map.len, len, offs, nm);

		bad = 0;
		for (j = 0; got == (long)nm && j < nm; j++)
			bad += (long)offs[j] != wsis_wordmap_offset((unsigned char *)map.data,
			    map.len, text, len, j * WSIS_WORDMAP_STEP);
		ok(got == (long)nm && bad == 0, "its %zu steps decoded at once: where the words "
		    "0, 64, 128... begin", nm);
		ok(wsis_wordmap_marks((unsigned char *)map.data, map.len / 2, len, offs, nm) < 0 &&
		    wsis_wordmap_marks((unsigned char *)map.data, map.len, len / 2, offs, nm) < 0,
		    "and refused cut, or over a text it does not fit");
		free(offs);
	}
	free(text);
	wsis_buf_free(&map);

	/* bounded snippets: matches planted at the start, the middle, the end,
	 * either side of a step of the table, and two groups apart */
	{
		static const struct { size_t at[3]; const char *what; } cases[] = {
			{ { 0, 1, 3 }, "matches at the start" },
			{ { 1500, 1502, 1503 }, "matches in the middle" },
			{ { 2997, 2998, 2999 }, "matches at the end" },
			{ { 63, 64, 65 }, "matches across a step of the table" },
			{ { 1023, 1024, 1056 }, "matches across two steps" },
			{ { 100, 2000, 2001 }, "the best group second" },
			{ { 2900, 2950, 2999 }, "matches spread near the end" },
		};
		size_t c;

		for (c = 0; c < sizeof cases / sizeof *cases; c++) {
			plant[0] = "spinlock";
			plant[1] = "Interrupt";
			plant[2] = "handler";
			memcpy(at, cases[c].at, sizeof cases[c].at);
			text = long_text(3000, at, plant, 3);
			check_bounded(text, "spinlock interrupt handler", 200, cases[c].what);
			check_bounded(text, "spinlock interrupt handler", 60, cases[c].what);
			free(text);
		}
		/* one word planted every 40 words: more than 64 matches */
		for (c = 0; c < 8; c++) {
			at[c] = 40 * c + 700;
			plant[c] = c % 2 ? "rcu" : "grace";
		}
		text = long_text(3000, at, plant, 8);
		check_bounded(text, "grace rcu", 200, "matches every 40 words");
		free(text);
		text = long_text(3000, NULL, NULL, 0);
		snprintf(what, sizeof what, "no match: the start");
		check_bounded(text, "nowhere", 200, what);
		free(text);
	}
	return tap_done();
}
