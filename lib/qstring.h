/* qstring.h - an HTTP query string ("q=enhanced+cooperation&limit=5")
 * decoded strictly: '+' is a space, "%XX" a byte, anything else in a bad
 * "%" escape is an error.  Pure: no I/O, no globals (fuzzed). */
#ifndef WSIS_QSTRING_H
#define WSIS_QSTRING_H

#include <stddef.h>

#define WSIS_QSTRING_MAX_PARAMS 32

typedef struct {
	char  *name;    /* decoded, NUL-terminated; point into `storage` */
	char  *value;
	size_t value_len;   /* a value may hold NUL bytes: check with the length */
} wsis_qparam_t;

typedef struct {
	wsis_qparam_t params[WSIS_QSTRING_MAX_PARAMS];
	size_t        count;
	char         *storage;  /* malloc'ed; wsis_qstring_free() frees it */
} wsis_qstring_t;

/* Decodes qs[0..len).  Returns 0, or -1 with a message in err (bad escape,
 * too many parameters, out of memory).  Empty pairs ("a=1&&b=2") are
 * skipped; a name without '=' has an empty value. */
int wsis_qstring_parse(const char *qs, size_t len, wsis_qstring_t *out,
    char *err, size_t errlen);

/* The value of the first parameter called `name`, or NULL. */
const wsis_qparam_t *wsis_qstring_get(const wsis_qstring_t *q, const char *name);

void wsis_qstring_free(wsis_qstring_t *q);

#endif
