/* stats.h - the daemon's counters and latency percentiles.  Updated and
 * read on the loop thread only. */
#ifndef SEARCHD_STATS_H
#define SEARCHD_STATS_H

#include "buf.h"

#define STATS_BUCKETS 64   /* latency histogram: buckets of 2^(i/4) us */

typedef struct {
	double        started;          /* wall clock seconds */
	unsigned long requests, errors;
	unsigned long http_requests, http_errors;
	unsigned long conns_current, conns_total, conns_rejected;
	unsigned long reloads;
	unsigned long latency[STATS_BUCKETS];
} stats_t;

void stats_init(stats_t *st);
/* Records one request's latency in microseconds. */
void stats_latency(stats_t *st, double us);
/* The latency under which `pct` percent of requests finished, in ms. */
double stats_percentile(const stats_t *st, double pct);
double stats_uptime(const stats_t *st);

#endif
