/* stats.c - counters and a log-scale latency histogram (stats.h). */
#include "stats.h"

#include <math.h>
#include <string.h>
#include <time.h>

static double
stats_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
stats_init(stats_t *st)
{
	memset(st, 0, sizeof *st);
	st->started = stats_wall();
}

/* Bucket i holds latencies up to 2^(i/4) microseconds. */
static int
stats_bucket(double us)
{
	int i = us <= 1.0 ? 0 : (int)ceil(4.0 * log2(us));

	return i >= STATS_BUCKETS ? STATS_BUCKETS - 1 : i;
}

void
stats_latency(stats_t *st, double us)
{
	st->latency[stats_bucket(us)]++;
}

double
stats_percentile(const stats_t *st, double pct)
{
	unsigned long total = 0, seen = 0, want;
	int i;

	for (i = 0; i < STATS_BUCKETS; i++)
		total += st->latency[i];
	if (total == 0)
		return 0.0;
	want = (unsigned long)ceil(pct / 100.0 * (double)total);
	for (i = 0; i < STATS_BUCKETS; i++) {
		seen += st->latency[i];
		if (seen >= want)
			break;
	}
	if (i == STATS_BUCKETS)
		i--;
	return pow(2.0, i / 4.0) / 1000.0;
}

double
stats_uptime(const stats_t *st)
{
	return stats_wall() - st->started;
}
