/* fuzz-httphead.c - wsis_http_parse_request() (an HTTP request head) over
 * any bytes: a head it accepts lies inside the input, its strings point
 * into it, and every shorter prefix of it is incomplete; a refusal has a
 * status and a message.  Then wsis_http_accepts_gzip(),
 * wsis_http_etag_matches() and wsis_http_path_decode() over the same
 * bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "httpparse.h"

FUZZ_TARGET("httphead");

static int
inside(const wsis_http_str_t *s, const char *buf, size_t len)
{
	return s->ptr == NULL || (s->ptr >= buf && s->ptr + s->len <= buf + len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	wsis_http_request_t r, r2;
	wsis_http_status_t st;
	size_t consumed = 0, c2, max_head = 1024;
	char *out;
	long n;

	st = wsis_http_parse_request(buf, size, max_head, &r, &consumed);
	if (st == WSIS_HTTP_OK) {
		FUZZ_CHECK(consumed > 0 && consumed <= size && consumed <= max_head);
		FUZZ_CHECK(inside(&r.path, buf, size) || r.path.len == 1);
		FUZZ_CHECK(inside(&r.query, buf, size));
		FUZZ_CHECK(inside(&r.accept_encoding, buf, size) && inside(&r.origin, buf, size));
		FUZZ_CHECK(inside(&r.if_none_match, buf, size) && inside(&r.host, buf, size));
		FUZZ_CHECK(r.method >= WSIS_HTTP_GET && r.method <= WSIS_HTTP_OTHER);
		FUZZ_CHECK(r.minor == 0 || r.minor == 1);
		FUZZ_CHECK(!(r.chunked && r.content_length > 0));
		/* the head alone parses the same; one byte less is not a head */
		FUZZ_CHECK(wsis_http_parse_request(buf, consumed, max_head, &r2, &c2) ==
		    WSIS_HTTP_OK && c2 == consumed && r2.method == r.method);
		FUZZ_CHECK(wsis_http_parse_request(buf, consumed - 1, max_head, &r2, &c2) !=
		    WSIS_HTTP_OK);
	} else if (st == WSIS_HTTP_NEED_MORE) {
		FUZZ_CHECK(consumed == 0 && size < max_head);
	} else {
		FUZZ_CHECK(st == WSIS_HTTP_ERR && consumed == 0);
		FUZZ_CHECK(r.status >= 400 && r.status <= 505 && r.message[0] != '\0');
		FUZZ_CHECK(memchr(r.message, '\0', sizeof r.message) != NULL);
	}
	(void)wsis_http_accepts_gzip(buf, size);
	(void)wsis_http_etag_matches(buf, size, "W/\"0123456789abcdef\"");
	out = malloc(size + 1);
	if (out == NULL)
		return 0;
	n = wsis_http_path_decode(buf, size, out);
	FUZZ_CHECK(n < 0 || ((size_t)n <= size && out[n] == '\0' && strlen(out) == (size_t)n));
	free(out);
	return 0;
}
