/* output.c - wsis-search's text output (output.h).
 *
 * Everything the server sent passes through output_clean() or
 * output_snippet() before it is printed, so a reply cannot move the
 * cursor, retitle the window or otherwise drive the terminal: the only
 * escape sequences in the output are the bold ones this file writes.
 */
#include "output.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "utf8.h"

#define OUTPUT_INDENT        "    "   /* before a snippet */
#define OUTPUT_PREVIEW_BYTES 200      /* of the text, when no snippet */
#define OUTPUT_KEY_WIDTH_MAX 24       /* "key:" columns in DOC and STATS */

/* ---- cleaning ----------------------------------------------------------- */

/* A byte output_clean() must look at: a control byte, or the lead byte
 * of a C1 control (U+0080..U+009F are C2 80..C2 9F). */
static int
output_is_special(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == 0xc2;
}

int
output_clean(wsis_buf_t *out, const char *s, size_t len, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	int keep = (flags & OUTPUT_KEEP_LINES) != 0;
	size_t i = 0, end, run;
	unsigned char c;

	while (i < len) {
		end = i + wsis_utf8_valid_prefix(s + i, len - i);
		while (i < end) {
			for (run = i; run < end && !output_is_special(u[run]); run++)
				;
			if (wsis_buf_append(out, s + i, run - i) != 0)
				return -1;
			if ((i = run) == end)
				break;
			c = u[i];
			if (c == 0xc2) {
				/* valid UTF-8, so a continuation byte follows */
				if (u[i + 1] >= 0xa0) {
					if (wsis_buf_append(out, s + i, 2) != 0)
						return -1;
				} else if (wsis_buf_putc(out, ' ') != 0) {
					return -1;
				}
				i += 2;
				continue;
			}
			if (keep && c == '\r' && i + 1 < end && u[i + 1] == '\n') {
				i++;
				continue;
			}
			if (wsis_buf_putc(out, keep && (c == '\n' || c == '\t') ?
			    (char)c : ' ') != 0)
				return -1;
			i++;
		}
		if (i < len) {
			if (wsis_buf_putc(out, '?') != 0)
				return -1;
			i++;
		}
	}
	return 0;
}

static int
output_has(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && memcmp(s, word, n) == 0;
}

int
output_snippet(wsis_buf_t *out, const char *s, size_t len, int color)
{
	static const struct {
		const char *name;
		const char *text;
	} entities[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" },
	};
	size_t i = 0, run = 0, k, skip;
	const char *put;
	int open = 0;

	while (i < len) {
		skip = 0;
		put = NULL;
		if (s[i] == '<' && output_has(s + i, len - i, "<mark>")) {
			skip = 6;
			if (open++ == 0 && color)
				put = OUTPUT_BOLD;
		} else if (s[i] == '<' && output_has(s + i, len - i, "</mark>")) {
			skip = 7;
			if (open > 0 && --open == 0 && color)
				put = OUTPUT_RESET;
		} else if (s[i] == '&') {
			for (k = 0; k < sizeof entities / sizeof entities[0]; k++)
				if (output_has(s + i, len - i, entities[k].name)) {
					skip = strlen(entities[k].name);
					put = entities[k].text;
					break;
				}
		}
		if (skip == 0) {
			i++;
			continue;
		}
		if (output_clean(out, s + run, i - run, 0) != 0 ||
		    (put != NULL && wsis_buf_puts(out, put) != 0))
			return -1;
		i += skip;
		run = i;
	}
	if (output_clean(out, s + run, len - run, 0) != 0)
		return -1;
	if (open > 0 && color && wsis_buf_puts(out, OUTPUT_RESET) != 0)
		return -1;
	return 0;
}

void
output_error(const char *fmt, ...)
{
	wsis_buf_t msg = WSIS_BUF_INIT, b = WSIS_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = wsis_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (rc == 0 && wsis_buf_puts(&b, "wsis-search: ") == 0 &&
	    output_clean(&b, msg.data, msg.len, 0) == 0 &&
	    wsis_buf_putc(&b, '\n') == 0)
		fputs(b.data, stderr);
	else
		fputs("wsis-search: out of memory\n", stderr);
	wsis_buf_free(&msg);
	wsis_buf_free(&b);
}

void
output_partial(const wsis_json_t *reply)
{
	const wsis_json_t *missing = wsis_json_get(reply, "missing_shards");
	wsis_buf_t names = WSIS_BUF_INIT;
	const char *s;
	size_t i;
	int rc = 0;

	if (!wsis_json_bool(wsis_json_get(reply, "partial")))
		return;
	for (i = 0; i < wsis_json_array_len(missing); i++)
		if ((s = wsis_json_string(wsis_json_array_at(missing, i), NULL)) != NULL)
			rc |= wsis_buf_printf(&names, "%s%s", names.len > 0 ? ", " : "", s);
	output_error("warning: partial results: shard%s not answering: %s",
	    wsis_json_array_len(missing) == 1 ? "" : "s",
	    rc == 0 && names.len > 0 ? names.data : "(not named)");
	wsis_buf_free(&names);
}

/* ---- helpers ------------------------------------------------------------ */

/* A NUL-terminated string for a terminal, one line. */
static int
output_cstr(wsis_buf_t *out, const char *s)
{
	return output_clean(out, s, strlen(s), 0);
}

/* A scalar on one line: strings cleaned, anything else as compact JSON
 * (whose strings are escaped, so it holds no control byte). */
static int
output_scalar(wsis_buf_t *out, const wsis_json_t *v)
{
	const char *s;
	size_t len;

	if ((s = wsis_json_string(v, &len)) != NULL)
		return output_clean(out, s, len, 0);
	return wsis_json_write(out, v, 0);
}

int
output_total(const wsis_json_t *reply, const char *key, double *n,
    char *err, size_t errlen)
{
	const wsis_json_t *v = wsis_json_get(reply, key);
	double d = wsis_json_number(v);

	if (wsis_json_type(reply) != WSIS_JSON_OBJECT)
		return wsis_errmsg(err, errlen, "unexpected reply: not a JSON "
		    "object");
	if (wsis_json_type(v) != WSIS_JSON_NUMBER)
		return wsis_errmsg(err, errlen, "unexpected reply: no number "
		    "\"%s\"", key);
	if (!isfinite(d) || d < 0 || d > 9007199254740992.0 ||
	    d != (double)(unsigned long long)d)
		return wsis_errmsg(err, errlen, "unexpected reply: \"%s\" is "
		    "not a count", key);
	*n = d;
	return 0;
}

/* A string member, or NULL when absent, empty or not a string. */
static const char *
output_str(const wsis_json_t *obj, const char *key)
{
	const char *s = wsis_json_string(wsis_json_get(obj, key), NULL);

	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* A number member that is finite, else `dflt`. */
static double
output_num(const wsis_json_t *obj, const char *key, double dflt)
{
	const wsis_json_t *v = wsis_json_get(obj, key);

	if (wsis_json_type(v) != WSIS_JSON_NUMBER ||
	    !isfinite(wsis_json_number(v)))
		return dflt;
	return wsis_json_number(v);
}

/* "key:" padded to `width` columns, then a space. */
static int
output_key(wsis_buf_t *out, const char *key, size_t width)
{
	size_t start = out->len;

	if (output_cstr(out, key) != 0 || wsis_buf_putc(out, ':') != 0)
		return -1;
	while (out->len - start < width + 1)
		if (wsis_buf_putc(out, ' ') != 0)
			return -1;
	return wsis_buf_putc(out, ' ');
}

/* ---- SEARCH ------------------------------------------------------------- */

/* The first bytes of a text, cut at a character boundary, with "…". */
static int
output_preview(wsis_buf_t *out, const char *text, size_t len)
{
	size_t n = len;

	if (n > OUTPUT_PREVIEW_BYTES) {
		n = OUTPUT_PREVIEW_BYTES;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	if (output_clean(out, text, n, 0) != 0)
		return -1;
	return n < len ? wsis_buf_puts(out, "\xe2\x80\xa6") : 0;
}

/* A hit's "explain" (--explain), when it has one: one line of its parts,
 * "= women 3.447 + internet 2.076 + (digital 0.413) x2", expansion words in
 * parentheses, the phrase boost's factor last. */
static int
output_explain(wsis_buf_t *out, const wsis_json_t *ex)
{
	const wsis_json_t *parts = wsis_json_get(ex, "parts"), *boost;
	size_t i, n;
	int rc = 0;

	if (wsis_json_type(parts) != WSIS_JSON_ARRAY)
		return 0;
	rc |= wsis_buf_puts(out, OUTPUT_INDENT "=");
	n = wsis_json_array_len(parts);
	for (i = 0; i < n; i++) {
		const wsis_json_t *p = wsis_json_array_at(parts, i);
		const char *what = output_str(p, "what");
		int exp = wsis_json_bool(wsis_json_get(p, "expansion")) == 1;

		rc |= wsis_buf_puts(out, i > 0 ? " + " : " ");
		rc |= wsis_buf_puts(out, exp ? "(" : "");
		rc |= output_cstr(out, what != NULL ? what : "?");
		rc |= wsis_buf_printf(out, " %.3f%s", output_num(p, "weight", 0), exp ? ")" : "");
	}
	boost = wsis_json_get(ex, "phrase_boost");
	if (wsis_json_type(boost) == WSIS_JSON_NUMBER && wsis_json_number(boost) != 1)
		rc |= wsis_buf_printf(out, " x%.0f (the exact phrase)", wsis_json_number(boost));
	return rc | wsis_buf_putc(out, '\n');
}

static int
output_hit(wsis_buf_t *out, const wsis_json_t *hit, double rank, int color)
{
	const wsis_json_t *score = wsis_json_get(hit, "score");
	const char *id = output_str(hit, "id"), *label, *text;
	size_t len;
	int rc = 0;

	label = output_str(hit, "section");
	if (label == NULL)
		label = output_str(hit, "heading");
	if (label == NULL)
		label = output_str(hit, "part");
	rc |= wsis_buf_printf(out, "%.0f. ", output_num(hit, "rank", rank));
	rc |= output_cstr(out, id != NULL ? id : "?");
	if (label != NULL) {
		rc |= wsis_buf_puts(out, "  [");
		rc |= output_cstr(out, label);
		rc |= wsis_buf_putc(out, ']');
	}
	if (wsis_json_type(score) == WSIS_JSON_NUMBER)
		rc |= wsis_buf_printf(out, "  %.3f", wsis_json_number(score));
	rc |= wsis_buf_putc(out, '\n');
	rc |= output_explain(out, wsis_json_get(hit, "explain"));
	if ((text = wsis_json_string(wsis_json_get(hit, "snippet"), &len)) !=
	    NULL) {
		rc |= wsis_buf_puts(out, OUTPUT_INDENT);
		rc |= output_snippet(out, text, len, color);
		rc |= wsis_buf_putc(out, '\n');
	} else if ((text = wsis_json_string(wsis_json_get(hit, "text"),
	    &len)) != NULL) {
		rc |= wsis_buf_puts(out, OUTPUT_INDENT);
		rc |= output_preview(out, text, len);
		rc |= wsis_buf_putc(out, '\n');
	}
	return rc;
}

/* The reply's "notices" (how the server read the query, where it differs
 * from what was typed), one line each after `prefix`. */
static int
output_notices(wsis_buf_t *out, const wsis_json_t *reply, const char *prefix)
{
	const wsis_json_t *notices = wsis_json_get(reply, "notices");
	const char *s;
	size_t i;
	int rc = 0;

	if (wsis_json_type(notices) != WSIS_JSON_ARRAY)
		return 0;
	for (i = 0; i < wsis_json_array_len(notices); i++) {
		if ((s = wsis_json_string(wsis_json_array_at(notices, i), NULL)) == NULL)
			continue;
		rc |= wsis_buf_puts(out, prefix);
		rc |= output_cstr(out, s);
		rc |= wsis_buf_putc(out, '\n');
	}
	return rc;
}

int
output_search(wsis_buf_t *out, const wsis_json_t *reply, int color,
    double *total, char *err, size_t errlen)
{
	const wsis_json_t *hits = wsis_json_get(reply, "hits");
	const wsis_json_t *exact = wsis_json_get(reply, "total_exact");
	const char *query = output_str(reply, "query"), *hint;
	double offset, took;
	size_t n, i;
	int rc = 0;

	if (output_total(reply, "total", total, err, errlen) != 0)
		return -1;
	if (wsis_json_type(hits) != WSIS_JSON_ARRAY)
		return wsis_errmsg(err, errlen, "unexpected reply: no \"hits\" "
		    "list");
	n = wsis_json_array_len(hits);
	offset = output_num(reply, "offset", 0);
	if (offset < 0)
		offset = 0;

	/* 3 hits for "enhanced cooperation", showing 1-10 (0.4 ms) */
	rc |= wsis_buf_printf(out, "%s%.0f %s",
	    wsis_json_type(exact) == WSIS_JSON_BOOL && !wsis_json_bool(exact) ?
	    "about " : "", *total, *total == 1 ? "hit" : "hits");
	if (query != NULL) {
		rc |= wsis_buf_puts(out, " for \"");
		rc |= output_cstr(out, query);
		rc |= wsis_buf_putc(out, '"');
	}
	if (n == 1 && (offset > 0 || *total > 1))
		rc |= wsis_buf_printf(out, ", showing %.0f", offset + 1);
	else if (n > 1 && (offset > 0 || offset + (double)n < *total))
		rc |= wsis_buf_printf(out, ", showing %.0f-%.0f", offset + 1,
		    offset + (double)n);
	took = output_num(reply, "took_ms", -1);
	if (took >= 0)
		rc |= wsis_buf_printf(out, " (%.1f ms)", took);
	rc |= wsis_buf_putc(out, '\n');

	hint = output_str(reply, "suggestion");
	if (hint == NULL)
		hint = output_str(reply, "corrected");
	if (hint != NULL) {
		rc |= wsis_buf_puts(out, "Did you mean: ");
		rc |= output_cstr(out, hint);
		rc |= wsis_buf_putc(out, '\n');
	}
	rc |= output_notices(out, reply, "Note: ");
	if (wsis_json_bool(wsis_json_get(reply, "relaxed")))
		rc |= wsis_buf_puts(out, "(No passage has every word: showing "
		    "passages with some of them.)\n");
	if (n == 0 && *total > 0 && offset >= *total)
		rc |= wsis_buf_printf(out, "(No hits after %.0f.)\n", *total);

	for (i = 0; i < n && rc == 0; i++) {
		rc |= wsis_buf_putc(out, '\n');
		rc |= output_hit(out, wsis_json_array_at(hits, i),
		    offset + (double)i + 1, color);
	}
	return rc != 0 ? wsis_errmsg(err, errlen, "out of memory") : 0;
}

int
output_count(wsis_buf_t *out, const wsis_json_t *reply, double *total,
    char *err, size_t errlen)
{
	const wsis_json_t *exact = wsis_json_get(reply, "total_exact");
	wsis_buf_t notes = WSIS_BUF_INIT;

	if (output_total(reply, "total", total, err, errlen) != 0)
		return -1;
	/* the count alone on stdout, for scripts; the notices on stderr */
	if (output_notices(&notes, reply, "wsis-search: note: ") == 0 && notes.len > 0)
		fputs(notes.data, stderr);
	wsis_buf_free(&notes);
	/* a count the server's time limit cut short is its estimate */
	if (wsis_buf_printf(out, "%s%.0f\n", wsis_json_type(exact) == WSIS_JSON_BOOL &&
	    !wsis_json_bool(exact) ? "about " : "", *total) != 0)
		return wsis_errmsg(err, errlen, "out of memory");
	return 0;
}

/* ---- DOC ---------------------------------------------------------------- */

/* Whether member `key` of a DOC reply is printed as a "key: value" line:
 * the passage's own members but its text, its other fields (printed from
 * "fields") and the reply's notices. */
static int
output_doc_line(const char *key)
{
	return strcmp(key, "text") != 0 && strcmp(key, "fields") != 0 &&
	    strcmp(key, "notices") != 0;
}

int
output_doc(wsis_buf_t *out, const wsis_json_t *reply, char *err,
    size_t errlen)
{
	const wsis_json_t *fields = wsis_json_get(reply, "fields");
	const char *text, *key;
	size_t len, width = 0, i, n = wsis_json_object_len(fields);
	size_t ntop = wsis_json_object_len(reply);
	int rc = 0;

	if (wsis_json_type(reply) != WSIS_JSON_OBJECT)
		return wsis_errmsg(err, errlen, "unexpected reply: not a JSON "
		    "object");
	if (output_str(reply, "id") == NULL)
		return wsis_errmsg(err, errlen, "unexpected reply: no \"id\"");
	if ((text = wsis_json_string(wsis_json_get(reply, "text"), &len)) ==
	    NULL)
		return wsis_errmsg(err, errlen, "unexpected reply: no \"text\"");

	/* the passage's shape (passage.h): id, part, its placing fields,
	 * title, then "fields" with the others, and the text */
	for (i = 0; i < ntop; i++) {
		key = wsis_json_object_key(reply, i, NULL);
		if (output_doc_line(key) && strlen(key) > width)
			width = strlen(key);
	}
	for (i = 0; i < n; i++)
		if (strlen(wsis_json_object_key(fields, i, NULL)) > width)
			width = strlen(wsis_json_object_key(fields, i, NULL));
	if (width > OUTPUT_KEY_WIDTH_MAX)
		width = OUTPUT_KEY_WIDTH_MAX;

	for (i = 0; i < ntop && rc == 0; i++) {
		key = wsis_json_object_key(reply, i, NULL);
		if (!output_doc_line(key))
			continue;
		rc |= output_key(out, key, width);
		rc |= output_scalar(out, wsis_json_object_value(reply, i));
		rc |= wsis_buf_putc(out, '\n');
	}
	for (i = 0; i < n && rc == 0; i++) {
		key = wsis_json_object_key(fields, i, NULL);
		rc |= output_key(out, key, width);
		rc |= output_scalar(out, wsis_json_object_value(fields, i));
		rc |= wsis_buf_putc(out, '\n');
	}
	rc |= wsis_buf_putc(out, '\n');
	rc |= output_clean(out, text, len, OUTPUT_KEEP_LINES);
	if (len == 0 || text[len - 1] != '\n')
		rc |= wsis_buf_putc(out, '\n');
	return rc != 0 ? wsis_errmsg(err, errlen, "out of memory") : 0;
}

/* ---- STATS -------------------------------------------------------------- */

/* Walks an object's scalars under their dotted names ("index.documents"):
 * with out NULL measures the widest name into *width, else prints one
 * "name:  value" line each, values in a column after *width. */
static int
output_flatten(wsis_buf_t *out, const wsis_json_t *obj, wsis_buf_t *name,
    size_t *width)
{
	size_t i, n = wsis_json_object_len(obj), mark = name->len, klen;
	const wsis_json_t *v;
	const char *key;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		key = wsis_json_object_key(obj, i, &klen);
		v = wsis_json_object_value(obj, i);
		name->len = mark;
		if (mark > 0)
			rc |= wsis_buf_putc(name, '.');
		rc |= output_clean(name, key, klen, 0);
		if (rc != 0)
			break;
		if (wsis_json_type(v) == WSIS_JSON_OBJECT &&
		    wsis_json_object_len(v) > 0) {
			rc |= output_flatten(out, v, name, width);
			continue;
		}
		if (out == NULL) {
			if (name->len > *width)
				*width = name->len;
			continue;
		}
		rc |= wsis_buf_append(out, name->data, name->len);
		rc |= wsis_buf_putc(out, ':');
		for (klen = name->len; klen < *width + 1 && rc == 0; klen++)
			rc |= wsis_buf_putc(out, ' ');
		rc |= wsis_buf_putc(out, ' ');
		rc |= output_scalar(out, v);
		rc |= wsis_buf_putc(out, '\n');
	}
	name->len = mark;
	if (name->data != NULL)
		name->data[mark] = '\0';
	return rc;
}

int
output_stats(wsis_buf_t *out, const wsis_json_t *reply, char *err,
    size_t errlen)
{
	wsis_buf_t name = WSIS_BUF_INIT;
	size_t width = 0;
	int rc;

	if (wsis_json_type(reply) != WSIS_JSON_OBJECT)
		return wsis_errmsg(err, errlen, "unexpected reply: not a JSON "
		    "object");
	rc = output_flatten(NULL, reply, &name, &width);
	if (width > OUTPUT_KEY_WIDTH_MAX)
		width = OUTPUT_KEY_WIDTH_MAX;
	if (rc == 0)
		rc = output_flatten(out, reply, &name, &width);
	wsis_buf_free(&name);
	return rc != 0 ? wsis_errmsg(err, errlen, "out of memory") : 0;
}

/* ---- PING and raw JSON -------------------------------------------------- */

int
output_ping(wsis_buf_t *out, const wsis_json_t *reply, double rtt_ms,
    char *err, size_t errlen)
{
	int rc = 0;

	if (wsis_json_bool(wsis_json_get(reply, "pong"))) {
		rc |= wsis_buf_puts(out, "PONG");
	} else {
		rc |= wsis_json_write(out, reply, 0);
	}
	rc |= wsis_buf_printf(out, " %.3f ms\n", rtt_ms);
	return rc != 0 ? wsis_errmsg(err, errlen, "out of memory") : 0;
}

int
output_json(wsis_buf_t *out, const wsis_json_t *reply, int indent,
    char *err, size_t errlen)
{
	if (wsis_json_write(out, reply, indent) != 0 ||
	    wsis_buf_putc(out, '\n') != 0)
		return wsis_errmsg(err, errlen, "out of memory");
	return 0;
}
