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
	/* For wsis_input_read_file() only (NULL elsewhere).  `repaired` gets
	 * "file:line: invalid UTF-8 at byte 12, replaced" for text that was
	 * mended (NUL bytes, invalid UTF-8); `skip` gets "file:line: why" for
	 * a record left out (a JSON error, a line over the limit, a file that
	 * cannot be read past some point).  With `strict` either ends the
	 * read with that message as the error. */
	void (*repaired)(void *ctx, const char *msg);
	void (*skip)(void *ctx, const char *msg);
} wsis_input_opts_t;

/* Reads `path` (a file, or a directory walked recursively in sorted name
 * order, hidden entries skipped) and appends its passages to `out`.
 * Adds the input bytes read (uncompressed) to *bytes_in.  Returns 0, or -1
 * with one clear message in err ("corpus/x.jsonl:3: expected ':'"). */
int wsis_input_read_path(const char *path, const wsis_input_opts_t *opts,
    wsis_passage_list_t *out, size_t *bytes_in, char *err, size_t errlen);

/* ---- streaming ---------------------------------------------------------
 *
 * The indexer lists the files first (cheap: names and sizes), then reads
 * them one at a time, one record at a time: a file is never held whole,
 * except a .txt small enough to be the WSIS review (WSIS_INPUT_WHOLE). */

/* A .txt of at most this many bytes is read whole and checked for the WSIS
 * review; so is every line of a file at most WSIS_INPUT_MAX_LINE. */
#define WSIS_INPUT_WHOLE    ((size_t)1 << 20)
#define WSIS_INPUT_MAX_LINE ((size_t)16 << 20)

typedef struct {
	char              *path;    /* to open and to name in messages */
	char              *idbase;  /* id prefix: relative path without ".gz" */
	char              *part;    /* file name without extensions */
	int                format;  /* input.c's own */
	int                gz;
	unsigned long long size;    /* bytes on disk */
	unsigned           ordinal; /* 0, 1, ... in listing order */
} wsis_input_file_t;

typedef struct {
	wsis_input_file_t *items;
	size_t             count, cap;
	unsigned long long bytes;   /* their sizes on disk, summed */
} wsis_input_files_t;

/* Appends the indexable files of `path` (as wsis_input_read_path() walks
 * it) to `out`.  Returns 0, or -1 with a message in err: the path does not
 * exist, is of an unsupported type, or is a directory with nothing to
 * index.  A subdirectory that cannot be read goes to opts->skip (an error
 * without it, or with opts->strict). */
int wsis_input_list(const char *path, const wsis_input_opts_t *opts,
    wsis_input_files_t *out, char *err, size_t errlen);
void wsis_input_files_free(wsis_input_files_t *files);

/* Called with each passage of a file in order; the callee takes what the
 * passage holds (and clears it when done).  Returns 0, or -1 to stop the
 * read (wsis_input_read_file() then returns -1 and leaves err alone). */
typedef int (*wsis_input_emit_t)(void *ctx, wsis_passage_t *p);

/* How far wsis_input_read_file() is: bytes of the file read on disk. */
typedef struct {
	unsigned long long disk;  /* updated as the file is read */
	unsigned long long text;  /* uncompressed bytes read */
	unsigned long long line;  /* the line read last (1-based); 0: none yet,
	                           * or a file read whole */
} wsis_input_pos_t;

/* Reads file `f`, streaming, and hands each passage to emit(ctx, p).
 * Returns 0, or -1 with
 * a message in err (strict and a bad record, out of memory) or after emit
 * asked to stop. */
int wsis_input_read_file(const wsis_input_file_t *f,
    const wsis_input_opts_t *opts, wsis_input_emit_t emit, void *ctx,
    wsis_input_pos_t *pos, char *err, size_t errlen);

#endif
