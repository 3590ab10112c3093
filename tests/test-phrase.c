/* test-phrase.c - the exact-phrase check of the ranking's boost
 * (lib/phrase.h) and the word cutting it shares with the snippets
 * (lib/words.h). */
#include <string.h>

#include "phrase.h"
#include "tap.h"
#include "words.h"

static int
holds(const char *phrase, const char *text)
{
	wsis_phrase_t ph;
	int r = -1;

	if (wsis_phrase_init(&ph, phrase, strlen(phrase)) >= 0)
		r = wsis_phrase_in(&ph, text, strlen(text));
	wsis_phrase_free(&ph);
	return r;
}

/* The words of text joined by '|'. */
static const char *
cut(const char *text)
{
	static char out[256];
	size_t pos = 0, s, e, n = 0;

	out[0] = '\0';
	while (wsis_word_next(text, strlen(text), &pos, &s, &e) && n + (e - s) + 2 < sizeof out) {
		if (n > 0)
			out[n++] = '|';
		memcpy(out + n, text + s, e - s);
		n += e - s;
		out[n] = '\0';
	}
	return out;
}

int
main(void)
{
	wsis_phrase_t ph;
	char many[400];
	size_t i;

	/* words, as the indexer cuts them */
	is_str(cut("Enhanced cooperation, (para. 12)"), "Enhanced|cooperation|para|12",
	    "letters and digits; punctuation separates");
	is_str(cut("States' rights don\xe2\x80\x99t rcu_read_lock"),
	    "States|rights|don\xe2\x80\x99t|rcu_read_lock",
	    "an apostrophe inside a word stays; at its end it goes; '_' is a letter");
	is_str(cut("a\xe2\x80\x94" "b \xc2\xa0" "c\xc3\xa9t\xc3\xa9"), "a|b|c\xc3\xa9t\xc3\xa9",
	    "an em dash and a no-break space separate; accented letters are letters");
	is_str(cut(""), "", "no words in an empty text");
	is_str(cut("  ... \xff "), "", "punctuation and a stray byte are no words");
	is_str(cut("wo\xc2\xadmen \xef\xbb\xbfwomen\xc2\xad x\xe2\x80\x8by don\xc2\xad't a\xe2\x80\x90" "b"),
	    "wo\xc2\xadmen|women|x|y|don\xc2\xad't|a|b",
	    "a soft hyphen or a BOM: inside a word ignored, around it no part of it; "
	    "a zero width space and U+2010 separate");
	is_str(cut("w\xe2\x80\x8co\xe2\x80\x8dm\xe2\x81\xa0" "en Maz\xcc\x8c" "eiks \xc2\xad\xef\xbb\xbf"),
	    "w\xe2\x80\x8co\xe2\x80\x8dm\xe2\x81\xa0" "en|Maz\xcc\x8c" "eiks",
	    "ZWNJ, ZWJ and the word joiner are ignored; a combining mark is a letter");
	/* the ASCII fast paths at a word's first and last character */
	is_str(cut("ICT"), "ICT", "a text that is one word");
	is_str(cut("(WSIS+10) 2015-12, snake_case 42x."), "WSIS|10|2015|12|snake_case|42x",
	    "ASCII words between ASCII punctuation");
	is_str(cut("'quoted' end' a''b"), "quoted|end|a|b",
	    "quotes around a word, at the text's end, and doubled are no part of it");
	is_str(cut("l'Assembl\xc3\xa9" "e \xc3\xa9t\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 text"),
	    "l'Assembl\xc3\xa9" "e|\xc3\xa9t\xc3\xa9|\xe4\xb8\xad\xe6\x96\x87|text",
	    "words that start or end with a non-ASCII letter");
	is_str(cut("\xe2\x80\x9cquoted\xe2\x80\x9d \xff" "abc\xfe ab\xc3"), "quoted|abc|ab",
	    "typographic quotes, stray bytes and a cut character end words");

	/* the phrase check */
	is_int(holds("enhanced cooperation", "On Enhanced Cooperation, the review..."), 1,
	    "case folded");
	is_int(holds("enhanced cooperation", "cooperation that is enhanced"), 0,
	    "the words in another order are not the phrase");
	is_int(holds("enhanced cooperation", "enhanced. Cooperation"), 1,
	    "punctuation between the words does not part them (nor do positions)");
	is_int(holds("enhanced cooperation", "enhanced and cooperation"), 0,
	    "a word between them parts them");
	is_int(holds("developing states", "developing developing states"), 1,
	    "a partial match is started again at its next word");
	is_int(holds("a a b", "a a a b"), 1, "a repeated first word");
	is_int(holds("states rights", "States\xe2\x80\x99 rights"), 1,
	    "a trailing apostrophe is no part of the word");
	is_int(holds("don't", "don't"), 0, "one word is no phrase");
	is_int(holds("don't stop", "DON\xe2\x80\x99T stop"), 1, "U+2019 is read as '");
	is_int(holds("cyber security", "cybersecurity"), 0,
	    "no normalization here: the caller gives normalized texts");
	is_int(holds("memory management", "memory"), 0, "the text ends inside the phrase");
	is_int(holds("memory management", ""), 0, "an empty text");
	is_int(holds("", "memory management"), 0, "an empty phrase holds nothing");

	/* bounds */
	for (i = 0; i < 33; i++)
		memcpy(many + 2 * i, "w ", 2);
	many[66] = '\0';
	ok(wsis_phrase_init(&ph, many, strlen(many)) == -1, "33 words: too long a phrase");
	wsis_phrase_free(&ph);
	many[64] = '\0';
	ok(wsis_phrase_init(&ph, many, strlen(many)) == 32, "32 words: the longest phrase");
	ok(wsis_phrase_in(&ph, many, strlen(many)) == 1, "and it is found");
	wsis_phrase_free(&ph);
	wsis_phrase_free(&ph);
	ok(1, "wsis_phrase_free twice is harmless");
	return tap_done();
}
