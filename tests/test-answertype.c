/* test-answertype.c - the kinds of answer asked and stated (answertype.h):
 * questions and sentences generated from parts, each with the kind its
 * parts give it, and the corpus's own passages of each kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answertype.h"
#include "tap.h"

static unsigned
stated(const char *s)
{
	return wsis_answer_stated(s, strlen(s));
}

static unsigned
asked(const char *s)
{
	return wsis_answer_asked(s, strlen(s));
}

/* Questions: a lead-in, a wh-phrase and a topic; the wh-phrase decides. */
static void
test_asked(void)
{
	static const char *const leads[] = { "", "in ", "on ", "at ", "by ", "so " };
	static const struct { const char *wh; unsigned kind; } whs[] = {
		{ "where is", WSIS_ANSWER_PLACE },
		{ "which room is", WSIS_ANSWER_PLACE },
		{ "what city is", WSIS_ANSWER_PLACE },
		{ "when is", WSIS_ANSWER_DATE | WSIS_ANSWER_TIME },
		{ "what time is", WSIS_ANSWER_DATE | WSIS_ANSWER_TIME },
		{ "which day is", WSIS_ANSWER_DATE | WSIS_ANSWER_TIME },
		{ "what date is", WSIS_ANSWER_DATE | WSIS_ANSWER_TIME },
		{ "how long is", WSIS_ANSWER_DATE | WSIS_ANSWER_TIME },
		{ "how often is", WSIS_ANSWER_FREQ },
		{ "how frequently is", WSIS_ANSWER_FREQ },
		{ "who chairs", WSIS_ANSWER_NAME },
		{ "whose is", WSIS_ANSWER_NAME },
		{ "how many people attend", WSIS_ANSWER_NUMBER },
		{ "how much is", WSIS_ANSWER_NUMBER },
		{ "what share of women use", WSIS_ANSWER_NUMBER },
		{ "what percentage of", WSIS_ANSWER_NUMBER },
		{ "what is", 0 },
		{ "why is", 0 },
		{ "how is", 0 },
		{ "which", 0 },
	};
	static const char *const topics[] = {
		"the opening session", "the Internet Governance Forum", "the review",
		"enhanced cooperation", "",
	};
	size_t l, w, t, bad = 0, n = 0;
	char q[256];

	for (l = 0; l < sizeof leads / sizeof *leads; l++)
		for (w = 0; w < sizeof whs / sizeof *whs; w++)
			for (t = 0; t < sizeof topics / sizeof *topics; t++) {
				unsigned got;
				snprintf(q, sizeof q, "%s%s %s", leads[l], whs[w].wh, topics[t]);
				got = asked(q);
				/* in capitals too: people type them */
				for (char *c = q; *c; c++)
					if (*c >= 'a' && *c <= 'z')
						*c = (char)(*c - 'a' + 'A');
				n++;
				if (got != whs[w].kind || asked(q) != whs[w].kind) {
					if (bad++ < 5)
						printf("# %s: asked %#x, want %#x\n", q, got, whs[w].kind);
				}
			}
	ok(bad == 0, "%zu generated questions ask for their wh-phrase's kind (%zu differ)",
	    n, bad);
	ok(asked("enhanced cooperation") == 0, "a topic asks for nothing");
	ok(asked("women where internet") == 0, "a wh-word past the first ones is no question");
	ok(asked("name of the Latvian ambassador") == WSIS_ANSWER_NAME, "\"name of\" asks for a name");
	ok(asked("") == 0 && wsis_answer_asked(NULL, 0) == 0, "nothing asks for nothing");
}

/* Sentences: a filler, then a phrase of one kind or of none. */
static void
test_stated(void)
{
	static const struct { const char *phrase; unsigned kind; } phrases[] = {
		{ "in Conference Room 5", WSIS_ANSWER_PLACE },
		{ "at United Nations Headquarters", WSIS_ANSWER_PLACE | WSIS_ANSWER_NAME * 0 },
		{ "in Geneva", WSIS_ANSWER_PLACE },
		{ "on 22 October", WSIS_ANSWER_DATE | WSIS_ANSWER_NUMBER },
		{ "on Thursday", WSIS_ANSWER_DATE },
		{ "in December", WSIS_ANSWER_DATE },
		{ "by 2030", WSIS_ANSWER_DATE },   /* a year counts nothing */
		{ "at 10:00 a.m.", WSIS_ANSWER_TIME | WSIS_ANSWER_NUMBER },
		{ "from 3 pm", WSIS_ANSWER_TIME | WSIS_ANSWER_NUMBER },
		{ "in the morning", WSIS_ANSWER_TIME },
		{ "annually", WSIS_ANSWER_FREQ },
		{ "every two years", WSIS_ANSWER_FREQ },
		{ "once each year", WSIS_ANSWER_FREQ },
		{ "Lana Nusseibeh Ambassador", WSIS_ANSWER_NAME },
		{ "signed by Mr. Lykketoft", WSIS_ANSWER_NAME },
		{ "only 37 per cent", WSIS_ANSWER_NUMBER },
		{ "3.2 billion people", WSIS_ANSWER_NUMBER },
		{ "a 40% share", WSIS_ANSWER_NUMBER },
		/* look alike, and are none */
		{ "of paragraph 35", 0 },
		{ "in Article 19", 0 },
		{ "may be considered", 0 },
		{ "the president of the assembly", 0 },
		{ "the cent is a coin", 0 },
		{ "in the information society", 0 },
		{ "in resolution 68/167", 0 },
		{ "document A/66/77", 0 },
	};
	static const char *const fillers[] = {
		"We recall the outcome", "the meeting will be held", "",
	};
	size_t p, f, bad = 0, n = 0;
	char s[256];

	for (p = 0; p < sizeof phrases / sizeof *phrases; p++)
		for (f = 0; f < sizeof fillers / sizeof *fillers; f++) {
			/* the text's first token is its number ("25.") when it
			 * has one: never a number stated */
			snprintf(s, sizeof s, "25. %s %s.", fillers[f], phrases[p].phrase);
			n++;
			if (stated(s) != phrases[p].kind && bad++ < 5)
				printf("# \"%s\": stated %#x, want %#x\n", s, stated(s), phrases[p].kind);
		}
	ok(bad == 0, "%zu generated sentences state their phrase's kind (%zu differ)", n, bad);
	ok(stated("25. We welcome the progress.") == 0, "a passage's own number is none");
	ok(stated("Thursday, 22 October (Conference Room 5)") ==
	    (WSIS_ANSWER_DATE | WSIS_ANSWER_PLACE | WSIS_ANSWER_NUMBER),
	    "a programme line: a date, a place, numbers");
	ok(wsis_answer_stated(NULL, 0) == 0, "no text states nothing");
}

static void
test_terms(void)
{
	unsigned k;
	int distinct = 1;

	for (k = 1; k <= WSIS_ANSWER_ALL; k <<= 1) {
		unsigned j;
		if (wsis_answer_term(k) == NULL || strncmp(wsis_answer_term(k), "XA", 2) != 0)
			distinct = 0;
		for (j = 1; j < k; j <<= 1)
			if (strcmp(wsis_answer_term(j), wsis_answer_term(k)) == 0)
				distinct = 0;
	}
	ok(distinct, "each kind has its own XA term");
	ok(wsis_answer_term(0) == NULL && wsis_answer_term(3) == NULL, "no term for no kind or two");
}

int
main(void)
{
	test_asked();
	test_stated();
	test_terms();
	return tap_done();
}
