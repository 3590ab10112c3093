/* highlight.c - snippets chosen and marked over the query's words
 * (highlight.h). */
#include "highlight.h"

#include <stdlib.h>
#include <string.h>

#include "swar.h"
#include "words.h"

typedef struct {
	size_t s, e;   /* the word is text[s..e) */
	int    id;     /* the query word it matches, or -1 */
} hl_word_t;

/* Matched words tried as the first of a window: enough for a passage, a
 * bound for a pathological one. */
#define HL_MAX_ANCHORS 64

/* The words of text[from..to) with what they match; -1 when out of memory. */
static int
hl_words(const char *text, size_t from, size_t to, wsis_highlight_match_fn match,
    void *arg, hl_word_t **words, size_t *nwords)
{
	hl_word_t *w = NULL;
	size_t n = 0, cap = 0, pos = from, start, i;

	while (wsis_word_next(text, to, &pos, &start, &i)) {
		if (n == cap) {
			/* a word every six bytes or so: mostly one allocation */
			size_t nc = cap ? cap * 2 : (to - from) / 6 + 16;
			hl_word_t *nw = realloc(w, nc * sizeof *nw);
			if (nw == NULL) {
				free(w);
				return -1;
			}
			w = nw;
			cap = nc;
		}
		w[n].s = start;
		w[n].e = i;
		w[n].id = match(arg, text + start, i - start);
		n++;
	}
	*words = w;
	*nwords = n;
	return 0;
}

/* The window's score: different words matched (ids below 64 told apart,
 * the others counted as one), then matches. */
static void
hl_score(const hl_word_t *w, size_t n, size_t from, size_t end, unsigned *distinct,
    unsigned *count)
{
	unsigned long long seen = 0;
	int other = 0;
	size_t k;

	*distinct = *count = 0;
	for (k = from; k < n && w[k].e <= end; k++) {
		if (w[k].id < 0)
			continue;
		(*count)++;
		if (w[k].id < 64) {
			if (!(seen & (1ull << w[k].id))) {
				seen |= 1ull << w[k].id;
				(*distinct)++;
			}
		} else if (!other) {
			other = 1;
			(*distinct)++;
		}
	}
}

/* The first word of the best window (see highlight.h), its first match
 * beginning in [anchor_start, anchor_end). */
static size_t
hl_best_start(const hl_word_t *w, size_t n, size_t max_bytes, size_t anchor_start,
    size_t anchor_end)
{
	size_t ctx = max_bytes / 4, best = 0, anchors = 0, m, k;
	unsigned best_d = 0, best_c = 0, d, c;

	for (m = 0; m < n && anchors < HL_MAX_ANCHORS && w[m].s < anchor_end; m++) {
		if (w[m].id < 0 || w[m].s < anchor_start)
			continue;
		anchors++;
		/* a little of what comes before the first match */
		for (k = m; k > 0 && w[m].s - w[k - 1].s <= ctx; k--)
			;
		hl_score(w, n, k, w[k].s + max_bytes, &d, &c);
		if (d > best_d || (d == best_d && c > best_c)) {
			best = k;
			best_d = d;
			best_c = c;
		}
	}
	return best;
}

/* The length of the run at t[0..n) with no '&', '<' or '>': eight bytes at
 * a time while none is among them, then byte by byte (a snippet is mostly
 * such runs, so this test runs on nearly every byte it writes). */
static size_t
hl_plain_run(const char *t, size_t n)
{
	size_t i = 0;

	while (n - i >= 8) {
		uint64_t w = wsis_swar_load(t + i);

		if (wsis_swar_has_byte(w, '&') || wsis_swar_has_byte(w, '<') ||
		    wsis_swar_has_byte(w, '>'))
			break;
		i += 8;
	}
	while (i < n && t[i] != '&' && t[i] != '<' && t[i] != '>')
		i++;
	return i;
}

static int
hl_escaped(wsis_buf_t *out, const char *t, size_t n)
{
	size_t i, run = 0;
	int rc = 0;

	for (i = hl_plain_run(t, n); i < n; i += 1 + hl_plain_run(t + i + 1, n - i - 1)) {
		rc |= wsis_buf_append(out, t + run, i - run);
		rc |= wsis_buf_puts(out, t[i] == '&' ? "&amp;" : t[i] == '<' ? "&lt;" : "&gt;");
		run = i + 1;
	}
	return rc | wsis_buf_append(out, t + run, n - run);
}

/* Whether t[0..n) is spaces only (matched words on both sides of it share
 * one mark). */
static int
hl_spaces(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i] != ' ')
			return 0;
	return 1;
}

int
wsis_highlight(const char *text, size_t len, size_t max_bytes,
    wsis_highlight_match_fn match, void *arg, const char *hi_start,
    const char *hi_end, const char *omit, wsis_buf_t *out)
{
	return wsis_highlight_part(text, len, 0, 1, 0, len, 0, len, max_bytes, match, arg,
	    hi_start, hi_end, omit, out);
}

void
wsis_highlight_span(const unsigned *word, const int *id, size_t n, size_t words,
    size_t span, size_t max_bytes, size_t *first, size_t *anchor, size_t *anchor_end,
    size_t *end)
{
	size_t best = 0, anchors = 0, m, k;
	unsigned best_d = 0, best_c = 0;

	for (m = 0; m < n && anchors < HL_MAX_ANCHORS; m++) {
		unsigned long long seen = 0;
		unsigned d = 0, c = 0;
		int other = 0;

		if (m > 0 && word[m] == word[m - 1])
			continue;
		anchors++;
		for (k = m; k < n && word[k] < word[m] + span; k++) {
			c++;
			if (id[k] >= 0 && id[k] < 64) {
				if (!(seen & (1ull << id[k]))) {
					seen |= 1ull << id[k];
					d++;
				}
			} else if (!other) {
				other = 1;
				d++;
			}
		}
		if (d > best_d || (d == best_d && c > best_c)) {
			best = m;
			best_d = d;
			best_c = c;
		}
	}
	/* the window's first match is chosen by bytes among those `span`
	 * words either side of it; a word takes a byte at least, so the
	 * max_bytes words after those hold the window, and the max_bytes / 4
	 * before them what leads to its first match (hl_best_start()); a
	 * window that reaches the end may start max_bytes before it */
	k = n > 0 ? word[best] : 0;
	*anchor = k > span ? k - span : 0;
	*anchor_end = n > 0 ? k + span + 1 : 0;
	*first = *anchor > max_bytes / 4 ? *anchor - max_bytes / 4 : 0;
	*end = k + span + max_bytes + 1;
	if (*end >= words && *first + max_bytes > words)
		*first = words > max_bytes ? words - max_bytes : 0;
}

int
wsis_highlight_part(const char *text, size_t len, size_t at, int at_end, size_t from,
    size_t to, size_t anchor_start, size_t anchor_end, size_t max_bytes,
    wsis_highlight_match_fn match, void *arg, const char *hi_start, const char *hi_end,
    const char *omit, wsis_buf_t *out)
{
	hl_word_t *w = NULL;
	size_t n = 0, first, last, ws, we, pos, k;
	int rc = 0, open = 0;

	if (max_bytes == 0)
		max_bytes = 1;
	if (to > len)
		to = len;
	if (from > to)
		from = to;
	if (hl_words(text, from, to, match, arg, &w, &n) != 0)
		return -1;
	first = hl_best_start(w, n, max_bytes, anchor_start, anchor_end);
	/* a window that reaches the end of the passage starts as early as it
	 * can: more of what leads to the match */
	if (at_end && first < n && len - w[first].s <= max_bytes)
		while (first > 0 && len - w[first - 1].s <= max_bytes)
			first--;
	ws = n == 0 ? from : first > 0 || from > 0 || at > 0 ? w[first].s : 0;
	if (at_end && len - ws <= max_bytes) {
		we = len;
	} else {
		/* whole words only; a word longer than the window is cut at a
		 * character */
		we = ws;
		for (k = first; k < n && w[k].e <= ws + max_bytes; k++)
			we = w[k].e;
		if (we == ws) {
			we = ws + max_bytes;
			if (we >= len)
				we = len;
			else
				while (we > ws + 1 && (text[we] & 0xC0) == 0x80)
					we--;
		}
	}
	last = first;
	while (last < n && w[last].e <= we)
		last++;
	if (at + ws > 0)
		rc |= wsis_buf_puts(out, omit);
	pos = ws;
	for (k = first; k < last; k++) {
		if (w[k].id < 0)
			continue;
		if (!open) {
			rc |= hl_escaped(out, text + pos, w[k].s - pos);
			rc |= wsis_buf_puts(out, hi_start);
			open = 1;
		} else {
			rc |= hl_escaped(out, text + pos, w[k].s - pos);
		}
		rc |= hl_escaped(out, text + w[k].s, w[k].e - w[k].s);
		pos = w[k].e;
		if (!(k + 1 < last && w[k + 1].id >= 0 &&
		    hl_spaces(text + w[k].e, w[k + 1].s - w[k].e))) {
			rc |= wsis_buf_puts(out, hi_end);
			open = 0;
		}
	}
	rc |= hl_escaped(out, text + pos, we - pos);
	if (we < len || !at_end)
		rc |= wsis_buf_puts(out, omit);
	free(w);
	return rc != 0 ? -1 : 0;
}
