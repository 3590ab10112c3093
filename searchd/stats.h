/* stats.h - the daemon's counters and latency percentiles.  Updated and
 * read on the loop thread only. */
#ifndef SEARCHD_STATS_H
#define SEARCHD_STATS_H

#include "buf.h"

/* Latency histogram: bucket i holds latencies up to 2^(i/4) us, so 96
 * buckets reach 2^23.75 us = 14 s: percentiles stay meaningful under
 * overload, when requests wait for seconds. */
#define STATS_BUCKETS 96

/* Requests by front end, command (wsis_proto_cmd_t: 0 is a line that
 * named none) and outcome: 0 for a reply, else its error code, among
 * stats_codes[]; the last slot counts any other. */
#define STATS_FRONTS 2              /* 0 native, 1 HTTP */
#define STATS_CMDS   12
#define STATS_CODES  18
extern const int stats_codes[STATS_CODES - 1];

typedef struct {
	double        started;          /* wall clock seconds */
	unsigned long requests, errors;
	unsigned long http_requests, http_errors;
	unsigned long conns_current, conns_total, conns_rejected;  /* native */
	unsigned long http_conns_current, http_conns_total, http_conns_rejected;
	unsigned long http_evicted;        /* waiting for a head, closed for a newcomer */
	unsigned long http_header_timeouts;/* a head that did not come in time */
	unsigned long reloads;
	unsigned long partial;      /* replies a shard was missing from */
	unsigned long latency[STATS_BUCKETS];
	double        latency_sum_us;
	unsigned long by_command[STATS_FRONTS][STATS_CMDS][STATS_CODES];
} stats_t;

void stats_init(stats_t *st);
/* Records one request's latency in microseconds. */
void stats_latency(stats_t *st, double us);
/* Counts one request of front end `http` (0 or 1), command `cmd` and
 * outcome `code` (0: a reply; else the error's code). */
void stats_request(stats_t *st, int http, int cmd, int code);
/* The slot of `code` in by_command's last dimension. */
int stats_code_slot(int code);

/* The latency under which `pct` percent of requests finished, in ms. */
double stats_percentile(const stats_t *st, double pct);
double stats_uptime(const stats_t *st);

#endif
