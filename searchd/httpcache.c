/* httpcache.c - ETag, Cache-Control and Vary of HTTP replies
 * (httpcache.h). */
#include "httpcache.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 64-bit FNV-1a, continued from h over s[0..n). */
static uint64_t
httpcache_fnv(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

void
httpcache_etag(const httpcache_index_t *ix, const char *path, size_t plen,
    const char *query, size_t qlen, int gzip, char etag[HTTPCACHE_ETAG_SIZE])
{
	uint64_t h = 14695981039346656037ull;
	char head[160];
	int n;

	n = snprintf(head, sizeof head, "%s\n%lu\n%.6f\n%s\n%d\n",
	    ix->generation != NULL ? ix->generation : "", ix->reloads, ix->started,
	    ix->software != NULL ? ix->software : "", gzip != 0);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof head)
		n = sizeof head - 1;
	h = httpcache_fnv(h, head, (size_t)n);
	/* the generation's name may be longer than head: all of it counts */
	if (ix->generation != NULL)
		h = httpcache_fnv(h, ix->generation, strlen(ix->generation));
	h = httpcache_fnv(h, path, plen);
	if (query != NULL) {
		h = httpcache_fnv(h, "?", 1);
		h = httpcache_fnv(h, query, qlen);
	}
	snprintf(etag, HTTPCACHE_ETAG_SIZE, "W/\"%016llx\"", (unsigned long long)h);
}

int
httpcache_headers(wsis_buf_t *out, const char *etag, unsigned max_age)
{
	if (max_age == 0)
		return wsis_buf_printf(out, "ETag: %s\r\nCache-Control: no-cache\r\n", etag);
	return wsis_buf_printf(out, "ETag: %s\r\nCache-Control: max-age=%u\r\n", etag, max_age);
}

int
httpcache_vary(wsis_buf_t *out, int by_encoding, int by_origin)
{
	if (!by_encoding && !by_origin)
		return 0;
	return wsis_buf_printf(out, "Vary: %s%s%s\r\n", by_encoding ? "Accept-Encoding" : "",
	    by_encoding && by_origin ? ", " : "", by_origin ? "Origin" : "");
}
