/* bench.h - what the in-process baselines of bench/ share (wsis-bench-xapian,
 * wsis-bench-fts5): the passages every system indexes, the query file that
 * wsis-loadgen also reads, and a closed loop on N threads for a fixed time
 * that prints one result line in wsis-loadgen's format.
 */
#ifndef WSIS_BENCH_H
#define WSIS_BENCH_H

#include <stddef.h>

#include "passage.h"
#include "proto.h"

/* One request of the query file. */
typedef struct {
	char                *line;  /* the request line, malloc'ed, no TAB part */
	wsis_proto_request_t req;   /* parsed; its strings point into `line` */
} bench_query_t;

typedef struct {
	bench_query_t *items;
	size_t         count;
} bench_queries_t;

/* Reads the query file of wsis-loadgen: one native request line per line,
 * "REQUEST<TAB>EXPECTED" (the expectation is ignored here), blank lines and
 * lines starting with '#' skipped.  URL lines ("/search?...") are refused.
 * Returns 0, or -1 with a message in err.  Free with bench_queries_free(). */
int bench_queries_load(const char *path, bench_queries_t *out, char *err,
    size_t errlen);
void bench_queries_free(bench_queries_t *q);

/* Reads every path the way wsis-indexer does (lib/input.h: paragraphs of
 * .txt and .md, records of .jsonl, .gz through zlib) into `list`, checks
 * that ids are unique, and adds the input bytes to *bytes.  Returns 0, or
 * -1 with a message in err. */
int bench_read_passages(char *const *paths, int npaths, wsis_passage_list_t *list,
    size_t *bytes, char *err, size_t errlen);

/* A closed loop: `threads` threads, each with its own handle from open(),
 * run the queries one after another (thread t starts at query t) for
 * `warmup` + `duration` seconds; requests that start in the warmup are not
 * counted.  run() returns 0, or -1 with a message in err. */
typedef struct {
	unsigned               threads;
	double                 duration, warmup;
	const bench_queries_t *queries;
	void                  *arg;
	void *(*open)(void *arg, unsigned thread, char *err, size_t errlen);
	/* *rows gets the size of the answer: hits returned (the count for COUNT) */
	int   (*run)(void *handle, const bench_query_t *q, unsigned long *rows, char *err,
	    size_t errlen);
	void  (*close)(void *handle);
} bench_loop_t;

/* Runs the loop and prints on standard output
 *   requests=N errors=E seconds=S qps=Q p50_ms=A p90_ms=B p99_ms=C max_ms=D threads=T
 *   total=N cpu_s=S
 * (one line): total counts every request run, the warm-up's too, and cpu_s
 * is the process's user + system CPU seconds over all of them.
 * Returns 0, 1 when a request failed (the first message goes to stderr),
 * or -1 when the loop could not start (a message in err). */
int bench_loop_run(const bench_loop_t *loop, char *err, size_t errlen);

/* Runs each query once on one handle and prints "ROWS<TAB>LINE" for each
 * (a check that every system answers the mix with hits).  Returns 0, 1
 * when a query failed, -1 when the handle could not be opened. */
int bench_list(const bench_loop_t *loop, char *err, size_t errlen);

/* Parses a number of seconds in [0, 3600] for option `name`; exits with
 * status 2 and a message when it is not one. */
double bench_seconds(const char *prog, const char *name, const char *s);
/* Parses a count in [1, max]; exits with status 2 when it is not one. */
unsigned bench_count(const char *prog, const char *name, const char *s, unsigned max);

#endif
