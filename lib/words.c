/* words.c - the words of a text, cut as wsis-indexer cuts them (words.h). */
#include "words.h"

/* What a character is to a word (words_char()). */
enum { WK_SEP = 0, WK_WORD = 1, WK_IGNORE = 2 };

/* Length of the character at s[i] (1 for a stray byte), and in *kind what
 * it is: part of a word, a separator, or an invisible format character
 * that is ignored (words.h). */
static size_t
words_char(const unsigned char *s, size_t i, size_t len, int *kind)
{
	unsigned char c = s[i];
	size_t n, k;

	if (c < 0x80) {
		*kind = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' ? WK_WORD : WK_SEP;
		return 1;
	}
	n = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (c >= 0xF8 || i + n > len)
		n = 1;
	for (k = 1; k < n; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			n = 1;
	*kind = n > 1 ? WK_WORD : WK_SEP;
	/* U+00A0-U+00BF and U+2000-U+206F are punctuation and spaces */
	if (n == 2 && c == 0xC2 && s[i + 1] >= 0xA0)
		*kind = WK_SEP;
	if (n == 3 && c == 0xE2 && (s[i + 1] == 0x80 || (s[i + 1] == 0x81 && s[i + 2] <= 0xAF)))
		*kind = WK_SEP;
	/* but for the soft hyphen U+00AD, ZWNJ U+200C, ZWJ U+200D, the word
	 * joiner U+2060 and U+FEFF (BOM, zero width no-break space) */
	if ((n == 2 && c == 0xC2 && s[i + 1] == 0xAD) ||
	    (n == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x8C || s[i + 2] == 0x8D)) ||
	    (n == 3 && c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0xA0) ||
	    (n == 3 && c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF))
		*kind = WK_IGNORE;
	return n;
}

/* The index past the run of ignored characters at s[i..len) (i when none). */
static size_t
words_skip_ignored(const unsigned char *s, size_t i, size_t len)
{
	int kind;
	size_t n;

	while (i < len && s[i] >= 0xC2) {
		n = words_char(s, i, len, &kind);
		if (kind != WK_IGNORE)
			break;
		i += n;
	}
	return i;
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
	size_t i = *pos, cl, a, j;
	int kind = WK_SEP;

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
		cl = words_char(s, i, len, &kind);
		if (kind == WK_WORD)
			break;
		i += cl;   /* a separator, or an ignored character before a word */
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
		cl = words_char(s, i, len, &kind);
		if (kind == WK_WORD)
			continue;
		/* ignored characters, an apostrophe, or both, between two word
		 * characters ("wo\u00ADmen", "don't"); after the last word
		 * character they are no part of the word */
		j = words_skip_ignored(s, i, len);
		if (j < len && (a = words_apostrophe(s, j, len)) > 0)
			j = words_skip_ignored(s, j + a, len);
		if (j > i && j < len) {
			a = words_char(s, j, len, &kind);
			if (kind == WK_WORD) {
				i = j;
				cl = a;
				continue;
			}
		}
		break;
	}
	*end = *pos = i;
	return 1;
}

int
wsis_word_hyphen(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	return (n == 1 && u[0] == '-') || (n == 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    u[2] >= 0x90 && u[2] <= 0x92);
}

size_t
wsis_word_ignored(const char *s, size_t n)
{
	int kind;
	size_t k;

	if (n == 0 || (unsigned char)s[0] < 0xC2)
		return 0;
	k = words_char((const unsigned char *)s, 0, n, &kind);
	return kind == WK_IGNORE ? k : 0;
}
