/* words.c - the words of a text, cut as wsis-indexer cuts them (words.h). */
#include "words.h"

/* Length of the character at s[i] (1 for a stray byte), and whether it is
 * part of a word. */
static size_t
words_char(const unsigned char *s, size_t i, size_t len, int *word)
{
	unsigned char c = s[i];
	size_t n, k;

	if (c < 0x80) {
		*word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_';
		return 1;
	}
	n = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (c >= 0xF8 || i + n > len)
		n = 1;
	for (k = 1; k < n; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			n = 1;
	*word = n > 1;
	/* U+00A0-U+00BF and U+2000-U+206F are punctuation and spaces */
	if (n == 2 && c == 0xC2 && s[i + 1] >= 0xA0)
		*word = 0;
	if (n == 3 && c == 0xE2 && (s[i + 1] == 0x80 || (s[i + 1] == 0x81 && s[i + 2] <= 0xAF)))
		*word = 0;
	return n;
}

/* Length of an apostrophe at s[i] (' or U+2019), or 0. */
static size_t
words_apostrophe(const unsigned char *s, size_t i, size_t len)
{
	if (s[i] == '\'')
		return 1;
	if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99)
		return 3;
	return 0;
}

/* What a byte is, for the loops of wsis_word_next(): an ASCII word
 * character (what words_char() says of it), other ASCII, or the first or
 * a later byte of a longer character, which words_char() decides.  One
 * load and compare a byte: runs of ASCII are most of a text. */
enum { W_SEP = 0, W_WORD = 1, W_MORE = 2 };
static const unsigned char words_class[256] = {
#define W4(a) a, a, a, a
#define W16(a) W4(a), W4(a), W4(a), W4(a)
	W16(W_SEP), W16(W_SEP), W16(W_SEP),
	/* 0x30: digits, then : ; < = > ? */
	W4(W_WORD), W4(W_WORD), W_WORD, W_WORD, W_SEP, W_SEP, W4(W_SEP),
	/* 0x40: @ A-O */
	W_SEP, W_WORD, W_WORD, W_WORD, W4(W_WORD), W4(W_WORD), W4(W_WORD),
	/* 0x50: P-Z [ \ ] ^ _ */
	W4(W_WORD), W4(W_WORD), W_WORD, W_WORD, W_WORD, W_SEP, W_SEP, W_SEP, W_SEP, W_WORD,
	/* 0x60: ` a-o */
	W_SEP, W_WORD, W_WORD, W_WORD, W4(W_WORD), W4(W_WORD), W4(W_WORD),
	/* 0x70: p-z { | } ~ DEL */
	W4(W_WORD), W4(W_WORD), W_WORD, W_WORD, W_WORD, W_SEP, W_SEP, W_SEP, W_SEP, W_SEP,
	W16(W_MORE), W16(W_MORE), W16(W_MORE), W16(W_MORE),
	W16(W_MORE), W16(W_MORE), W16(W_MORE), W16(W_MORE),
#undef W16
#undef W4
};

int
wsis_word_next(const char *text, size_t len, size_t *pos, size_t *start, size_t *end)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = *pos, cl, a, nl;
	int word = 0;

	for (;;) {
		while (i < len && words_class[s[i]] == W_SEP)
			i++;
		if (i >= len) {
			*pos = len;
			return 0;
		}
		if (words_class[s[i]] == W_WORD) {
			cl = 1;
			break;
		}
		cl = words_char(s, i, len, &word);
		if (word)
			break;
		i += cl;
	}
	*start = i;
	for (;;) {
		i += cl;
		while (i < len && words_class[s[i]] == W_WORD)
			i++;
		if (i >= len)
			break;
		if (words_class[s[i]] == W_SEP && s[i] != '\'')   /* ASCII, not a word character */
			break;
		cl = words_char(s, i, len, &word);
		if (word)
			continue;
		/* an apostrophe between two word characters */
		a = words_apostrophe(s, i, len);
		if (a > 0 && i + a < len) {
			nl = words_char(s, i + a, len, &word);
			if (word) {
				i += a;
				cl = nl;
				continue;
			}
		}
		break;
	}
	*end = *pos = i;
	return 1;
}
