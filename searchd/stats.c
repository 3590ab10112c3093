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
	st->latency_sum_us += us;
}

/* The outcomes counted apart: a reply, and each error code a front end
 * sends (doc/PROTOCOL.md, HTTP's own). */
const int stats_codes[STATS_CODES - 1] = { 0, 400, 401, 403, 404, 405, 408, 413, 422, 429,
	431, 500, 501, 503, 504, 505, 507 };

int
stats_code_slot(int code)
{
	int i;

	for (i = 0; i < STATS_CODES - 1; i++)
		if (stats_codes[i] == code)
			return i;
	return STATS_CODES - 1;
}

void
stats_request(stats_t *st, int http, int cmd, int code)
{
	if (cmd < 0 || cmd >= STATS_CMDS)
		cmd = 0;
	st->by_command[http != 0][cmd][stats_code_slot(code)]++;
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
