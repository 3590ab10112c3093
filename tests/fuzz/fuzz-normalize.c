/* fuzz-normalize.c - wsis_normalize() and wsis_normalize_synonyms() over
 * any bytes (the indexer feeds them passage text, searchd the query). */
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "normalize.h"

FUZZ_TARGET("normalize");

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	wsis_buf_t syn = WSIS_BUF_INIT;
	char *norm;
	int n;

	norm = wsis_normalize(s, size);
	FUZZ_CHECK(norm != NULL);
	free(norm);

	n = wsis_normalize_synonyms(s, size, &syn);
	FUZZ_CHECK(n >= 0);
	FUZZ_CHECK((n == 0) == (syn.len == 0));
	if (n > 0) {
		/* one synonym a line, each indexable as text */
		size_t lines = 0, i;

		for (i = 0; i < syn.len; i++)
			lines += syn.data[i] == '\n';
		FUZZ_CHECK(lines == (size_t)n);
		FUZZ_CHECK(syn.data[syn.len - 1] == '\n');
		FUZZ_CHECK(memchr(syn.data, '\0', syn.len) == NULL);
		norm = wsis_normalize(syn.data, syn.len);
		FUZZ_CHECK(norm != NULL);
		free(norm);
	}
	wsis_buf_free(&syn);
	return 0;
}
