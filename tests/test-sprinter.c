/* test-sprinter.c - lib/sprinter.c: the JSON it writes (nesting, commas,
 * escapes, numbers), calls out of place, and allocations that fail.
 *
 * Linked with -Wl,--wrap=realloc: the buffer's realloc goes through
 * __wrap_realloc below, which fails once `fail_after` more calls have
 * succeeded (never while fail_after is negative). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "passage.h"
#include "sprinter.h"
#include "tap.h"

void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);

static long fail_after = -1;

void *
__wrap_realloc(void *p, size_t n)
{
	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	return __real_realloc(p, n);
}

/* A nested value with every kind of item. */
static void
write_sample(wsis_sprinter_t *sp)
{
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "a");
	wsis_sp_begin_list(sp);
	wsis_sp_uint(sp, 1);
	wsis_sp_int(sp, -2);
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "b");
	wsis_sp_null(sp);
	wsis_sp_end(sp);
	wsis_sp_begin_list(sp);
	wsis_sp_end(sp);
	wsis_sp_begin_map(sp);
	wsis_sp_end(sp);
	wsis_sp_end(sp);
	wsis_sp_map_key(sp, "c");
	wsis_sp_bool(sp, 1);
	wsis_sp_map_key(sp, "d");
	wsis_sp_string(sp, "x\"y");
	wsis_sp_map_key(sp, "e");
	wsis_sp_double(sp, 1.5, 3);
	wsis_sp_map_key(sp, "f");
	wsis_sp_raw(sp, "{\"g\":[]}", 8);
	wsis_sp_map_key(sp, "h");
	wsis_sp_bool(sp, 0);
	wsis_sp_end(sp);
}

#define SAMPLE "{\"a\":[1,-2,{\"b\":null},[],{}],\"c\":true,\"d\":\"x\\\"y\"," \
	"\"e\":1.500,\"f\":{\"g\":[]},\"h\":false}"

static void
test_nesting(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;
	int i;

	wsis_sp_json_init(&sp, &b);
	write_sample(&sp);
	is_int(wsis_sp_finish(&sp), 0, "a nested value finishes");
	is_str(b.data, SAMPLE, "commas and colons where they belong");

	/* bytes already in the buffer are kept; the value follows them */
	wsis_buf_reset(&b);
	wsis_buf_puts(&b, "OK ");
	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_list(&sp);
	wsis_sp_string(&sp, "a");
	wsis_sp_string(&sp, "b");
	wsis_sp_string(&sp, "c");
	wsis_sp_end(&sp);
	is_int(wsis_sp_finish(&sp), 0, "a list of three");
	is_str(b.data, "OK [\"a\",\"b\",\"c\"]", "appended after what was there");

	/* a scalar alone is a value */
	wsis_buf_reset(&b);
	wsis_sp_json_init(&sp, &b);
	wsis_sp_uint(&sp, 42);
	is_int(wsis_sp_finish(&sp), 0, "a number alone");
	is_str(b.data, "42", "a number alone is written as it is");

	/* WSIS_SP_MAX_DEPTH levels are allowed */
	wsis_buf_reset(&b);
	wsis_sp_json_init(&sp, &b);
	for (i = 0; i < WSIS_SP_MAX_DEPTH; i++)
		wsis_sp_begin_list(&sp);
	for (i = 0; i < WSIS_SP_MAX_DEPTH; i++)
		wsis_sp_end(&sp);
	is_int(wsis_sp_finish(&sp), 0, "%d levels", WSIS_SP_MAX_DEPTH);
	is_int(b.len, 2 * WSIS_SP_MAX_DEPTH, "%d brackets", 2 * WSIS_SP_MAX_DEPTH);

	/* maps in lists in maps: commas at each level on their own */
	wsis_buf_reset(&b);
	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_list(&sp);
	for (i = 0; i < 2; i++) {
		wsis_sp_begin_map(&sp);
		wsis_sp_map_key(&sp, "k");
		wsis_sp_begin_list(&sp);
		wsis_sp_uint(&sp, (unsigned long)i);
		wsis_sp_uint(&sp, (unsigned long)i + 1);
		wsis_sp_end(&sp);
		wsis_sp_map_key(&sp, "l");
		wsis_sp_uint(&sp, 9);
		wsis_sp_end(&sp);
	}
	wsis_sp_end(&sp);
	is_int(wsis_sp_finish(&sp), 0, "lists of maps of lists");
	is_str(b.data, "[{\"k\":[0,1],\"l\":9},{\"k\":[1,2],\"l\":9}]",
	    "each level separates its own items");
	wsis_buf_free(&b);
}

/* The sprinter's string is wsis_json_put_string()'s, byte for byte. */
static void
check_string(const char *s, size_t len, const char *what)
{
	wsis_buf_t b = WSIS_BUF_INIT, want = WSIS_BUF_INIT;
	wsis_sprinter_t sp;

	wsis_sp_json_init(&sp, &b);
	wsis_sp_string_len(&sp, s, len);
	ok(wsis_sp_finish(&sp) == 0 && wsis_json_put_string(&want, s, len) == 0 &&
	    b.len == want.len && memcmp(b.data, want.data, b.len) == 0,
	    "string %s as wsis_json_put_string writes it", what);
	wsis_buf_free(&b);
	wsis_buf_free(&want);
}

/* A string literal with its length, NULs inside counted. */
#define CHECK_STRING(lit, what) check_string((lit), sizeof (lit) - 1, (what))

static void
test_escaping(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;

	CHECK_STRING("plain", "plain");
	CHECK_STRING("q\"b\\s/", "quote and backslash");
	CHECK_STRING("\n\t\r\b\f\x01\x1f", "control characters");
	CHECK_STRING("a\0b", "with a NUL");
	CHECK_STRING("caf\xc3\xa9 \xe2\x80\xa6", "UTF-8");
	CHECK_STRING("bad \xff\xfe end", "invalid UTF-8");
	CHECK_STRING("", "empty");

	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_list(&sp);
	wsis_sp_string(&sp, NULL);
	wsis_sp_string_len(&sp, NULL, 0);
	wsis_sp_string(&sp, "\xe2\x80\xa6");
	wsis_sp_end(&sp);
	is_int(wsis_sp_finish(&sp), 0, "strings");
	is_str(b.data, "[null,\"\",\"\xe2\x80\xa6\"]",
	    "a NULL string is null, an empty one \"\"");

	/* keys are strings too */
	wsis_buf_reset(&b);
	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "a\"b");
	wsis_sp_uint(&sp, 1);
	wsis_sp_map_key(&sp, "line\nbreak");
	wsis_sp_uint(&sp, 2);
	wsis_sp_map_key(&sp, "caf\xc3\xa9");
	wsis_sp_uint(&sp, 3);
	wsis_sp_map_key(&sp, "");
	wsis_sp_uint(&sp, 4);
	wsis_sp_end(&sp);
	is_int(wsis_sp_finish(&sp), 0, "keys to escape");
	is_str(b.data, "{\"a\\\"b\":1,\"line\\nbreak\":2,\"caf\xc3\xa9\":3,\"\":4}",
	    "keys are escaped like strings");
	wsis_buf_free(&b);
}

/* What the sprinter writes for one double, against printf's "%.*f". */
static void
check_double(double v, unsigned decimals)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;
	char want[64];

	snprintf(want, sizeof want, "%.*f", (int)decimals, v);
	wsis_sp_json_init(&sp, &b);
	wsis_sp_double(&sp, v, decimals);
	ok(wsis_sp_finish(&sp) == 0 && b.data != NULL && strcmp(b.data, want) == 0,
	    "%.17g with %u decimals is %s", v, decimals, want);
	wsis_buf_free(&b);
}

static void
test_numbers(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;
	char want[128];

	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_list(&sp);
	wsis_sp_uint(&sp, 0);
	wsis_sp_uint(&sp, ULONG_MAX);
	wsis_sp_int(&sp, 0);
	wsis_sp_int(&sp, -1);
	wsis_sp_int(&sp, LONG_MAX);
	wsis_sp_int(&sp, LONG_MIN);
	wsis_sp_end(&sp);
	is_int(wsis_sp_finish(&sp), 0, "integers");
	snprintf(want, sizeof want, "[0,%lu,0,-1,%ld,%ld]", ULONG_MAX, LONG_MAX, LONG_MIN);
	is_str(b.data, want, "integers at their limits");

	check_double(15.69531, 4);     /* a score */
	check_double(0.00005, 4);
	check_double(0.4165, 3);       /* a took_ms */
	check_double(1234.5678, 3);
	check_double(2.5, 0);          /* an uptime: printf's tie to even */
	check_double(3.5, 0);
	check_double(-0.0, 3);
	check_double(-1.25, 1);
	check_double(1e20, 3);

	wsis_buf_reset(&b);
	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_list(&sp);
	wsis_sp_double(&sp, NAN, 3);
	wsis_sp_double(&sp, INFINITY, 3);
	wsis_sp_double(&sp, -INFINITY, 0);
	wsis_sp_end(&sp);
	is_int(wsis_sp_finish(&sp), 0, "numbers JSON cannot say");
	is_str(b.data, "[null,null,null]", "NaN and infinities are null");
	wsis_buf_free(&b);
}

/* A call out of place: the error is EMISUSE and the buffer holds what it
 * held before the sprinter began. */
static void
check_misuse(void (*write)(wsis_sprinter_t *), const char *what)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;

	wsis_buf_puts(&b, "before");
	wsis_sp_json_init(&sp, &b);
	write(&sp);
	is_int(wsis_sp_finish(&sp), -1, "%s: finish refuses", what);
	is_int(wsis_sp_error(&sp), WSIS_SP_EMISUSE, "%s: a misuse", what);
	is_str(b.data, "before", "%s: the buffer is as it was", what);
	wsis_buf_free(&b);
}

static void
end_alone(wsis_sprinter_t *sp)
{
	wsis_sp_end(sp);
}

static void
end_twice(wsis_sprinter_t *sp)
{
	wsis_sp_begin_list(sp);
	wsis_sp_end(sp);
	wsis_sp_end(sp);
}

static void
key_at_top(wsis_sprinter_t *sp)
{
	wsis_sp_map_key(sp, "k");
}

static void
key_in_list(wsis_sprinter_t *sp)
{
	wsis_sp_begin_list(sp);
	wsis_sp_map_key(sp, "k");
	wsis_sp_uint(sp, 1);
	wsis_sp_end(sp);
}

static void
value_without_key(wsis_sprinter_t *sp)
{
	wsis_sp_begin_map(sp);
	wsis_sp_uint(sp, 1);
	wsis_sp_end(sp);
}

static void
map_without_key(wsis_sprinter_t *sp)
{
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "k");
	wsis_sp_uint(sp, 1);
	wsis_sp_begin_list(sp);
	wsis_sp_end(sp);
	wsis_sp_end(sp);
}

static void
key_after_key(wsis_sprinter_t *sp)
{
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "k");
	wsis_sp_map_key(sp, "l");
	wsis_sp_uint(sp, 1);
	wsis_sp_end(sp);
}

static void
end_after_key(wsis_sprinter_t *sp)
{
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "k");
	wsis_sp_end(sp);
}

static void
two_values(wsis_sprinter_t *sp)
{
	wsis_sp_uint(sp, 1);
	wsis_sp_uint(sp, 2);
}

static void
too_deep(wsis_sprinter_t *sp)
{
	int i;

	for (i = 0; i <= WSIS_SP_MAX_DEPTH; i++)
		wsis_sp_begin_list(sp);
	for (i = 0; i <= WSIS_SP_MAX_DEPTH; i++)
		wsis_sp_end(sp);
}

static void
left_open(wsis_sprinter_t *sp)
{
	wsis_sp_begin_map(sp);
	wsis_sp_map_key(sp, "k");
	wsis_sp_begin_list(sp);
	wsis_sp_uint(sp, 1);
	wsis_sp_end(sp);
}

static void
nothing(wsis_sprinter_t *sp)
{
	(void)sp;
}

static void
test_misuse(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;

	check_misuse(end_alone, "end without a begin");
	check_misuse(end_twice, "end once too often");
	check_misuse(key_at_top, "a key outside a map");
	check_misuse(key_in_list, "a key in a list");
	check_misuse(value_without_key, "a value in a map without its key");
	check_misuse(map_without_key, "a list in a map without its key");
	check_misuse(key_after_key, "a key after a key");
	check_misuse(end_after_key, "an end after a key");
	check_misuse(two_values, "two values at the top");
	check_misuse(too_deep, "one level too deep");
	check_misuse(left_open, "a map left open");
	check_misuse(nothing, "no value");

	/* after an error nothing more is written, even what would be right */
	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_list(&sp);
	wsis_sp_uint(&sp, 1);
	wsis_sp_map_key(&sp, "k");
	{
		size_t len = b.len;
		wsis_sp_uint(&sp, 2);
		wsis_sp_end(&sp);
		is_int(b.len, len, "nothing is written after the error");
	}
	is_int(wsis_sp_finish(&sp), -1, "and finish still refuses");
	ok(b.len == 0, "the buffer is empty again");

	/* discard: the caller gives up halfway */
	wsis_buf_puts(&b, "kept");
	wsis_sp_json_init(&sp, &b);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "k");
	wsis_sp_string(&sp, "v");
	wsis_sp_discard(&sp);
	is_str(b.data, "kept", "discard cuts back to where it began");
	wsis_buf_free(&b);
}

static void
test_enomem(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	wsis_sprinter_t sp;
	long n;
	int done = 0, rc;

	/* fail the first realloc, then the second, ... until one is enough;
	 * each failure leaves the buffer as it was */
	for (n = 0; n < 200 && !done; n++) {
		wsis_buf_free(&b);
		wsis_buf_puts(&b, "pre ");
		if (wsis_buf_reserve(&b, 8) != 0)
			break;
		b.cap = b.len + 2;   /* as if full: the next append grows it */
		wsis_sp_json_init(&sp, &b);
		fail_after = n;
		write_sample(&sp);
		rc = wsis_sp_finish(&sp);
		fail_after = -1;
		if (rc == 0) {
			done = 1;
			is_str(b.data, "pre " SAMPLE, "with %ld reallocs it is whole", n);
		} else if (wsis_sp_error(&sp) != WSIS_SP_ENOMEM ||
		    strcmp(b.data, "pre ") != 0) {
			break;
		}
	}
	ok(done && n > 1, "every failed realloc before that is ENOMEM, the buffer as it was "
	    "(%ld tried)", n);
	wsis_buf_free(&b);
}

/* ---- a passage in a reply (passage.c) ----------------------------------- */

static unsigned long prng = 88172645463325252ul;

static unsigned
pick(unsigned n)
{
	prng ^= prng << 13;
	prng ^= prng >> 7;
	prng ^= prng << 17;
	return (unsigned)(prng % n);
}

/* The reference: which member a field of p becomes, by the rules of
 * doc/HTTP.md, written apart from passage.c.  A name's first field is the
 * field; para and day are numbers when they are 1 to 9 digits, and then
 * (with section and heading) members of their own; the rest go in
 * "fields". */
static int
ref_digits(const char *v)
{
	size_t i, n = strlen(v);

	if (n == 0 || n > 9)
		return 0;
	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return 1;
}

static const char *
ref_first(const wsis_passage_t *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nfields; i++)
		if (strcmp(p->fields[i].name, name) == 0)
			return p->fields[i].value;
	return NULL;
}

static int
ref_is_top(const char *name, const char *first)
{
	if (strcmp(name, "para") == 0 || strcmp(name, "day") == 0)
		return ref_digits(first);
	return strcmp(name, "section") == 0 || strcmp(name, "heading") == 0;
}

static void
ref_passage(wsis_sprinter_t *sp, const wsis_passage_t *p)
{
	static const char *const top[] = { "para", "section", "heading", "day" };
	size_t i, k, n = 0;
	const char *v;

	wsis_sp_map_key(sp, "id");
	wsis_sp_string(sp, p->id);
	wsis_sp_map_key(sp, "mark");   /* where AFTER_ID lands */
	wsis_sp_null(sp);
	wsis_sp_map_key(sp, "part");
	wsis_sp_string(sp, p->part);
	for (k = 0; k < 4; k++) {
		if ((v = ref_first(p, top[k])) == NULL || !ref_is_top(top[k], v))
			continue;
		wsis_sp_map_key(sp, top[k]);
		if (k == 0 || k == 3)
			wsis_sp_uint(sp, strtoul(v, NULL, 10));
		else
			wsis_sp_string(sp, v);
	}
	if (p->title != NULL) {
		wsis_sp_map_key(sp, "title");
		wsis_sp_string(sp, p->title);
	}
	for (i = 0; i < p->nfields; i++) {
		const char *name = p->fields[i].name;
		if (ref_first(p, name) != p->fields[i].value ||
		    ref_is_top(name, p->fields[i].value))
			continue;
		if (n++ == 0) {
			wsis_sp_map_key(sp, "fields");
			wsis_sp_begin_map(sp);
		}
		wsis_sp_map_key(sp, name);
		wsis_sp_string(sp, p->fields[i].value);
	}
	if (n > 0)
		wsis_sp_end(sp);
	/* what it cites: [] when nothing is stored (these passages cite
	 * nothing) */
	wsis_sp_map_key(sp, "citations");
	wsis_sp_raw(sp, "[]", 2);
	wsis_sp_map_key(sp, "before_text");
	wsis_sp_bool(sp, 1);
	wsis_sp_map_key(sp, "text");
	wsis_sp_string(sp, p->text);
}

static void
put_more(wsis_sprinter_t *sp, wsis_passage_at_t at, void *arg)
{
	(void)arg;
	if (at == WSIS_PASSAGE_AFTER_ID) {
		wsis_sp_map_key(sp, "mark");
		wsis_sp_null(sp);
	} else {
		wsis_sp_map_key(sp, "before_text");
		wsis_sp_bool(sp, 1);
	}
}

static void
test_passage_put(void)
{
	static const char *const names[] = { "para", "day", "section", "heading", "date",
		"room", "chapter", "para", "day" };
	static const char *const values[] = { "38", "0", "007", "123456789", "1234567890",
		"38bis", "", "2.1 Enhanced <Cooperation> & more", "Day 2", "-1", " 5" };
	wsis_passage_list_t list = { NULL, 0, 0 };
	wsis_buf_t got = WSIS_BUF_INIT, want = WSIS_BUF_INIT;
	int i, k, bad = 0, with_fields = 0, numbers = 0;

	for (i = 0; i < 500; i++) {
		char id[32];
		wsis_passage_t *p;
		wsis_sprinter_t a, b;
		int nf = (int)pick(6);

		snprintf(id, sizeof id, "p:%d", i);
		p = wsis_passage_list_add(&list, id, "part", "the <text> & \"more\"",
		    strlen("the <text> & \"more\""));
		if (p == NULL)
			break;
		if (pick(3) == 0)
			wsis_passage_set_title(p, "A <b>title</b>");
		for (k = 0; k < nf; k++)
			wsis_passage_add_field(p, names[pick(9)], values[pick(11)]);
		wsis_buf_reset(&got);
		wsis_buf_reset(&want);
		wsis_sp_json_init(&a, &got);
		wsis_sp_begin_map(&a);
		wsis_passage_put(&a, p, put_more, NULL);
		wsis_sp_end(&a);
		wsis_sp_json_init(&b, &want);
		wsis_sp_begin_map(&b);
		ref_passage(&b, p);
		wsis_sp_end(&b);
		if (wsis_sp_finish(&a) != 0 || wsis_sp_finish(&b) != 0 ||
		    strcmp(got.data, want.data) != 0) {
			if (bad++ < 3)
				printf("# passage %d:\n#   got  %s\n#   want %s\n", i, got.data, want.data);
		}
		with_fields += strstr(got.data, "\"fields\"") != NULL;
		numbers += strstr(got.data, "\"para\":") != NULL &&
		    strstr(got.data, "\"para\":\"") == NULL;
	}
	ok(bad == 0, "500 generated passages written as the reference says (%d differ)", bad);
	ok(with_fields > 50 && numbers > 50, "with other fields (%d) and numbers (%d) among them",
	    with_fields, numbers);
	wsis_buf_reset(&got);
	{
		wsis_passage_t *p = &list.items[0];
		wsis_sprinter_t a;

		wsis_sp_json_init(&a, &got);
		wsis_sp_begin_map(&a);
		wsis_passage_put(&a, p, NULL, NULL);
		wsis_sp_end(&a);
		if (!ok(wsis_sp_finish(&a) == 0 &&
		    strncmp(got.data, "{\"id\":\"p:0\",\"part\":", 19) == 0 &&
		    strstr(got.data, "\"text\":\"the <text> & \\\"more\\\"\"}") != NULL,
		    "without a callback: the passage alone, its text raw") && got.data != NULL)
			printf("# %s\n", got.data);
	}
	wsis_passage_list_free(&list);
	wsis_buf_free(&got);
	wsis_buf_free(&want);
}

int
main(void)
{
	test_nesting();
	test_escaping();
	test_numbers();
	test_misuse();
	test_enomem();
	test_passage_put();
	return tap_done();
}
