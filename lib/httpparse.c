/* httpparse.c - an HTTP/1.x request head, parsed (httpparse.h). */
#include "httpparse.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int
httpparse_fail(wsis_http_request_t *req, int status, const char *msg)
{
	req->status = status;
	snprintf(req->message, sizeof req->message, "%s", msg);
	return WSIS_HTTP_ERR;
}

/* RFC 9110's tchar: what a method or a header name is made of. */
static int
httpparse_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
httpparse_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

static wsis_http_method_t
httpparse_method(const char *p, size_t n)
{
	static const struct { const char *name; wsis_http_method_t m; } methods[] = {
		{ "GET", WSIS_HTTP_GET }, { "HEAD", WSIS_HTTP_HEAD },
		{ "POST", WSIS_HTTP_POST }, { "OPTIONS", WSIS_HTTP_OPTIONS },
		{ "PUT", WSIS_HTTP_PUT }, { "DELETE", WSIS_HTTP_DELETE },
		{ "PATCH", WSIS_HTTP_PATCH },
	};
	size_t i;

	/* methods are case-sensitive */
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strlen(methods[i].name) == n && memcmp(methods[i].name, p, n) == 0)
			return methods[i].m;
	return WSIS_HTTP_OTHER;
}

/* The request line line[0..n): method, target and version. */
static int
httpparse_request_line(const char *line, size_t n, wsis_http_request_t *req)
{
	const char *sp1 = memchr(line, ' ', n), *sp2, *t, *q, *end = line + n;
	size_t i;

	if (sp1 == NULL || sp1 == line)
		return httpparse_fail(req, 400, "malformed request line");
	for (t = line; t < sp1; t++)
		if (!httpparse_tchar((unsigned char)*t))
			return httpparse_fail(req, 400, "malformed request line");
	req->method = httpparse_method(line, (size_t)(sp1 - line));
	t = sp1 + 1;
	sp2 = memchr(t, ' ', (size_t)(end - t));
	if (sp2 == NULL || sp2 == t)
		return httpparse_fail(req, 400, "malformed request line");
	for (i = 0; t + i < sp2; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c <= 0x20 || c == 0x7f)
			return httpparse_fail(req, 400, "malformed request target");
	}
	if (end - sp2 - 1 != 8 || memcmp(sp2 + 1, "HTTP/", 5) != 0 || sp2[7] != '.' ||
	    sp2[6] < '0' || sp2[6] > '9' || sp2[8] < '0' || sp2[8] > '9')
		return httpparse_fail(req, 400, "malformed HTTP version");
	if (sp2[6] != '1' || sp2[8] > '1')
		return httpparse_fail(req, 505, "HTTP version not supported");
	req->minor = sp2[8] - '0';
	req->keep_alive = req->minor == 1;
	/* the absolute form (a proxy's): the path after the authority */
	if ((size_t)(sp2 - t) > 7 && (strncasecmp(t, "http://", 7) == 0 ||
	    strncasecmp(t, "https://", 8) == 0)) {
		const char *a = memchr(t, ':', (size_t)(sp2 - t)) + 3;
		const char *slash = memchr(a, '/', (size_t)(sp2 - a));
		t = slash != NULL ? slash : sp2;
	}
	if (t == sp2) {
		req->path.ptr = "/";
		req->path.len = 1;
		return WSIS_HTTP_OK;
	}
	if (*t != '/' && !(sp2 - t == 1 && *t == '*'))
		return httpparse_fail(req, 400, "malformed request target");
	q = memchr(t, '?', (size_t)(sp2 - t));
	req->path.ptr = t;
	req->path.len = (size_t)((q != NULL ? q : sp2) - t);
	if (q != NULL) {
		req->query.ptr = q + 1;
		req->query.len = (size_t)(sp2 - q - 1);
	}
	return WSIS_HTTP_OK;
}

/* Whether the comma-separated list v[0..n) holds `token` (any case). */
static int
httpparse_has_token(const char *v, size_t n, const char *token)
{
	while (n > 0) {
		size_t k = 0, len;

		while (k < n && v[k] != ',')
			k++;
		len = k;
		{
			const char *s = v;
			while (len > 0 && (*s == ' ' || *s == '\t')) {
				s++;
				len--;
			}
			while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
				len--;
			if (httpparse_is(s, len, token))
				return 1;
		}
		v += k;
		n -= k;
		if (n > 0) {
			v++;
			n--;
		}
	}
	return 0;
}

/* One header field line[0..n). */
static int
httpparse_field(const char *line, size_t n, wsis_http_request_t *req, int *seen_length)
{
	const char *colon = memchr(line, ':', n), *v, *e = line + n, *p;
	size_t nlen;

	if (line[0] == ' ' || line[0] == '\t')
		return httpparse_fail(req, 400, "folded header lines are not accepted");
	if (colon == NULL || colon == line)
		return httpparse_fail(req, 400, "malformed header field");
	nlen = (size_t)(colon - line);
	for (p = line; p < colon; p++)
		if (!httpparse_tchar((unsigned char)*p))
			return httpparse_fail(req, 400, "malformed header field");
	v = colon + 1;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	for (p = v; p < e; p++)
		if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
			return httpparse_fail(req, 400, "a control byte in a header field");
	if (httpparse_is(line, nlen, "Content-Length")) {
		unsigned long long cl = 0;
		if (v == e)
			return httpparse_fail(req, 400, "bad Content-Length");
		for (p = v; p < e; p++) {
			if (*p < '0' || *p > '9' || cl > 1000000000000ULL)
				return httpparse_fail(req, 400, "bad Content-Length");
			cl = cl * 10 + (unsigned)(*p - '0');
		}
		if (*seen_length && cl != req->content_length)
			return httpparse_fail(req, 400, "conflicting Content-Length fields");
		*seen_length = 1;
		req->content_length = cl;
	} else if (httpparse_is(line, nlen, "Transfer-Encoding")) {
		req->chunked = 1;
	} else if (httpparse_is(line, nlen, "Connection")) {
		if (httpparse_has_token(v, (size_t)(e - v), "close"))
			req->keep_alive = 0;
		else if (httpparse_has_token(v, (size_t)(e - v), "keep-alive"))
			req->keep_alive = 1;
	} else if (httpparse_is(line, nlen, "Accept-Encoding")) {
		req->accept_encoding.ptr = v;
		req->accept_encoding.len = (size_t)(e - v);
	} else if (httpparse_is(line, nlen, "Host")) {
		req->hosts++;
		req->host.ptr = v;
		req->host.len = (size_t)(e - v);
	} else if (httpparse_is(line, nlen, "If-None-Match")) {
		req->if_none_match.ptr = v;
		req->if_none_match.len = (size_t)(e - v);
	} else if (httpparse_is(line, nlen, "Origin")) {
		req->origin.ptr = v;
		req->origin.len = (size_t)(e - v);
	}
	return WSIS_HTTP_OK;
}

wsis_http_status_t
wsis_http_parse_request(const char *buf, size_t len, size_t max_head,
    wsis_http_request_t *req, size_t *consumed)
{
	size_t start = 0, pos, look, i;
	const char *line;
	int first = 1, seen_length = 0;

	memset(req, 0, sizeof *req);
	*consumed = 0;
	while (start < len && (buf[start] == '\r' || buf[start] == '\n'))
		start++;
	look = len < max_head ? len : max_head;
	/* the head ends at an empty line */
	for (i = start; i < look; i++)
		if (buf[i] == '\n' && ((i + 1 < look && buf[i + 1] == '\n') ||
		    (i + 2 < look && buf[i + 1] == '\r' && buf[i + 2] == '\n')))
			break;
	if (i >= look) {
		if (len >= max_head)
			return httpparse_fail(req, 431, "request head too large");
		return WSIS_HTTP_NEED_MORE;
	}
	*consumed = i + (buf[i + 1] == '\n' ? 2 : 3);
	for (pos = start; pos <= i; first = 0) {
		const char *nl = memchr(buf + pos, '\n', i + 1 - pos);
		size_t n = (size_t)(nl - (buf + pos));
		int st;

		line = buf + pos;
		pos += n + 1;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (memchr(line, '\0', n) != NULL || memchr(line, '\r', n) != NULL)
			st = httpparse_fail(req, 400, "a stray byte in the request head");
		else if (first)
			st = n == 0 ? httpparse_fail(req, 400, "malformed request line") :
			    httpparse_request_line(line, n, req);
		else
			st = n == 0 ? httpparse_fail(req, 400, "malformed header field") :
			    httpparse_field(line, n, req, &seen_length);
		if (st != WSIS_HTTP_OK) {
			*consumed = 0;
			return WSIS_HTTP_ERR;
		}
	}
	if (req->chunked && seen_length) {
		*consumed = 0;
		return httpparse_fail(req, 400, "both Content-Length and Transfer-Encoding");
	}
	/* RFC 9112, 3.2: exactly one Host in HTTP/1.1, at most one before */
	if (req->hosts > 1 || (req->minor == 1 && req->hosts == 0)) {
		*consumed = 0;
		return httpparse_fail(req, 400, req->hosts > 1 ? "more than one Host field" :
		    "HTTP/1.1 needs a Host field");
	}
	return WSIS_HTTP_OK;
}

int
wsis_http_accepts_gzip(const char *p, size_t len)
{
	const char *end = p + len;

	while (p != NULL && p < end) {
		size_t n, k;
		const char *q;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		for (n = 0; p + n < end && p[n] != ','; n++)
			;
		for (k = 0; k < n && !strchr(" \t;", p[k]); k++)
			;
		if ((k == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (k == 6 && strncasecmp(p, "x-gzip", 6) == 0) || (k == 1 && *p == '*')) {
			q = memchr(p, ';', n);
			while (q != NULL && q + 1 < p + n && (q[1] == ' ' || q[1] == '\t'))
				q++;
			/* q=0, q=0.0, q=0.000: refused */
			if (q == NULL)
				return 1;
			{
				const char *v = q + 1, *ve = p + n, *z;
				while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
					ve--;
				z = v + 3;
				while (z < ve && (*z == '.' || *z == '0'))
					z++;
				if (!(ve - v >= 3 && (v[0] | 0x20) == 'q' && v[1] == '=' &&
				    v[2] == '0' && z == ve))
					return 1;
			}
		}
		p += n;
	}
	return 0;
}

int
wsis_http_etag_matches(const char *p, size_t len, const char *etag)
{
	const char *end = p + len;
	size_t elen;

	if (p == NULL || etag == NULL)
		return 0;
	if (etag[0] == 'W' && etag[1] == '/')
		etag += 2;
	elen = strlen(etag);
	while (p < end) {
		const char *t;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		if (p == end)
			break;
		if (*p == '*')
			return 1;
		if (end - p >= 2 && p[0] == 'W' && p[1] == '/')
			p += 2;
		if (p == end || *p != '"')
			return 0;   /* not a list of entity tags: matches nothing */
		t = memchr(p + 1, '"', (size_t)(end - p - 1));
		if (t == NULL)
			return 0;
		if ((size_t)(t + 1 - p) == elen && memcmp(p, etag, elen) == 0)
			return 1;
		p = t + 1;
	}
	return 0;
}

static int
httpparse_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

long
wsis_http_path_decode(const char *src, size_t len, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (src[i] == '%') {
			int hi, lo;
			if (i + 2 >= len)
				return -1;
			hi = httpparse_hex(src[i + 1]);
			lo = httpparse_hex(src[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (src[i] == '\0') {
			return -1;
		} else {
			out[o++] = src[i];
		}
	}
	out[o] = '\0';
	return (long)o;
}
