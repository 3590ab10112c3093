/* wordmap.c - a long passage's word offsets, every WSIS_WORDMAP_STEP words
 * (wordmap.h). */
#include "wordmap.h"

#include "words.h"

static int
wordmap_put(wsis_buf_t *out, size_t v)
{
	int rc = 0;

	do {
		unsigned char c = (unsigned char)(v & 0x7F);
		v >>= 7;
		rc |= wsis_buf_putc(out, (char)(v != 0 ? c | 0x80 : c));
	} while (v != 0 && rc == 0);
	return rc;
}

/* Reads one number at map[*at..n); -1 when it is cut or too long. */
static int
wordmap_get(const unsigned char *map, size_t n, size_t *at, size_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (*at < n && shift < 8 * sizeof *v) {
		unsigned char c = map[(*at)++];
		*v |= (size_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return 0;
		shift += 7;
	}
	return -1;
}

int
wsis_wordmap_build(const char *text, size_t len, wsis_buf_t *out)
{
	wsis_buf_t offs = WSIS_BUF_INIT;
	size_t pos = 0, s, e, words = 0, last = 0;
	int rc = 0;

	while (rc == 0 && wsis_word_next(text, len, &pos, &s, &e)) {
		if (words % WSIS_WORDMAP_STEP == 0) {
			rc = wordmap_put(&offs, s - last);
			last = s;
		}
		words++;
	}
	rc |= wordmap_put(out, WSIS_WORDMAP_STEP);
	rc |= wordmap_put(out, words);
	if (offs.len > 0)
		rc |= wsis_buf_append(out, offs.data, offs.len);
	wsis_buf_free(&offs);
	return rc != 0 ? -1 : 0;
}

long
wsis_wordmap_words(const unsigned char *map, size_t n)
{
	size_t at = 0, step, words;

	if (map == NULL || wordmap_get(map, n, &at, &step) != 0 || step == 0 ||
	    wordmap_get(map, n, &at, &words) != 0 || words > (size_t)0x7FFFFFFF)
		return -1;
	return (long)words;
}

long
wsis_wordmap_offset(const unsigned char *map, size_t n, const char *text,
    size_t len, size_t k)
{
	size_t at = 0, step, words, off = 0, d, j, pos, s, e;

	if (map == NULL || wordmap_get(map, n, &at, &step) != 0 || step == 0 ||
	    wordmap_get(map, n, &at, &words) != 0)
		return -1;
	if (k >= words)
		return (long)len;
	for (j = 0; j <= k / step; j++) {
		if (wordmap_get(map, n, &at, &d) != 0 || d > len - off)
			return -1;
		off += d;
	}
	/* off begins word (k / step) * step: cut the rest from there */
	pos = off;
	for (j = 0; j <= k % step; j++)
		if (!wsis_word_next(text, len, &pos, &s, &e))
			return -1;
	return j > 0 && (k % step != 0 || s == off) ? (long)s : -1;
}

int
wsis_wordmap_mark(const unsigned char *map, size_t n, size_t k, size_t *word,
    size_t *off, size_t *next_word, size_t *next_off)
{
	size_t at = 0, step, words, o = 0, d, j, entries;

	if (map == NULL || wordmap_get(map, n, &at, &step) != 0 || step == 0 ||
	    wordmap_get(map, n, &at, &words) != 0 || words == 0)
		return -1;
	entries = (words - 1) / step + 1;
	if (k >= words)
		k = words - 1;
	for (j = 0; j <= k / step; j++) {
		if (wordmap_get(map, n, &at, &d) != 0 || d > (size_t)-1 - o)
			return -1;
		o += d;
	}
	*word = (k / step) * step;
	*off = o;
	*next_word = words;
	*next_off = (size_t)-1;
	if (k / step + 1 < entries) {
		if (wordmap_get(map, n, &at, &d) != 0 || d > (size_t)-1 - o)
			return -1;
		*next_word = *word + step;
		*next_off = o + d;
	}
	return 0;
}

long
wsis_wordmap_marks(const unsigned char *map, size_t n, size_t len, size_t *offs,
    size_t max)
{
	size_t at = 0, step, words, marks, off = 0, d, j;

	if (map == NULL || wordmap_get(map, n, &at, &step) != 0 ||
	    step != WSIS_WORDMAP_STEP || wordmap_get(map, n, &at, &words) != 0 ||
	    words > (size_t)0x7FFFFFFF)
		return -1;
	marks = (words + step - 1) / step;
	for (j = 0; j < marks; j++) {
		if (wordmap_get(map, n, &at, &d) != 0 || d > len - off)
			return -1;
		off += d;
		if (j < max)
			offs[j] = off;
	}
	return (long)marks;
}
