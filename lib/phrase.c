/* phrase.c - a phrase looked for in a passage's words (phrase.h). */
#include "phrase.h"

#include <string.h>

#include "words.h"

/* Appends w[0..n) folded: ASCII lowercased, U+2019 as '. */
static int
phrase_fold(wsis_buf_t *b, const char *w, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c == 0xE2 && i + 2 < n && (unsigned char)w[i + 1] == 0x80 &&
		    (unsigned char)w[i + 2] == 0x99) {
			rc = wsis_buf_putc(b, '\'');
			i += 2;
		} else {
			rc = wsis_buf_putc(b, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
		}
	}
	return rc;
}

/* Whether the word w[0..n) of a passage, folded, is f[0..fn). */
static int
phrase_word_is(const char *w, size_t n, const char *f, size_t fn)
{
	size_t i = 0, k = 0;

	while (i < n && k < fn) {
		unsigned char c = (unsigned char)w[i];
		if (c == 0xE2 && i + 2 < n && (unsigned char)w[i + 1] == 0x80 &&
		    (unsigned char)w[i + 2] == 0x99) {
			c = '\'';
			i += 2;
		} else if (c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c - 'A' + 'a');
		}
		if ((unsigned char)f[k] != c)
			return 0;
		i++;
		k++;
	}
	return i == n && k == fn;
}

int
wsis_phrase_init(wsis_phrase_t *ph, const char *text, size_t len)
{
	size_t pos = 0, s, e;

	memset(ph, 0, sizeof *ph);
	while (wsis_word_next(text, len, &pos, &s, &e)) {
		if (ph->n == WSIS_PHRASE_MAX_WORDS)
			return -1;
		ph->off[ph->n] = ph->words.len;
		if (phrase_fold(&ph->words, text + s, e - s) != 0)
			return -1;
		ph->len[ph->n] = ph->words.len - ph->off[ph->n];
		ph->n++;
	}
	return (int)ph->n;
}

int
wsis_phrase_in(const wsis_phrase_t *ph, const char *text, size_t len)
{
	size_t pos = 0, s, e, k = 0, first_end = 0;

	if (ph->n < 2)
		return 0;
	while (wsis_word_next(text, len, &pos, &s, &e)) {
		if (phrase_word_is(text + s, e - s, ph->words.data + ph->off[k], ph->len[k])) {
			if (k == 0)
				first_end = e;
			if (++k == ph->n)
				return 1;
			continue;
		}
		if (k > 0) {
			/* start again at the word after the partial match's first */
			k = 0;
			pos = first_end;
		}
	}
	return 0;
}

void
wsis_phrase_free(wsis_phrase_t *ph)
{
	wsis_buf_free(&ph->words);
	ph->n = 0;
}
