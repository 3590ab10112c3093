/* test-buf.c - lib/buf.c: growth, NUL termination, consume, detach. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"

static void
test_append(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t i;

	ok(b.data == NULL && b.len == 0, "a new buffer is empty");
	is_int(wsis_buf_append(&b, "abc", 3), 0, "append");
	is_int(b.len, 3, "len after append");
	is_str(b.data, "abc", "NUL-terminated after append");
	is_int(wsis_buf_append(&b, "xyz", 0), 0, "append of nothing");
	is_str(b.data, "abc", "append of nothing changes nothing");
	is_int(wsis_buf_puts(&b, "de"), 0, "puts");
	is_int(wsis_buf_putc(&b, 'f'), 0, "putc");
	is_str(b.data, "abcdef", "puts and putc append");
	is_int(wsis_buf_append(&b, "g\0h", 3), 0, "append with a NUL inside");
	is_int(b.len, 9, "len counts the NUL");
	ok(memcmp(b.data, "abcdefg\0h", 10) == 0, "bytes kept, NUL-terminated");
	wsis_buf_free(&b);
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "free empties it");
	wsis_buf_free(&b);
	ok(1, "free twice is harmless");

	for (i = 0; i < 100000; i++) {
		if (wsis_buf_putc(&b, (char)('a' + i % 26)) != 0)
			break;
	}
	is_int(b.len, 100000, "100000 putc");
	ok(b.cap > b.len && b.data[b.len] == '\0', "capacity leaves room for NUL");
	ok(b.data[99999] == (char)('a' + 99999 % 26), "last byte right");
	wsis_buf_free(&b);
}

static void
test_printf(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	char big[5000];

	is_int(wsis_buf_printf(&b, "%s:%d", "notes.md", 3), 0, "printf");
	is_str(b.data, "notes.md:3", "printf output");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	is_int(wsis_buf_printf(&b, "[%s]", big), 0, "printf longer than capacity");
	is_int(b.len, 10 + 2 + 4999, "printf len");
	ok(b.data[10] == '[' && b.data[b.len - 1] == ']' && b.data[b.len] == '\0',
	    "printf appended whole and NUL-terminated");
	is_int(wsis_buf_printf(&b, "%s", ""), 0, "printf of nothing");
	is_int(b.len, 10 + 2 + 4999, "printf of nothing adds nothing");
	wsis_buf_free(&b);
}

/* The printf of `fmt` (one double and its decimals) and what
 * wsis_buf_put_fixed() writes, compared. */
static int
fixed_is_printf(double v, unsigned decimals)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	char want[512];
	int same;

	snprintf(want, sizeof want, "%.*f", (int)decimals, v);
	same = wsis_buf_put_fixed(&b, v, decimals) == 0 && strcmp(b.data, want) == 0;
	if (!same)
		printf("# %.17g with %u decimals: printf \"%s\", put_fixed \"%s\"\n", v, decimals,
		    want, b.data ? b.data : "(null)");
	wsis_buf_free(&b);
	return same;
}

static void
test_numbers(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	static const double fixed[] = { 0, -0.0, 1, -1, 0.5, 1.5, 2.5, 0.00005, 0.00015,
	    0.12345, 9.99995, 9.99994999, 12.3456789, -3.14159, 1e-9, 123456789.98765,
	    1e14, 1e15, 1e300, -1e300 };
	unsigned long seed = 12345;
	int i, bad = 0;
	unsigned d;

	is_int(wsis_buf_put_ulong(&b, 0), 0, "put_ulong 0");
	is_int(wsis_buf_put_ulong(&b, 42), 0, "put_ulong 42");
	is_int(wsis_buf_put_ulong(&b, ULONG_MAX), 0, "put_ulong the largest");
	{
		char want[64];
		snprintf(want, sizeof want, "042%lu", ULONG_MAX);
		is_str(b.data, want, "put_ulong prints as printf %%lu does");
	}
	wsis_buf_free(&b);

	for (i = 0; i < (int)(sizeof fixed / sizeof fixed[0]); i++)
		for (d = 0; d <= 7; d++)
			bad += !fixed_is_printf(fixed[i], d);
	bad += !fixed_is_printf(NAN, 4) + !fixed_is_printf(INFINITY, 3) +
	    !fixed_is_printf(-INFINITY, 3);
	/* scores and milliseconds as the replies hold them */
	for (i = 0; i < 200000; i++) {
		double v;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		v = (double)(seed >> 11) / (double)(1UL << 53) * (i % 2 ? 40.0 : 100000.0);
		bad += !fixed_is_printf(i % 7 == 0 ? -v : v, (unsigned)(i % 5));
		if (bad > 10)
			break;
	}
	is_int(bad, 0, "put_fixed prints as printf %%.*f does (200,000 values, ties, edges)");
}

static void
test_reserve(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	char *data;
	size_t cap;

	is_int(wsis_buf_reserve(&b, 100), 0, "reserve");
	ok(b.cap >= 101 && b.len == 0, "reserve makes room, len unchanged");
	data = b.data;
	cap = b.cap;
	is_int(wsis_buf_append(&b, "0123456789", 10), 0, "append after reserve");
	ok(b.data == data && b.cap == cap, "no realloc within reserved room");
	is_int(wsis_buf_reserve(&b, SIZE_MAX), -1, "impossible reserve fails");
	is_int(wsis_buf_reserve(&b, SIZE_MAX - 5), -1, "overflowing reserve fails");
	is_str(b.data, "0123456789", "failed reserve leaves the buffer unchanged");
	is_int(wsis_buf_append(&b, "x", SIZE_MAX), -1, "impossible append fails");
	is_int(b.len, 10, "failed append leaves len unchanged");
	wsis_buf_free(&b);
}

static void
test_consume_reset(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;

	wsis_buf_consume(&b, 0);
	ok(b.len == 0, "consume on an empty buffer");
	wsis_buf_reset(&b);
	ok(b.len == 0 && b.data == NULL, "reset on an empty buffer");
	wsis_buf_puts(&b, "line one\nline two\n");
	wsis_buf_consume(&b, 9);
	is_str(b.data, "line two\n", "consume drops the front");
	is_int(b.len, 9, "len after consume");
	wsis_buf_consume(&b, 100);
	is_int(b.len, 0, "consume more than len empties");
	is_str(b.data, "", "and keeps NUL termination");
	wsis_buf_puts(&b, "again");
	wsis_buf_reset(&b);
	ok(b.len == 0 && b.data != NULL && b.data[0] == '\0',
	    "reset keeps memory, empty string");
	wsis_buf_free(&b);
}

static void
test_detach(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	char *s;

	s = wsis_buf_detach(&b);
	is_str(s, "", "detach of an empty buffer gives \"\"");
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "buffer emptied");
	free(s);
	wsis_buf_puts(&b, "hello");
	s = wsis_buf_detach(&b);
	is_str(s, "hello", "detach hands over the data");
	ok(b.data == NULL && b.len == 0, "buffer emptied after detach");
	wsis_buf_puts(&b, "reused");
	is_str(b.data, "reused", "buffer reusable after detach");
	free(s);
	wsis_buf_free(&b);
}

static void
test_shrink(void)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	char big[1100];

	wsis_buf_shrink(&b);
	ok(b.data == NULL && b.cap == 0, "shrink of an empty buffer does nothing");
	memset(big, 'x', sizeof big);
	wsis_buf_append(&b, big, 1000);
	is_int((long)b.cap, 1024, "1,000 bytes grow the buffer to 1,024");
	wsis_buf_shrink(&b);
	is_int((long)b.cap, 1024, "shrink keeps a slack of 23 bytes (under a quarter)");
	wsis_buf_append(&b, big, 100);
	is_int((long)b.cap, 2048, "1,100 bytes grow it to 2,048");
	wsis_buf_shrink(&b);
	is_int((long)b.cap, 1101, "shrink leaves room for the bytes and the NUL");
	ok(b.len == 1100 && b.data[1100] == '\0' && b.data[0] == 'x' && b.data[1099] == 'x',
	    "the bytes and the NUL are kept");
	wsis_buf_putc(&b, 'y');
	ok(b.len == 1101 && b.data[1100] == 'y' && b.data[1101] == '\0',
	    "the buffer grows again after a shrink");
	wsis_buf_free(&b);
}

int
main(void)
{
	test_append();
	test_printf();
	test_numbers();
	test_reserve();
	test_consume_reset();
	test_detach();
	test_shrink();
	return tap_done();
}
