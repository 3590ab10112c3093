/* qstring.c - strict query-string decoding (qstring.h). */
#include "qstring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

/* Decodes s[0..n) into dst; returns the decoded length or -1 at a bad
 * escape (its offset in *bad). */
static long
qstring_decode(const char *s, size_t n, char *dst, size_t *bad)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			dst[o++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n) {
				*bad = i;
				return -1;
			}
			hi = wsis_hex_digit(s[i + 1]);
			lo = wsis_hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0) {
				*bad = i;
				return -1;
			}
			dst[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			dst[o++] = s[i];
		}
	}
	dst[o] = '\0';
	return (long)o;
}

int
wsis_qstring_parse(const char *qs, size_t len, wsis_qstring_t *out, char *err,
    size_t errlen)
{
	size_t i = 0, bad = 0;
	char *w;

	memset(out, 0, sizeof *out);
	/* decoding never grows: len plus a NUL per name and value suffices */
	out->storage = malloc(len + 2 * WSIS_QSTRING_MAX_PARAMS + 2);
	if (out->storage == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	w = out->storage;
	while (i < len) {
		size_t end = i, eq;
		long n;
		wsis_qparam_t *p;

		while (end < len && qs[end] != '&')
			end++;
		if (end == i) {
			i++;
			continue;
		}
		if (out->count == WSIS_QSTRING_MAX_PARAMS) {
			snprintf(err, errlen, "more than %d query parameters",
			    WSIS_QSTRING_MAX_PARAMS);
			goto fail;
		}
		for (eq = i; eq < end && qs[eq] != '='; eq++)
			;
		p = &out->params[out->count];
		p->name = w;
		n = qstring_decode(qs + i, eq - i, w, &bad);
		if (n < 0) {
			snprintf(err, errlen, "bad percent-encoding at byte %zu", i + bad);
			goto fail;
		}
		w += n + 1;
		p->value = w;
		if (eq < end) {
			n = qstring_decode(qs + eq + 1, end - eq - 1, w, &bad);
			if (n < 0) {
				snprintf(err, errlen, "bad percent-encoding at byte %zu",
				    eq + 1 + bad);
				goto fail;
			}
		} else {
			n = 0;
			*w = '\0';
		}
		p->value_len = (size_t)n;
		w += n + 1;
		out->count++;
		i = end + 1;
	}
	return 0;
fail:
	wsis_qstring_free(out);
	return -1;
}

const wsis_qparam_t *
wsis_qstring_get(const wsis_qstring_t *q, const char *name)
{
	size_t i;

	for (i = 0; i < q->count; i++)
		if (strcmp(q->params[i].name, name) == 0)
			return &q->params[i];
	return NULL;
}

void
wsis_qstring_free(wsis_qstring_t *q)
{
	free(q->storage);
	memset(q, 0, sizeof *q);
}
