/* input.h - reading what wsis-indexer indexes: the WSIS review, plain text,
 * Markdown and JSON Lines files, each optionally gzip-compressed (.gz). */
#ifndef WSIS_INPUT_H
#define WSIS_INPUT_H

#include <stddef.h>

#include "passage.h"

typedef struct {
	int   strict;   /* invalid UTF-8 fails the file instead of a warning */
	/* Called with a one-line warning ("file: invalid UTF-8 at byte 12,
	 * replaced"); may be NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
} wsis_input_opts_t;

/* Reads `path` (a file, or a directory walked recursively in sorted name
 * order, hidden entries skipped) and appends its passages to `out`.
 * Adds the input bytes read (uncompressed) to *bytes_in.  Returns 0, or -1
 * with one clear message in err ("corpus/x.jsonl:3: expected ':'"). */
int wsis_input_read_path(const char *path, const wsis_input_opts_t *opts,
    wsis_passage_list_t *out, size_t *bytes_in, char *err, size_t errlen);

#endif
