/* test-highlight.c - snippets: the window chosen, the marks, the escapes,
 * the ellipses and the words (lib/highlight.h). */
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "tap.h"
#include "testlib.h"

/* Matches the words of a space-separated list, case-blind, as written;
 * the id is the word's place in the list. */
static int
list_match(void *arg, const char *w, size_t n)
{
	return list_word(arg, w, n);
}

static int calls;

static int
count_match(void *arg, const char *w, size_t n)
{
	calls++;
	return list_match(arg, w, n);
}

static char *
snip(const char *text, size_t max, const char *words)
{
	wsis_buf_t b = WSIS_BUF_INIT;

	if (wsis_highlight(text, strlen(text), max, list_match, (void *)words, "[", "]", "...",
	    &b) != 0)
		return strdup("(error)");
	return wsis_buf_detach(&b);
}

static void
check(const char *text, size_t max, const char *words, const char *want, const char *what)
{
	char *got = snip(text, max, words);

	is_str(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	static const char para[] =
	    "We acknowledge that various initiatives have been implemented. We note the "
	    "Reports on enhanced cooperation and the work of the Working Group on Enhanced "
	    "Cooperation of the Commission on Science and Technology for Development.";
	char big[4096];
	size_t i;

	check("Women and girls.", 200, "women", "[Women] and girls.", "a short passage whole");
	check("Women and girls.", 200, "nothing", "Women and girls.", "no match: the passage");
	check("", 200, "women", "", "an empty passage");
	check("men and women", 200, "men women", "[men] and [women]",
	    "a word between two matches keeps them apart");
	check("enhanced  cooperation", 200, "enhanced cooperation", "[enhanced  cooperation]",
	    "matches separated by spaces share one mark");
	check("R&D <script>alert(1)</script> markup", 200, "alert",
	    "R&amp;D &lt;script&gt;[alert](1)&lt;/script&gt; markup", "HTML is escaped");
	/* the escapes are looked for eight bytes at a time: at every place in
	 * a word of eight, at its ends, and in a run of them */
	check("0123456& abcdefgh<ijklmno> & x>>><<<&&&", 200, "x",
	    "0123456&amp; abcdefgh&lt;ijklmno&gt; &amp; [x]&gt;&gt;&gt;&lt;&lt;&lt;&amp;&amp;&amp;",
	    "escapes at and across eight-byte boundaries");
	check("abcdefgh ijklmnop qrstuvwx", 200, "ijklmnop", "abcdefgh [ijklmnop] qrstuvwx",
	    "plain runs of whole eight-byte words");
	check("women's rights", 200, "women's", "[women's] rights",
	    "an apostrophe inside a word is part of it");
	check("women\xe2\x80\x99s rights", 200, "women\xe2\x80\x99s",
	    "[women\xe2\x80\x99s] rights", "so is the typographic one");
	check("\xe2\x80\x9cwomen\xe2\x80\x9d \xe2\x80\x94 girls", 200, "women girls",
	    "\xe2\x80\x9c[women]\xe2\x80\x9d \xe2\x80\x94 [girls]",
	    "typographic quotes and dashes separate words");
	check("caf\xc3\xa9 society", 200, "caf\xc3\xa9",
	    "[caf\xc3\xa9] society", "accented letters are word characters");
	check("one two three four five six", 13, "nothing", "one two three...",
	    "nothing matches: the start, cut after a whole word");
	check("one two three four five six", 13, "six", "...four five [six]",
	    "the window moves to the match, an ellipsis before");
	{
		char *got = snip(para, 80, "enhanced cooperation");
		ok(strstr(got, "[enhanced cooperation]") != NULL && strncmp(got, "...", 3) == 0 &&
		    strlen(got) - 3 <= 80 + 3 + 4 * 2 && strstr(got, "implemented") == NULL,
		    "the best window holds both words, the start is cut: %s", got);
		free(got);
		got = snip(para, 1000, "commission");
		ok(strstr(got, "[Commission]") != NULL && strncmp(got, "We acknowledge", 14) == 0,
		    "a window larger than the passage is the passage: %s", got);
		free(got);
	}
	/* the window with most different words wins over the one with most
	 * matches of a single word */
	check("alpha alpha alpha alpha filler filler filler filler filler beta gamma", 24,
	    "alpha beta gamma", "...filler filler [beta gamma]",
	    "different words count more than repeats");
	/* a word longer than the window is cut at a character, not a byte */
	memset(big, 0, sizeof big);
	for (i = 0; i + 2 < 300; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	{
		char *got = snip(big, 11, "nothing");
		size_t n = strlen(got);
		ok(n >= 3 && strcmp(got + n - 3, "...") == 0 && (n - 3) % 2 == 0 && n - 3 <= 11,
		    "an overlong word is cut at a UTF-8 boundary (%zu bytes)", n - 3);
		free(got);
	}
	/* stray bytes and a truncated sequence do not upset it */
	check("ab\xc3 \xff cd \xe2\x80", 200, "cd", "ab\xc3 \xff [cd] \xe2\x80",
	    "invalid UTF-8 passes through");
	/* each word is asked about once */
	{
		wsis_buf_t b = WSIS_BUF_INIT;
		int rc;
		calls = 0;
		rc = wsis_highlight(para, strlen(para), 60, count_match, (void *)"work", "<mark>",
		    "</mark>", "\xe2\x80\xa6", &b);
		ok(rc == 0 && calls == 34 && b.data != NULL &&
		    strstr(b.data, "<mark>work</mark>") != NULL,
		    "one question per word (%d) and the caller's marks: %s", calls,
		    b.data ? b.data : "");
		wsis_buf_free(&b);
	}
	return tap_done();
}
