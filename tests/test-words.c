/* test-words.c - where words begin and end (lib/words.h): ASCII runs,
 * apostrophes, UTF-8 letters, Unicode punctuation and stray bytes. */
#include <string.h>

#include "tap.h"
#include "words.h"

/* The words of `text`, joined by '|', into out. */
static const char *
words_of(const char *text, char *out, size_t outlen)
{
	size_t pos = 0, s, e, n = 0, len = strlen(text);

	out[0] = '\0';
	while (wsis_word_next(text, len, &pos, &s, &e)) {
		if (n > 0 && n + 1 < outlen)
			out[n++] = '|';
		if (n + (e - s) + 1 > outlen)
			break;
		memcpy(out + n, text + s, e - s);
		n += e - s;
		out[n] = '\0';
	}
	return out;
}

int
main(void)
{
	static const struct { const char *text, *words; } cases[] = {
		{ "", "" },
		{ "  ,;  ", "" },
		{ "ICT", "ICT" },
		{ "enhanced cooperation.", "enhanced|cooperation" },
		{ "(WSIS+10) 2015-12", "WSIS|10|2015|12" },
		{ "snake_case 42x", "snake_case|42x" },
		{ "don't stop", "don't|stop" },
		{ "it\xE2\x80\x99s", "it\xE2\x80\x99s" },                 /* U+2019 */
		{ "'quoted' end'", "quoted|end" },
		{ "a' b", "a|b" },
		{ "a''b", "a|b" },
		{ "l'Assembl\xC3\xA9" "e g\xC3\xA9n\xC3\xA9rale",
		  "l'Assembl\xC3\xA9" "e|g\xC3\xA9n\xC3\xA9rale" },
		{ "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9" },              /* starts non-ASCII */
		{ "a\xC2\xA0" "b", "a|b" },                                /* no-break space */
		{ "x\xE2\x80\x94y", "x|y" },                               /* em dash */
		{ "\xE2\x80\x9Cquoted\xE2\x80\x9D", "quoted" },            /* typographic quotes */
		{ "\xFF" "abc\xFE", "abc" },                               /* stray bytes */
		{ "ab\xC3", "ab" },                                        /* cut UTF-8 */
		{ "\xE4\xB8\xAD\xE6\x96\x87 text", "\xE4\xB8\xAD\xE6\x96\x87|text" },
	};
	char got[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(words_of(cases[i].text, got, sizeof got), cases[i].words,
		    "words of case %zu", i);
	return tap_done();
}
