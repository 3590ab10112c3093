/* answertype.h - what kind of answer a question asks for, and what kinds
 * of answer a passage states.
 *
 * A question that asks where, when, how often, who or how many is answered
 * by a passage that states a place, a date or time, a frequency, a name or
 * a number: the indexer marks each passage with the kinds it states
 * (docbuild.c), and a search for such a question favours the passages
 * marked with a kind it asks for (wsis-xapian.cc).  Both are pure functions
 * over bytes of English text, by patterns that hold in any text (month and
 * day names, clock times, "annually", "every two years", titles before
 * names, digits and "per cent"), nothing of one corpus. */
#ifndef WSIS_ANSWERTYPE_H
#define WSIS_ANSWERTYPE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	WSIS_ANSWER_PLACE  = 1u << 0,  /* a room, a hall, "in Geneva" */
	WSIS_ANSWER_DATE   = 1u << 1,  /* "22 October", "Thursday", "2015" */
	WSIS_ANSWER_TIME   = 1u << 2,  /* "10:00 a.m.", "3 pm", "morning" */
	WSIS_ANSWER_FREQ   = 1u << 3,  /* "annually", "every two years" */
	WSIS_ANSWER_NAME   = 1u << 4,  /* a title before a name: "Ambassador" */
	WSIS_ANSWER_NUMBER = 1u << 5,  /* "37 per cent", "3.2 billion" */
	WSIS_ANSWER_ALL    = (1u << 6) - 1
};

/* The kinds of answer text[0..len) states (WSIS_ANSWER_* bits). */
unsigned wsis_answer_stated(const char *text, size_t len);

/* The kinds of answer a question asks for, from its first words ("where",
 * "when", "what time", "how often", "who", "how many", "what share", …);
 * 0 when it asks for none of them (a topic, not a question). */
unsigned wsis_answer_asked(const char *query, size_t len);

/* The index term of one kind (one WSIS_ANSWER_* bit), NULL for no kind. */
const char *wsis_answer_term(unsigned kind);

#ifdef __cplusplus
}
#endif

#endif
