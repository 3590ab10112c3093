/* bench.c - the query file, the passages and the closed loop of the
 * in-process baselines (bench.h). */
#include "bench.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "errmsg.h"
#include "input.h"

void
bench_queries_free(bench_queries_t *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->count; i++)
		free(q->items[i].line);
	free(q->items);
	q->items = NULL;
	q->count = 0;
}

/* Adds line[0..len) (no terminator) as the next query. */
static int
bench_queries_add(bench_queries_t *q, const char *line, size_t len,
    const char *path, unsigned lineno, char *err, size_t errlen)
{
	bench_query_t *grown, *it;
	size_t consumed;
	char *copy;

	if (len > 0 && line[0] == '/')
		return wsis_errmsg(err, errlen, "%s:%u: a URL line has no native form", path,
		    lineno);
	/* the parser wants the terminator; the strings it returns point into copy */
	copy = malloc(len + 2);
	grown = realloc(q->items, (q->count + 1) * sizeof *grown);
	if (copy == NULL || grown == NULL) {
		free(copy);
		if (grown != NULL)
			q->items = grown;
		return wsis_errmsg(err, errlen, "out of memory");
	}
	q->items = grown;
	memcpy(copy, line, len);
	copy[len] = '\n';
	copy[len + 1] = '\0';
	it = &q->items[q->count];
	memset(it, 0, sizeof *it);
	it->line = copy;
	if (wsis_proto_parse_request(copy, len + 1, 0, &it->req, &consumed) != WSIS_PROTO_OK) {
		wsis_errmsg(err, errlen, "%s:%u: %s", path, lineno, it->req.message);
		free(copy);
		return -1;
	}
	copy[len] = '\0';
	q->count++;
	return 0;
}

int
bench_queries_load(const char *path, bench_queries_t *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *tab;
	size_t cap = 0, len;
	ssize_t n;
	unsigned lineno = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (f == NULL)
		return wsis_errmsg(err, errlen, "%s: %s", path, strerror(errno));
	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		len = (size_t)n;
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if ((tab = memchr(line, '\t', len)) != NULL)
			len = (size_t)(tab - line);
		while (len > 0 && line[len - 1] == ' ')
			len--;
		if (len == 0 || line[0] == '#')
			continue;
		rc = bench_queries_add(out, line, len, path, lineno, err, errlen);
	}
	free(line);
	fclose(f);
	if (rc == 0 && out->count == 0)
		rc = wsis_errmsg(err, errlen, "%s: no queries", path);
	if (rc != 0)
		bench_queries_free(out);
	return rc;
}

int
bench_read_passages(char *const *paths, int npaths, wsis_passage_list_t *list,
    size_t *bytes, char *err, size_t errlen)
{
	wsis_input_opts_t in = { 0, NULL, NULL, NULL, NULL };
	int i;

	for (i = 0; i < npaths; i++)
		if (wsis_input_read_path(paths[i], &in, list, bytes, err, errlen) != 0)
			return -1;
	if (list->count == 0)
		return wsis_errmsg(err, errlen, "nothing to index");
	return wsis_passage_list_check_unique(list, err, errlen);
}

/* ---- the closed loop ---- */

typedef struct bench_shared bench_shared_t;

typedef struct {
	bench_shared_t *sh;
	unsigned        id;
	void           *handle;
	double         *lat_us;     /* latencies of the counted requests */
	size_t          nlat, caplat;
	size_t          runs;       /* every request run, warm-up included */
	unsigned long   errors;
	int             failed;     /* could not grow lat_us */
	char            err[512];   /* the first error */
} bench_thread_t;

struct bench_shared {
	const bench_loop_t *loop;
	pthread_barrier_t   ready;
	double              t_measure, t_end;
};

static void *
bench_thread_main(void *arg)
{
	bench_thread_t *t = arg;
	const bench_loop_t *loop = t->sh->loop;
	size_t next = t->id % loop->queries->count;
	unsigned long rows;
	char err[256];

	/* every handle is open before the clock starts (see bench_loop_run) */
	pthread_barrier_wait(&t->sh->ready);
	pthread_barrier_wait(&t->sh->ready);
	if (t->handle == NULL)
		return NULL;
	for (;;) {
		double t0 = wsis_clock_s(), t1;
		int rc;

		if (t0 >= t->sh->t_end)
			break;
		rc = loop->run(t->handle, &loop->queries->items[next], &rows, err, sizeof err);
		t1 = wsis_clock_s();
		t->runs++;
		if (rc != 0 && t->errors++ == 0)
			snprintf(t->err, sizeof t->err, "%.200s: %.255s",
			    loop->queries->items[next].line, err);
		if (++next == loop->queries->count)
			next = 0;
		if (t0 < t->sh->t_measure || t1 > t->sh->t_end)
			continue;
		if (t->nlat == t->caplat) {
			size_t cap = t->caplat ? 2 * t->caplat : 4096;
			double *grown = realloc(t->lat_us, cap * sizeof *grown);
			if (grown == NULL) {
				t->failed = 1;
				break;
			}
			t->lat_us = grown;
			t->caplat = cap;
		}
		t->lat_us[t->nlat++] = (t1 - t0) * 1e6;
	}
	return NULL;
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of sorted v[0..n), in milliseconds. */
static double
bench_quantile_ms(const double *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return 0.0;
	i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i] / 1000.0;
}

int
bench_loop_run(const bench_loop_t *loop, char *err, size_t errlen)
{
	bench_shared_t sh;
	bench_thread_t *th;
	pthread_t *tid;
	double *all = NULL;
	size_t nall = 0, runs = 0, k;
	unsigned long errors = 0;
	unsigned i, started = 0;
	int rc = -1, opened = 1;

	if (loop->threads == 0 || loop->queries == NULL || loop->queries->count == 0)
		return wsis_errmsg(err, errlen, "nothing to run");
	memset(&sh, 0, sizeof sh);
	sh.loop = loop;
	th = calloc(loop->threads, sizeof *th);
	tid = calloc(loop->threads, sizeof *tid);
	if (th == NULL || tid == NULL) {
		free(th);
		free(tid);
		return wsis_errmsg(err, errlen, "out of memory");
	}
	if (pthread_barrier_init(&sh.ready, NULL, loop->threads + 1) != 0) {
		free(th);
		free(tid);
		return wsis_errmsg(err, errlen, "cannot make a barrier");
	}
	for (i = 0; i < loop->threads; i++) {
		th[i].sh = &sh;
		th[i].id = i;
		if (pthread_create(&tid[i], NULL, bench_thread_main, &th[i]) != 0)
			break;
		started++;
	}
	if (started < loop->threads) {
		/* the barrier counts threads that never came: give up loudly */
		fprintf(stderr, "bench: cannot start %u threads\n", loop->threads);
		exit(1);
	}
	/* Handles are opened here, one by one, so that a database opened by
	 * many threads at once does not count in the measure. */
	pthread_barrier_wait(&sh.ready);
	for (i = 0; i < loop->threads; i++) {
		th[i].handle = loop->open(loop->arg, i, err, errlen);
		if (th[i].handle == NULL) {
			opened = 0;
			break;
		}
	}
	sh.t_measure = wsis_clock_s() + (opened ? loop->warmup : 0.0);
	sh.t_end = opened ? sh.t_measure + loop->duration : 0.0;
	pthread_barrier_wait(&sh.ready);
	for (i = 0; i < loop->threads; i++)
		pthread_join(tid[i], NULL);
	pthread_barrier_destroy(&sh.ready);
	if (!opened)
		goto out;

	for (i = 0; i < loop->threads; i++) {
		if (th[i].failed) {
			wsis_errmsg(err, errlen, "out of memory");
			goto out;
		}
		nall += th[i].nlat;
		runs += th[i].runs;
		errors += th[i].errors;
	}
	all = malloc((nall ? nall : 1) * sizeof *all);
	if (all == NULL) {
		wsis_errmsg(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0, k = 0; i < loop->threads; i++) {
		memcpy(all + k, th[i].lat_us, th[i].nlat * sizeof *all);
		k += th[i].nlat;
	}
	qsort(all, nall, sizeof *all, bench_cmp_double);
	/* the process's CPU time over every request run (bench/run divides
	 * one by the other, as it does for wsis-loadgen and wsis-searchd) */
	printf("requests=%zu errors=%lu seconds=%.3f qps=%.1f p50_ms=%.3f p90_ms=%.3f "
	    "p99_ms=%.3f max_ms=%.3f threads=%u total=%zu cpu_s=%.3f\n", nall, errors,
	    loop->duration, (double)nall / loop->duration, bench_quantile_ms(all, nall, 0.50),
	    bench_quantile_ms(all, nall, 0.90), bench_quantile_ms(all, nall, 0.99),
	    nall ? all[nall - 1] / 1000.0 : 0.0, loop->threads, runs, wsis_clock_cpu_s());
	fflush(stdout);
	rc = 0;
	for (i = 0; i < loop->threads; i++)
		if (th[i].errors > 0) {
			fprintf(stderr, "bench: %lu errors; the first: %s\n", errors, th[i].err);
			rc = 1;
			break;
		}
out:
	for (i = 0; i < loop->threads; i++) {
		if (th[i].handle != NULL)
			loop->close(th[i].handle);
		free(th[i].lat_us);
	}
	free(all);
	free(th);
	free(tid);
	return rc;
}

int
bench_list(const bench_loop_t *loop, char *err, size_t errlen)
{
	void *h = loop->open(loop->arg, 0, err, errlen);
	unsigned long rows;
	char qerr[256];
	size_t i;
	int rc = 0;

	if (h == NULL)
		return -1;
	for (i = 0; i < loop->queries->count; i++) {
		rows = 0;
		if (loop->run(h, &loop->queries->items[i], &rows, qerr, sizeof qerr) != 0) {
			printf("error\t%s\t%s\n", loop->queries->items[i].line, qerr);
			rc = 1;
		} else {
			printf("%lu\t%s\n", rows, loop->queries->items[i].line);
		}
	}
	loop->close(h);
	return rc;
}

double
bench_seconds(const char *prog, const char *name, const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= 0.0 && v <= 3600.0)) {
		fprintf(stderr, "%s: %s takes seconds, from 0 to 3600\n", prog, name);
		exit(2);
	}
	return v;
}

unsigned
bench_count(const char *prog, const char *name, const char *s, unsigned max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || v < 1 || v > max) {
		fprintf(stderr, "%s: %s takes a number from 1 to %u\n", prog, name, max);
		exit(2);
	}
	return (unsigned)v;
}
