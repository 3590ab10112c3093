/* fuzz-qstring.c - wsis_qstring_parse() (HTTP query strings) over any
 * bytes: every decoded name and value stays inside its storage and is
 * NUL-terminated, and lookups find what was parsed. */
#include <string.h>

#include "fuzz.h"
#include "qstring.h"

FUZZ_TARGET("qstring");

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wsis_qstring_t q;
	char err[128];
	size_t i, total = 0;

	err[0] = '\0';
	if (wsis_qstring_parse((const char *)data, size, &q, err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(q.storage == NULL && q.count == 0);
		wsis_qstring_free(&q);
		return 0;
	}
	FUZZ_CHECK(q.count <= WSIS_QSTRING_MAX_PARAMS);
	FUZZ_CHECK(q.count == 0 || q.storage != NULL);
	for (i = 0; i < q.count; i++) {
		const wsis_qparam_t *p = &q.params[i], *g;
		size_t nlen = strlen(p->name);

		/* decoding never grows a parameter */
		FUZZ_CHECK(nlen <= size && p->value_len <= size);
		FUZZ_CHECK(p->value[p->value_len] == '\0');
		total += nlen + p->value_len;
		g = wsis_qstring_get(&q, p->name);
		FUZZ_CHECK(g != NULL && g <= p && strcmp(g->name, p->name) == 0);
	}
	FUZZ_CHECK(total <= size);
	wsis_qstring_free(&q);
	FUZZ_CHECK(q.storage == NULL && q.count == 0);
	wsis_qstring_free(&q);   /* twice is harmless */
	return 0;
}
