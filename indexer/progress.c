/* progress.c - the indexer's progress line (indexer.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "clock.h"
#include "indexer.h"

void
progress_init(progress_t *p, unsigned long long total, int quiet)
{
	const char *env = getenv("WSIS_PROGRESS_SECONDS");

	pthread_mutex_init(&p->lock, NULL);
	p->total = total;
	p->bytes = p->passages = 0;
	p->t0 = p->last = wsis_clock_s();
	p->tty = isatty(STDERR_FILENO);
	p->quiet = quiet;
	p->drawn = 0;
	p->interval = p->tty ? 0.25 : 10.0;
	if (env != NULL && atof(env) > 0)
		p->interval = atof(env);
}

static void
progress_draw(progress_t *p, double now)
{
	double secs = now - p->t0, rate = secs > 0 ? (double)p->bytes / secs : 0;
	double left = rate > 0 && p->total > p->bytes ?
	    (double)(p->total - p->bytes) / rate : 0;

	fprintf(stderr, "%swsis-indexer: %.1f/%.1f MB, %llu passages, %.2f MB/s, "
	    "%d:%02d left%s", p->tty ? "\r" : "", (double)p->bytes / 1e6,
	    (double)p->total / 1e6, p->passages, rate / 1e6, (int)left / 60,
	    (int)left % 60, p->tty ? "\033[K" : "\n");
	fflush(stderr);
	p->drawn = p->tty;
}

void
progress_add(progress_t *p, unsigned long long bytes, unsigned long long passages)
{
	double now;

	pthread_mutex_lock(&p->lock);
	p->bytes += bytes;
	p->passages += passages;
	if (!p->quiet) {
		now = wsis_clock_s();
		if (now - p->last >= p->interval) {
			p->last = now;
			progress_draw(p, now);
		}
	}
	pthread_mutex_unlock(&p->lock);
}

void
progress_end(progress_t *p)
{
	if (p->drawn)
		fputc('\n', stderr);
	p->drawn = 0;
	pthread_mutex_destroy(&p->lock);
}
