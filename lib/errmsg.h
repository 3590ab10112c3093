/* errmsg.h - the one way a function fills its caller's message buffer. */
#ifndef WSIS_ERRMSG_H
#define WSIS_ERRMSG_H

#include <stddef.h>

/* Formats the message into err[0..errlen) (nothing when err is NULL or
 * errlen 0) and returns -1, so that `return wsis_errmsg(...)` fails. */
int wsis_errmsg(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
