/* json.c - the JSON the project reads and writes.
 *
 * Writing: strings are escaped and always valid UTF-8.
 * Reading: one recursive-descent parser, used two ways: for one passage
 * object (fields straight into a wsis_passage_t) and for any value into a
 * tree (wsis_json_parse, for replies a client reads).  It trusts
 * nothing: nesting is limited to JSON_MAX_DEPTH, strings must be valid
 * UTF-8 with no raw control characters, \u escapes must pair their
 * surrogates, and the first error is reported as "byte N: ..." where N is
 * the 0-based offset in the input.
 */
#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "sprinter.h"
#include "swar.h"
#include "utf8.h"

#define JSON_MAX_DEPTH 64

/* The length of the run at s[0..len) that needs no escaping in a JSON
 * string: no '"', no '\\', no control character.  Eight bytes at a time
 * while they are plain (a zero-byte test on each of the three conditions),
 * then byte by byte. */
static size_t
json_plain_run(const char *s, size_t len)
{
	size_t i = 0;

	while (len - i >= 8) {
		uint64_t w = wsis_swar_load(s + i);

		if (wsis_swar_has_byte(w, '"') || wsis_swar_has_byte(w, '\\') ||
		    wsis_swar_has_below(w, 0x20))
			break;
		i += 8;
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

/* ---- writing ----------------------------------------------------------- */

/* Appends valid UTF-8 `s` with JSON escapes. */
static int
json_put_escaped(wsis_buf_t *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	unsigned char c;
	char esc[7];
	size_t elen;

	for (i = json_plain_run(s, len); i < len; i += 1 + json_plain_run(s + i + 1,
	    len - i - 1)) {
		c = (unsigned char)s[i];
		if (wsis_buf_append(b, s + run, i - run) != 0)
			return -1;
		run = i + 1;
		esc[0] = '\\';
		elen = 2;
		switch (c) {
		case '"':  esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xF];
			elen = 6;
			break;
		}
		if (wsis_buf_append(b, esc, elen) != 0)
			return -1;
	}
	return wsis_buf_append(b, s + run, len - run);
}

int
wsis_json_put_string(wsis_buf_t *b, const char *s, size_t len)
{
	size_t i = 0, good, end;
	const char *nul;
	char *fixed;
	int rc;

	if (wsis_buf_putc(b, '"') != 0)
		return -1;
	while (i < len) {
		good = wsis_utf8_valid_prefix(s + i, len - i);
		if (json_put_escaped(b, s + i, good) != 0)
			return -1;
		i += good;
		if (i == len)
			break;
		/*
		 * Repair up to the next NUL (a NUL is valid UTF-8 and never
		 * part of an invalid sequence), so the repaired copy can be
		 * measured with strlen.
		 */
		nul = memchr(s + i, '\0', len - i);
		end = nul != NULL ? (size_t)(nul - s) : len;
		if ((fixed = wsis_utf8_repair(s + i, end - i, NULL)) == NULL)
			return -1;
		rc = json_put_escaped(b, fixed, strlen(fixed));
		free(fixed);
		if (rc != 0)
			return -1;
		i = end;
	}
	return wsis_buf_putc(b, '"');
}

int
wsis_passage_to_json(const wsis_passage_t *p, wsis_buf_t *out)
{
	wsis_sprinter_t sp;
	size_t i;

	wsis_sp_json_init(&sp, out);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "id");
	wsis_sp_string(&sp, p->id);
	wsis_sp_map_key(&sp, "part");
	wsis_sp_string(&sp, p->part);
	if (p->title != NULL) {
		wsis_sp_map_key(&sp, "title");
		wsis_sp_string(&sp, p->title);
	}
	/* before the text, whose "text" key stays the object's last one */
	if (p->citations != NULL) {
		wsis_sp_map_key(&sp, "citations");
		wsis_sp_raw(&sp, p->citations, strlen(p->citations));
	}
	wsis_sp_map_key(&sp, "text");
	wsis_sp_string(&sp, p->text);
	/* no fields, no "fields": 12 bytes of every stored passage without */
	if (p->nfields > 0) {
		wsis_sp_map_key(&sp, "fields");
		wsis_sp_begin_map(&sp);
		for (i = 0; i < p->nfields; i++) {
			wsis_sp_map_key(&sp, p->fields[i].name);
			wsis_sp_string(&sp, p->fields[i].value);
		}
		wsis_sp_end(&sp);
	}
	wsis_sp_end(&sp);
	return wsis_sp_finish(&sp);
}

/* ---- reading ----------------------------------------------------------- */

typedef struct {
	const char *s;
	size_t      len;
	size_t      pos;
	int         depth;
	char       *err;
	size_t      errlen;
	size_t      nvalues;   /* values read into a tree (wsis_json_parse) */
} json_parser_t;

/* Called for each member of an object, positioned at the value (after
 * whitespace); must consume the value.  key_at is the key's offset. */
typedef int (*json_member_fn)(json_parser_t *jp, const char *key,
    size_t key_at, void *ctx);
/* Called for each element of an array, positioned at the value (after
 * whitespace); must consume it. */
typedef int (*json_element_fn)(json_parser_t *jp, void *ctx);

static int __attribute__((format(printf, 3, 4)))
json_fail(json_parser_t *jp, size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (jp->err == NULL || jp->errlen == 0)
		return -1;
	n = snprintf(jp->err, jp->errlen, "byte %zu: ", at);
	if (n >= 0 && (size_t)n < jp->errlen) {
		va_start(ap, fmt);
		vsnprintf(jp->err + n, jp->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
json_nomem(json_parser_t *jp)
{
	return json_fail(jp, jp->pos, "out of memory");
}

static void
json_ws(json_parser_t *jp)
{
	while (jp->pos < jp->len) {
		switch (jp->s[jp->pos]) {
		case ' ': case '\t': case '\n': case '\r':
			jp->pos++;
			break;
		default:
			return;
		}
	}
}

/* The next byte, or -1 at the end. */
static int
json_peek(const json_parser_t *jp)
{
	return jp->pos < jp->len ? (unsigned char)jp->s[jp->pos] : -1;
}

static int
json_hex4(json_parser_t *jp, unsigned *out)
{
	unsigned v = 0;
	size_t i;
	int d;

	for (i = 0; i < 4; i++) {
		if (jp->pos >= jp->len || (d = wsis_hex_digit(jp->s[jp->pos])) < 0)
			return json_fail(jp, jp->pos, "expected hex digit in \\u escape");
		v = v * 16 + (unsigned)d;
		jp->pos++;
	}
	*out = v;
	return 0;
}

/* The value of the four hex digits at s[0..4); -1 when they are not. */
static int
json_hex_value(const char *s, unsigned *out)
{
	unsigned v = 0;
	size_t i;
	int d;

	for (i = 0; i < 4; i++) {
		if ((d = wsis_hex_digit(s[i])) < 0)
			return -1;
		v = v * 16 + (unsigned)d;
	}
	*out = v;
	return 0;
}

static int
json_put_utf8(wsis_buf_t *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return wsis_buf_append(b, u, n);
}

/* After the backslash of a \u escape: decodes it (and its low surrogate). */
static int
json_unicode_escape(json_parser_t *jp, wsis_buf_t *out)
{
	size_t at = jp->pos - 1;
	unsigned cp, lo;

	jp->pos++;	/* 'u' */
	if (json_hex4(jp, &cp) != 0)
		return -1;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return json_fail(jp, at, "unpaired low surrogate \\u%04X", cp);
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (jp->pos + 1 >= jp->len || jp->s[jp->pos] != '\\' ||
		    jp->s[jp->pos + 1] != 'u')
			return json_fail(jp, jp->pos,
			    "expected \\u low surrogate after \\u%04X", cp);
		jp->pos += 2;
		if (json_hex4(jp, &lo) != 0)
			return -1;
		if (lo < 0xDC00 || lo > 0xDFFF)
			return json_fail(jp, jp->pos - 6,
			    "expected \\u low surrogate after \\u%04X", cp);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	if (cp == 0)
		return json_fail(jp, at, "\\u0000 is not allowed");
	if (out != NULL && json_put_utf8(out, cp) != 0)
		return json_nomem(jp);
	return 0;
}

/* The escape at jp->pos (a backslash), decoded onto out (NULL: checked
 * only); jp->pos moves past it and *n gets the bytes it decodes to (1 for
 * a \u escape when out is NULL). */
static int
json_escape(json_parser_t *jp, wsis_buf_t *out, size_t *n)
{
	size_t before = out != NULL ? out->len : 0;
	char ch;

	if (jp->pos + 1 >= jp->len)
		return json_fail(jp, jp->pos + 1, "expected escape");
	switch (jp->s[jp->pos + 1]) {
	case '"':  ch = '"'; break;
	case '\\': ch = '\\'; break;
	case '/':  ch = '/'; break;
	case 'b':  ch = '\b'; break;
	case 'f':  ch = '\f'; break;
	case 'n':  ch = '\n'; break;
	case 'r':  ch = '\r'; break;
	case 't':  ch = '\t'; break;
	case 'u':
		jp->pos++;
		if (json_unicode_escape(jp, out) != 0)
			return -1;
		*n = out != NULL ? out->len - before : 1;
		return 0;
	default:
		return json_fail(jp, jp->pos, "invalid escape");
	}
	if (out != NULL && wsis_buf_putc(out, ch) != 0)
		return json_nomem(jp);
	*n = 1;
	jp->pos += 2;
	return 0;
}

/* Decodes the string's bytes from jp->pos (after its opening quote) into
 * out (NULL: checked only), until its closing quote, which it consumes
 * (returns 1), or, when out has grown by `want` bytes or more, at the end
 * of the character that got it there, or at the end of the input (returns
 * 0).  -1 on an error. */
static int
json_string_body(json_parser_t *jp, wsis_buf_t *out, size_t want)
{
	size_t start, good, lim, got = 0, n;
	unsigned char c;

	for (;;) {
		if (got >= want)
			return 0;
		start = jp->pos;
		lim = jp->len - start;
		if (want - got < lim) {
			/* no further than `want`, to the end of its character */
			lim = want - got;
			while (start + lim < jp->len &&
			    ((unsigned char)jp->s[start + lim] & 0xC0) == 0x80)
				lim++;
		}
		jp->pos += json_plain_run(jp->s + start, lim);
		good = wsis_utf8_valid_prefix(jp->s + start, jp->pos - start);
		if (good < jp->pos - start)
			return json_fail(jp, start + good, "invalid UTF-8 in string");
		if (out != NULL &&
		    wsis_buf_append(out, jp->s + start, jp->pos - start) != 0)
			return json_nomem(jp);
		got += jp->pos - start;
		if (jp->pos >= jp->len || got >= want)
			return 0;
		c = (unsigned char)jp->s[jp->pos];
		if (c == '"') {
			jp->pos++;
			return 1;
		}
		if (c < 0x20)
			return json_fail(jp, jp->pos,
			    "unescaped control character in string");
		/* A backslash. */
		if (json_escape(jp, out, &n) != 0)
			return -1;
		got += n;
	}
}

/* Checks a string's bytes from jp->pos to jp->len, with no closing quote
 * among them, in one pass: eight bytes at a time while they are plain
 * ASCII, else a character, an escape or what is wrong. */
static int
json_check_body(json_parser_t *jp)
{
	const unsigned char *u = (const unsigned char *)jp->s;
	size_t i = jp->pos, len = jp->len, k;

	for (;;) {
		while (len - i >= 8) {
			uint64_t w = wsis_swar_load(u + i);

			if (wsis_swar_has_high(w) || wsis_swar_has_byte(w, '"') ||
			    wsis_swar_has_byte(w, '\\') || wsis_swar_has_below(w, 0x20))
				break;
			i += 8;
		}
		if (i >= len) {
			jp->pos = i;
			return 0;
		}
		if (u[i] >= 0x80) {
			/* one character, as long as its first byte says */
			k = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : 2;
			if (k > len - i || wsis_utf8_valid_prefix(jp->s + i, k) != k)
				return json_fail(jp, i, "invalid UTF-8 in string");
			i += k;
		} else if (u[i] == '\\') {
			jp->pos = i;
			if (json_escape(jp, NULL, &k) != 0)
				return -1;
			i = jp->pos;
		} else if (u[i] == '"') {
			return json_fail(jp, i, "a quote inside the string");
		} else if (u[i] < 0x20) {
			return json_fail(jp, i, "unescaped control character in string");
		} else {
			i++;
		}
	}
}

/* A string at jp->pos, decoded and appended to out (NULL: checked only). */
static int
json_string(json_parser_t *jp, wsis_buf_t *out)
{
	int r;

	if (json_peek(jp) != '"')
		return json_fail(jp, jp->pos, "expected string");
	jp->pos++;
	if ((r = json_string_body(jp, out, SIZE_MAX)) < 0)
		return -1;
	if (r == 0)
		return json_fail(jp, jp->pos, "expected '\"' (unterminated string)");
	return 0;
}

/* The string at jp->pos when it holds no escape, so that its value is its
 * bytes in the input, s[*at, *at + *n): consumes it and returns 1.
 * Returns 0, consuming nothing, for any other string (escapes, or
 * something wrong that json_string() then reports). */
static int
json_plain_string(json_parser_t *jp, size_t *at, size_t *n)
{
	size_t start = jp->pos + 1, run;

	if (json_peek(jp) != '"')
		return 0;
	run = json_plain_run(jp->s + start, jp->len - start);
	if (start + run >= jp->len || jp->s[start + run] != '"' ||
	    wsis_utf8_valid_prefix(jp->s + start, run) != run)
		return 0;
	*at = start;
	*n = run;
	jp->pos = start + run + 1;
	return 1;
}

static int
json_digits(json_parser_t *jp)
{
	int c = json_peek(jp);

	if (c < '0' || c > '9')
		return json_fail(jp, jp->pos, "expected digit");
	while ((c = json_peek(jp)) >= '0' && c <= '9')
		jp->pos++;
	return 0;
}

/* A number at jp->pos; *is_int tells whether it has no fraction/exponent. */
static int
json_number(json_parser_t *jp, int *is_int)
{
	*is_int = 1;
	if (json_peek(jp) == '-')
		jp->pos++;
	if (json_peek(jp) == '0')
		jp->pos++;
	else if (json_digits(jp) != 0)
		return -1;
	if (json_peek(jp) == '.') {
		*is_int = 0;
		jp->pos++;
		if (json_digits(jp) != 0)
			return -1;
	}
	if (json_peek(jp) == 'e' || json_peek(jp) == 'E') {
		*is_int = 0;
		jp->pos++;
		if (json_peek(jp) == '+' || json_peek(jp) == '-')
			jp->pos++;
		if (json_digits(jp) != 0)
			return -1;
	}
	return 0;
}

/* Consumes `word` ("true", "false", "null") when it is next. */
static int
json_literal(json_parser_t *jp, const char *word)
{
	size_t n = strlen(word);

	if (jp->len - jp->pos < n || memcmp(jp->s + jp->pos, word, n) != 0)
		return json_fail(jp, jp->pos, "expected value");
	jp->pos += n;
	return 0;
}

static int json_skip_value(json_parser_t *jp);

static int
json_enter(json_parser_t *jp)
{
	if (++jp->depth > JSON_MAX_DEPTH)
		return json_fail(jp, jp->pos, "nesting deeper than %d",
		    JSON_MAX_DEPTH);
	jp->pos++;
	return 0;
}

/* An object at jp->pos (known to be '{'): calls fn for every member. */
static int
json_object(json_parser_t *jp, json_member_fn fn, void *ctx)
{
	wsis_buf_t key = WSIS_BUF_INIT;
	char key_short[64];   /* a key without escapes, as most are */
	const char *k;
	size_t key_at, at, n;

	if (json_enter(jp) != 0)
		return -1;
	json_ws(jp);
	if (json_peek(jp) == '}') {
		jp->pos++;
		jp->depth--;
		return 0;
	}
	for (;;) {
		json_ws(jp);
		key_at = jp->pos;
		wsis_buf_reset(&key);
		if (json_peek(jp) != '"') {
			json_fail(jp, jp->pos, "expected '\"' (object key)");
			goto fail;
		}
		if (!json_plain_string(jp, &at, &n)) {
			if (json_string(jp, &key) != 0)
				goto fail;
			k = key.data != NULL ? key.data : "";
		} else if (n < sizeof key_short) {
			memcpy(key_short, jp->s + at, n);
			key_short[n] = '\0';
			k = key_short;
		} else if (wsis_buf_append(&key, jp->s + at, n) == 0) {
			k = key.data;
		} else {
			json_nomem(jp);
			goto fail;
		}
		json_ws(jp);
		if (json_peek(jp) != ':') {
			json_fail(jp, jp->pos, "expected ':'");
			goto fail;
		}
		jp->pos++;
		json_ws(jp);
		if (fn(jp, k, key_at, ctx) != 0)
			goto fail;
		json_ws(jp);
		if (json_peek(jp) == ',') {
			jp->pos++;
			continue;
		}
		if (json_peek(jp) == '}') {
			jp->pos++;
			break;
		}
		json_fail(jp, jp->pos, "expected ',' or '}'");
		goto fail;
	}
	wsis_buf_free(&key);
	jp->depth--;
	return 0;

fail:
	wsis_buf_free(&key);
	return -1;
}

static int
json_skip_member(json_parser_t *jp, const char *key, size_t key_at, void *ctx)
{
	(void)key;
	(void)key_at;
	(void)ctx;
	return json_skip_value(jp);
}

/* An array at jp->pos (known to be '['): calls fn for every element. */
static int
json_array(json_parser_t *jp, json_element_fn fn, void *ctx)
{
	if (json_enter(jp) != 0)
		return -1;
	json_ws(jp);
	if (json_peek(jp) == ']') {
		jp->pos++;
		jp->depth--;
		return 0;
	}
	for (;;) {
		json_ws(jp);
		if (fn(jp, ctx) != 0)
			return -1;
		json_ws(jp);
		if (json_peek(jp) == ',') {
			jp->pos++;
			continue;
		}
		if (json_peek(jp) == ']') {
			jp->pos++;
			break;
		}
		return json_fail(jp, jp->pos, "expected ',' or ']'");
	}
	jp->depth--;
	return 0;
}

static int
json_skip_element(json_parser_t *jp, void *ctx)
{
	(void)ctx;
	return json_skip_value(jp);
}

/* Any value, checked and thrown away. */
static int
json_skip_value(json_parser_t *jp)
{
	int c, is_int;

	json_ws(jp);
	c = json_peek(jp);
	switch (c) {
	case '{':
		return json_object(jp, json_skip_member, NULL);
	case '[':
		return json_array(jp, json_skip_element, NULL);
	case '"':
		return json_string(jp, NULL);
	case 't':
		return json_literal(jp, "true");
	case 'f':
		return json_literal(jp, "false");
	case 'n':
		return json_literal(jp, "null");
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return json_number(jp, &is_int);
		return json_fail(jp, jp->pos, "expected value");
	}
}

/* ---- the passage object ------------------------------------------------- */

enum {
	JSON_SEEN_ID = 1,
	JSON_SEEN_TEXT = 2,
	JSON_SEEN_TITLE = 4,
	JSON_SEEN_PART = 8,
	JSON_SEEN_FIELDS = 16,
	JSON_SEEN_CITATIONS = 32
};

typedef struct {
	wsis_passage_t  *p;
	wsis_buf_t       val;
	unsigned         seen;
	wsis_json_raw_t *raw;   /* not NULL: the text is located, not decoded */
} json_passage_ctx_t;

/* The string at jp->pos located, not decoded: *raw gets its bytes between
 * the quotes.  Only its closing quote is looked for (a quote after an even
 * run of backslashes), so a long text costs a memchr; what is in it is
 * checked where wsis_json_raw_decode() reads it. */
static int
json_raw_locate(json_parser_t *jp, wsis_json_raw_t *raw)
{
	size_t start = jp->pos + 1, at = start, k;
	const char *q;

	for (;;) {
		q = at < jp->len ? memchr(jp->s + at, '"', jp->len - at) : NULL;
		if (q == NULL)
			return json_fail(jp, jp->len, "expected '\"' (unterminated string)");
		at = (size_t)(q - jp->s);
		for (k = at; k > start && jp->s[k - 1] == '\\'; k--)
			;
		if ((at - k) % 2 == 0)
			break;
		at++;
	}
	raw->s = jp->s + start;
	raw->len = at - start;
	jp->pos = at + 1;
	return 0;
}

/* A string value into a new malloc'ed string in *dst, of its own size: one
 * allocation, straight from the input when the string has no escape. */
static int
json_string_dup(json_parser_t *jp, json_passage_ctx_t *pc, char **dst)
{
	const char *from;
	size_t at, n;
	char *s;

	if (json_plain_string(jp, &at, &n)) {
		from = jp->s + at;
	} else {
		wsis_buf_reset(&pc->val);
		if (json_string(jp, &pc->val) != 0)
			return -1;
		from = pc->val.data != NULL ? pc->val.data : "";
		n = pc->val.len;
	}
	if ((s = malloc(n + 1)) == NULL)
		return json_nomem(jp);
	memcpy(s, from, n);
	s[n] = '\0';
	free(*dst);
	*dst = s;
	return 0;
}

static int
json_is_null(json_parser_t *jp)
{
	if (json_peek(jp) != 'n')
		return 0;
	return json_literal(jp, "null") == 0 ? 1 : -1;
}

static int
json_field_member(json_parser_t *jp, const char *key, size_t key_at,
    void *ctx)
{
	json_passage_ctx_t *pc = ctx;
	size_t start = jp->pos;
	int c = json_peek(jp), is_int;

	wsis_buf_reset(&pc->val);
	if (c == '"') {
		if (json_string(jp, &pc->val) != 0)
			return -1;
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		if (json_number(jp, &is_int) != 0)
			return -1;
		if (wsis_buf_append(&pc->val, jp->s + start, jp->pos - start) != 0)
			return json_nomem(jp);
	} else if (c == 't' || c == 'f') {
		if (json_literal(jp, c == 't' ? "true" : "false") != 0)
			return -1;
		if (wsis_buf_puts(&pc->val, c == 't' ? "true" : "false") != 0)
			return json_nomem(jp);
	} else if (c == 'n') {
		return json_literal(jp, "null");
	} else {
		return json_fail(jp, jp->pos,
		    "expected string, number, boolean or null for field \"%s\"",
		    key);
	}
	(void)key_at;
	if (wsis_passage_add_field(pc->p, key,
	    pc->val.data != NULL ? pc->val.data : "") != 0)
		return json_nomem(jp);
	return 0;
}

static int
json_passage_member(json_parser_t *jp, const char *key, size_t key_at,
    void *ctx)
{
	json_passage_ctx_t *pc = ctx;
	wsis_passage_t *p = pc->p;
	unsigned bit;
	size_t start = jp->pos;
	int c = json_peek(jp), is_int, r;

	if (strcmp(key, "id") == 0)
		bit = JSON_SEEN_ID;
	else if (strcmp(key, "text") == 0)
		bit = JSON_SEEN_TEXT;
	else if (strcmp(key, "title") == 0)
		bit = JSON_SEEN_TITLE;
	else if (strcmp(key, "part") == 0)
		bit = JSON_SEEN_PART;
	else if (strcmp(key, "fields") == 0)
		bit = JSON_SEEN_FIELDS;
	else if (strcmp(key, "citations") == 0)
		bit = JSON_SEEN_CITATIONS;
	else
		return json_skip_value(jp);
	/* Parsers disagree on which duplicate wins: refuse them. */
	if (pc->seen & bit)
		return json_fail(jp, key_at, "duplicate key \"%s\"", key);
	pc->seen |= bit;

	switch (bit) {
	case JSON_SEEN_ID:
		if (c == '"') {
			if (json_string_dup(jp, pc, &p->id) != 0)
				return -1;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			if (json_number(jp, &is_int) != 0)
				return -1;
			if (!is_int)
				return json_fail(jp, start,
				    "expected string or integer id");
			wsis_buf_reset(&pc->val);
			if (wsis_buf_append(&pc->val, jp->s + start,
			    jp->pos - start) != 0 ||
			    (p->id = wsis_buf_detach(&pc->val)) == NULL)
				return json_nomem(jp);
		} else
			return json_fail(jp, start, "expected string or integer id");
		if (p->id[0] == '\0')
			return json_fail(jp, start, "empty id");
		return 0;
	case JSON_SEEN_TEXT:
		if (c != '"')
			return json_fail(jp, start, "expected string text");
		if (pc->raw != NULL)
			return json_raw_locate(jp, pc->raw);
		return json_string_dup(jp, pc, &p->text);
	case JSON_SEEN_TITLE:
	case JSON_SEEN_PART:
		if ((r = json_is_null(jp)) != 0)
			return r > 0 ? 0 : -1;
		if (c != '"')
			return json_fail(jp, start, "expected string or null %s",
			    key);
		return json_string_dup(jp, pc,
		    bit == JSON_SEEN_TITLE ? &p->title : &p->part);
	case JSON_SEEN_CITATIONS:
		/* kept as the JSON it is: a reply splices it in whole */
		if ((r = json_is_null(jp)) != 0)
			return r > 0 ? 0 : -1;
		if (c != '[')
			return json_fail(jp, start, "expected a list of citations");
		if (json_skip_value(jp) != 0)
			return -1;
		if ((p->citations = strndup(jp->s + start, jp->pos - start)) == NULL)
			return json_nomem(jp);
		return 0;
	default:	/* JSON_SEEN_FIELDS */
		if ((r = json_is_null(jp)) != 0)
			return r > 0 ? 0 : -1;
		if (c != '{')
			return json_fail(jp, start, "expected object fields");
		return json_object(jp, json_field_member, pc);
	}
}

/* Parses a passage (wsis_passage_from_json); when raw is not NULL, its
 * text is located there rather than decoded into p->text. */
static int
json_passage(const char *s, size_t len, wsis_passage_t *p, wsis_json_raw_t *raw,
    char *err, size_t errlen)
{
	json_parser_t jp = { s, len, 0, 0, err, errlen, 0 };
	json_passage_ctx_t pc = { p, WSIS_BUF_INIT, 0, raw };
	const char *fpart;
	size_t end;

	memset(p, 0, sizeof *p);
	json_ws(&jp);
	if (json_peek(&jp) != '{') {
		json_fail(&jp, jp.pos, "expected '{'");
		goto fail;
	}
	if (json_object(&jp, json_passage_member, &pc) != 0)
		goto fail;
	end = jp.pos - 1;	/* the closing brace */
	json_ws(&jp);
	if (jp.pos != jp.len) {
		json_fail(&jp, jp.pos, "expected end of input");
		goto fail;
	}
	if (p->id == NULL) {
		json_fail(&jp, end, "missing \"id\"");
		goto fail;
	}
	if (!(pc.seen & JSON_SEEN_TEXT)) {
		json_fail(&jp, end, "missing \"text\"");
		goto fail;
	}
	if (p->part == NULL && (fpart = wsis_passage_field(p, "part")) != NULL &&
	    (p->part = strdup(fpart)) == NULL) {
		json_nomem(&jp);
		goto fail;
	}
	wsis_buf_free(&pc.val);
	return 0;

fail:
	wsis_buf_free(&pc.val);
	wsis_passage_clear(p);
	return -1;
}

int
wsis_passage_from_json(const char *s, size_t len, wsis_passage_t *p,
    char *err, size_t errlen)
{
	return json_passage(s, len, p, NULL, err, errlen);
}

int
wsis_passage_from_json_raw(const char *s, size_t len, wsis_passage_t *p,
    wsis_json_raw_t *text, char *err, size_t errlen)
{
	text->s = NULL;
	text->len = 0;
	return json_passage(s, len, p, text, err, errlen);
}

int
wsis_json_raw_decode(const wsis_json_raw_t *raw, size_t *at, size_t want,
    wsis_buf_t *out, char *err, size_t errlen)
{
	json_parser_t jp = { raw->s, raw->len, *at, 0, err, errlen, 0 };
	int r;

	if (*at > raw->len)
		return json_fail(&jp, *at, "past the end of the string");
	if ((r = json_string_body(&jp, out, want)) < 0)
		return -1;
	if (r > 0)   /* json_raw_locate() ended the string at its first */
		return json_fail(&jp, jp.pos - 1, "a quote inside the string");
	*at = jp.pos;
	return 0;
}

int
wsis_json_raw_check(const wsis_json_raw_t *raw, size_t from, size_t to, char *err,
    size_t errlen)
{
	json_parser_t jp = { raw->s, to, from, 0, err, errlen, 0 };

	if (from > to || to > raw->len)
		return json_fail(&jp, from, "past the end of the string");
	return json_check_body(&jp);
}

int
wsis_json_raw_skip(const wsis_json_raw_t *raw, size_t *at, size_t n)
{
	const char *s = raw->s, *b;
	size_t pos = *at, len = raw->len, lim;
	unsigned cp;

	while (n > 0) {
		/* up to the next escape, bytes are themselves */
		lim = len - pos < n ? len - pos : n;
		if ((b = memchr(s + pos, '\\', lim)) == NULL) {
			if (lim < n)
				return -1;
			pos += n;
			break;
		}
		n -= (size_t)(b - (s + pos));
		pos = (size_t)(b - s);
		if (n == 0)
			break;
		if (pos + 1 >= len)
			return -1;
		if (s[pos + 1] != 'u') {
			pos += 2;
			n--;
			continue;
		}
		/* \uXXXX: one character of 1 to 3 bytes, or with its low
		 * surrogate \uXXXX\uXXXX, of 4 */
		if (pos + 6 > len || json_hex_value(s + pos + 2, &cp) != 0)
			return -1;
		lim = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp >= 0xD800 && cp <= 0xDBFF ? 4 : 3;
		if (lim == 4 && pos + 12 > len)
			return -1;
		if (lim > n)
			return -2;   /* the offset is inside a character */
		n -= lim;
		pos += lim == 4 ? 12 : 6;
	}
	*at = pos > len ? len : pos;
	return 0;
}

/* Raw bytes between two of a part's checkpoints (wsis_json_part_t). */
#define JSON_PART_CP 1024

static int
json_part_cp(wsis_json_part_t *t, size_t raw_at, size_t at)
{
	if (t->ncp == t->capcp) {
		size_t nc = t->capcp ? 2 * t->capcp : 32, *p = realloc(t->cp, 2 * nc * sizeof *p);
		if (p == NULL)
			return -1;
		t->cp = p;
		t->capcp = nc;
	}
	t->cp[2 * t->ncp] = raw_at;
	t->cp[2 * t->ncp + 1] = at;
	t->ncp++;
	return 0;
}

int
wsis_json_part_open(wsis_json_part_t *t, const wsis_json_raw_t *raw)
{
	const char *s = raw->s, *b;
	size_t pos = 0, saved = 0, e, next = 0;

	/* one pass over the escapes: the text's length, and a checkpoint
	 * every JSON_PART_CP bytes, none inside an escape */
	t->ncp = 0;
	for (;;) {
		b = pos < raw->len ? memchr(s + pos, '\\', raw->len - pos) : NULL;
		e = b != NULL ? (size_t)(b - s) : raw->len;
		for (; next < e; next += JSON_PART_CP)
			if (json_part_cp(t, next, next - saved) != 0)
				return -1;
		if (b == NULL)
			break;
		if (e + 1 >= raw->len || s[e + 1] == 'u')
			return 1;
		saved++;
		pos = e + 2;
		if (next < pos)
			next = pos;
	}
	if (raw->len - saved + 1 > t->cap) {
		char *p = realloc(t->text, raw->len - saved + 1);
		if (p == NULL)
			return -1;
		t->text = p;
		t->cap = raw->len - saved + 1;
	}
	t->raw = *raw;
	t->len = raw->len - saved;
	memset(t->text, 0, t->len + 1);
	t->start = t->at = t->raw_at = 0;
	return 0;
}

int
wsis_json_part_offsets(const wsis_json_part_t *t, size_t *off, size_t n)
{
	const char *s = t->raw.s, *b;
	size_t pos = 0, saved = 0, c = 0, k;

	for (k = 0; k < n; k++) {
		if (off[k] > t->raw.len || (k > 0 && off[k] < off[k - 1]))
			return -1;
		/* from the last checkpoint at or before it, when that is
		 * further on than the last offset */
		while (c < t->ncp && t->cp[2 * c] <= off[k])
			c++;
		if (c > 0 && t->cp[2 * (c - 1)] > pos) {
			pos = t->cp[2 * (c - 1)];
			saved = pos - t->cp[2 * (c - 1) + 1];
		}
		while (pos < off[k] && (b = memchr(s + pos, '\\', off[k] - pos)) != NULL) {
			saved++;
			pos = (size_t)(b - s) + 2;
		}
		if (pos < off[k])
			pos = off[k];
		off[k] -= saved;
	}
	return 0;
}

int
wsis_json_part_read(wsis_json_part_t *t, size_t from, size_t to, char *err, size_t errlen)
{
	json_parser_t jp = { t->raw.s, t->raw.len, 0, 0, err, errlen, 0 };
	size_t pos, lo = 0, hi, mid;

	if (to > t->len)
		to = t->len;
	if (from >= to)
		return 0;
	if (from >= t->start && to <= t->at)
		return 0;   /* in the last part */
	if (from >= t->start && from < t->at)
		from = t->at;   /* its start is */
	/* from the last part's end, or the last checkpoint at or before
	 * `from` when that is further on */
	for (hi = t->ncp; lo < hi;) {
		mid = (lo + hi) / 2;
		if (t->cp[2 * mid + 1] <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (from < t->at || (lo > 0 && t->cp[2 * (lo - 1) + 1] > t->at)) {
		t->raw_at = lo > 0 ? t->cp[2 * (lo - 1)] : 0;
		t->at = lo > 0 ? t->cp[2 * (lo - 1) + 1] : 0;
	}
	pos = t->raw_at;
	if (wsis_json_raw_skip(&t->raw, &pos, from - t->at) != 0)
		return json_fail(&jp, pos, "the text is shorter than its escapes say");
	/* no \\u escape: a raw byte that is not an escape's is the text's,
	 * and a character begins at a byte that continues none */
	while (from > 0 && ((unsigned char)t->raw.s[pos] & 0xC0) == 0x80) {
		pos--;
		from--;
	}
	wsis_buf_reset(&t->scratch);
	t->raw_at = pos;
	if (wsis_json_raw_decode(&t->raw, &t->raw_at, to - from, &t->scratch, err, errlen) != 0)
		return -1;
	if (from + t->scratch.len > t->len)
		return json_fail(&jp, pos, "the text is longer than its escapes say");
	memcpy(t->text + from, t->scratch.data, t->scratch.len);
	t->start = from;
	t->at = from + t->scratch.len;
	return 0;
}

void
wsis_json_part_free(wsis_json_part_t *t)
{
	free(t->text);
	free(t->cp);
	wsis_buf_free(&t->scratch);
	memset(t, 0, sizeof *t);
}

/* ---- any value, into a tree ---------------------------------------------- */

struct json_member;

struct wsis_json {
	wsis_json_type_t type;
	union {
		int boolean;
		struct {
			double value;
			char  *text;       /* as written in the input */
		} num;
		struct {
			char  *s;          /* NUL-terminated */
			size_t len;
		} str;
		struct {
			wsis_json_t *items;
			size_t       n, cap;
		} arr;
		struct {
			struct json_member *members;
			size_t              n, cap;
		} obj;
	} u;
};

struct json_member {
	char        *key;
	size_t       keylen;
	size_t       at;        /* the key's byte offset, for messages */
	wsis_json_t  value;
};

/* Objects up to this size are checked for repeated keys pair by pair;
 * larger ones are sorted. */
#define JSON_DUP_LINEAR 32

static void
json_dom_clear(wsis_json_t *v)
{
	size_t i;

	switch (v->type) {
	case WSIS_JSON_NUMBER:
		free(v->u.num.text);
		break;
	case WSIS_JSON_STRING:
		free(v->u.str.s);
		break;
	case WSIS_JSON_ARRAY:
		for (i = 0; i < v->u.arr.n; i++)
			json_dom_clear(&v->u.arr.items[i]);
		free(v->u.arr.items);
		break;
	case WSIS_JSON_OBJECT:
		for (i = 0; i < v->u.obj.n; i++) {
			free(v->u.obj.members[i].key);
			json_dom_clear(&v->u.obj.members[i].value);
		}
		free(v->u.obj.members);
		break;
	default:
		break;
	}
	memset(v, 0, sizeof *v);
	v->type = WSIS_JSON_NULL;
}

/* Makes room for one more element of `size` bytes in *items. */
static int
json_dom_grow(void **items, size_t n, size_t *cap, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap == 0 ? 4 : *cap * 2;
	if (ncap < *cap || ncap > SIZE_MAX / size)
		return -1;
	if ((p = realloc(*items, ncap * size)) == NULL)
		return -1;
	*items = p;
	*cap = ncap;
	return 0;
}

static int json_dom_value(json_parser_t *jp, wsis_json_t *v);

static int
json_dom_element(json_parser_t *jp, void *ctx)
{
	wsis_json_t *arr = ctx, item;
	void *items = arr->u.arr.items;

	if (json_dom_value(jp, &item) != 0) {
		json_dom_clear(&item);
		return -1;
	}
	if (json_dom_grow(&items, arr->u.arr.n, &arr->u.arr.cap,
	    sizeof item) != 0) {
		json_dom_clear(&item);
		return json_nomem(jp);
	}
	arr->u.arr.items = items;
	arr->u.arr.items[arr->u.arr.n++] = item;
	return 0;
}

static int
json_dom_member(json_parser_t *jp, const char *key, size_t key_at, void *ctx)
{
	wsis_json_t *obj = ctx;
	struct json_member m;
	void *members = obj->u.obj.members;

	m.keylen = strlen(key);	/* keys hold no NUL: \u0000 is refused */
	m.at = key_at;
	if (json_dom_value(jp, &m.value) != 0) {
		json_dom_clear(&m.value);
		return -1;
	}
	if ((m.key = strdup(key)) == NULL ||
	    json_dom_grow(&members, obj->u.obj.n, &obj->u.obj.cap,
	    sizeof m) != 0) {
		free(m.key);
		json_dom_clear(&m.value);
		return json_nomem(jp);
	}
	obj->u.obj.members = members;
	obj->u.obj.members[obj->u.obj.n++] = m;
	return 0;
}

static int
json_dom_member_cmp(const void *a, const void *b)
{
	const struct json_member *x = *(const struct json_member *const *)a;
	const struct json_member *y = *(const struct json_member *const *)b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Refuses an object that repeats a key (parsers disagree on which
 * duplicate wins), naming the first repetition in the input. */
static int
json_dom_check_keys(json_parser_t *jp, const wsis_json_t *obj)
{
	const struct json_member *m = obj->u.obj.members, *dup = NULL;
	const struct json_member **sorted;
	size_t n = obj->u.obj.n, i, j;

	if (n <= JSON_DUP_LINEAR) {
		for (j = 1; j < n && dup == NULL; j++)
			for (i = 0; i < j; i++)
				if (strcmp(m[i].key, m[j].key) == 0) {
					dup = &m[j];
					break;
				}
	} else {
		if ((sorted = malloc(n * sizeof *sorted)) == NULL)
			return json_nomem(jp);
		for (i = 0; i < n; i++)
			sorted[i] = &m[i];
		qsort(sorted, n, sizeof *sorted, json_dom_member_cmp);
		for (i = 1; i < n; i++)
			if (strcmp(sorted[i - 1]->key, sorted[i]->key) == 0 &&
			    (dup == NULL || sorted[i]->at < dup->at))
				dup = sorted[i];
		free(sorted);
	}
	if (dup != NULL)
		return json_fail(jp, dup->at, "duplicate key \"%s\"", dup->key);
	return 0;
}

/* Any value at jp->pos (after white space) into *v, which is always left
 * safe to json_dom_clear(). */
static int
json_dom_value(json_parser_t *jp, wsis_json_t *v)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t start = jp->pos;
	int c = json_peek(jp), is_int;

	memset(v, 0, sizeof *v);
	v->type = WSIS_JSON_NULL;
	if (++jp->nvalues > WSIS_JSON_MAX_VALUES)
		return json_fail(jp, start, "more than %u values",
		    WSIS_JSON_MAX_VALUES);
	switch (c) {
	case '{':
		v->type = WSIS_JSON_OBJECT;
		if (json_object(jp, json_dom_member, v) != 0)
			return -1;
		return json_dom_check_keys(jp, v);
	case '[':
		v->type = WSIS_JSON_ARRAY;
		return json_array(jp, json_dom_element, v);
	case '"':
		if (json_string(jp, &b) != 0) {
			wsis_buf_free(&b);
			return -1;
		}
		v->u.str.len = b.len;
		if ((v->u.str.s = wsis_buf_detach(&b)) == NULL) {
			wsis_buf_free(&b);
			return json_nomem(jp);
		}
		v->type = WSIS_JSON_STRING;
		return 0;
	case 't':
	case 'f':
		if (json_literal(jp, c == 't' ? "true" : "false") != 0)
			return -1;
		v->type = WSIS_JSON_BOOL;
		v->u.boolean = c == 't';
		return 0;
	case 'n':
		return json_literal(jp, "null");
	default:
		if (c != '-' && (c < '0' || c > '9'))
			return json_fail(jp, jp->pos, "expected value");
		if (json_number(jp, &is_int) != 0)
			return -1;
		if ((v->u.num.text = strndup(jp->s + start, jp->pos - start)) ==
		    NULL)
			return json_nomem(jp);
		v->type = WSIS_JSON_NUMBER;
		/* The C locale's strtod: the client never calls setlocale. */
		v->u.num.value = strtod(v->u.num.text, NULL);
		return 0;
	}
}

int
wsis_json_parse(const char *s, size_t len, wsis_json_t **out, char *err,
    size_t errlen)
{
	json_parser_t jp = { s, len, 0, 0, err, errlen, 0 };
	wsis_json_t *root;

	*out = NULL;
	if ((root = malloc(sizeof *root)) == NULL)
		return json_nomem(&jp);
	json_ws(&jp);
	if (json_dom_value(&jp, root) != 0)
		goto fail;
	json_ws(&jp);
	if (jp.pos != jp.len) {
		json_fail(&jp, jp.pos, "expected end of input");
		goto fail;
	}
	*out = root;
	return 0;

fail:
	json_dom_clear(root);
	free(root);
	return -1;
}

void
wsis_json_free(wsis_json_t *v)
{
	if (v == NULL)
		return;
	json_dom_clear(v);
	free(v);
}

wsis_json_type_t
wsis_json_type(const wsis_json_t *v)
{
	return v != NULL ? v->type : WSIS_JSON_NONE;
}

const wsis_json_t *
wsis_json_get(const wsis_json_t *obj, const char *key)
{
	size_t i;

	if (obj == NULL || obj->type != WSIS_JSON_OBJECT || key == NULL)
		return NULL;
	for (i = 0; i < obj->u.obj.n; i++)
		if (strcmp(obj->u.obj.members[i].key, key) == 0)
			return &obj->u.obj.members[i].value;
	return NULL;
}

size_t
wsis_json_object_len(const wsis_json_t *obj)
{
	return obj != NULL && obj->type == WSIS_JSON_OBJECT ? obj->u.obj.n : 0;
}

const char *
wsis_json_object_key(const wsis_json_t *obj, size_t i, size_t *keylen)
{
	if (i >= wsis_json_object_len(obj))
		return NULL;
	if (keylen != NULL)
		*keylen = obj->u.obj.members[i].keylen;
	return obj->u.obj.members[i].key;
}

const wsis_json_t *
wsis_json_object_value(const wsis_json_t *obj, size_t i)
{
	if (i >= wsis_json_object_len(obj))
		return NULL;
	return &obj->u.obj.members[i].value;
}

size_t
wsis_json_array_len(const wsis_json_t *arr)
{
	return arr != NULL && arr->type == WSIS_JSON_ARRAY ? arr->u.arr.n : 0;
}

const wsis_json_t *
wsis_json_array_at(const wsis_json_t *arr, size_t i)
{
	if (i >= wsis_json_array_len(arr))
		return NULL;
	return &arr->u.arr.items[i];
}

const char *
wsis_json_string(const wsis_json_t *v, size_t *len)
{
	if (v == NULL || v->type != WSIS_JSON_STRING)
		return NULL;
	if (len != NULL)
		*len = v->u.str.len;
	return v->u.str.s;
}

double
wsis_json_number(const wsis_json_t *v)
{
	return v != NULL && v->type == WSIS_JSON_NUMBER ? v->u.num.value : 0.0;
}

int
wsis_json_bool(const wsis_json_t *v)
{
	return v != NULL && v->type == WSIS_JSON_BOOL && v->u.boolean;
}

/* A line break and the indentation of `level` (pretty output only). */
static int
json_write_newline(wsis_buf_t *out, int indent, int level)
{
	int i;

	if (indent <= 0)
		return 0;
	if (wsis_buf_putc(out, '\n') != 0)
		return -1;
	for (i = 0; i < indent * level; i++)
		if (wsis_buf_putc(out, ' ') != 0)
			return -1;
	return 0;
}

static int
json_write_value(wsis_buf_t *out, const wsis_json_t *v, int indent, int level)
{
	size_t i, n;
	int rc = 0;

	switch (wsis_json_type(v)) {
	case WSIS_JSON_NONE:
	case WSIS_JSON_NULL:
		return wsis_buf_puts(out, "null");
	case WSIS_JSON_BOOL:
		return wsis_buf_puts(out, v->u.boolean ? "true" : "false");
	case WSIS_JSON_NUMBER:
		return wsis_buf_puts(out, v->u.num.text);
	case WSIS_JSON_STRING:
		return wsis_json_put_string(out, v->u.str.s, v->u.str.len);
	case WSIS_JSON_ARRAY:
		n = v->u.arr.n;
		rc |= wsis_buf_putc(out, '[');
		for (i = 0; i < n && rc == 0; i++) {
			if (i > 0)
				rc |= wsis_buf_putc(out, ',');
			rc |= json_write_newline(out, indent, level + 1);
			rc |= json_write_value(out, &v->u.arr.items[i], indent,
			    level + 1);
		}
		if (n > 0)
			rc |= json_write_newline(out, indent, level);
		return rc | wsis_buf_putc(out, ']');
	case WSIS_JSON_OBJECT:
		n = v->u.obj.n;
		rc |= wsis_buf_putc(out, '{');
		for (i = 0; i < n && rc == 0; i++) {
			const struct json_member *m = &v->u.obj.members[i];

			if (i > 0)
				rc |= wsis_buf_putc(out, ',');
			rc |= json_write_newline(out, indent, level + 1);
			rc |= wsis_json_put_string(out, m->key, m->keylen);
			rc |= wsis_buf_puts(out, indent > 0 ? ": " : ":");
			rc |= json_write_value(out, &m->value, indent, level + 1);
		}
		if (n > 0)
			rc |= json_write_newline(out, indent, level);
		return rc | wsis_buf_putc(out, '}');
	}
	return -1;
}

int
wsis_json_write(wsis_buf_t *out, const wsis_json_t *v, int indent)
{
	size_t start = out->len;

	if (json_write_value(out, v, indent, 0) != 0) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		return -1;
	}
	return 0;
}
