/* stats.h - the daemon's counters and latency percentiles.  Updated and
 * read on the loop thread only. */
#ifndef SEARCHD_STATS_H
#define SEARCHD_STATS_H

#include "buf.h"

/* Latency histogram: bucket i holds latencies up to 2^(i/4) us, so 96
 * buckets reach 2^23.75 us = 14 s: percentiles stay meaningful under
 * overload, when requests wait for seconds. */
#define STATS_BUCKETS 96

typedef struct {
	double        started;          /* wall clock seconds */
	unsigned long requests, errors;
	unsigned long http_requests, http_errors;
	unsigned long conns_current, conns_total, conns_rejected;
	unsigned long reloads;
	unsigned long read_pauses;   /* STATS' queue.pauses; nothing pauses for the queue: 0 */
	unsigned long latency[STATS_BUCKETS];
} stats_t;

void stats_init(stats_t *st);
/* Records one request's latency in microseconds. */
void stats_latency(stats_t *st, double us);
/* The latency under which `pct` percent of requests finished, in ms. */
double stats_percentile(const stats_t *st, double pct);
double stats_uptime(const stats_t *st);

#endif
