/* gzip.c - gzip bodies for HTTP replies, one kept stream a thread (gzip.h). */
#include "gzip.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static pthread_key_t  gzip_key;
static pthread_once_t gzip_once = PTHREAD_ONCE_INIT;
static int            gzip_key_ok;

static void
gzip_stream_free(void *arg)
{
	z_stream *z = arg;

	deflateEnd(z);
	free(z);
}

static void
gzip_key_init(void)
{
	gzip_key_ok = pthread_key_create(&gzip_key, gzip_stream_free) == 0;
}

/* The calling thread's stream, ready for a new member; NULL when out of
 * memory. */
static z_stream *
gzip_stream(void)
{
	z_stream *z;

	pthread_once(&gzip_once, gzip_key_init);
	if (!gzip_key_ok)
		return NULL;
	z = pthread_getspecific(gzip_key);
	if (z != NULL)
		return deflateReset(z) == Z_OK ? z : NULL;
	if ((z = calloc(1, sizeof *z)) == NULL)
		return NULL;
	/* windowBits 15 + 16: a gzip wrapper rather than zlib's */
	if (deflateInit2(z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	if (pthread_setspecific(gzip_key, z) != 0) {
		gzip_stream_free(z);
		return NULL;
	}
	return z;
}

int
gzip_reply(const char *data, size_t len, wsis_buf_t *out)
{
	static const char newline[] = "\n";
	z_stream *z = gzip_stream();
	size_t start = out->len;
	int rc = Z_OK, last = 0;

	if (z == NULL || len > UINT32_MAX - 1)
		return -1;
	z->next_in = (Bytef *)(uintptr_t)data;
	z->avail_in = (uInt)len;
	while (rc != Z_STREAM_END) {
		size_t room = deflateBound(z, z->avail_in + 1) + 16;
		uInt avail;
		if (z->avail_in == 0 && !last) {
			/* the body is in: the newline ends the member */
			z->next_in = (Bytef *)(uintptr_t)newline;
			z->avail_in = 1;
			last = 1;
		}
		if (room > UINT32_MAX || wsis_buf_reserve(out, room) != 0)
			goto fail;
		avail = (uInt)room;
		z->next_out = (Bytef *)out->data + out->len;
		z->avail_out = avail;
		rc = deflate(z, last ? Z_FINISH : Z_NO_FLUSH);
		out->len += avail - z->avail_out;
		if (rc == Z_STREAM_ERROR)
			goto fail;
	}
	out->data[out->len] = '\0';
	return 0;
fail:
	out->len = start;
	if (out->data != NULL)
		out->data[start] = '\0';
	return -1;
}

int
gzip_is_gzip(const char *data, size_t len)
{
	/* ID1 ID2 CM: the magic bytes and "deflate" (RFC 1952, 2.3.1) */
	return len >= 3 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b &&
	    data[2] == 8;
}

void
gzip_thread_free(void)
{
	z_stream *z;

	if (!gzip_key_ok)
		return;
	z = pthread_getspecific(gzip_key);
	if (z != NULL) {
		pthread_setspecific(gzip_key, NULL);
		gzip_stream_free(z);
	}
}
