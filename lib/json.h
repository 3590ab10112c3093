/* json.h - the JSON the project reads and writes: JSON Lines input records,
 * the passage blob stored in each Xapian document, and writer helpers for
 * replies.  The parser never trusts the input: depth and sizes are bounded,
 * every error names its byte offset. */
#ifndef WSIS_JSON_H
#define WSIS_JSON_H

#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "passage.h"

/* Appends `s` (len bytes) as a quoted JSON string.  Control characters are
 * escaped; invalid UTF-8 becomes U+FFFD.  Returns 0 or -1 (ENOMEM). */
int wsis_json_put_string(wsis_buf_t *b, const char *s, size_t len);
/* Same for a NUL-terminated string; NULL writes null.  Inline, so that
 * every string written goes through wsis_json_put_string() by a call
 * (bench/run's instruction count of the reply's JSON counts that
 * function; an out-of-line wrapper would end in a tail jump, which
 * callgrind does not count as a call). */
static inline int
wsis_json_put_cstr(wsis_buf_t *b, const char *s)
{
	if (s == NULL)
		return wsis_buf_puts(b, "null");
	return wsis_json_put_string(b, s, strlen(s));
}

/* The passage as one JSON object:
 * {"id":...,"part":...,"title":...,"citations":[...],"text":...,
 * "fields":{"name":"value",...}} ("title" and "citations" only when set;
 * citations is spliced in as it is), written through the sprinter
 * (sprinter.h).
 * Returns 0, or -1 (ENOMEM) with out as it came. */
int wsis_passage_to_json(const wsis_passage_t *p, wsis_buf_t *out);

/* Parses one JSON object with "id" (string or integer), "text" (string),
 * optional "title" (string or null), "part" (string), "fields" (object
 * whose values are strings, numbers, booleans or null) and "citations" (a
 * list, kept as its JSON); other keys are ignored.  Fills *p (zeroed first; free with wsis_passage_clear()).
 * Returns 0, or -1 with "byte N: what is wrong" in err. */
int wsis_passage_from_json(const char *s, size_t len, wsis_passage_t *p,
    char *err, size_t errlen);

/* A JSON string as it stands in the input: its bytes between the quotes,
 * escapes and all, not yet checked; it points into the input. */
typedef struct {
	const char *s;
	size_t      len;
} wsis_json_raw_t;

/* wsis_passage_from_json(), but the text is not decoded: p->text is left
 * NULL and *text gets the string as it stands (only its closing quote is
 * looked for), so that a reader decodes what it sends of a long text and
 * nothing more (wsis_json_raw_decode, wsis_json_raw_skip). */
int wsis_passage_from_json_raw(const char *s, size_t len, wsis_passage_t *p,
    wsis_json_raw_t *text, char *err, size_t errlen);

/* Decodes raw from its byte *at (which must begin an escape or a
 * character) onto out until out has grown by `want` bytes or more (to the
 * end of the character that gets it there) or raw ends; *at moves past
 * what was read.  Checks what it reads as the parser checks a string.
 * Returns 0, or -1 with "byte N: what is wrong" in err (N in raw). */
int wsis_json_raw_decode(const wsis_json_raw_t *raw, size_t *at, size_t want,
    wsis_buf_t *out, char *err, size_t errlen);

/* Moves *at (at an escape or a character) past the bytes of raw that
 * decode to `n` bytes, without decoding them: the text's byte n is at raw
 * byte *at after.  Returns 0; -1 when raw decodes to fewer bytes (or ends
 * inside an escape); -2 when byte n would fall inside a character written
 * as an escape (*at is then unchanged). */
int wsis_json_raw_skip(const wsis_json_raw_t *raw, size_t *at, size_t n);

/* Checks raw[from..to) (which begins and ends at a character or an
 * escape) as the parser checks a string's bytes, decoding nothing: what
 * passes is valid JSON string content, which a reply may carry as it is
 * (wsis_sp_string_escaped).  Returns 0, or -1 with "byte N: what is
 * wrong" in err. */
int wsis_json_raw_check(const wsis_json_raw_t *raw, size_t from, size_t to, char *err,
    size_t errlen);

/* A string with no \u escape, decoded in the parts a reader asks for:
 * text holds len bytes (and a NUL), the decoded text where a part was
 * read, zeros elsewhere.  Reading moves forward from the end of the last
 * part; a part before the last part's start is found from raw's start. */
typedef struct {
	wsis_json_raw_t raw;
	char           *text;
	size_t          len, cap;
	size_t          start, at;   /* the last part read: text[start..at) */
	size_t          raw_at;      /* raw's byte where text's byte `at` begins */
	size_t         *cp;          /* checkpoints: raw byte cp[2k] is text's
	                                byte cp[2k + 1], ascending, none inside
	                                an escape */
	size_t          ncp, capcp;
	wsis_buf_t      scratch;
} wsis_json_part_t;

#define WSIS_JSON_PART_INIT { { NULL, 0 }, NULL, 0, 0, 0, 0, 0, NULL, 0, 0, WSIS_BUF_INIT }

/* Makes t raw's text, none of it read yet: one pass over its escapes
 * finds its length and sets checkpoints, from which a part is read
 * without going over the text before it.  Returns 0; 1 when raw holds a
 * \u escape (a character of several bytes may stand for six or twelve)
 * or ends inside an escape (the caller decodes it whole); -1 out of
 * memory.  t's memory is kept from one string to the next. */
int wsis_json_part_open(wsis_json_part_t *t, const wsis_json_raw_t *raw);

/* Turns off[0..n), ascending offsets of bytes of t's raw string that are
 * no part of an escape, into their offsets in t's text, in place.  0, or
 * -1 when they are not ascending or are past the end. */
int wsis_json_part_offsets(const wsis_json_part_t *t, size_t *off, size_t n);

/* Reads t->text[from..to) (to past len: to len), and to the end of the
 * character there, from its character's first byte on.  Returns 0, or -1
 * with "byte N: what is wrong" (N in raw) or "out of memory" in err. */
int wsis_json_part_read(wsis_json_part_t *t, size_t from, size_t to, char *err,
    size_t errlen);

void wsis_json_part_free(wsis_json_part_t *t);

/* ---- a generic reader (DOM) ---------------------------------------------
 *
 * For replies a client reads: any JSON value, parsed whole into a tree.
 * The same parser as above: strings must be valid UTF-8 with no raw
 * control characters, \u escapes pair their surrogates and \u0000 is
 * refused (so every string is NUL-free), nesting is limited to 64 levels,
 * an object may not repeat a key, at most WSIS_JSON_MAX_VALUES values are
 * read, and the first error is "byte N: what is wrong".
 *
 * Every pointer an accessor returns belongs to the tree and lives until
 * wsis_json_free() of its root.  Accessors accept NULL and values of the
 * wrong type and then return NULL / 0, so lookups chain:
 * wsis_json_get(wsis_json_get(root, "index"), "documents"). */

#define WSIS_JSON_MAX_VALUES (1u << 22)

typedef struct wsis_json wsis_json_t;

typedef enum {
	WSIS_JSON_NONE = 0,   /* no value: the NULL pointer */
	WSIS_JSON_NULL,
	WSIS_JSON_BOOL,
	WSIS_JSON_NUMBER,
	WSIS_JSON_STRING,
	WSIS_JSON_ARRAY,
	WSIS_JSON_OBJECT
} wsis_json_type_t;

/* Parses s[0..len) (one value, white space around it allowed) into *out,
 * which the caller frees with wsis_json_free().  Returns 0, or -1 with
 * *out NULL and "byte N: what is wrong" in err (may be NULL). */
int wsis_json_parse(const char *s, size_t len, wsis_json_t **out, char *err,
    size_t errlen);
/* Frees a tree from wsis_json_parse(); NULL does nothing. */
void wsis_json_free(wsis_json_t *v);

wsis_json_type_t wsis_json_type(const wsis_json_t *v);
/* The value of `key` in an object; NULL when v is not an object or has no
 * such key. */
const wsis_json_t *wsis_json_get(const wsis_json_t *obj, const char *key);
/* Members of an object, in input order (0 when not an object; NULL past
 * the end).  *keylen (may be NULL) gets the key's length. */
size_t wsis_json_object_len(const wsis_json_t *obj);
const char *wsis_json_object_key(const wsis_json_t *obj, size_t i,
    size_t *keylen);
const wsis_json_t *wsis_json_object_value(const wsis_json_t *obj, size_t i);
/* Elements of an array (0 when not an array; NULL past the end). */
size_t wsis_json_array_len(const wsis_json_t *arr);
const wsis_json_t *wsis_json_array_at(const wsis_json_t *arr, size_t i);
/* A string's bytes, NUL-terminated and valid UTF-8 with no NUL inside;
 * NULL when v is not a string.  *len (may be NULL) gets its length. */
const char *wsis_json_string(const wsis_json_t *v, size_t *len);
/* A number's value (strtod of its text: may be +-HUGE_VAL); 0 when v is
 * not a number. */
double wsis_json_number(const wsis_json_t *v);
/* 1 for true; 0 for false and for anything that is not a boolean. */
int wsis_json_bool(const wsis_json_t *v);

/* Appends v as JSON: compact when indent is 0, else one member or element
 * a line, indented by `indent` spaces a level.  Numbers keep their input
 * text.  Returns 0 or -1 (ENOMEM). */
int wsis_json_write(wsis_buf_t *out, const wsis_json_t *v, int indent);

#endif
