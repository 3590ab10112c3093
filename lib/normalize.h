/* normalize.h - the one normalization of words, shared by the indexer and
 * the query parser so that variants meet:
 *  - British and American spellings: recognise/recognize, programme/program,
 *    centre/center, labour/labor, fulfilment/fulfillment, enquiry/inquiry;
 *  - irregular plurals, which no stemmer joins to their singulars:
 *    women/woman, children/child, men/man, criteria/criterion...;
 *  - compounds and hyphen variants (cyber security / cyber-security /
 *    cybersecurity, zero draft / zero-draft / zerodraft, co-facilitators /
 *    cofacilitators): the text keeps its words as written, and the indexer
 *    indexes beside it the joined word of each compound written apart and
 *    the parts of each compound written joined (wsis_normalize_compounds),
 *    so every form finds the others and no part is ever lost;
 *  - acronyms and their expansions (ICT, SIDS, LDCs, IGF, CSTD, UNGIS, ITU,
 *    UNESCO, WSIS, ...) as synonyms: the indexer indexes, beside a passage,
 *    the acronym of every expansion it holds and the expansion of every
 *    acronym, so either form of a query finds both.
 * Identifiers ("68/302", "A/66/77", "Article 19") are left as written.
 */
#ifndef WSIS_NORMALIZE_H
#define WSIS_NORMALIZE_H

#include <stddef.h>

#include "buf.h"

/* The canonical form of `text` (len bytes), malloc'ed and NUL-terminated, or
 * NULL when out of memory: British spellings made American, ordinals in
 * figures written as words.  Only letters change (no word is joined or
 * split), so query syntax (quotes, parentheses, AND/OR/NOT,
 * field:value, wildcards, +/-) passes through intact; a word right after a
 * ':' (a field value such as part:programme) is left alone. */
char *wsis_normalize(const char *text, size_t len);

/* wsis_normalize() for a query: beside that, a known compound written with
 * a hyphen outside quotes, or alone in them, becomes its joined word
 * ("co-operation" -> "cooperation"), which the index holds beside every form of it, while the
 * text keeps a compound written joined without its parts when its prefix
 * joins across a hyphen only ("cooperation" is never split). */
char *wsis_normalize_query(const char *text, size_t len);

/* Appends to `out` the spelling-normalized form of the one word w[0..n)
 * (a word of a passage, as the highlighter and the audit see it; an
 * ordinal in figures, "2nd", is its word).  Returns 0 or -1. */
int wsis_normalize_word(const char *w, size_t n, wsis_buf_t *out);

/* Appends to `out` the compound forms to index beside `text`, one per line,
 * lowercase, each at most once: for a known compound written apart
 * ("zero draft", "cyber-security", "co-facilitators": the open prefixes
 * cyber and multi and the pairs zero draft, web site, data base across a
 * space or a hyphen, the closed prefixes e, non, co, re... across a hyphen
 * only) its joined word ("zerodraft"); for a word that is such a compound
 * written joined ("cybersecurity", "zerodraft"; not "multiple",
 * "multitude", "cybernetics") its parts as a phrase ("cyber security").
 * Returns how many were added, or -1 (ENOMEM). */
int wsis_normalize_compounds(const char *text, size_t len, wsis_buf_t *out);

/* Appends to `out` the synonyms to index beside `text`: one per line, the
 * acronym for each expansion found and the expansion for each acronym found
 * (each at most once).  Returns how many were added, or -1 (ENOMEM). */
int wsis_normalize_synonyms(const char *text, size_t len, wsis_buf_t *out);

/* What can make the word w[0..n) (case-blind) appear among the words
 * indexed for a text (its normalized form, its synonyms and compound forms)
 * where the text had it in no form: WSIS_NORM_FROM_SPELLING when it is the
 * American form of a British spelling, an ordinal's word or an acronym
 * (whose plural loses its s); WSIS_NORM_FROM_COMPOUND when it may be two
 * words joined across a space or a hyphen ("cybersecurity");
 * WSIS_NORM_FROM_HYPHEN when it may be two words joined across a hyphen
 * only ("cooperation" from "co-operation").  0: normalizing a text never
 * creates the word, so whether a text holds it can be asked of the text
 * as written.  Conservative: "laboratory" counts as from "labour". */
#define WSIS_NORM_FROM_SPELLING 1u
#define WSIS_NORM_FROM_COMPOUND 2u
#define WSIS_NORM_FROM_HYPHEN   4u
unsigned wsis_normalize_origins(const char *w, size_t n);

/* 1 when the word w[0..n) (case-blind) is a word of an acronym or of an
 * expansion, so that it may be in a synonym indexed beside a passage. */
int wsis_normalize_synonym_word(const char *w, size_t n);

/* Appends to `out`, one per line, the other names of `phrase` when it is an
 * acronym or one of its expansions (compared on lowercase words, plurals
 * folded): "SIDS" gives "small island developing States", "least developed
 * countries" gives "LDC".  Returns how many were added, or -1 (ENOMEM). */
int wsis_normalize_alternatives(const char *phrase, size_t len, wsis_buf_t *out);

/* 1 when w[0..n) is an acronym of the table as written, in capitals, or
 * its plural ("ICT", "ICTs", "LDCs"); 0 otherwise ("Ict", "ict"). */
int wsis_normalize_is_acronym(const char *w, size_t n);

/* For the mentions audit (R3 of issue 21).  1 when the words a[0..an) and
 * b[0..bn) (case-blind) join as a known compound: a prefix joined across a
 * space or a hyphen ("cyber", "multi"), a known pair ("zero draft",
 * "web site", "data base"), or, when `hyphen`, a prefix joined across a
 * hyphen only ("co", "e", "non", ...). */
int wsis_normalize_compound(const char *a, size_t an, const char *b, size_t bn, int hyphen);

/* The length of the first part when the word w[0..n) (case-blind) is a
 * joined compound whose parts the index holds too ("cybersecurity" -> 5,
 * "zerodraft" -> 4), else 0. */
size_t wsis_normalize_compound_split(const char *w, size_t n);

/* The table's acronym ("LDC") when w[0..n), case-blind, is one or its
 * plural ("ldcs") or possessive ("ICT's"), else NULL.  The string is static. */
const char *wsis_normalize_acronym(const char *w, size_t n);

#endif
