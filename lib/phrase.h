/* phrase.h - a phrase's words, cut as wsis-indexer cuts words (words.h),
 * ASCII case folded and U+2019 read as ': the exact-phrase boost takes the
 * query's words so (exec.c) and asks Xapian for them at consecutive
 * positions (wsis_results_phrase()); wsis_phrase_in() looks for them in a
 * text.  Punctuation between two words does not part them, as it does not
 * part two positions.
 */
#ifndef WSIS_PHRASE_H
#define WSIS_PHRASE_H

#include <stddef.h>

#include "buf.h"

/* The longest phrase, in words. */
#define WSIS_PHRASE_MAX_WORDS 32

typedef struct {
	wsis_buf_t words;                       /* the words, folded, back to back */
	size_t     off[WSIS_PHRASE_MAX_WORDS];  /* where each begins in `words` */
	size_t     len[WSIS_PHRASE_MAX_WORDS];
	size_t     n;
} wsis_phrase_t;

/* Takes the words of text[0..len) as the phrase `ph`.  Returns how many
 * (0 to WSIS_PHRASE_MAX_WORDS), or -1 when there are more or when out of
 * memory; `ph` is to be freed in every case. */
int wsis_phrase_init(wsis_phrase_t *ph, const char *text, size_t len);

/* 1 when text[0..len) holds the phrase (two words or more), else 0. */
int wsis_phrase_in(const wsis_phrase_t *ph, const char *text, size_t len);

void wsis_phrase_free(wsis_phrase_t *ph);

#endif
