/* utf8.h - UTF-8 validation and repair. */
#ifndef WSIS_UTF8_H
#define WSIS_UTF8_H

#include <stddef.h>

/* Length of the longest valid UTF-8 prefix of s (== len when all valid;
 * overlong forms, surrogates and code points past U+10FFFF are invalid). */
size_t wsis_utf8_valid_prefix(const char *s, size_t len);

/* A malloc'ed, NUL-terminated copy of s with every invalid sequence
 * replaced by U+FFFD; NULL when out of memory.  *first_bad gets the offset
 * of the first invalid byte, or len when there was none (may be NULL). */
char *wsis_utf8_repair(const char *s, size_t len, size_t *first_bad);

#endif
