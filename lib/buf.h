/* buf.h - a growable byte buffer, always NUL-terminated after `len` bytes. */
#ifndef WSIS_BUF_H
#define WSIS_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char  *data;   /* NULL until the first append */
	size_t len;
	size_t cap;
} wsis_buf_t;

#define WSIS_BUF_INIT { NULL, 0, 0 }

/* Each returns 0, or -1 when out of memory (the buffer is then unchanged). */
int  wsis_buf_append(wsis_buf_t *b, const void *data, size_t len);
int  wsis_buf_puts(wsis_buf_t *b, const char *s);
int  wsis_buf_putc(wsis_buf_t *b, char c);
int  wsis_buf_printf(wsis_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int  wsis_buf_vprintf(wsis_buf_t *b, const char *fmt, va_list ap);
/* n in decimal, and v with `decimals` digits after the point: what
 * printf's "%lu" and "%.*f" print (printf itself prints v when it is not a
 * number, beyond 1e15, or within a millionth of a rounding tie). */
int  wsis_buf_put_ulong(wsis_buf_t *b, unsigned long n);
int  wsis_buf_put_fixed(wsis_buf_t *b, double v, unsigned decimals);
/* Makes room for `extra` more bytes without changing len. */
int  wsis_buf_reserve(wsis_buf_t *b, size_t extra);
/* Drops the first n bytes (n <= len). */
void wsis_buf_consume(wsis_buf_t *b, size_t n);
void wsis_buf_reset(wsis_buf_t *b);              /* len = 0, keeps memory */
/* Gives the room past len + 1 (the NUL) back to the allocator when it is
 * more than a quarter of len: a buffer kept for a while then holds what it
 * uses, not up to twice that from growing by doubling.  When realloc
 * fails the buffer stays as it was. */
void wsis_buf_shrink(wsis_buf_t *b);
/* Hands the data to the caller (who frees it) and empties the buffer.
 * Never NULL unless out of memory: an empty buffer gives "". */
char *wsis_buf_detach(wsis_buf_t *b);
void wsis_buf_free(wsis_buf_t *b);

#endif
