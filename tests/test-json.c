/* test-json.c - lib/passage.c, lib/utf8.c and lib/json.c (the passage
 * reader and the generic tree reader). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "passage.h"
#include "tap.h"
#include "utf8.h"

/* ---- passage ------------------------------------------------------------ */

static void
test_passage(void)
{
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_passage_t *p, lone;
	char err[128];
	size_t i;

	p = wsis_passage_list_add(&list, "a:1", "a", "hello world", 5);
	ok(p != NULL, "list_add");
	is_str(p->id, "a:1", "id copied");
	is_str(p->part, "a", "part copied");
	is_str(p->text, "hello", "text copied to text_len");
	ok(p->title == NULL && p->nfields == 0, "no title, no fields");
	is_int(wsis_passage_set_title(p, "T"), 0, "set_title");
	is_int(wsis_passage_set_title(p, "Title"), 0, "set_title replaces");
	is_str(p->title, "Title", "title");
	is_int(wsis_passage_add_field(p, "section", "One"), 0, "add_field");
	for (i = 0; i < 20; i++)
		wsis_passage_add_field(p, "n", "v");
	is_int(wsis_passage_add_field(p, "section", "Two"), 0, "add_field again");
	is_int(p->nfields, 22, "fields grow");
	is_str(wsis_passage_field(p, "section"), "One", "field gives the first");
	ok(wsis_passage_field(p, "nope") == NULL, "missing field is NULL");

	p = wsis_passage_list_add(&list, "a:2", NULL, NULL, 0);
	ok(p != NULL && p->part == NULL && strcmp(p->text, "") == 0,
	    "NULL part and text accepted");
	is_int(wsis_passage_list_find(&list, "a:2"), 1, "find");
	is_int(wsis_passage_list_find(&list, "a:3"), -1, "find a missing id");
	is_int(wsis_passage_list_check_unique(&list, err, sizeof err), 0,
	    "distinct ids are unique");
	wsis_passage_list_add(&list, "a:1", "a", "again", 5);
	is_int(wsis_passage_list_check_unique(&list, err, sizeof err), -1,
	    "a repeated id is found");
	is_str(err, "duplicate id 'a:1'", "duplicate id message");
	wsis_passage_list_free(&list);
	ok(list.items == NULL && list.count == 0, "list_free empties the list");
	wsis_passage_list_free(NULL);
	ok(1, "list_free(NULL) does nothing");

	memset(&lone, 0, sizeof lone);
	wsis_passage_clear(&lone);
	wsis_passage_clear(NULL);
	ok(1, "clear of an empty passage and of NULL");
}

static void
test_unique_large(void)
{
	wsis_passage_list_t list = { NULL, 0, 0 };
	char id[32], err[128];
	size_t i, n = 100000;
	int fail = 0;

	for (i = 0; i < n && !fail; i++) {
		snprintf(id, sizeof id, "doc.md:%zu", i + 1);
		fail = wsis_passage_list_add(&list, id, "doc", "t", 1) == NULL;
	}
	ok(!fail && list.count == n, "100000 passages added");
	is_int(wsis_passage_list_check_unique(&list, err, sizeof err), 0,
	    "100000 distinct ids are unique");
	wsis_passage_list_add(&list, "doc.md:77777", "doc", "t", 1);
	is_int(wsis_passage_list_check_unique(&list, err, sizeof err), -1,
	    "one repeat among 100001 is found");
	is_str(err, "duplicate id 'doc.md:77777'", "and named");
	wsis_passage_list_free(&list);
}

/* ---- utf8 --------------------------------------------------------------- */

static void
test_utf8(void)
{
	static const struct {
		const char *s;
		size_t      len, prefix;
		const char *what;
	} cases[] = {
		{ "plain ascii", 11, 11, "ASCII" },
		{ "", 0, 0, "empty" },
		{ "caf\xC3\xA9", 5, 5, "two-byte" },
		{ "\xE2\x82\xAC", 3, 3, "three-byte (euro)" },
		{ "\xF0\x9F\x98\x80", 4, 4, "four-byte (emoji)" },
		{ "\xF4\x8F\xBF\xBF", 4, 4, "U+10FFFF" },
		{ "\xEF\xBF\xBF", 3, 3, "U+FFFF" },
		{ "a\xC0\x80", 3, 1, "overlong NUL" },
		{ "a\xC1\xBF", 3, 1, "overlong two-byte" },
		{ "ab\xE0\x80\xAF", 5, 2, "overlong three-byte" },
		{ "\xF0\x80\x80\xAF", 4, 0, "overlong four-byte" },
		{ "x\xED\xA0\x80", 4, 1, "high surrogate" },
		{ "x\xED\xBF\xBF", 4, 1, "low surrogate" },
		{ "\xED\x9F\xBF", 3, 3, "U+D7FF (below surrogates)" },
		{ "\xF4\x90\x80\x80", 4, 0, "past U+10FFFF" },
		{ "\xF5\x80\x80\x80", 4, 0, "F5 lead" },
		{ "\xFF", 1, 0, "FF" },
		{ "abc\x80", 4, 3, "lone continuation" },
		{ "abcdefghijkl\xE2\x82", 14, 12, "truncated at the end" },
		{ "\xE2\x82z", 3, 0, "truncated before ASCII" },
		{ "12345678\xC3", 9, 8, "truncated after the fast path" },
	};
	size_t i, bad;
	char *r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(wsis_utf8_valid_prefix(cases[i].s, cases[i].len),
		    cases[i].prefix, "valid_prefix: %s", cases[i].what);

	r = wsis_utf8_repair("ok", 2, &bad);
	is_str(r, "ok", "repair of valid text copies it");
	is_int(bad, 2, "first_bad is len when valid");
	free(r);
	r = wsis_utf8_repair("a\xE2\x82", 3, &bad);
	is_str(r, "a\xEF\xBF\xBD", "truncated sequence -> one U+FFFD");
	is_int(bad, 1, "first_bad offset");
	free(r);
	r = wsis_utf8_repair("\xF0\x9F\x98x", 4, NULL);
	is_str(r, "\xEF\xBF\xBDx", "maximal subpart -> one U+FFFD");
	free(r);
	r = wsis_utf8_repair("\xC0\x80", 2, NULL);
	is_str(r, "\xEF\xBF\xBD\xEF\xBF\xBD", "overlong -> one U+FFFD per byte");
	free(r);
	r = wsis_utf8_repair("\xED\xA0\x80!", 4, &bad);
	is_str(r, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!", "surrogate -> three U+FFFD");
	is_int(bad, 0, "first_bad 0");
	free(r);
	r = wsis_utf8_repair("caf\xC3\xA9 \xFF", 7, &bad);
	is_str(r, "caf\xC3\xA9 \xEF\xBF\xBD", "valid non-ASCII kept");
	is_int(bad, 6, "first_bad after valid non-ASCII");
	free(r);
}

/* ---- json writer -------------------------------------------------------- */

static void
test_put_string(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;

	wsis_json_put_string(&b, "say \"hi\"\\ \n\t\r\b\f", 15);
	is_str(b.data, "\"say \\\"hi\\\"\\\\ \\n\\t\\r\\b\\f\"", "short escapes");
	wsis_buf_reset(&b);
	wsis_json_put_string(&b, "\x01\x1f\x7f", 3);
	is_str(b.data, "\"\\u0001\\u001f\x7f\"", "other controls as \\u00XX");
	wsis_buf_reset(&b);
	wsis_json_put_string(&b, "a\0b", 3);
	is_str(b.data, "\"a\\u0000b\"", "NUL as \\u0000");
	wsis_buf_reset(&b);
	wsis_json_put_string(&b, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14);
	is_str(b.data, "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
	    "valid non-ASCII left as is");
	wsis_buf_reset(&b);
	wsis_json_put_string(&b, "x\xFF\"y\xC3", 5);
	is_str(b.data, "\"x\xEF\xBF\xBD\\\"y\xEF\xBF\xBD\"", "invalid UTF-8 -> U+FFFD");
	wsis_buf_reset(&b);
	wsis_json_put_string(&b, "\xFF\0\xFE", 3);
	is_str(b.data, "\"\xEF\xBF\xBD\\u0000\xEF\xBF\xBD\"",
	    "invalid UTF-8 around a NUL");
	wsis_buf_reset(&b);
	wsis_json_put_cstr(&b, NULL);
	is_str(b.data, "null", "put_cstr(NULL) writes null");
	wsis_buf_reset(&b);
	wsis_json_put_cstr(&b, "");
	is_str(b.data, "\"\"", "empty string");
	wsis_buf_free(&b);
}

static void
test_to_json(void)
{
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_passage_t *p;

	p = wsis_passage_list_add(&list, "notes.md:3", "notes", "Some \"text\"", 11);
	wsis_passage_add_field(p, "section", "Intro");
	wsis_passage_add_field(p, "day", "2");
	wsis_passage_to_json(p, &b);
	is_str(b.data, "{\"id\":\"notes.md:3\",\"part\":\"notes\",\"text\":"
	    "\"Some \\\"text\\\"\",\"fields\":{\"section\":\"Intro\",\"day\":\"2\"}}",
	    "to_json without title, fields in order");
	wsis_buf_reset(&b);
	p = wsis_passage_list_add(&list, "draft:38", "draft", "x", 1);
	wsis_passage_set_title(p, "Para 38");
	wsis_passage_to_json(p, &b);
	is_str(b.data, "{\"id\":\"draft:38\",\"part\":\"draft\",\"title\":"
	    "\"Para 38\",\"text\":\"x\"}", "to_json with title, no fields: no \"fields\"");
	wsis_buf_free(&b);
	wsis_passage_list_free(&list);
}

/* ---- json reader -------------------------------------------------------- */

static int
parse(const char *s, wsis_passage_t *p, char *err, size_t errlen)
{
	return wsis_passage_from_json(s, strlen(s), p, err, errlen);
}

/* Expects s to fail with exactly `want`. */
static void
parse_fails(const char *s, const char *want, const char *what)
{
	wsis_passage_t p;
	char err[256] = "";
	int rc;

	rc = parse(s, &p, err, sizeof err);
	is_int(rc, -1, "rejects %s", what);
	is_str(err, want, "message for %s", what);
	ok(p.id == NULL && p.text == NULL && p.fields == NULL,
	    "nothing left allocated after %s", what);
}

static void
test_from_json(void)
{
	wsis_passage_t p;
	char err[256] = "";

	is_int(parse(" {\"id\":\"a:1\",\"text\":\"Hello\",\"title\":\"T\","
	    "\"part\":\"p\",\"fields\":{\"section\":\"S\",\"n\":-1.5e3,"
	    "\"yes\":true,\"no\":false,\"nothing\":null},\"other\":[1,{\"x\":"
	    "[true,null,\"s\"]},-0.0]} \n", &p, err, sizeof err), 0,
	    "parses a full record");
	is_str(p.id, "a:1", "id");
	is_str(p.text, "Hello", "text");
	is_str(p.title, "T", "title");
	is_str(p.part, "p", "part");
	is_int(p.nfields, 4, "null field skipped");
	ok(p.nfields == 4 && strcmp(p.fields[0].name, "section") == 0 &&
	    strcmp(p.fields[1].name, "n") == 0 &&
	    strcmp(p.fields[2].name, "yes") == 0 &&
	    strcmp(p.fields[3].name, "no") == 0, "fields in stored order");
	is_str(wsis_passage_field(&p, "n"), "-1.5e3", "number field as its JSON text");
	is_str(wsis_passage_field(&p, "yes"), "true", "true field");
	is_str(wsis_passage_field(&p, "no"), "false", "false field");
	wsis_passage_clear(&p);

	is_int(parse("{\"text\":\"t\",\"id\":12345678901234567890}", &p, err,
	    sizeof err), 0, "integer id");
	is_str(p.id, "12345678901234567890", "integer id kept as decimal text");
	ok(p.part == NULL && p.title == NULL, "no part, no title");
	wsis_passage_clear(&p);

	is_int(parse("{\"id\":\"x\",\"text\":\"t\",\"title\":null,\"fields\":"
	    "{\"part\":\"fp\"}}", &p, err, sizeof err), 0, "part from fields");
	is_str(p.part, "fp", "fields.part becomes part");
	ok(p.title == NULL, "null title");
	wsis_passage_clear(&p);
	is_int(parse("{\"id\":\"x\",\"part\":\"top\",\"text\":\"t\",\"fields\":"
	    "{\"part\":\"fp\"}}", &p, err, sizeof err), 0, "both parts");
	is_str(p.part, "top", "top-level part wins over fields.part");
	wsis_passage_clear(&p);

	is_int(parse("{\"id\":\"e\",\"text\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t "
	    "\\u0041\\u00e9\\u20AC \\ud83d\\ude00\"}", &p, err, sizeof err), 0,
	    "all escapes");
	is_str(p.text, "q\" b\\ s/ \b\f\n\r\t A\xC3\xA9\xE2\x82\xAC "
	    "\xF0\x9F\x98\x80", "escapes and surrogate pair decoded to UTF-8");
	wsis_passage_clear(&p);
	/* keys and strings with and without escapes, keys on either side of
	 * the reader's 64-byte buffer for a key without escapes */
	{
		char js[512], k63[64], k64[65], k70[71];

		memset(k63, 'a', 63);
		k63[63] = '\0';
		memset(k64, 'b', 64);
		k64[64] = '\0';
		memset(k70, 'c', 70);
		k70[70] = '\0';
		snprintf(js, sizeof js, "{\"i\\u0064\":\"k\",\"te\\u0078t\":\"t\\u0065xt\","
		    "\"fields\":{\"%s\":\"1\",\"%s\":\"2\",\"%s\":\"3\",\"e\\u0073c\":"
		    "\"a\\\"b\"}}", k63, k64, k70);
		is_int(parse(js, &p, err, sizeof err), 0, "escaped and long keys: %s", err);
		is_str(p.id, "k", "a key with an escape: id");
		is_str(p.text, "text", "a key and a value with escapes: text");
		is_int(p.nfields, 4, "four fields");
		is_str(wsis_passage_field(&p, k63), "1", "a 63-byte key");
		is_str(wsis_passage_field(&p, k64), "2", "a 64-byte key");
		is_str(wsis_passage_field(&p, k70), "3", "a 70-byte key");
		is_str(wsis_passage_field(&p, "esc"), "a\"b", "an escaped key and value");
		wsis_passage_clear(&p);
	}
	is_int(parse("{\"id\":\"raw\",\"text\":\"caf\xC3\xA9\"}", &p, err,
	    sizeof err), 0, "raw UTF-8 in strings");
	is_str(p.text, "caf\xC3\xA9", "raw UTF-8 kept");
	wsis_passage_clear(&p);

	parse_fails("", "byte 0: expected '{'", "empty input");
	parse_fails("[]", "byte 0: expected '{'", "an array");
	parse_fails("{\"text\":\"t\"}", "byte 11: missing \"id\"", "missing id");
	parse_fails("{\"id\":\"a\"}", "byte 9: missing \"text\"", "missing text");
	parse_fails("{\"id\":1.5,\"text\":\"t\"}",
	    "byte 6: expected string or integer id", "fractional id");
	parse_fails("{\"id\":\"\",\"text\":\"t\"}", "byte 6: empty id", "empty id");
	parse_fails("{\"id\":\"a\",\"text\":7}", "byte 17: expected string text",
	    "number text");
	parse_fails("{\"id\":\"a\",\"text\":\"t\"} x",
	    "byte 22: expected end of input", "trailing garbage");
	parse_fails("{\"id\":\"a\",\"text\":\"t\"}{}",
	    "byte 21: expected end of input", "two objects");
	parse_fails("{\"id\" \"a\"}", "byte 6: expected ':'", "missing colon");
	parse_fails("{\"id\":\"a\" \"text\":\"t\"}",
	    "byte 10: expected ',' or '}'", "missing comma");
	parse_fails("{\"id\":\"a\",}", "byte 10: expected '\"' (object key)",
	    "trailing comma");
	parse_fails("{\"id\":\"a\",\"x\":[1,]}", "byte 17: expected value",
	    "trailing comma in array");
	parse_fails("{\"id\":\"a\",\"x\":[1 2]}", "byte 17: expected ',' or ']'",
	    "missing comma in array");
	parse_fails("{\"id\":\"a\",\"x\":tru}", "byte 14: expected value",
	    "bad literal");
	parse_fails("{\"id\":\"a\",\"x\":01}", "byte 15: expected ',' or '}'",
	    "leading zero");
	parse_fails("{\"id\":\"a\",\"x\":1.}", "byte 16: expected digit",
	    "number without fraction digits");
	parse_fails("{\"id\":\"a\",\"x\":-}", "byte 15: expected digit",
	    "bare minus");
	parse_fails("{\"id\":\"abc", "byte 10: expected '\"' (unterminated string)",
	    "unterminated string");
	parse_fails("{\"id\":\"a\nb\",\"text\":\"t\"}",
	    "byte 8: unescaped control character in string", "raw newline");
	parse_fails("{\"id\":\"a\\x\",\"text\":\"t\"}", "byte 8: invalid escape",
	    "unknown escape");
	parse_fails("{\"id\":\"a\\u12G4\"}",
	    "byte 12: expected hex digit in \\u escape", "bad \\u escape");
	parse_fails("{\"id\":\"a\\ud83d\",\"text\":\"t\"}",
	    "byte 14: expected \\u low surrogate after \\uD83D", "lone high surrogate");
	parse_fails("{\"id\":\"a\\ud83d\\u0041\",\"text\":\"t\"}",
	    "byte 14: expected \\u low surrogate after \\uD83D",
	    "high surrogate with a non-surrogate");
	parse_fails("{\"id\":\"a\\ude00\",\"text\":\"t\"}",
	    "byte 8: unpaired low surrogate \\uDE00", "lone low surrogate");
	parse_fails("{\"id\":\"a\\u0000\",\"text\":\"t\"}",
	    "byte 8: \\u0000 is not allowed", "\\u0000");
	parse_fails("{\"id\":\"a\xC3\x28\",\"text\":\"t\"}",
	    "byte 8: invalid UTF-8 in string", "invalid UTF-8");
	parse_fails("{\"id\":\"a\",\"id\":\"b\",\"text\":\"t\"}",
	    "byte 10: duplicate key \"id\"", "duplicate key");
	parse_fails("{\"id\":\"a\",\"text\":\"t\",\"fields\":{\"x\":[1]}}",
	    "byte 35: expected string, number, boolean or null for field \"x\"",
	    "array field value");
	parse_fails("{\"id\":\"a\",\"text\":\"t\",\"fields\":[]}",
	    "byte 30: expected object fields", "fields not an object");
	parse_fails("{\"id\":\"a\",\"text\":\"t\",\"title\":5}",
	    "byte 29: expected string or null title", "number title");
}

static void
test_depth(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_passage_t p;
	char err[256] = "";
	int i, rc;

	/* The record itself is level 1: 63 nested arrays reach level 64. */
	wsis_buf_puts(&b, "{\"id\":\"d\",\"text\":\"t\",\"deep\":");
	for (i = 0; i < 63; i++)
		wsis_buf_putc(&b, '[');
	for (i = 0; i < 63; i++)
		wsis_buf_putc(&b, ']');
	wsis_buf_putc(&b, '}');
	rc = wsis_passage_from_json(b.data, b.len, &p, err, sizeof err);
	is_int(rc, 0, "nesting of 64 accepted");
	wsis_passage_clear(&p);

	wsis_buf_reset(&b);
	wsis_buf_puts(&b, "{\"id\":\"d\",\"text\":\"t\",\"deep\":");
	for (i = 0; i < 63; i++)
		wsis_buf_puts(&b, "{\"a\":");
	wsis_buf_puts(&b, "[]");
	rc = wsis_passage_from_json(b.data, b.len, &p, err, sizeof err);
	is_int(rc, -1, "nesting of 65 rejected");
	ok(strstr(err, "nesting deeper than 64") != NULL, "depth message: %s", err);

	/* A hostile line: a million brackets must not recurse a million deep. */
	wsis_buf_reset(&b);
	wsis_buf_puts(&b, "{\"x\":");
	for (i = 0; i < 1000000; i++)
		wsis_buf_putc(&b, '[');
	rc = wsis_passage_from_json(b.data, b.len, &p, err, sizeof err);
	is_int(rc, -1, "a million brackets rejected");
	is_str(err, "byte 68: nesting deeper than 64", "at the 65th level");
	wsis_buf_free(&b);
}

/* to_json then from_json gives the same passage. */
static void
test_round_trip(void)
{
	static const char text[] = "Line\none\r\n\ttab \x01\x1f\x7f \"q\" "
	    "\\ / caf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x80\xA8 end";
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_passage_t *p, q;
	char err[256] = "";
	size_t i;
	int same;

	p = wsis_passage_list_add(&list, "weird \"id\" \\ /:1", "p\tart",
	    text, sizeof text - 1);
	wsis_passage_set_title(p, "T\xC3\xADtulo \"x\"");
	wsis_passage_add_field(p, "section", "A\nB");
	wsis_passage_add_field(p, "empty", "");
	wsis_passage_add_field(p, "section", "second");
	is_int(wsis_passage_to_json(p, &b), 0, "to_json");
	is_int(wsis_passage_from_json(b.data, b.len, &q, err, sizeof err), 0,
	    "from_json of to_json output: %s", err);
	is_str(q.id, p->id, "round trip: id");
	is_str(q.part, p->part, "round trip: part");
	is_str(q.title, p->title, "round trip: title");
	is_str(q.text, p->text, "round trip: text");
	same = q.nfields == p->nfields;
	for (i = 0; same && i < q.nfields; i++)
		same = strcmp(q.fields[i].name, p->fields[i].name) == 0 &&
		    strcmp(q.fields[i].value, p->fields[i].value) == 0;
	ok(same, "round trip: fields and their order");
	wsis_passage_clear(&q);

	/* Invalid UTF-8 written as U+FFFD reads back as U+FFFD. */
	wsis_buf_reset(&b);
	p = wsis_passage_list_add(&list, "bad", NULL, "a\xFF" "b", 3);
	wsis_passage_to_json(p, &b);
	is_str(b.data, "{\"id\":\"bad\",\"part\":null,\"text\":\"a\xEF\xBF\xBD"
	    "b\"}", "null part and repaired text written");
	is_int(wsis_passage_from_json(b.data, b.len, &q, err, sizeof err), 0,
	    "and read back");
	is_str(q.text, "a\xEF\xBF\xBD" "b", "repaired text read back");
	ok(q.part == NULL, "null part read back as NULL");
	wsis_passage_clear(&q);
	wsis_buf_free(&b);
	wsis_passage_list_free(&list);
}


/* ---- json tree (wsis_json_parse) ---------------------------------------- */

static wsis_json_t *
dom(const char *s)
{
	wsis_json_t *v = NULL;
	char err[256] = "";

	if (wsis_json_parse(s, strlen(s), &v, err, sizeof err) != 0)
		printf("# parse failed: %s\n", err);
	return v;
}

/* Expects s to fail with exactly `want`. */
static void
dom_fails(const char *s, size_t len, const char *want, const char *what)
{
	wsis_json_t *v = (wsis_json_t *)&v;	/* not NULL: must be reset */
	char err[256] = "";

	is_int(wsis_json_parse(s, len, &v, err, sizeof err), -1, "dom rejects %s",
	    what);
	is_str(err, want, "dom message for %s", what);
	ok(v == NULL, "dom: *out is NULL after %s", what);
}

/* The compact and the pretty rewriting of a tree. */
static void
dom_writes(const wsis_json_t *v, int indent, const char *want, const char *what)
{
	wsis_buf_t b = WSIS_BUF_INIT;

	is_int(wsis_json_write(&b, v, indent), 0, "write %s", what);
	is_str(b.data, want, "written %s", what);
	wsis_buf_free(&b);
}

static void
test_dom(void)
{
	const wsis_json_t *hits, *hit, *x;
	wsis_json_t *v;
	const char *str;
	size_t len;

	v = dom(" {\"query\":\"enhanced cooperation\",\"total\":3,"
	    "\"total_exact\":true,\"relaxed\":false,\"suggestion\":null,"
	    "\"hits\":[{\"rank\":1,\"id\":\"draft:39\",\"score\":7.4120,"
	    "\"snippet\":\"\\u2026<mark>enhanced</mark> \\\"q\\\" \\ud83d\\ude00\"},"
	    "{\"rank\":2}],\"took_ms\":1.840,\"neg\":-2.5e-3,\"empty\":{},"
	    "\"none\":[]}\n");
	ok(v != NULL, "dom parses a SEARCH reply");
	is_int(wsis_json_type(v), WSIS_JSON_OBJECT, "root is an object");
	is_int(wsis_json_object_len(v), 10, "10 members");
	str = wsis_json_object_key(v, 1, &len);
	ok(str != NULL && strcmp(str, "total") == 0 && len == 5,
	    "object_key in input order");
	is_int(wsis_json_number(wsis_json_object_value(v, 1)), 3,
	    "object_value in input order");
	ok(wsis_json_object_key(v, 10, NULL) == NULL &&
	    wsis_json_object_value(v, 10) == NULL, "past the last member: NULL");
	str = wsis_json_string(wsis_json_get(v, "query"), &len);
	is_str(str, "enhanced cooperation", "get string");
	is_int(len, 20, "string length");
	ok(wsis_json_number(wsis_json_get(v, "total")) == 3.0, "get number");
	ok(wsis_json_bool(wsis_json_get(v, "total_exact")) == 1, "true");
	ok(wsis_json_bool(wsis_json_get(v, "relaxed")) == 0 &&
	    wsis_json_type(wsis_json_get(v, "relaxed")) == WSIS_JSON_BOOL, "false");
	is_int(wsis_json_type(wsis_json_get(v, "suggestion")), WSIS_JSON_NULL,
	    "null is WSIS_JSON_NULL");
	is_int(wsis_json_type(wsis_json_get(v, "nope")), WSIS_JSON_NONE,
	    "a missing key is WSIS_JSON_NONE");
	ok(wsis_json_number(wsis_json_get(v, "took_ms")) == 1.84, "fraction");
	ok(wsis_json_number(wsis_json_get(v, "neg")) == -2.5e-3, "exponent");
	hits = wsis_json_get(v, "hits");
	is_int(wsis_json_array_len(hits), 2, "array_len");
	hit = wsis_json_array_at(hits, 0);
	is_str(wsis_json_string(wsis_json_get(hit, "id"), NULL), "draft:39",
	    "a member of an element");
	is_str(wsis_json_string(wsis_json_get(hit, "snippet"), &len),
	    "\xE2\x80\xA6<mark>enhanced</mark> \"q\" \xF0\x9F\x98\x80",
	    "escapes decoded to UTF-8");
	is_int(len, 33, "decoded length");
	ok(wsis_json_array_at(hits, 2) == NULL, "array_at past the end: NULL");
	is_int(wsis_json_object_len(wsis_json_get(v, "empty")), 0, "empty object");
	is_int(wsis_json_type(wsis_json_get(v, "none")), WSIS_JSON_ARRAY,
	    "empty array");
	is_int(wsis_json_array_len(wsis_json_get(v, "none")), 0,
	    "empty array length");

	/* wrong types and NULL: no crash, neutral answers */
	ok(wsis_json_string(wsis_json_get(v, "total"), &len) == NULL,
	    "string of a number: NULL");
	ok(wsis_json_number(wsis_json_get(v, "query")) == 0.0,
	    "number of a string: 0");
	ok(wsis_json_get(hits, "id") == NULL, "get on an array: NULL");
	is_int(wsis_json_array_len(v), 0, "array_len of an object: 0");
	ok(wsis_json_array_at(v, 0) == NULL, "array_at of an object: NULL");
	ok(wsis_json_get(NULL, "x") == NULL && wsis_json_array_len(NULL) == 0 &&
	    wsis_json_string(NULL, NULL) == NULL && wsis_json_number(NULL) == 0.0 &&
	    wsis_json_bool(NULL) == 0 && wsis_json_object_len(NULL) == 0 &&
	    wsis_json_type(NULL) == WSIS_JSON_NONE, "accessors accept NULL");
	x = wsis_json_get(wsis_json_get(wsis_json_get(v, "a"), "b"), "c");
	ok(x == NULL, "chained lookups of missing keys");

	dom_writes(v, 0, "{\"query\":\"enhanced cooperation\",\"total\":3,"
	    "\"total_exact\":true,\"relaxed\":false,\"suggestion\":null,"
	    "\"hits\":[{\"rank\":1,\"id\":\"draft:39\",\"score\":7.4120,"
	    "\"snippet\":\"\xE2\x80\xA6<mark>enhanced</mark> \\\"q\\\" "
	    "\xF0\x9F\x98\x80\"},{\"rank\":2}],\"took_ms\":1.840,"
	    "\"neg\":-2.5e-3,\"empty\":{},\"none\":[]}",
	    "compact, numbers as written");
	wsis_json_free(v);

	v = dom("{\"a\":[1,{\"b\":null}],\"c\":{},\"d\":[]}");
	dom_writes(v, 2, "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n"
	    "    }\n  ],\n  \"c\": {},\n  \"d\": []\n}", "pretty");
	wsis_json_free(v);

	v = dom("\"\\u0001 \\n\"");
	is_int(wsis_json_type(v), WSIS_JSON_STRING, "a bare string is a value");
	dom_writes(v, 0, "\"\\u0001 \\n\"", "control characters re-escaped");
	wsis_json_free(v);
	v = dom(" -0 ");
	ok(v != NULL && wsis_json_type(v) == WSIS_JSON_NUMBER, "a bare number");
	wsis_json_free(v);
	v = dom("1e999");
	ok(v != NULL && wsis_json_number(v) > 1e308, "a huge number is HUGE_VAL");
	dom_writes(v, 0, "1e999", "and written back as given");
	wsis_json_free(v);
	v = dom("null");
	is_int(wsis_json_type(v), WSIS_JSON_NULL, "null root");
	wsis_json_free(v);
	wsis_json_free(NULL);
	ok(1, "wsis_json_free(NULL) does nothing");
	dom_writes(NULL, 0, "null", "a NULL value as null");

	dom_fails("", 0, "byte 0: expected value", "empty input");
	dom_fails(NULL, 0, "byte 0: expected value", "NULL input of length 0");
	dom_fails("  \n", 3, "byte 3: expected value", "blank input");
	dom_fails("{} x", 4, "byte 3: expected end of input", "trailing garbage");
	dom_fails("[1,]", 4, "byte 3: expected value", "trailing comma");
	dom_fails("[1 2]", 5, "byte 3: expected ',' or ']'", "missing comma");
	dom_fails("{\"a\" 1}", 7, "byte 5: expected ':'", "missing colon");
	dom_fails("{\"a\":1,}", 8, "byte 7: expected '\"' (object key)",
	    "trailing comma in object");
	dom_fails("{\"a\":tru}", 9, "byte 5: expected value", "bad literal");
	dom_fails("[01]", 4, "byte 2: expected ',' or ']'", "leading zero");
	dom_fails("[\"a\x01\"]", 5, "byte 3: unescaped control character in string",
	    "raw control character");
	dom_fails("[\"\\u0000\"]", 10, "byte 2: \\u0000 is not allowed", "\\u0000");
	dom_fails("[\"\xC3\x28\"]", 5, "byte 2: invalid UTF-8 in string",
	    "invalid UTF-8");
	dom_fails("\"abc", 4, "byte 4: expected '\"' (unterminated string)",
	    "unterminated string");
	dom_fails("[\"a\"\0]", 5, "byte 4: expected ',' or ']'", "a NUL byte");
	dom_fails("{\"a\":1,\"b\":2,\"a\":3}", 19, "byte 13: duplicate key \"a\"",
	    "duplicate key");
	dom_fails("{\"x\":{\"k\":1,\"k\":2},\"x\":0}", 25,
	    "byte 12: duplicate key \"k\"", "duplicate key inside a member");
}

/* Large objects are checked for repeated keys by sorting. */
static void
test_dom_keys(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_json_t *v;
	char err[256] = "";
	int i;

	wsis_buf_putc(&b, '{');
	for (i = 0; i < 1000; i++)
		wsis_buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	wsis_buf_putc(&b, '}');
	is_int(wsis_json_parse(b.data, b.len, &v, err, sizeof err), 0,
	    "1000 distinct keys: %s", err);
	is_int(wsis_json_number(wsis_json_get(v, "k999")), 999, "the last key");
	is_int(wsis_json_object_len(v), 1000, "1000 members");
	wsis_json_free(v);

	/* k500 again at the end and k7 again in the middle: the earlier
	 * repetition in the input is named */
	b.len--;
	wsis_buf_puts(&b, ",\"k500\":0}");
	is_int(wsis_json_parse(b.data, b.len, &v, err, sizeof err), -1,
	    "a repeated key among 1001");
	ok(strstr(err, "duplicate key \"k500\"") != NULL, "named: %s", err);
	wsis_buf_reset(&b);
	wsis_buf_puts(&b, "{\"k7\":0");
	for (i = 0; i < 100; i++)
		wsis_buf_printf(&b, ",\"k%d\":%d", i, i);
	wsis_buf_puts(&b, ",\"k7\":1}");
	is_int(wsis_json_parse(b.data, b.len, &v, err, sizeof err), -1,
	    "repeated keys among 102");
	is_str(err, "byte 57: duplicate key \"k7\"",
	    "the first repetition in the input is named");
	wsis_buf_free(&b);
}

static void
test_dom_depth(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_json_t *v;
	char err[256] = "";
	int i;

	for (i = 0; i < 64; i++)
		wsis_buf_putc(&b, '[');
	for (i = 0; i < 64; i++)
		wsis_buf_putc(&b, ']');
	is_int(wsis_json_parse(b.data, b.len, &v, err, sizeof err), 0,
	    "dom: nesting of 64 accepted");
	wsis_json_free(v);

	wsis_buf_reset(&b);
	for (i = 0; i < 64; i++)
		wsis_buf_puts(&b, "{\"a\":");
	wsis_buf_puts(&b, "[]");
	is_int(wsis_json_parse(b.data, b.len, &v, err, sizeof err), -1,
	    "dom: nesting of 65 rejected");
	ok(strstr(err, "nesting deeper than 64") != NULL, "dom depth message: %s",
	    err);

	wsis_buf_reset(&b);
	for (i = 0; i < 1000000; i++)
		wsis_buf_putc(&b, '[');
	is_int(wsis_json_parse(b.data, b.len, &v, err, sizeof err), -1,
	    "dom: a million brackets rejected");
	is_str(err, "byte 64: nesting deeper than 64", "dom: at the 65th level");
	ok(v == NULL, "dom: nothing returned");
	wsis_buf_free(&b);
}

/* What wsis_passage_to_json writes, the tree reads. */
static void
test_dom_passage(void)
{
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_buf_t b = WSIS_BUF_INIT, again = WSIS_BUF_INIT;
	const wsis_json_t *fields;
	wsis_passage_t *p;
	wsis_json_t *v;
	char err[256] = "";

	p = wsis_passage_list_add(&list, "draft:38", "draft", "A\nB \"c\" \x01",
	    10);
	wsis_passage_add_field(p, "section", "2.1 Enhanced Cooperation");
	wsis_passage_add_field(p, "para", "38");
	wsis_passage_to_json(p, &b);
	is_int(wsis_json_parse(b.data, b.len, &v, err, sizeof err), 0,
	    "dom reads a DOC reply: %s", err);
	is_str(wsis_json_string(wsis_json_get(v, "text"), NULL), "A\nB \"c\" \x01",
	    "text");
	fields = wsis_json_get(v, "fields");
	is_int(wsis_json_object_len(fields), 2, "two fields");
	is_str(wsis_json_object_key(fields, 1, NULL), "para", "field order");
	is_str(wsis_json_string(wsis_json_object_value(fields, 1), NULL), "38",
	    "field value");
	wsis_json_write(&again, v, 0);
	is_str(again.data, b.data, "write gives back the writer's bytes");
	wsis_json_free(v);
	wsis_buf_free(&again);
	wsis_buf_free(&b);
	wsis_passage_list_free(&list);
}

/* What wsis_json_put_string() must write for valid UTF-8 s[0..n): the
 * escapes byte by byte, as simply as they can be written. */
static void
ref_escape(const char *s, size_t n, wsis_buf_t *out)
{
	size_t i;

	wsis_buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':  wsis_buf_puts(out, "\\\""); break;
		case '\\': wsis_buf_puts(out, "\\\\"); break;
		case '\b': wsis_buf_puts(out, "\\b"); break;
		case '\f': wsis_buf_puts(out, "\\f"); break;
		case '\n': wsis_buf_puts(out, "\\n"); break;
		case '\r': wsis_buf_puts(out, "\\r"); break;
		case '\t': wsis_buf_puts(out, "\\t"); break;
		default:
			if (c < 0x20)
				wsis_buf_printf(out, "\\u%04x", c);
			else
				wsis_buf_putc(out, (char)c);
		}
	}
	wsis_buf_putc(out, '"');
}

/* The escaper and the string reader look at eight bytes at a time: every
 * character that needs an escape, at every offset of runs of every length,
 * is written as the byte-by-byte reference writes it and reads back whole. */
static void
test_escape_offsets(void)
{
	static const char *pieces[] = { "a", "\"", "\\", "\n", "\x01", "\x1f", " ", "\x7f",
	    "\xc3\xa9", "\xe2\x80\x99", "/", "\t" };
	unsigned long seed = 7;
	int i, bad = 0;

	for (i = 0; i < 20000 && bad < 5; i++) {
		wsis_buf_t in = WSIS_BUF_INIT, got = WSIS_BUF_INIT, want = WSIS_BUF_INIT;
		wsis_json_t *v = NULL;
		const char *back;
		size_t k, n, blen = 0;
		char err[128];

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = (seed >> 33) % 40;
		for (k = 0; k < n; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			/* mostly plain text, so the eight-byte path runs */
			wsis_buf_puts(&in, (seed >> 33) % 4 ? "a" :
			    pieces[(seed >> 40) % (sizeof pieces / sizeof pieces[0])]);
		}
		wsis_json_put_string(&got, in.data ? in.data : "", in.len);
		ref_escape(in.data ? in.data : "", in.len, &want);
		if (strcmp(got.data, want.data) != 0) {
			printf("# escaped %s, want %s\n", got.data, want.data);
			bad++;
		} else if (wsis_json_parse(got.data, got.len, &v, err, sizeof err) != 0 ||
		    (back = wsis_json_string(v, &blen)) == NULL || blen != in.len ||
		    memcmp(back, in.data ? in.data : "", in.len) != 0) {
			printf("# %s does not read back\n", got.data);
			bad++;
		}
		wsis_json_free(v);
		wsis_buf_free(&in);
		wsis_buf_free(&got);
		wsis_buf_free(&want);
	}
	is_int(bad, 0, "escapes at every offset: as the reference writes them, read back whole "
	    "(20,000 strings)");
}


/* The text of a stored passage read raw (wsis_passage_from_json_raw) and
 * decoded in parts: every part is the text's, wherever it begins. */
static void
test_raw_text(void)
{
	/* plain, 2-, 3- and 4-byte characters, escapes of every kind (the
	 * writer's \n \t \" \\ \u0001, and \u escapes, a surrogate pair) */
	static const char stored[] = "{\"id\":\"r:1\",\"part\":\"p\",\"title\":\"T\","
	    "\"text\":\"ab \\u00e9t\\u00E9 \xe4\xb8\xad \\ud834\\udd1e \xf0\x9d\x84\x9e x\\n"
	    "y\\t\\\"q\\\" \\\\ \\/ \\u0001z \xc3\xa9\\\\\",\"fields\":{\"section\":\"S\"}}";
	wsis_passage_t whole, p;
	wsis_json_raw_t raw;
	wsis_buf_t b = WSIS_BUF_INIT;
	char err[128];
	size_t len, k, at, bad = 0, inside = 0;

	is_int(wsis_passage_from_json(stored, strlen(stored), &whole, err, sizeof err), 0,
	    "raw text: the record parses whole");
	is_int(wsis_passage_from_json_raw(stored, strlen(stored), &p, &raw, err, sizeof err),
	    0, "raw text: and raw");
	ok(p.text == NULL && raw.s != NULL && raw.len > 0, "raw text: the text is not decoded");
	ok(p.id && strcmp(p.id, "r:1") == 0 && p.title && strcmp(p.title, "T") == 0 &&
	    wsis_passage_field(&p, "section") && strcmp(wsis_passage_field(&p, "section"),
	    "S") == 0, "raw text: the other members are read");
	len = strlen(whole.text);
	at = 0;
	is_int(wsis_json_raw_decode(&raw, &at, (size_t)-1, &b, err, sizeof err), 0,
	    "raw text: decoded whole");
	is_str(b.data, whole.text, "raw text: as the parser decodes it");
	is_int(at, raw.len, "raw text: to its end");
	/* from every character on, and from none inside one */
	for (k = 0; k <= len; k++) {
		int boundary = k == len || ((unsigned char)whole.text[k] & 0xC0) != 0x80;

		at = 0;
		wsis_buf_reset(&b);
		if (wsis_json_raw_skip(&raw, &at, k) != 0) {
			/* only inside a character (one written as an escape) */
			if (boundary)
				bad++;
			else
				inside++;
			continue;
		}
		if (!boundary) {
			/* a character written as itself: skipped bytewise */
			continue;
		}
		if (wsis_json_raw_decode(&raw, &at, (size_t)-1, &b, err, sizeof err) != 0 ||
		    strcmp(b.data ? b.data : "", whole.text + k) != 0)
			bad++;
	}
	is_int(bad, 0, "raw text: skipped to each character, the rest decodes as the text's");
	ok(inside > 0, "raw text: an offset inside an escaped character is refused (%zu)",
	    inside);
	at = 0;
	ok(wsis_json_raw_skip(&raw, &at, len + 1) != 0, "raw text: no skipping past the end");
	/* the first `want` bytes, to the end of a character */
	for (k = 0, bad = 0; k <= len + 1; k++) {
		at = 0;
		wsis_buf_reset(&b);
		if (wsis_json_raw_decode(&raw, &at, k, &b, err, sizeof err) != 0 ||
		    b.len < (k < len ? k : len) || b.len > k + 3 ||
		    memcmp(b.data ? b.data : "", whole.text, b.len) != 0 ||
		    (b.len < len && ((unsigned char)whole.text[b.len] & 0xC0) == 0x80))
			bad++;
	}
	is_int(bad, 0, "raw text: the first N bytes, N from 0 to the length + 1, end a "
	    "character");
	wsis_passage_clear(&p);
	wsis_passage_clear(&whole);

	/* what is wrong is found where the text is read */
	{
		static const char badesc[] = "{\"id\":\"r\",\"text\":\"ok \\x no\"}";
		static const char badutf[] = "{\"id\":\"r\",\"text\":\"ok \xff no\"}";
		static const char open[] = "{\"id\":\"r\",\"text\":\"no end\\\"}";

		is_int(wsis_passage_from_json_raw(badesc, strlen(badesc), &p, &raw, err,
		    sizeof err), 0, "raw text: a bad escape is not looked for");
		at = 0;
		wsis_buf_reset(&b);
		is_int(wsis_json_raw_decode(&raw, &at, (size_t)-1, &b, err, sizeof err), -1,
		    "raw text: ... it is found decoding");
		is_str(err, "byte 3: invalid escape", "raw text: ... and named");
		wsis_passage_clear(&p);
		is_int(wsis_passage_from_json_raw(badutf, strlen(badutf), &p, &raw, err,
		    sizeof err), 0, "raw text: invalid UTF-8 is not looked for");
		at = 0;
		is_int(wsis_json_raw_decode(&raw, &at, (size_t)-1, &b, err, sizeof err), -1,
		    "raw text: ... it is found decoding");
		wsis_passage_clear(&p);
		is_int(wsis_passage_from_json_raw(open, strlen(open), &p, &raw, err, sizeof err),
		    -1, "raw text: an escaped quote does not end the text");
	}
	/* checked, not decoded: what a reply may carry as it is */
	{
		static const wsis_json_raw_t good = { "a\\n\\u00e9 \xc3\xa9 \\\\ \\\"", 18 };
		static const wsis_json_raw_t esc = { "ok \\x", 5 };
		static const wsis_json_raw_t utf = { "ok \xff", 4 };
		static const wsis_json_raw_t cont = { "ok \xc3\x28 and more bytes", 20 };
		static const wsis_json_raw_t over = { "ok \xc0\xaf and more bytes", 20 };
		static const wsis_json_raw_t surr = { "ok \xed\xa0\x80 and more bytes", 21 };
		static const wsis_json_raw_t ctl = { "ok \x01", 4 };
		static const wsis_json_raw_t quote = { "ok \" no", 6 };

		is_int(wsis_json_raw_check(&good, 0, good.len, err, sizeof err), 0,
		    "raw check: escapes and characters pass");
		is_int(wsis_json_raw_check(&good, 0, 3, err, sizeof err), 0,
		    "raw check: a part ending before an escape passes");
		is_int(wsis_json_raw_check(&esc, 0, esc.len, err, sizeof err), -1,
		    "raw check: a bad escape fails");
		is_int(wsis_json_raw_check(&utf, 0, utf.len, err, sizeof err), -1,
		    "raw check: invalid UTF-8 fails");
		is_int(wsis_json_raw_check(&cont, 0, cont.len, err, sizeof err), -1,
		    "raw check: a lead byte without its continuation fails");
		is_str(err, "byte 3: invalid UTF-8 in string", "raw check: ... named");
		is_int(wsis_json_raw_check(&over, 0, over.len, err, sizeof err), -1,
		    "raw check: an overlong form fails");
		is_int(wsis_json_raw_check(&surr, 0, surr.len, err, sizeof err), -1,
		    "raw check: a surrogate in UTF-8 fails");
		is_int(wsis_json_raw_check(&ctl, 0, ctl.len, err, sizeof err), -1,
		    "raw check: a raw control character fails");
		is_int(wsis_json_raw_check(&quote, 0, quote.len, err, sizeof err), -1,
		    "raw check: a quote fails");
		is_int(wsis_json_raw_check(&good, 0, good.len + 1, err, sizeof err), -1,
		    "raw check: past the end fails");
	}
	wsis_buf_free(&b);
}

/* A hit's text bounded: its start, cut at a word, never inside a
 * character. */
static void
test_text_cut(void)
{
	static const struct { const char *text; size_t max; const char *want; } c[] = {
		{ "alpha beta gamma", 16, "alpha beta gamma" },   /* exactly N */
		{ "alpha beta gamma", 100, "alpha beta gamma" },
		{ "alpha beta gamma", 15, "alpha beta" },         /* N + 1 */
		{ "alpha beta gamma", 10, "alpha beta" },         /* the bound at a blank */
		{ "alpha beta gamma", 11, "alpha beta" },
		{ "alpha beta gamma", 6, "alpha" },
		{ "alpha  \n beta", 9, "alpha" },                 /* blanks before dropped */
		{ "alphabetagamma", 5, "alpha" },                 /* a word past the bound */
		{ "  alphabeta", 5, "  alp" },
		{ "\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9", 7, "\xc3\xa9t\xc3\xa9" },
		{ "\xc3\xa9\xc3\xa9\xc3\xa9", 3, "\xc3\xa9" },    /* never inside a character */
		{ "\xe4\xb8\xad\xe4\xb8\xad", 5, "\xe4\xb8\xad" },
		{ "\xf0\x9d\x84\x9e", 3, "" },
		{ "abc", 0, "" },
	};
	size_t i, n;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		n = wsis_passage_text_cut(c[i].text, strlen(c[i].text), c[i].max);
		ok(n == strlen(c[i].want) && memcmp(c[i].text, c[i].want, n) == 0,
		    "text cut at %zu: \"%s\" (%zu bytes kept)", c[i].max, c[i].want, n);
	}
}

/* A long text with the writer's escapes (no \u) read in parts: every part
 * asked, in any order, holds the decoded text's bytes; the stored offsets
 * of its plain bytes turn into the decoded text's; a \u escape is refused. */
static void
test_part(void)
{
	wsis_buf_t rawb = WSIS_BUF_INIT, dec = WSIS_BUF_INIT;
	wsis_json_part_t t = WSIS_JSON_PART_INIT;
	wsis_json_raw_t raw;
	size_t k, at = 0, from, to, bad = 0, nbad = 0, off[64], want[64], n = 0;
	unsigned long seed = 7;
	char err[128];

	/* 8000 or so stored bytes: words, multibyte characters, escapes */
	for (k = 0; k < 1200; k++) {
		static const char *const w[] = { "alpha ", "\xc3\xa9t\xc3\xa9 ", "\\n", "\\\"q\\\" ",
		    "\\\\ ", "\xe4\xb8\xad\xe6\x96\x87 ", "\\t", "a&b ", "\xf0\x9d\x84\x9e " };
		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		wsis_buf_puts(&rawb, w[(seed >> 33) % 9]);
	}
	raw.s = rawb.data;
	raw.len = rawb.len;
	is_int(wsis_json_raw_decode(&raw, &at, (size_t)-1, &dec, err, sizeof err), 0,
	    "part: the text decodes whole");
	is_int(wsis_json_part_open(&t, &raw), 0, "part: opened");
	is_int(t.len, dec.len, "part: its length is the decoded text's");
	for (k = 0; k < 400; k++) {
		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		from = (seed >> 33) % dec.len;
		to = from + (seed >> 20) % 700;
		if (wsis_json_part_read(&t, from, to, err, sizeof err) != 0) {
			bad++;
			continue;
		}
		if (to > dec.len)
			to = dec.len;
		if (memcmp(t.text + from, dec.data + from, to - from) != 0)
			bad++;
	}
	is_int(bad, 0, "part: 400 parts read in any order hold the decoded bytes");
	/* the stored offsets of every '&', and of each 100th plain byte */
	for (k = 0, at = 0; k < raw.len && n < 64; k++)
		if (raw.s[k] == '&')
			off[n++] = k;
	for (k = 0; k < n; k++) {
		const char *p = memchr(dec.data + (k ? want[k - 1] + 1 : 0), '&',
		    dec.len - (k ? want[k - 1] + 1 : 0));
		want[k] = p != NULL ? (size_t)(p - dec.data) : 0;
	}
	ok(n > 10 && wsis_json_part_offsets(&t, off, n) == 0, "part: %zu offsets turned", n);
	for (k = 0; k < n; k++)
		nbad += off[k] != want[k];
	is_int(nbad, 0, "part: each the decoded text's");
	raw.s = "ab \\u00e9 cd";
	raw.len = strlen(raw.s);
	is_int(wsis_json_part_open(&t, &raw), 1, "part: a \\u escape: read whole instead");
	raw.s = "ab\\";
	raw.len = 3;
	is_int(wsis_json_part_open(&t, &raw), 1, "part: a cut escape: read whole instead");
	wsis_json_part_free(&t);
	wsis_buf_free(&rawb);
	wsis_buf_free(&dec);
}

int
main(void)
{
	test_passage();
	test_raw_text();
	test_part();
	test_text_cut();
	test_unique_large();
	test_utf8();
	test_put_string();
	test_escape_offsets();
	test_to_json();
	test_from_json();
	test_depth();
	test_round_trip();
	test_dom();
	test_dom_keys();
	test_dom_depth();
	test_dom_passage();
	return tap_done();
}
