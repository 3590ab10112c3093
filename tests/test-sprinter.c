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

int
main(void)
{
	test_nesting();
	test_escaping();
	test_numbers();
	test_misuse();
	test_enomem();
	return tap_done();
}
