/* sprinter.h - structured output through one interface (notmuch's
 * "sprinter"): a reply is written as calls (begin a map, a key, a string,
 * a number, end ...) and an implementation turns them into bytes.  The
 * JSON implementation writes into a wsis_buf_t and does the commas, colons
 * and string escapes itself (wsis_json_put_string()), so no module writes
 * JSON punctuation by hand.
 *
 * Errors are sticky: a call out of place (a value in a map without its
 * key, a key outside a map, an end with nothing open, a second top value,
 * more than WSIS_SP_MAX_DEPTH levels) or an allocation that fails sets the
 * error, writes nothing, and every later call does nothing.  The caller
 * writes the whole value and checks once, with wsis_sp_finish(): on any
 * error that cuts the buffer back to where the sprinter began, so a reply
 * is either complete and valid or not there at all.
 *
 *     wsis_sprinter_t sp;
 *     wsis_sp_json_init(&sp, out);
 *     wsis_sp_begin_map(&sp);
 *     wsis_sp_map_key(&sp, "total");
 *     wsis_sp_uint(&sp, total);
 *     wsis_sp_end(&sp);
 *     if (wsis_sp_finish(&sp) != 0) ...   (out is as it came)
 *
 * Ownership: the sprinter allocates nothing and owns nothing.  It lives
 * where the caller puts it (usually the stack) and needs no freeing; the
 * buffer stays the caller's and must outlive the sprinter's use.  Strings
 * passed in are copied into the buffer before the call returns. */
#ifndef WSIS_SPRINTER_H
#define WSIS_SPRINTER_H

#include <stddef.h>

#include "buf.h"

/* Maps and lists open at once, at most. */
#define WSIS_SP_MAX_DEPTH 16

typedef enum {
	WSIS_SP_OK = 0,
	WSIS_SP_ENOMEM,     /* the buffer could not grow */
	WSIS_SP_EMISUSE     /* a call out of place, or too deep */
} wsis_sp_error_t;

typedef struct wsis_sprinter wsis_sprinter_t;

/* What an implementation does with each call.  The front (sprinter.c) has
 * checked that the call is in place before it calls one, and updates the
 * state after it; an operation reads the state (depth, map[], any[],
 * keyed) to know what separates the new item from the one before.  Each
 * returns 0, or -1 when out of memory. */
typedef struct {
	int (*begin_map)(wsis_sprinter_t *sp);
	int (*begin_list)(wsis_sprinter_t *sp);
	int (*end)(wsis_sprinter_t *sp);                 /* the innermost one */
	int (*map_key)(wsis_sprinter_t *sp, const char *key);
	int (*string)(wsis_sprinter_t *sp, const char *s, size_t len);
	int (*uinteger)(wsis_sprinter_t *sp, unsigned long n);
	int (*integer)(wsis_sprinter_t *sp, long n);
	int (*number)(wsis_sprinter_t *sp, double v, unsigned decimals);
	int (*boolean)(wsis_sprinter_t *sp, int v);
	int (*null)(wsis_sprinter_t *sp);
	int (*raw)(wsis_sprinter_t *sp, const char *s, size_t len);
	int (*escaped)(wsis_sprinter_t *sp, const char *s, size_t len);
} wsis_sp_ops_t;

/* Declared here so that a sprinter can live on the caller's stack; its
 * fields belong to sprinter.c and its implementations: read the error with
 * wsis_sp_error(). */
struct wsis_sprinter {
	const wsis_sp_ops_t *ops;
	wsis_buf_t   *out;
	size_t        start;                  /* out->len when it began */
	unsigned      depth;                  /* maps and lists open */
	unsigned char map[WSIS_SP_MAX_DEPTH]; /* level i is a map (else a list) */
	unsigned char any[WSIS_SP_MAX_DEPTH]; /* level i holds an item already */
	unsigned char keyed;                  /* a key is written, its value not */
	unsigned char done;                   /* the top value is complete */
	wsis_sp_error_t error;
};

/* Begins a JSON value appended to `out` (which may hold bytes already:
 * they are kept).  Writes nothing yet. */
void wsis_sp_json_init(wsis_sprinter_t *sp, wsis_buf_t *out);

/* Ends the value: 0 when exactly one complete value was written and no
 * error occurred.  Else -1 with wsis_sp_error() saying why (an unclosed
 * map or list, or no value, is WSIS_SP_EMISUSE), and the buffer cut back
 * to where the sprinter began. */
int wsis_sp_finish(wsis_sprinter_t *sp);
/* Cuts the buffer back to where the sprinter began, for a caller that
 * gives up halfway (its own error); the last call on sp. */
void wsis_sp_discard(wsis_sprinter_t *sp);
wsis_sp_error_t wsis_sp_error(const wsis_sprinter_t *sp);

void wsis_sp_begin_map(wsis_sprinter_t *sp);
void wsis_sp_begin_list(wsis_sprinter_t *sp);
/* Closes the innermost map or list. */
void wsis_sp_end(wsis_sprinter_t *sp);
/* A member's key (escaped like any string); its value comes next. */
void wsis_sp_map_key(wsis_sprinter_t *sp, const char *key);

/* A NUL-terminated string; NULL writes null. */
void wsis_sp_string(wsis_sprinter_t *sp, const char *s);
/* len bytes of s (s may be NULL when len is 0).  Control characters are
 * escaped and invalid UTF-8 becomes U+FFFD (wsis_json_put_string()). */
void wsis_sp_string_len(wsis_sprinter_t *sp, const char *s, size_t len);
void wsis_sp_uint(wsis_sprinter_t *sp, unsigned long n);
void wsis_sp_int(wsis_sprinter_t *sp, long n);
/* v with `decimals` digits after the point, as printf's "%.*f" prints it
 * (wsis_buf_put_fixed()); null when v is not finite, which JSON cannot
 * say. */
void wsis_sp_double(wsis_sprinter_t *sp, double v, unsigned decimals);
void wsis_sp_bool(wsis_sprinter_t *sp, int v);
void wsis_sp_null(wsis_sprinter_t *sp);
/* s[0..len), spliced in as one value: s must be a complete, valid JSON
 * value, which the sprinter does not check.  Only for JSON that is already
 * made and would be parsed only to be written again the same: a stored
 * passage's blob (written by wsis_passage_to_json() at index time) sent
 * back whole by DOC. */
void wsis_sp_raw(wsis_sprinter_t *sp, const char *s, size_t len);
/* A string whose contents s[0..len) are JSON-escaped already and checked
 * (wsis_json_raw_check()), written between quotes as they are: a long
 * passage's start as the index stores it, which would be decoded only to
 * be escaped again the same. */
void wsis_sp_string_escaped(wsis_sprinter_t *sp, const char *s, size_t len);

#endif
