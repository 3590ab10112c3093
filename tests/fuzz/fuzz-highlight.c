/* fuzz-highlight.c - wsis_highlight() over any bytes: the first byte sets
 * the window size, the rest is the passage; words that begin with a vowel
 * match (the id is the vowel), as query words would. */
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "highlight.h"

FUZZ_TARGET("highlight");

static int
vowel_match(void *arg, const char *w, size_t n)
{
	const char *p;

	(void)arg;
	FUZZ_CHECK(n > 0);
	p = strchr("aeiouAEIOU", w[0]);
	return w[0] != '\0' && p != NULL ? (int)(p - "aeiouAEIOU") % 5 : -1;
}

/* Whether the bytes of b outside the marks, escapes and ellipses are a
 * run of the text's bytes. */
static int
unmarked_is_text(const wsis_buf_t *b, const char *text, size_t len)
{
	size_t i = 0, k = 0;

	for (i = 0; i < b->len;) {
		const char *s = b->data + i;
		char c;
		if (strncmp(s, "<m>", 3) == 0 || strncmp(s, "</m>", 4) == 0) {
			i += s[1] == '/' ? 4 : 3;
			continue;
		}
		if (strncmp(s, "~", 1) == 0) {
			i++;
			continue;
		}
		if (strncmp(s, "&amp;", 5) == 0) {
			c = '&';
			i += 5;
		} else if (strncmp(s, "&lt;", 4) == 0) {
			c = '<';
			i += 4;
		} else if (strncmp(s, "&gt;", 4) == 0) {
			c = '>';
			i += 4;
		} else {
			c = *s;
			i++;
		}
		/* the next text byte equal to c (the window may start later) */
		while (k < len && (text[k] == '~' || text[k] != c))
			k++;
		if (k == len)
			return 0;
		k++;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	const char *text;
	size_t max, len, opens = 0, closes = 0, i;

	if (size == 0)
		return 0;
	max = data[0];
	text = (const char *)data + 1;
	len = size - 1;
	FUZZ_CHECK(wsis_highlight(text, len, max, vowel_match, NULL, "<m>", "</m>", "~",
	    &b) == 0);
	for (i = 0; i + 3 <= b.len; i++) {
		opens += strncmp(b.data + i, "<m>", 3) == 0;
		closes += i + 4 <= b.len && strncmp(b.data + i, "</m>", 4) == 0;
	}
	FUZZ_CHECK(opens == closes);   /* every mark is closed */
	FUZZ_CHECK(len == 0 || b.len > 0);
	FUZZ_CHECK(unmarked_is_text(&b, text, len));
	wsis_buf_free(&b);
	return 0;
}
