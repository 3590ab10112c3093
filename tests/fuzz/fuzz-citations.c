/* fuzz-citations.c - wsis_citations_extract() over any passage bytes (the
 * indexer feeds it every passage's text) and wsis_citations_query() over
 * any cites: value (searchd feeds it what people type). */
#include <string.h>

#include "buf.h"
#include "citations.h"
#include "fuzz.h"
#include "sprinter.h"

FUZZ_TARGET("citations");

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	wsis_citations_t c = WSIS_CITATIONS_INIT, back = WSIS_CITATIONS_INIT;
	wsis_buf_t j = WSIS_BUF_INIT, term = WSIS_BUF_INIT;
	wsis_sprinter_t sp;
	char err[256];
	size_t i, k;
	int rc;

	FUZZ_CHECK(wsis_citations_extract(s, size, &c) == 0);
	FUZZ_CHECK(c.n <= WSIS_CITATIONS_MAX);
	for (i = 0; i < c.n; i++) {
		const wsis_citation_t *e = &c.items[i];

		/* a name: some bytes of the input's words, no white space at
		 * its ends, no NUL inside */
		FUZZ_CHECK(e->text[0] != '\0' && strlen(e->text) <= WSIS_CITATION_NAME_MAX);
		FUZZ_CHECK(e->text[0] != ' ' && e->text[strlen(e->text) - 1] != ' ');
		FUZZ_CHECK(e->nparas <= WSIS_CITATION_PARAS_MAX);
		for (k = 0; k < e->nparas; k++) {
			FUZZ_CHECK(e->paras[k] >= 1 && e->paras[k] <= 9999);
			FUZZ_CHECK(k == 0 || e->paras[k - 1] < e->paras[k]);
		}
		for (k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(c.items[k].text, e->text) != 0);
	}
	/* the list as stored, read back the same */
	wsis_sp_json_init(&sp, &j);
	wsis_citations_put(&sp, &c);
	if (wsis_sp_finish(&sp) == 0) {
		FUZZ_CHECK(wsis_citations_from_json(j.data, j.len, &back) == 0);
		FUZZ_CHECK(back.n == c.n);
		for (i = 0; i < c.n && i < back.n; i++) {
			FUZZ_CHECK(back.items[i].nparas == c.items[i].nparas);
			FUZZ_CHECK(c.items[i].nparas == 0 ||
			    memcmp(back.items[i].paras, c.items[i].paras,
			    c.items[i].nparas * sizeof *c.items[i].paras) == 0);
		}
	}
	/* a cites: value: a term's value with no space, quote or parenthesis,
	 * or an error with a message */
	rc = wsis_citations_query(s, size, &term, err, sizeof err);
	FUZZ_CHECK(rc == 0 || rc == 1);
	if (rc == 0) {
		FUZZ_CHECK(term.len > 0);
		for (i = 0; i < term.len; i++)
			FUZZ_CHECK(term.data[i] != ' ' && term.data[i] != '"' &&
			    term.data[i] != '(' && term.data[i] != ')' && term.data[i] != '\0' &&
			    (unsigned char)term.data[i] > ' ');
	} else {
		FUZZ_CHECK(strncmp(err, "cites: ", 7) == 0);
	}
	wsis_citations_free(&c);
	wsis_citations_free(&back);
	wsis_buf_free(&j);
	wsis_buf_free(&term);
	return 0;
}
