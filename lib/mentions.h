/* mentions.h - the mentions audit: every place a passage mentions a
 * concept, as written.
 *
 * A mentions query is one or more concepts joined by AND, OR, NOT and
 * parentheses (OR when nothing stands between two).  A concept is a quoted
 * phrase or a run of plain words.  It occurs where consecutive words of the
 * text (words.h; anything else may stand between them) are each a *form*
 * of the concept's word in its place.  The forms of a word, compared
 * case-blind, are word forms and never stems (R3 of issue 21):
 *  - the word itself and its possessive ("women's");
 *  - its singular and plural: the two are forms of each other when their
 *    bases are equal (mentions_base(): an irregular table, then "ies" -> "y",
 *    "sses"/"shes"/"ches"/"xes"/"zes" -> drop "es", "s" -> drop "s"), so
 *    "woman" = "women" but "developed" != "developing";
 *  - its British and American spellings (normalize.h);
 *  - compounds (normalize.h's known ones): a concept word pair that is a
 *    known compound matches the joined word, and a joined word matches a
 *    known compound's two words ("cyber security" = "cyber-security" =
 *    "cybersecurity"), each one occurrence;
 *  - acronyms: a concept that is an acronym of the table matches its
 *    expansions, and an expansion matches the acronym, which counts only
 *    as written in capitals ("LDCs"); an expansion followed by its own
 *    acronym in parentheses ("small island developing States (SIDS)") is
 *    one mention.
 * A word ending in '*' matches any word it begins.  With
 * WSIS_MENTIONS_EXACT a word matches only itself as typed, case-blind.
 * field:value terms (part:draft, para:30..40, section:"...") are filters.
 */
#ifndef WSIS_MENTIONS_H
#define WSIS_MENTIONS_H

#include <stddef.h>

#include "buf.h"
#include "json.h"
#include "wsis-xapian.h"

typedef struct wsis_mentions wsis_mentions_t;

typedef struct {
	size_t offset;   /* bytes into the text */
	size_t length;
} wsis_occurrence_t;

/* Flags of wsis_mentions_compile(). */
#define WSIS_MENTIONS_EXACT 1u   /* the words as typed (any case), no other forms */

/* Compiles `query`.  Appends to `candidates` a Xapian query string that
 * matches every passage that can mention the concepts (a superset, "" when
 * every passage can; parse it without stopwords, WSIS_QUERY_PLAIN) and to
 * `filters` the field:value terms.  Returns 0, or -1 with a message in
 * err. */
int wsis_mentions_compile(const char *query, size_t len, unsigned flags,
    wsis_mentions_t **out, wsis_buf_t *candidates, wsis_buf_t *filters, char *err,
    size_t errlen);

/* Finds the occurrences of the positive concepts in text[0..len) and
 * whether the passage satisfies the query.  *occ (malloc'ed, sorted by
 * offset, not overlapping, the caller frees) and *nocc are set in both
 * cases.  Returns 1 (mentions), 0 (does not) or -1 (out of memory). */
int wsis_mentions_match(wsis_mentions_t *m, const char *text, size_t len,
    wsis_occurrence_t **occ, size_t *nocc);

/* wsis_mentions_match() on hit i of r, the candidates of m in document
 * order, whose text is text[0..len): the same occurrences, found by
 * reading only part of a long passage.  A passage with a word table
 * (wordmap.h) is read in windows around the words the index's positions
 * place where a form of a concept's word stands (wsis_results_positions),
 * each such word checked against the word the index holds at its position
 * (wsis_results_word_at); a short passage, a query the positions cannot
 * place (a concept of wildcards alone, none positive, a word whose forms
 * the index cannot list), a word that is not where the index puts it, or
 * windows over most of the text: the text read whole. */
int wsis_mentions_match_hit(wsis_mentions_t *m, wsis_results_t *r, size_t i,
    const wsis_hit_t *hit, const char *text, size_t len, wsis_occurrence_t **occ,
    size_t *nocc);

/* wsis_mentions_match_hit() on a passage whose text is still as the index
 * stores it, opened in part (wsis_json_part_open()): only the windows are
 * decoded, the places where the index's words may not be words.h's found
 * in the stored text; the text is read whole where
 * wsis_mentions_match_hit() reads it whole.  The occurrences are offsets
 * in part->text, which holds the decoded text at least where they are.
 * -1 also when the stored text cannot be read. */
int wsis_mentions_match_part(wsis_mentions_t *m, wsis_results_t *r, size_t i,
    const wsis_hit_t *hit, wsis_json_part_t *part, wsis_occurrence_t **occ,
    size_t *nocc);

/* How many passages m has read whole and in windows (for tests). */
void wsis_mentions_scanned(const wsis_mentions_t *m, unsigned long *whole,
    unsigned long *windowed);

void wsis_mentions_free(wsis_mentions_t *m);

/* The forms an audit matched, with a count each: a form is the matched
 * bytes lowercased (ASCII), each run of white space one space, without
 * the invisible characters that words ignore (words.h). */
typedef struct {
	char         *form;
	unsigned long count;
} wsis_mentions_form_t;

typedef struct {
	wsis_mentions_form_t *forms;   /* n of them */
	size_t                n, cap;
	size_t               *slots;   /* hash table: 1 + index into forms, 0 empty */
	size_t                nslots;
} wsis_mentions_forms_t;

#define WSIS_MENTIONS_FORMS_INIT { NULL, 0, 0, NULL, 0 }

/* Counts the occurrence s[0..len) under its form.  Returns 0 or -1 (out of
 * memory). */
int wsis_mentions_forms_add(wsis_mentions_forms_t *f, const char *s, size_t len);

/* Orders the forms by count, highest first, then by their bytes; no form
 * can be added after. */
void wsis_mentions_forms_sort(wsis_mentions_forms_t *f);

/* Frees the forms and their strings (not f itself). */
void wsis_mentions_forms_free(wsis_mentions_forms_t *f);

#endif
