/* citations.h - what a passage cites: other texts, and their paragraphs.
 *
 * A pure function over bytes (no index, no globals): a passage's text in,
 * a list of citations out, each the cited text's normalised name and the
 * cited paragraph numbers, sorted, when the passage gives them.  The forms
 * read (doc/CITATIONS.md lists them with examples):
 *  - "paragraph N of the X", "paragraphs N and M of X", lists ("paragraphs
 *    4, 5 and 9"), ranges ("paragraphs 23 to 27", "23-27", "23–27");
 *  - "X, paragraph N" where X is a text recognised just before;
 *  - known texts by any of their names ("Tunis Agenda for the Information
 *    Society" is "Tunis Agenda", "Geneva Declaration" is "Geneva
 *    Declaration of Principles");
 *  - resolutions: "resolution 68/302", "in its resolution 68/302",
 *    "General Assembly resolution 68/167"; A/RES/70/125 is "resolution
 *    70/125";
 *  - document symbols: A/66/77, E/2009/92, A/70/L.33;
 *  - after "paragraph N of (the)", a name the table does not know, when it
 *    is a run of capitalised words ("paragraph 12 of the Busan Outcome").
 * Words are compared case-blind (but acronyms such as "MDGs"); any run of
 * white space, line breaks and form feeds included, separates two words,
 * so a citation split by a line or page break is read whole.  Nothing is
 * made from "paragraph" without a number, a resolution without a number,
 * or a word such as "agenda" on its own.
 */
#ifndef WSIS_CITATIONS_H
#define WSIS_CITATIONS_H

#include <stddef.h>

#include "buf.h"
#include "sprinter.h"

/* Bounds: a name's bytes, the paragraphs of one citation, the citations of
 * one passage.  What is past them is left out. */
#define WSIS_CITATION_NAME_MAX  200
#define WSIS_CITATION_PARAS_MAX 1000
#define WSIS_CITATIONS_MAX      256

typedef struct {
	char     *text;     /* the normalised name, malloc'ed */
	unsigned *paras;    /* sorted, no repeats; NULL when nparas is 0 */
	size_t    nparas;
} wsis_citation_t;

/* A passage's citations, in the order each text is first cited, one entry
 * a text (its paragraphs merged). */
typedef struct {
	wsis_citation_t *items;
	size_t           n, cap;
} wsis_citations_t;

#define WSIS_CITATIONS_INIT { NULL, 0, 0 }

/* Appends the citations of text[0..len) to *out (merging with what it
 * holds).  Returns 0, or -1 when out of memory (out keeps what was
 * added). */
int wsis_citations_extract(const char *text, size_t len, wsis_citations_t *out);

/* Adds one citation of `name` with paras[0..n) (n may be 0) to *c,
 * merged with the entry of the same name; a name that is empty or not
 * valid UTF-8 is left out.  Returns 0 or -1 (ENOMEM). */
int wsis_citations_add(wsis_citations_t *c, const char *name, size_t namelen,
    const unsigned *paras, size_t n);

/* Frees what c holds and empties it; NULL does nothing. */
void wsis_citations_free(wsis_citations_t *c);

/* The list as a JSON value through `sp`:
 * [{"text":"Tunis Agenda","paras":[69,71]},...]. */
void wsis_citations_put(wsis_sprinter_t *sp, const wsis_citations_t *c);

/* Reads a list written by wsis_citations_put() from s[0..len) into *out
 * (emptied first).  Returns 0, or -1 (not such a list, or out of memory). */
int wsis_citations_from_json(const char *s, size_t len, wsis_citations_t *out);

/* Appends the index key of a normalised name: ASCII letters lowercased,
 * each space an '_' ("tunis_agenda", "resolution_68/302").  The boolean
 * terms of a passage are WSIS_PREFIX_CITES + key and, for each paragraph,
 * + key + "#" + N.  Returns 0 or -1 (ENOMEM). */
int wsis_citations_key(const char *name, wsis_buf_t *key);

/* Reads the value of a `cites:` filter, v[0..n), quoted or not: a text's
 * name, or a name and one paragraph as `NAME, paragraph N` (also "para N",
 * comma optional).  The name is normalised as in a passage ("tunis agenda
 * for the information society", "68/302", "A/RES/68/302" and "resolution
 * 68/302" each name one text); a name the table does not know stands for
 * itself.  Appends the term's value after the prefix (key, or key#N) to
 * `term`.  Returns 0; 1 when the value is malformed, with a message naming
 * it in err; -1 when out of memory. */
int wsis_citations_query(const char *v, size_t n, wsis_buf_t *term, char *err,
    size_t errlen);

/* The normalised name of a text as a person types it (the name part of a
 * cites: value): appends it to `name`.  Returns 0, 1 (not a name: empty,
 * or punctuation other than the name's own) or -1 (ENOMEM). */
int wsis_citations_name(const char *v, size_t n, wsis_buf_t *name);

#endif
