/* gzip.h - gzip bodies for HTTP replies.
 *
 * Each thread keeps one deflate stream and resets it for every body.  A
 * fresh stream allocates a few hundred KB, which malloc hands back to the
 * kernel when it is freed, so a stream a reply would pay for its setup and
 * its page faults every time.  A thread's stream is freed when the thread ends
 * (a pthread key's destructor), or by gzip_thread_free(). */
#ifndef SEARCHD_GZIP_H
#define SEARCHD_GZIP_H
#include <stddef.h>
#include "buf.h"

/* Replies shorter than this go out as they are: not worth a gzip header. */
#define GZIP_MIN_BODY 512

/* Appends to out one gzip member (deflate level 6) of the reply body
 * data[0..len) and the newline a plain reply ends with.  Returns 0, or -1
 * when out of memory (out is then as it was). */
int gzip_reply(const char *data, size_t len, wsis_buf_t *out);

/* Whether data[0..len) starts as a gzip member does (a JSON reply starts
 * with '{'). */
int gzip_is_gzip(const char *data, size_t len);

/* Frees the calling thread's stream, if it has one. */
void gzip_thread_free(void);
#endif
