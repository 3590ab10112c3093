/* test-httpparse.c - the HTTP request head parser (lib/httpparse.c): good
 * heads and what it reads from them, every prefix of each incomplete,
 * pipelined heads one after the other, and the heads it must refuse, each
 * with its status; then Accept-Encoding and path decoding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httpparse.h"
#include "tap.h"

/* An exact-size heap copy, so the sanitizer catches a read past `len`. */
static char *held;

static const char *
hold(const char *s, size_t len)
{
	free(held);
	held = malloc(len ? len : 1);
	if (held == NULL)
		abort();
	memcpy(held, s, len);
	return held;
}

static wsis_http_status_t
parse(const char *s, size_t len, size_t max_head, wsis_http_request_t *r, size_t *consumed)
{
	return wsis_http_parse_request(hold(s, len), len, max_head, r, consumed);
}

static int
str_is(wsis_http_str_t s, const char *want)
{
	if (want == NULL)
		return s.ptr == NULL;
	return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static const struct good {
	const char *head;
	wsis_http_method_t method;
	const char *path, *query;
	int minor, keep_alive;
	unsigned long long length;
	int chunked;
	const char *accept_encoding, *origin;
} goods[] = {
	{ "GET /search?q=women&limit=3 HTTP/1.1\r\nHost: x\r\n\r\n", WSIS_HTTP_GET,
	  "/search", "q=women&limit=3", 1, 1, 0, 0, NULL, NULL },
	{ "HEAD /health HTTP/1.0\r\n\r\n", WSIS_HTTP_HEAD, "/health", NULL, 0, 0, 0, 0,
	  NULL, NULL },
	{ "GET /health HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", WSIS_HTTP_GET, "/health",
	  NULL, 0, 1, 0, 0, NULL, NULL },
	{ "GET /x HTTP/1.1\r\nHost: h\r\nconnection: upgrade, CLOSE\r\n\r\n", WSIS_HTTP_GET, "/x", NULL,
	  1, 0, 0, 0, NULL, NULL },
	{ "POST /reload HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n\r\n", WSIS_HTTP_POST, "/reload",
	  NULL, 1, 1, 12, 0, NULL, NULL },
	{ "GET /s?q= HTTP/1.1\nHost: h\nAccept-Encoding:  gzip, br \t\nOrigin: https://a.example\n\n",
	  WSIS_HTTP_GET, "/s", "q=", 1, 1, 0, 0, "gzip, br", "https://a.example" },
	{ "\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", WSIS_HTTP_OPTIONS, "*", NULL, 1, 1, 0, 0,
	  NULL, NULL },
	{ "GET http://example.org:80/doc/a?b HTTP/1.1\r\nHost: h\r\n\r\n", WSIS_HTTP_GET, "/doc/a", "b",
	  1, 1, 0, 0, NULL, NULL },
	{ "GET http://example.org HTTP/1.1\r\nHost: h\r\n\r\n", WSIS_HTTP_GET, "/", NULL, 1, 1, 0, 0,
	  NULL, NULL },
	{ "PATCH /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", WSIS_HTTP_PATCH, "/x",
	  NULL, 1, 1, 0, 1, NULL, NULL },
	{ "BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n", WSIS_HTTP_OTHER, "/pot", NULL, 1, 1, 0, 0, NULL,
	  NULL },
	{ "get /x HTTP/1.1\r\nHost: h\r\n\r\n", WSIS_HTTP_OTHER, "/x", NULL, 1, 1, 0, 0, NULL, NULL },
	{ "GET /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n", WSIS_HTTP_GET,
	  "/x", NULL, 1, 1, 5, 0, NULL, NULL },
};

static const struct bad {
	const char *head;
	int status;
	const char *why;
} bads[] = {
	{ "GET /x HTTP/2.0\r\n\r\n", 505, "version not supported" },
	{ "GET /x HTTP/1.2\r\n\r\n", 505, "version not supported" },
	{ "GET /x HTTPS/1.1\r\n\r\n", 400, "malformed HTTP version" },
	{ "GET /x\r\n\r\n", 400, "malformed request line" },
	{ "GET  /x HTTP/1.1\r\n\r\n", 400, "malformed request line" },
	{ " GET /x HTTP/1.1\r\n\r\n", 400, "malformed request line" },
	{ "GET x HTTP/1.1\r\n\r\n", 400, "malformed request target" },
	{ "G(T /x HTTP/1.1\r\n\r\n", 400, "malformed request line" },
	{ "GET /x HTTP/1.1\r\n folded: yes\r\n\r\n", 400, "folded" },
	{ "GET /x HTTP/1.1\r\nno colon\r\n\r\n", 400, "malformed header field" },
	{ "GET /x HTTP/1.1\r\n: empty name\r\n\r\n", 400, "malformed header field" },
	{ "GET /x HTTP/1.1\r\nBad Name: 1\r\n\r\n", 400, "malformed header field" },
	{ "GET /x HTTP/1.1\r\nX: a\x01z\r\n\r\n", 400, "control byte" },
	{ "GET /x HTTP/1.1\r\nX: a\rb\r\n\r\n", 400, "stray byte" },
	{ "GET /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "bad Content-Length" },
	{ "GET /x HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", 400, "bad Content-Length" },
	{ "GET /x HTTP/1.1\r\nContent-Length:\r\n\r\n", 400, "bad Content-Length" },
	{ "GET /x HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400,
	  "bad Content-Length" },
	{ "GET /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400,
	  "conflicting" },
	{ "GET /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
	  "both Content-Length and Transfer-Encoding" },
	{ "GET /x HTTP/1.1\r\n\r\n", 400, "needs a Host field" },
	{ "GET /x HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", 400, "more than one Host" },
};

static void
test_good(void)
{
	size_t i, k;

	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		const struct good *g = &goods[i];
		size_t len = strlen(g->head), consumed = 99, c2;
		wsis_http_request_t r;
		int st = parse(g->head, len, 8192, &r, &consumed), prefixes_ok = 1;

		ok(st == WSIS_HTTP_OK && consumed == len, "good head %zu parses whole (%d, %zu)", i,
		    st, consumed);
		ok(r.method == g->method && str_is(r.path, g->path) && str_is(r.query, g->query),
		    "good head %zu: method, path and query", i);
		ok(r.minor == g->minor && r.keep_alive == g->keep_alive,
		    "good head %zu: HTTP/1.%d, keep-alive %d", i, r.minor, r.keep_alive);
		ok(r.content_length == g->length && r.chunked == g->chunked,
		    "good head %zu: body length %llu, chunked %d", i, r.content_length, r.chunked);
		ok(str_is(r.accept_encoding, g->accept_encoding) && str_is(r.origin, g->origin),
		    "good head %zu: Accept-Encoding and Origin", i);
		/* every prefix is incomplete, never an error */
		for (k = 0; k < len; k++) {
			if (parse(g->head, k, 8192, &r, &c2) != WSIS_HTTP_NEED_MORE || c2 != 0) {
				prefixes_ok = 0;
				printf("# prefix of %zu bytes: not NEED_MORE\n", k);
				break;
			}
		}
		ok(prefixes_ok, "good head %zu: each of its %zu prefixes needs more", i, len);
	}
}

static void
test_pipelined(void)
{
	char buf[4096];
	size_t len = 0, at = 0, n = 0, consumed, i;
	wsis_http_request_t r;
	int all = 1;

	/* every good head, one after the other in one buffer */
	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		size_t l = strlen(goods[i].head);
		memcpy(buf + len, goods[i].head, l);
		len += l;
	}
	hold(buf, len);
	while (at < len) {
		if (wsis_http_parse_request(held + at, len - at, 8192, &r, &consumed) !=
		    WSIS_HTTP_OK || r.method != goods[n].method) {
			all = 0;
			break;
		}
		at += consumed;
		n++;
	}
	ok(all && n == sizeof goods / sizeof goods[0] && at == len,
	    "pipelined: %zu heads in one buffer parse one after the other", n);
}

static void
test_bad(void)
{
	size_t i, consumed;
	wsis_http_request_t r;

	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		const struct bad *b = &bads[i];
		int st = parse(b->head, strlen(b->head), 8192, &r, &consumed);

		ok(st == WSIS_HTTP_ERR && r.status == b->status && consumed == 0 &&
		    strstr(r.message, b->why) != NULL, "bad head %zu: %d \"%s\" (got %d %d \"%s\")",
		    i, b->status, b->why, st, r.status, r.message);
	}
	/* a NUL inside the head */
	{
		static const char nul[] = "GET /x HTTP/1.1\r\nX: a\0b\r\n\r\n";
		int st = parse(nul, sizeof nul - 1, 8192, &r, &consumed);
		ok(st == WSIS_HTTP_ERR && r.status == 400, "a NUL in a header: 400");
	}
	/* no end within max_head: 431; just under it, more is awaited */
	{
		char big[300];
		memset(big, 'a', sizeof big);
		memcpy(big, "GET /x HTTP/1.1\r\nX: ", 20);
		ok(parse(big, sizeof big, 300, &r, &consumed) == WSIS_HTTP_ERR && r.status == 431,
		    "no head within max_head bytes: 431");
		ok(parse(big, 299, 300, &r, &consumed) == WSIS_HTTP_NEED_MORE,
		    "one byte under max_head: more is awaited");
	}
}

static void
test_gzip(void)
{
	static const struct { const char *v; int want; } cases[] = {
		{ "gzip", 1 }, { "GZIP", 1 }, { "x-gzip", 1 }, { "*", 1 },
		{ "deflate, gzip;q=0.5", 1 }, { "br,gzip", 1 }, { "gzip; q=1", 1 },
		{ "gzip;q=0", 0 }, { "gzip;q=0.000", 0 }, { "gzip ; q=0", 0 },
		{ "deflate", 0 }, { "", 0 }, { "gzipx", 0 }, { "identity", 0 },
		{ "gzip;q=0.001", 1 }, { "*;q=0", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ok(wsis_http_accepts_gzip(hold(cases[i].v, strlen(cases[i].v)),
		    strlen(cases[i].v)) == cases[i].want, "Accept-Encoding \"%s\": %s",
		    cases[i].v, cases[i].want ? "gzip" : "no gzip");
}

static void
test_path(void)
{
	char out[64];

	ok(wsis_http_path_decode("draft%3A38", 10, out) == 8 && strcmp(out, "draft:38") == 0,
	    "a path decodes %%3A");
	ok(wsis_http_path_decode("a+b", 3, out) == 3 && strcmp(out, "a+b") == 0,
	    "'+' stays '+' in a path");
	ok(wsis_http_path_decode("a%2", 3, out) < 0, "a cut escape is refused");
	ok(wsis_http_path_decode("a%zz", 4, out) < 0, "a bad escape is refused");
	ok(wsis_http_path_decode("a%00b", 5, out) < 0, "an escaped NUL is refused");
	ok(wsis_http_path_decode("%C3%A9", 6, out) == 2 && strcmp(out, "\xc3\xa9") == 0,
	    "UTF-8 escapes decode to their bytes");
}

static void
test_etag(void)
{
	static const struct { const char *list, *etag; int want; } cases[] = {
		{ "\"a1\"", "\"a1\"", 1 },
		{ "W/\"a1\"", "\"a1\"", 1 },
		{ "\"a1\"", "W/\"a1\"", 1 },
		{ "\"x\", \"a1\"", "\"a1\"", 1 },
		{ "\"x\",W/\"a1\" ", "\"a1\"", 1 },
		{ "*", "\"a1\"", 1 },
		{ "\"a1x\"", "\"a1\"", 0 },
		{ "\"a\"", "\"a1\"", 0 },
		{ "a1", "\"a1\"", 0 },
		{ "\"a1", "\"a1\"", 0 },
		{ "", "\"a1\"", 0 },
		{ "\"x\", junk, \"a1\"", "\"a1\"", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ok(wsis_http_etag_matches(hold(cases[i].list, strlen(cases[i].list)),
		    strlen(cases[i].list), cases[i].etag) == cases[i].want,
		    "If-None-Match %s %s %s", cases[i].list, cases[i].want ? "names" : "does not name",
		    cases[i].etag);
}

int
main(void)
{
	test_good();
	test_pipelined();
	test_bad();
	test_gzip();
	test_path();
	test_etag();
	free(held);
	return tap_done();
}
