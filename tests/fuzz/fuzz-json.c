/* fuzz-json.c - the JSON readers over any bytes:
 *  - wsis_passage_from_json(): a passage that parses, written with
 *    wsis_passage_to_json(), parses back to the same passage;
 *  - wsis_passage_from_json_raw(): read raw, it decodes to the same text,
 *    whole, from its middle (wsis_json_raw_skip) and its first bytes;
 *  - wsis_json_raw_check(): any bytes pass it exactly when, between two
 *    quotes, they parse as one JSON string;
 *  - wsis_json_parse(): a tree that parses is walked with every accessor,
 *    and written compact and indented; both parse back and write the same
 *    compact text again. */
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "json.h"
#include "passage.h"

FUZZ_TARGET("json");

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The passage s[0..len), which parses with the text `text`, read raw:
 * its text decodes to the same bytes whole, from the middle, and for its
 * first bytes. */
static void
raw_text(const char *s, size_t len, const char *text)
{
	wsis_passage_t p;
	wsis_json_raw_t raw;
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t n = strlen(text), half = n / 2, at = 0;
	char err[256];

	FUZZ_CHECK(wsis_passage_from_json_raw(s, len, &p, &raw, err, sizeof err) == 0);
	FUZZ_CHECK(p.text == NULL);
	FUZZ_CHECK(wsis_json_raw_decode(&raw, &at, (size_t)-1, &b, err, sizeof err) == 0);
	FUZZ_CHECK(b.len == n && memcmp(b.data ? b.data : "", text, n) == 0);
	/* from the character in the middle */
	while (half > 0 && ((unsigned char)text[half] & 0xC0) == 0x80)
		half--;
	at = 0;
	wsis_buf_reset(&b);
	FUZZ_CHECK(wsis_json_raw_skip(&raw, &at, half) == 0);
	FUZZ_CHECK(wsis_json_raw_decode(&raw, &at, (size_t)-1, &b, err, sizeof err) == 0);
	FUZZ_CHECK(b.len == n - half && memcmp(b.data ? b.data : "", text + half,
	    n - half) == 0);
	at = 0;
	wsis_buf_reset(&b);
	FUZZ_CHECK(wsis_json_raw_decode(&raw, &at, half, &b, err, sizeof err) == 0);
	FUZZ_CHECK(b.len >= half && b.len <= n && memcmp(b.data ? b.data : "", text,
	    b.len) == 0);
	wsis_buf_free(&b);
	wsis_passage_clear(&p);
}

static void
passage(const char *s, size_t len)
{
	wsis_passage_t p, q;
	wsis_buf_t out = WSIS_BUF_INIT;
	char err[256];
	size_t i;
	int rc;

	err[0] = '\0';
	if (wsis_passage_from_json(s, len, &p, err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(p.id == NULL && p.text == NULL && p.nfields == 0);
		return;
	}
	FUZZ_CHECK(p.id != NULL && p.id[0] != '\0' && p.text != NULL);
	FUZZ_CHECK(wsis_passage_to_json(&p, &out) == 0);
	rc = wsis_passage_from_json(out.data, out.len, &q, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "written \"%s\" does not parse: %s\n", out.data, err);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(same(p.id, q.id) && same(p.part, q.part));
	FUZZ_CHECK(same(p.title, q.title) && same(p.text, q.text));
	FUZZ_CHECK(p.nfields == q.nfields);
	for (i = 0; i < p.nfields; i++)
		FUZZ_CHECK(same(p.fields[i].name, q.fields[i].name) &&
		    same(p.fields[i].value, q.fields[i].value));
	wsis_passage_clear(&q);
	raw_text(s, len, p.text);
	wsis_passage_clear(&p);
	wsis_buf_free(&out);
}

/* Calls every accessor on v and below; returns the number of values. */
static size_t
walk(const wsis_json_t *v, int depth)
{
	size_t n = 1, i, len, klen;
	const char *s;

	FUZZ_CHECK(depth <= 70);
	switch (wsis_json_type(v)) {
	case WSIS_JSON_STRING:
		s = wsis_json_string(v, &len);
		FUZZ_CHECK(s != NULL && strlen(s) == len);
		break;
	case WSIS_JSON_NUMBER:
		(void)wsis_json_number(v);
		break;
	case WSIS_JSON_BOOL:
		FUZZ_CHECK(wsis_json_bool(v) == 0 || wsis_json_bool(v) == 1);
		break;
	case WSIS_JSON_NULL:
		break;
	case WSIS_JSON_ARRAY:
		len = wsis_json_array_len(v);
		for (i = 0; i < len; i++)
			n += walk(wsis_json_array_at(v, i), depth + 1);
		FUZZ_CHECK(wsis_json_array_at(v, len) == NULL);
		break;
	case WSIS_JSON_OBJECT:
		len = wsis_json_object_len(v);
		for (i = 0; i < len; i++) {
			s = wsis_json_object_key(v, i, &klen);
			FUZZ_CHECK(s != NULL && strlen(s) == klen);
			/* keys are unique, so a lookup finds this member */
			FUZZ_CHECK(wsis_json_get(v, s) == wsis_json_object_value(v, i));
			n += walk(wsis_json_object_value(v, i), depth + 1);
		}
		FUZZ_CHECK(wsis_json_object_key(v, len, NULL) == NULL);
		FUZZ_CHECK(wsis_json_object_value(v, len) == NULL);
		break;
	default:
		FUZZ_CHECK(!"a value of no known type");
	}
	/* accessors of the wrong type answer NULL / 0 */
	if (wsis_json_type(v) != WSIS_JSON_OBJECT)
		FUZZ_CHECK(wsis_json_get(v, "id") == NULL && wsis_json_object_len(v) == 0);
	if (wsis_json_type(v) != WSIS_JSON_ARRAY)
		FUZZ_CHECK(wsis_json_array_len(v) == 0);
	if (wsis_json_type(v) != WSIS_JSON_STRING)
		FUZZ_CHECK(wsis_json_string(v, NULL) == NULL);
	return n;
}

static void
tree(const char *s, size_t len)
{
	wsis_json_t *v = NULL, *w = NULL;
	wsis_buf_t compact = WSIS_BUF_INIT, pretty = WSIS_BUF_INIT,
	    again = WSIS_BUF_INIT;
	char err[256];

	err[0] = '\0';
	if (wsis_json_parse(s, len, &v, err, sizeof err) != 0) {
		FUZZ_CHECK(v == NULL && err[0] != '\0');
		return;
	}
	FUZZ_CHECK(v != NULL);
	FUZZ_CHECK(walk(v, 0) <= WSIS_JSON_MAX_VALUES);
	FUZZ_CHECK(wsis_json_write(&compact, v, 0) == 0);
	FUZZ_CHECK(wsis_json_write(&pretty, v, 2) == 0);

	if (wsis_json_parse(compact.data, compact.len, &w, err, sizeof err) != 0)
		fprintf(stderr, "written \"%s\" does not parse: %s\n",
		    compact.data, err);
	FUZZ_CHECK(w != NULL);
	FUZZ_CHECK(wsis_json_write(&again, w, 0) == 0);
	FUZZ_CHECK(again.len == compact.len &&
	    memcmp(again.data, compact.data, compact.len) == 0);
	wsis_json_free(w);
	w = NULL;
	wsis_buf_reset(&again);

	FUZZ_CHECK(wsis_json_parse(pretty.data, pretty.len, &w, err, sizeof err) == 0);
	FUZZ_CHECK(wsis_json_write(&again, w, 0) == 0);
	FUZZ_CHECK(again.len == compact.len &&
	    memcmp(again.data, compact.data, compact.len) == 0);

	wsis_json_free(w);
	wsis_json_free(v);
	wsis_buf_free(&compact);
	wsis_buf_free(&pretty);
	wsis_buf_free(&again);
}

/* s[0..len) as a string's bytes: wsis_json_raw_check() passes them
 * exactly when the parser reads them, between quotes, as one string. */
static void
raw_check(const char *s, size_t len)
{
	wsis_json_raw_t raw = { s, len };
	wsis_buf_t quoted = WSIS_BUF_INIT;
	wsis_json_t *v = NULL;
	char err[256];
	int checked, parsed;

	checked = wsis_json_raw_check(&raw, 0, len, err, sizeof err) == 0;
	FUZZ_CHECK(wsis_buf_putc(&quoted, '"') == 0 && wsis_buf_append(&quoted, s, len) == 0 &&
	    wsis_buf_putc(&quoted, '"') == 0);
	parsed = wsis_json_parse(quoted.data, quoted.len, &v, err, sizeof err) == 0 &&
	    wsis_json_type(v) == WSIS_JSON_STRING;
	if (checked != parsed)
		fprintf(stderr, "raw check %d, parse %d\n", checked, parsed);
	FUZZ_CHECK(checked == parsed);
	wsis_json_free(v);
	wsis_buf_free(&quoted);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	passage((const char *)data, size);
	tree((const char *)data, size);
	raw_check((const char *)data, size);
	return 0;
}
