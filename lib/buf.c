/* buf.c - growable byte buffer. */
#include "buf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
wsis_buf_reserve(wsis_buf_t *b, size_t extra)
{
	size_t need, ncap;
	char *n;

	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	n = realloc(b->data, ncap);
	if (n == NULL)
		return -1;
	b->data = n;
	b->cap = ncap;
	return 0;
}

int
wsis_buf_append(wsis_buf_t *b, const void *data, size_t len)
{
	if (wsis_buf_reserve(b, len) != 0)
		return -1;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
wsis_buf_puts(wsis_buf_t *b, const char *s)
{
	return wsis_buf_append(b, s, strlen(s));
}

int
wsis_buf_putc(wsis_buf_t *b, char c)
{
	return wsis_buf_append(b, &c, 1);
}

int
wsis_buf_vprintf(wsis_buf_t *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n;

	/* one pass when it fits in the room left, a second after growing */
	va_copy(ap2, ap);
	n = vsnprintf(room > 0 ? b->data + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -1;
	if ((size_t)n >= room) {
		if (wsis_buf_reserve(b, (size_t)n) != 0) {
			if (b->data != NULL)
				b->data[b->len] = '\0';
			return -1;
		}
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
	return 0;
}

int
wsis_buf_printf(wsis_buf_t *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = wsis_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int
wsis_buf_put_ulong(wsis_buf_t *b, unsigned long n)
{
	char d[24];
	size_t i = sizeof d;

	do
		d[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	return wsis_buf_append(b, d + i, sizeof d - i);
}

int
wsis_buf_put_fixed(wsis_buf_t *b, double v, unsigned decimals)
{
	static const double scale[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
	double x, whole;
	unsigned long long u;
	char d[40];
	size_t i = sizeof d;
	unsigned k;
	int neg = signbit(v) != 0;

	if (decimals >= sizeof scale / sizeof scale[0])
		return wsis_buf_printf(b, "%.*f", (int)decimals, v);
	x = (neg ? -v : v) * scale[decimals];
	/* printf's own way where rounding is close to a tie, the value is
	 * too large for the integer path, or not a number */
	if (!(x < 1e15))
		return wsis_buf_printf(b, "%.*f", (int)decimals, v);
	whole = (double)(unsigned long long)x;
	if (x - whole > 0.5 - 1e-6 && x - whole < 0.5 + 1e-6)
		return wsis_buf_printf(b, "%.*f", (int)decimals, v);
	u = (unsigned long long)(x + 0.5);
	for (k = 0; k < decimals; k++) {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	}
	if (decimals > 0)
		d[--i] = '.';
	do
		d[--i] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (neg)
		d[--i] = '-';
	return wsis_buf_append(b, d + i, sizeof d - i);
}

void
wsis_buf_consume(wsis_buf_t *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
	} else {
		memmove(b->data, b->data + n, b->len - n);
		b->len -= n;
	}
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

void
wsis_buf_reset(wsis_buf_t *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
wsis_buf_shrink(wsis_buf_t *b)
{
	char *n;

	if (b->data == NULL || b->cap - b->len - 1 <= b->len / 4)
		return;
	n = realloc(b->data, b->len + 1);
	if (n == NULL)
		return;
	b->data = n;
	b->cap = b->len + 1;
}

char *
wsis_buf_detach(wsis_buf_t *b)
{
	char *d;

	if (b->data == NULL && wsis_buf_reserve(b, 0) != 0)
		return NULL;
	d = b->data;
	d[b->len] = '\0';
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void
wsis_buf_free(wsis_buf_t *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
