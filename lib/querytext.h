/* querytext.h - a query as people type it, made ready for the query parser.
 * A pure function over bytes: no index, no state; it allocates only its
 * working arrays and the result.
 *
 * The rules (the README's "Query language" states them for users):
 *  - Case: every word is lowercased (ASCII and Latin-1 capitals), so that
 *    "LIQUIDS" and "Liquids" are stemmed like "liquids"; an acronym of
 *    normalize.h's table ("ICT", "SIDS", "LDCs") keeps its capitals.
 *  - Operators: AND, OR, NOT, XOR, NEAR, ADJ, NEAR/n, ADJ/n ("AND NOT" is
 *    one) are operators only when written in capitals, alone between
 *    spaces or parentheses, with a term on each side (a word, a "phrase",
 *    a field:value; a group in parentheses for AND, OR, NOT, XOR; a plain
 *    word for NEAR and ADJ), in a query not written wholly in capitals.
 *    Anywhere else they are the words they spell.  In a query written
 *    wholly in capitals (its letters, acronyms and operator words left
 *    out, are all capitals) nothing is an operator: parentheses and a
 *    leading + or - are spaces there.  A + or - is an operator only at the
 *    start of a term; parentheses pair up: one without its pair is a
 *    space, a group holding nothing is dropped.
 *  - Fields: part, section, chapter, title, para, day, id, cites followed
 *    by ':' and a value.  Another `name:` is searched as the words it is
 *    (the ':' becomes a space) with a notice; a known field with no value
 *    is a word, with a notice; para: and day: with a value that is not a
 *    number or a range (30..40, 30.., ..40), and cites: with a value that
 *    is not a text's name (citations.h), are the errors.  A cites: value
 *    becomes the index key of the text it names.
 *  - ".." outside para: and day: is punctuation: "pages 12..15" is words;
 *    control bytes are spaces.
 * A notice says when a `name:` or an operator word is read as words.
 */
#ifndef WSIS_QUERYTEXT_H
#define WSIS_QUERYTEXT_H

#include <stddef.h>

#define WSIS_QT_MAX_NOTICES 4
#define WSIS_QT_NOTICE_MAX  200

/* What the prepared text holds. */
#define WSIS_QT_OPERATORS 1u   /* an operator word is read as an operator */
#define WSIS_QT_SYNTAX    2u   /* quotes, fields, parentheses, + or -, a wildcard */

typedef struct {
	char    *text;   /* the prepared text, malloc'ed, NUL-terminated */
	size_t   len;
	unsigned flags;  /* WSIS_QT_* */
	size_t   nnotices;
	char     notices[WSIS_QT_MAX_NOTICES][WSIS_QT_NOTICE_MAX];
} wsis_querytext_t;

/* Prepares t[0..n) by the rules above into *qt (which the caller clears
 * with wsis_querytext_free(), whatever this returns).  Returns 0; 1 when a
 * known field has a bad value, with a message in err (errlen bytes); -1
 * when out of memory. */
int wsis_querytext_prepare(const char *t, size_t n, wsis_querytext_t *qt, char *err,
    size_t errlen);

/* The words of t[0..n) alone (R1 words: letters, digits, '_', an
 * apostrophe inside a word), separated by single spaces and cased as
 * wsis_querytext_prepare() cases them: what a query is searched as when
 * its operators cannot be read.  Malloc'ed; NULL when out of memory. */
char *wsis_querytext_words(const char *t, size_t n);

/* Adds a notice (printf format) to qt; past WSIS_QT_MAX_NOTICES it is
 * dropped.  A notice already there is not added twice. */
void wsis_querytext_notice(wsis_querytext_t *qt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Frees qt's text and empties it; a cleared qt may be freed again. */
void wsis_querytext_free(wsis_querytext_t *qt);

#endif
