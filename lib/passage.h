/* passage.h - one searchable passage (a Xapian document) and a list of them.
 *
 * A passage owns every string it holds (all malloc'ed, NUL-terminated, UTF-8;
 * a field's value shares its name's block).
 * A passage list owns its passages.  Free with wsis_passage_list_free().
 */
#ifndef WSIS_PASSAGE_H
#define WSIS_PASSAGE_H

#include <stddef.h>

/* A named field of a passage ("section", "para", "day", ...).  Fields
 * repeat information from the text, they never replace it. */
typedef struct {
	char *name;
	char *value;   /* in name's allocation, after it: freed with it */
} wsis_field_t;

typedef struct {
	char         *id;      /* stable and unique: "draft:38", "notes.md:3" */
	char         *part;    /* "draft", "pga-letter", ..., or the source for generic input */
	char         *title;   /* may be NULL */
	char         *text;    /* verbatim text after artefact repairs */
	char         *citations; /* what the text cites as the index stores it: a
	                          JSON list (citations.h), or NULL: none */
	wsis_field_t *fields;
	size_t        nfields;
	size_t        cfields; /* allocated slots */
} wsis_passage_t;

typedef struct {
	wsis_passage_t *items;
	size_t          count;
	size_t          cap;
} wsis_passage_list_t;

/* Appends an empty passage with copies of id, part and text (title NULL).
 * Returns the new passage (owned by the list) or NULL when out of memory.
 * `text_len` is the length of `text` (it need not be NUL-terminated). */
wsis_passage_t *wsis_passage_list_add(wsis_passage_list_t *list, const char *id,
    const char *part, const char *text, size_t text_len);

/* Sets (replacing) a copy of the title.  Returns 0, or -1 when out of memory. */
int wsis_passage_set_title(wsis_passage_t *p, const char *title);

/* Appends a field with copies of name and value.  Returns 0 or -1 (ENOMEM). */
int wsis_passage_add_field(wsis_passage_t *p, const char *name, const char *value);

/* The value of the first field called `name`, or NULL.  Owned by the passage. */
const char *wsis_passage_field(const wsis_passage_t *p, const char *name);

/* Index of the passage whose id is `id`, or -1. Linear; for tests and dedup. */
long wsis_passage_list_find(const wsis_passage_list_t *list, const char *id);

/* Returns 0 when no two passages share an id, or -1 with
 * "duplicate id 'X'" (or "out of memory") in err.  Hashes the ids: linear
 * in the number of passages. */
int wsis_passage_list_check_unique(const wsis_passage_list_t *list, char *err,
    size_t errlen);

/* ---- a passage in a reply -------------------------------------------------
 *
 * A passage has one JSON shape in every reply (a search hit, DOC,
 * MENTIONS), written by wsis_passage_put() alone:
 *
 *   "id"       string
 *   "part"     string
 *   "para"     number, when the passage has a para field of digits
 *   "section", "heading"   strings, when it has them
 *   "day"      number, when it has a day field of digits
 *   "title"    string, when it has one
 *   "fields"   an object of its other fields (strings), when it has any
 *   "text"     string: the passage whole, raw text; a search hit's is
 *              its first bytes when the request bounds it (exec.h), and
 *              absent when it asks for none (a NULL text, and a caller
 *              writing nothing at WSIS_PASSAGE_TEXT)
 *
 * Every string is raw text (JSON escapes only): a page inserts it as text,
 * never as HTML. */
struct wsis_sprinter;

/* Where a caller's own members go among a passage's (wsis_passage_put). */
typedef enum {
	WSIS_PASSAGE_AFTER_ID = 1,   /* right after "id" (a hit's score) */
	WSIS_PASSAGE_BEFORE_TEXT,    /* before "text" (a snippet, the audit's counts) */
	WSIS_PASSAGE_TEXT            /* in place of "text" when the passage has
	                              * none: a caller holding it in another form
	                              * (a hit's start, as stored) writes it */
} wsis_passage_at_t;

typedef void (*wsis_passage_more_t)(struct wsis_sprinter *sp, wsis_passage_at_t at,
    void *arg);

/* Writes p's members into the map open on sp, in the order above, calling
 * more(sp, at, arg) (when not NULL) at each place for the caller's own
 * members.  Errors are the sprinter's (checked at wsis_sp_finish). */
void wsis_passage_put(struct wsis_sprinter *sp, const wsis_passage_t *p,
    wsis_passage_more_t more, void *arg);

/* The bytes of text[0..len) that a text bounded to `max` bytes keeps: len
 * when it fits; else its start up to the word that the bound falls in
 * (words are parted by blanks), without the blanks before that word; a
 * first word longer than the bound is cut at the last character that
 * fits (never inside a UTF-8 sequence). */
size_t wsis_passage_text_cut(const char *text, size_t len, size_t max);

/* Frees what one passage holds and zeroes it (for a passage outside a list). */
void wsis_passage_clear(wsis_passage_t *p);

/* Frees every passage and the array; the list is left empty and reusable.
 * NULL does nothing. */
void wsis_passage_list_free(wsis_passage_list_t *list);

#endif
