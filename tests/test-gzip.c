/* test-gzip.c - searchd/gzip.c: each reply is one whole gzip member that
 * inflates to the body and its newline, whatever the thread's kept stream
 * compressed before; appending keeps what the buffer held. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gzip.h"
#include "tap.h"

/* Inflates one gzip member of in[0..len) into out; 0 when it is whole and
 * nothing follows it. */
static int
gunzip(const char *in, size_t len, wsis_buf_t *out)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	do {
		if (wsis_buf_reserve(out, 65536) != 0)
			break;
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len += 65536 - z.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.avail_in == 0 ? 0 : -1;
}

/* Compresses body[0..len) and checks the round trip. */
static void
round_trip(const char *what, const char *body, size_t len)
{
	wsis_buf_t z = WSIS_BUF_INIT, back = WSIS_BUF_INIT;
	int rc = gzip_reply(body, len, &z);

	ok(rc == 0 && gzip_is_gzip(z.data, z.len), "%s: a gzip member (%zu -> %zu bytes)",
	    what, len, z.len);
	ok(rc == 0 && gunzip(z.data, z.len, &back) == 0 && back.len == len + 1 &&
	    memcmp(back.data, body, len) == 0 && back.data[len] == '\n',
	    "%s: inflates to the body and a newline", what);
	wsis_buf_free(&z);
	wsis_buf_free(&back);
}

/* Words from a fixed generator: text that compresses like a reply does. */
static char *
text(size_t len)
{
	static const char *const words[] = { "enhanced", "cooperation", "the", "of",
		"internet", "governance", "\"women\"", "{\"id\":", "draft:38", ",", "ICTs" };
	char *s = malloc(len + 1);
	uint32_t x = 12345;
	size_t n = 0;

	while (s != NULL && n < len) {
		const char *w;
		size_t k;
		x = x * 1103515245u + 12345u;
		w = words[(x >> 16) % (sizeof words / sizeof words[0])];
		for (k = 0; w[k] != '\0' && n < len; k++)
			s[n++] = w[k];
		if (n < len)
			s[n++] = (x >> 8) & 1 ? ' ' : (char)('a' + (x >> 24) % 26);
	}
	if (s != NULL)
		s[len] = '\0';
	return s;
}

static void *
in_thread(void *arg)
{
	wsis_buf_t z = WSIS_BUF_INIT, back = WSIS_BUF_INIT;
	const char *body = arg;
	size_t len = strlen(body);
	intptr_t good = gzip_reply(body, len, &z) == 0 &&
	    gunzip(z.data, z.len, &back) == 0 && back.len == len + 1 &&
	    memcmp(back.data, body, len) == 0;

	wsis_buf_free(&z);
	wsis_buf_free(&back);
	return (void *)good;   /* the thread's stream goes with it */
}

int
main(void)
{
	char *big = text(1u << 20), *mid = text(7500);
	wsis_buf_t z = WSIS_BUF_INIT, back = WSIS_BUF_INIT;
	pthread_t t;
	void *good = NULL;
	int rc;

	if (big == NULL || mid == NULL)
		return 1;
	round_trip("empty body", "", 0);
	round_trip("one byte", "{", 1);
	round_trip("a WSIS-sized reply (7,500 bytes)", mid, strlen(mid));
	round_trip("1 MB", big, strlen(big));
	/* the kept stream is reset: what it compressed before leaves no trace */
	round_trip("a short body after 1 MB", "{\"query\":\"women\"}", 17);
	round_trip("the 7,500 bytes again", mid, strlen(mid));
	/* and it compresses: a reply that would go out stored, as at level 0,
	 * is a few bytes longer than the plain one */
	rc = gzip_reply(mid, strlen(mid), &z);
	ok(rc == 0 && z.len < strlen(mid) / 2,
	    "a 7,500-byte reply compresses to under half (%zu bytes)", z.len);
	z.len = 0;
	ok(strlen(big) > 1000000, "the 1 MB body is that long");

	/* appending: what the buffer held stays, the member follows it */
	wsis_buf_puts(&z, "HEAD");
	ok(gzip_reply(mid, strlen(mid), &z) == 0 && z.len > 4 && memcmp(z.data, "HEAD", 4) == 0,
	    "appends after what the buffer holds");
	ok(gzip_is_gzip(z.data + 4, z.len - 4) && gunzip(z.data + 4, z.len - 4, &back) == 0 &&
	    back.len == strlen(mid) + 1, "and the member after it inflates whole");
	wsis_buf_free(&z);
	wsis_buf_free(&back);

	ok(!gzip_is_gzip("{\"query\":1}", 11), "a JSON reply is not gzip");
	ok(!gzip_is_gzip("\x1f\x8b", 2), "two bytes are not a gzip header");
	ok(!gzip_is_gzip("\x1f\x8b\x07", 3), "nor a method other than deflate");
	ok(gzip_is_gzip("\x1f\x8b\x08", 3), "1f 8b 08 is");

	/* another thread has a stream of its own, freed when it ends */
	ok(pthread_create(&t, NULL, in_thread, mid) == 0 && pthread_join(t, &good) == 0 &&
	    good != NULL, "a second thread compresses with its own stream");
	/* freeing this thread's stream: the next reply makes a new one */
	gzip_thread_free();
	gzip_thread_free();
	round_trip("after gzip_thread_free()", mid, strlen(mid));
	gzip_thread_free();

	free(big);
	free(mid);
	return tap_done();
}
