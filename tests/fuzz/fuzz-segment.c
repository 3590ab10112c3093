/* fuzz-segment.c - wsis_segment_is_wsis() and wsis_segment_wsis() over any
 * bytes: every passage is complete, and valid UTF-8 in gives valid UTF-8
 * out (segment.c only cuts lines at ASCII bytes). */
#include <string.h>

#include "fuzz.h"
#include "passage.h"
#include "segment.h"
#include "utf8.h"

FUZZ_TARGET("segment");

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	wsis_passage_list_t list = { NULL, 0, 0 };
	char err[256];
	int valid = wsis_utf8_valid_prefix(buf, size) == size;
	size_t i, j;

	(void)wsis_segment_is_wsis(buf, size);
	err[0] = '\0';
	if (wsis_segment_wsis(buf, size, &list, err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
	}
	FUZZ_CHECK(list.count <= list.cap);
	for (i = 0; i < list.count; i++) {
		const wsis_passage_t *p = &list.items[i];

		FUZZ_CHECK(p->id != NULL && p->id[0] != '\0');
		FUZZ_CHECK(p->part != NULL && p->text != NULL);
		FUZZ_CHECK(p->nfields <= p->cfields);
		for (j = 0; j < p->nfields; j++)
			FUZZ_CHECK(p->fields[j].name != NULL && p->fields[j].value != NULL);
		if (valid) {
			FUZZ_CHECK(wsis_utf8_valid_prefix(p->text, strlen(p->text)) ==
			    strlen(p->text));
			FUZZ_CHECK(p->title == NULL || wsis_utf8_valid_prefix(p->title,
			    strlen(p->title)) == strlen(p->title));
			for (j = 0; j < p->nfields; j++)
				FUZZ_CHECK(wsis_utf8_valid_prefix(p->fields[j].value,
				    strlen(p->fields[j].value)) ==
				    strlen(p->fields[j].value));
		}
	}
	wsis_passage_list_free(&list);
	return 0;
}
