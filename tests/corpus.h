/* corpus.h - for unit tests: corpus/'s zero draft read whole. */
#ifndef TESTS_CORPUS_H
#define TESTS_CORPUS_H

#include <stdio.h>
#include <stdlib.h>

#define CORPUS "/corpus/wsis-review-zero-draft-2015.txt"

/* The file under $top_srcdir (else .), NUL-terminated, its length in *len;
 * NULL when it cannot be read.  The caller frees it. */
static char * __attribute__((unused))
read_corpus(size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	char *buf = NULL, *nbuf;
	size_t cap = 0, n;

	snprintf(path, sizeof path, "%s%s", top != NULL ? top : ".", CORPUS);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	*len = 0;
	for (;;) {
		if (*len + 1 >= cap) {
			cap = cap ? cap * 2 : 65536;
			if ((nbuf = realloc(buf, cap)) == NULL)
				break;
			buf = nbuf;
		}
		n = fread(buf + *len, 1, cap - 1 - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	if (buf != NULL)
		buf[*len] = '\0';
	return buf;
}

#endif
