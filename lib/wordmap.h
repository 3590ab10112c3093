/* wordmap.h - where a passage's words begin, every WSIS_WORDMAP_STEP (64)
 * words: the small table stored beside a long passage (docbuild.c) that
 * takes a snippet from a word's position in the index to its byte offset
 * without cutting the passage into words from its start (highlight.h).
 *
 * The table is bytes: the step, the number of words, then the offset of
 * word 0, STEP, 2 STEP... each as the difference from the one before, all
 * as unsigned LEB128 numbers.  Word k is the k-th word wsis_word_next()
 * finds, which is the position k + 1 the indexer gave it (TermGenerator
 * counts the same words from 1).
 */
#ifndef WSIS_WORDMAP_H
#define WSIS_WORDMAP_H

#include <stddef.h>

#include "buf.h"

#define WSIS_WORDMAP_STEP 64

/* Passages shorter than this have no table: cutting them whole is cheap. */
#define WSIS_WORDMAP_MIN_BYTES 4096

/* Appends the table of text[0..len) to `out`.  Returns 0, or -1 when out
 * of memory. */
int wsis_wordmap_build(const char *text, size_t len, wsis_buf_t *out);

/* The number of words of the table map[0..n), or -1 when it is malformed. */
long wsis_wordmap_words(const unsigned char *map, size_t n);

/* The byte offset in text[0..len) where word k begins, found from the
 * table map[0..n) and at most STEP - 1 words cut; `len` when k is past the
 * last word; -1 when the table is malformed or does not fit the text. */
long wsis_wordmap_offset(const unsigned char *map, size_t n, const char *text,
    size_t len, size_t k);

/* The table's entry at or before word k (the last one, for k past the
 * last word), from the table alone: its word in *word and its byte offset
 * in *off; and the entry after it in *next_word and *next_off, or, when it
 * is the last, the number of words and (size_t)-1 (the end of the text).
 * Returns 0, or -1 when the table is malformed or holds no word.  For a
 * reader that has the text's bytes between two entries only. */
int wsis_wordmap_mark(const unsigned char *map, size_t n, size_t k, size_t *word,
    size_t *off, size_t *next_word, size_t *next_off);

/* The byte offsets of words 0, STEP, 2 STEP... of the table map[0..n) over
 * a text of `len` bytes, into offs[0..max): returns how many there are
 * (ceil(words / STEP), at most max of them written), or -1 when the table
 * is malformed, its step is not WSIS_WORDMAP_STEP or an offset is past
 * len.  Decodes the table once, where wsis_wordmap_offset() decodes it
 * from its start for each word. */
long wsis_wordmap_marks(const unsigned char *map, size_t n, size_t len, size_t *offs,
    size_t max);

#endif
