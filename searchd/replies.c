/* replies.c - replies that need no worker: STATS and HELLO (server.h). */
#include <netinet/in.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "command.h"
#include "hostport.h"
#include "log.h"
#include "proto.h"
#include "server.h"
#include "sprinter.h"

/* "MAJOR.MINOR" of the protocol. */
static void
replies_version(wsis_sprinter_t *sp)
{
	char v[32];

	snprintf(v, sizeof v, "%d.%d", WSIS_PROTO_VERSION_MAJOR, WSIS_PROTO_VERSION_MINOR);
	wsis_sp_string(sp, v);
}

/* The member `key` with the value n. */
static void
replies_uint(wsis_sprinter_t *sp, const char *key, unsigned long n)
{
	wsis_sp_map_key(sp, key);
	wsis_sp_uint(sp, n);
}

int
server_stats_json(server_t *srv, wsis_buf_t *out)
{
	static const char *const pcts[] = { "p50", "p90", "p99", "p999" };
	static const double pct[] = { 50, 90, 99, 99.9 };
	const stats_t *st = &srv->stats;
	const settings_t *s = srv->settings;
	cache_counters_t cc;
	wsis_sprinter_t sp;
	char gen[256];
	int batch;
	unsigned long periods;
	size_t i;

	index_gen_name(srv->index, gen, sizeof gen);
	replycache_counters(srv->rcache, &cc);
	pool_loop_counters(srv->pool, &batch, &periods);
	wsis_sp_json_init(&sp, out);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "server");
	wsis_sp_string(&sp, srv->software);
	wsis_sp_map_key(&sp, "protocol");
	replies_version(&sp);
	wsis_sp_map_key(&sp, "pid");
	wsis_sp_int(&sp, (long)getpid());
	wsis_sp_map_key(&sp, "uptime_s");
	wsis_sp_double(&sp, stats_uptime(st), 0);

	wsis_sp_map_key(&sp, "index");
	wsis_sp_begin_map(&sp);
	replies_uint(&sp, "documents", index_documents(srv->index));
	wsis_sp_map_key(&sp, "generation");
	wsis_sp_string(&sp, gen);
	wsis_sp_map_key(&sp, "path");
	wsis_sp_string(&sp, s->index);
	wsis_sp_map_key(&sp, "shards");
	index_shards_json(srv->index, &sp);
	wsis_sp_end(&sp);

	wsis_sp_map_key(&sp, "connections");
	wsis_sp_begin_map(&sp);
	replies_uint(&sp, "current", st->conns_current);
	replies_uint(&sp, "total", st->conns_total);
	replies_uint(&sp, "rejected", st->conns_rejected);
	replies_uint(&sp, "max", s->max_connections);
	wsis_sp_map_key(&sp, "http");
	wsis_sp_begin_map(&sp);
	replies_uint(&sp, "current", st->http_conns_current);
	replies_uint(&sp, "total", st->http_conns_total);
	replies_uint(&sp, "rejected", st->http_conns_rejected);
	replies_uint(&sp, "evicted", st->http_evicted);
	replies_uint(&sp, "header_timeouts", st->http_header_timeouts);
	wsis_sp_end(&sp);
	wsis_sp_end(&sp);

	wsis_sp_map_key(&sp, "requests");
	wsis_sp_begin_map(&sp);
	replies_uint(&sp, "total", st->requests + st->http_requests);
	replies_uint(&sp, "errors", st->errors + st->http_errors);
	replies_uint(&sp, "http", st->http_requests);
	replies_uint(&sp, "http_errors", st->http_errors);
	wsis_sp_end(&sp);

	wsis_sp_map_key(&sp, "latency_ms");
	wsis_sp_begin_map(&sp);
	for (i = 0; i < sizeof pct / sizeof pct[0]; i++) {
		wsis_sp_map_key(&sp, pcts[i]);
		wsis_sp_double(&sp, stats_percentile(st, pct[i]), 3);
	}
	wsis_sp_end(&sp);

	replies_uint(&sp, "reloads", st->reloads);
	replies_uint(&sp, "partial_replies", st->partial);
	replies_uint(&sp, "workers", s->workers);
	wsis_sp_map_key(&sp, "queue");
	wsis_sp_begin_map(&sp);
	replies_uint(&sp, "length", pool_queue_length(srv->pool));
	replies_uint(&sp, "max", s->max_queue);
	wsis_sp_end(&sp);

	wsis_sp_map_key(&sp, "loop");
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "batch");
	wsis_sp_bool(&sp, batch);
	replies_uint(&sp, "batch_periods", periods);
	wsis_sp_end(&sp);

	wsis_sp_map_key(&sp, "cache");
	wsis_sp_begin_map(&sp);
	replies_uint(&sp, "hits", cc.hits);
	replies_uint(&sp, "misses", cc.misses);
	replies_uint(&sp, "entries", cc.entries);
	replies_uint(&sp, "bytes", cc.bytes);
	replies_uint(&sp, "evictions", cc.evictions);
	replies_uint(&sp, "max_bytes", cc.max_bytes);
	wsis_sp_end(&sp);
	wsis_sp_end(&sp);
	return wsis_sp_finish(&sp);
}

int
server_hello_json(server_t *srv, wsis_buf_t *out)
{
	const settings_t *s = srv->settings;
	const wsis_command_t *c;
	wsis_sprinter_t sp;
	size_t i;

	wsis_sp_json_init(&sp, out);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "protocol");
	wsis_sp_string(&sp, WSIS_PROTO_NAME);
	wsis_sp_map_key(&sp, "version");
	replies_version(&sp);
	replies_uint(&sp, "major", WSIS_PROTO_VERSION_MAJOR);
	replies_uint(&sp, "minor", WSIS_PROTO_VERSION_MINOR);
	wsis_sp_map_key(&sp, "server");
	wsis_sp_string(&sp, srv->software);
	wsis_sp_map_key(&sp, "commands");
	wsis_sp_begin_list(&sp);
	for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++)
		wsis_sp_string(&sp, c->name);
	wsis_sp_end(&sp);
	wsis_sp_map_key(&sp, "limits");
	wsis_sp_begin_map(&sp);
	replies_uint(&sp, "max_line", s->max_line);
	replies_uint(&sp, "max_limit", s->max_limit);
	replies_uint(&sp, "max_offset", s->max_offset);
	replies_uint(&sp, "max_payload", WSIS_PROTO_MAX_PAYLOAD);
	replies_uint(&sp, "max_pipeline", s->max_pipeline);
	replies_uint(&sp, "max_terms", s->max_terms);
	replies_uint(&sp, "max_query_bytes", s->max_query_bytes);
	replies_uint(&sp, "hit_text", s->hit_text);
	replies_uint(&sp, "idle_timeout_s", s->idle_timeout_s);
	replies_uint(&sp, "query_time_limit_ms", s->query_time_limit_ms);
	wsis_sp_end(&sp);
	wsis_sp_end(&sp);
	return wsis_sp_finish(&sp);
}

void
server_log_request(server_t *srv, int http, const char *client, const char *cmd,
    const char *query, size_t query_len, unsigned long hits, double us, int code,
    int cached)
{
	const wsis_command_t *c = wsis_cmd_by_name(cmd, strlen(cmd));

	stats_request(&srv->stats, http, c != NULL ? (int)c->id : 0, code);
	if (!srv->settings->query_log)
		return;
	log_query("%s %s \"%.*s\" hits=%lu us=%.0f%s%.0d%s", client, cmd,
	    query_len > 300 ? 300 : (int)query_len, query ? query : "", hits, us,
	    code ? " error=" : "", code, cached ? " cache=hit" : "");
}

void
server_log_bound(const char *name, evutil_socket_t fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char addr[128];

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
		return;
	wsis_hostport_format((struct sockaddr *)&ss, "", addr, sizeof addr);
	log_info("%s listening on %s", name, addr);
}

/* ---- Prometheus metrics ---------------------------------------------------- */

/* One metric's HELP and TYPE lines. */
static int
replies_metric_head(wsis_buf_t *out, const char *name, const char *type, const char *help)
{
	return wsis_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value with \\, " and newline escaped, as the format asks. */
static int
replies_label_value(wsis_buf_t *out, const char *v)
{
	int rc = 0;

	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			rc |= wsis_buf_putc(out, '\\') | wsis_buf_putc(out, *v);
		else if (*v == '\n')
			rc |= wsis_buf_puts(out, "\\n");
		else
			rc |= wsis_buf_putc(out, *v);
	}
	return rc;
}

int
server_metrics_text(server_t *srv, wsis_buf_t *out)
{
	static const char *const fronts[STATS_FRONTS] = { "native", "http" };
	const stats_t *st = &srv->stats;
	const settings_t *s = srv->settings;
	unsigned long count = 0, cum = 0;
	cache_counters_t cc;
	char gen[256];
	int rc = 0, f, c, k, batch;
	unsigned long periods;
	index_shard_info_t info;
	size_t i;

	index_gen_name(srv->index, gen, sizeof gen);
	replycache_counters(srv->rcache, &cc);
	pool_loop_counters(srv->pool, &batch, &periods);

	rc |= replies_metric_head(out, "wsis_requests_total", "counter",
	    "Requests answered, by front end, command and outcome (ok, or the error's code).");
	for (f = 0; f < STATS_FRONTS; f++)
		for (c = 0; c < STATS_CMDS; c++)
			for (k = 0; k < STATS_CODES; k++) {
				const char *name = wsis_proto_cmd_name((wsis_proto_cmd_t)c);
				unsigned long n = st->by_command[f][c][k];
				if (n == 0)
					continue;
				rc |= wsis_buf_printf(out, "wsis_requests_total{front=\"%s\","
				    "command=\"%s\",code=\"", fronts[f], name[0] ? name : "none");
				if (k == STATS_CODES - 1)
					rc |= wsis_buf_puts(out, "other");
				else if (stats_codes[k] == 0)
					rc |= wsis_buf_puts(out, "ok");
				else
					rc |= wsis_buf_printf(out, "%d", stats_codes[k]);
				rc |= wsis_buf_printf(out, "\"} %lu\n", n);
			}

	/* bucket 4k of the histogram ends at 2^k microseconds */
	rc |= replies_metric_head(out, "wsis_request_duration_seconds", "histogram",
	    "Time from a request's parse to its reply, for the requests a worker or the "
	    "cache answered.");
	for (k = 0; k < STATS_BUCKETS; k++)
		count += st->latency[k];
	for (k = 0; k < STATS_BUCKETS - 1; k++) {
		cum += st->latency[k];
		if (k % 4 == 0)
			rc |= wsis_buf_printf(out, "wsis_request_duration_seconds_bucket{le=\"%g\"} "
			    "%lu\n", ldexp(1.0, k / 4) / 1e6, cum);
	}
	rc |= wsis_buf_printf(out, "wsis_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n"
	    "wsis_request_duration_seconds_sum %.6f\nwsis_request_duration_seconds_count %lu\n",
	    count, st->latency_sum_us / 1e6, count);

	rc |= replies_metric_head(out, "wsis_connections", "gauge", "Connections open now.");
	rc |= wsis_buf_printf(out, "wsis_connections{front=\"native\"} %lu\n"
	    "wsis_connections{front=\"http\"} %lu\n", st->conns_current, st->http_conns_current);
	rc |= replies_metric_head(out, "wsis_connections_accepted_total", "counter",
	    "Connections accepted.");
	rc |= wsis_buf_printf(out, "wsis_connections_accepted_total{front=\"native\"} %lu\n"
	    "wsis_connections_accepted_total{front=\"http\"} %lu\n", st->conns_total,
	    st->http_conns_total);
	rc |= replies_metric_head(out, "wsis_connections_rejected_total", "counter",
	    "Connections refused for want of a place in the budget (max-connections).");
	rc |= wsis_buf_printf(out, "wsis_connections_rejected_total{front=\"native\"} %lu\n"
	    "wsis_connections_rejected_total{front=\"http\"} %lu\n", st->conns_rejected,
	    st->http_conns_rejected);
	rc |= replies_metric_head(out, "wsis_connections_max", "gauge",
	    "The connection budget of both front ends (max-connections).");
	rc |= wsis_buf_printf(out, "wsis_connections_max %u\n", s->max_connections);
	rc |= replies_metric_head(out, "wsis_http_evicted_total", "counter",
	    "HTTP connections closed for a newcomer while they waited for a request head.");
	rc |= wsis_buf_printf(out, "wsis_http_evicted_total %lu\n", st->http_evicted);
	rc |= replies_metric_head(out, "wsis_http_header_timeouts_total", "counter",
	    "HTTP request heads that did not arrive within header-timeout.");
	rc |= wsis_buf_printf(out, "wsis_http_header_timeouts_total %lu\n",
	    st->http_header_timeouts);

	rc |= replies_metric_head(out, "wsis_queue_length", "gauge",
	    "Requests waiting for a worker.");
	rc |= wsis_buf_printf(out, "wsis_queue_length %zu\n", pool_queue_length(srv->pool));
	rc |= replies_metric_head(out, "wsis_queue_max", "gauge",
	    "Requests waiting past which one is refused with 429 (max-queue).");
	rc |= wsis_buf_printf(out, "wsis_queue_max %u\n", s->max_queue);
	rc |= replies_metric_head(out, "wsis_workers", "gauge", "Worker threads.");
	rc |= wsis_buf_printf(out, "wsis_workers %u\n", s->workers);
	rc |= replies_metric_head(out, "wsis_loop_batch_periods_total", "counter",
	    "Times the event loop ran as SCHED_BATCH while every worker was busy.");
	rc |= wsis_buf_printf(out, "wsis_loop_batch_periods_total %lu\n", periods);

	rc |= replies_metric_head(out, "wsis_cache_hits_total", "counter",
	    "Requests answered from the reply cache.");
	rc |= wsis_buf_printf(out, "wsis_cache_hits_total %lu\n", cc.hits);
	rc |= replies_metric_head(out, "wsis_cache_misses_total", "counter",
	    "Cacheable requests the reply cache did not hold.");
	rc |= wsis_buf_printf(out, "wsis_cache_misses_total %lu\n", cc.misses);
	rc |= replies_metric_head(out, "wsis_cache_evictions_total", "counter",
	    "Replies the cache let go to make room.");
	rc |= wsis_buf_printf(out, "wsis_cache_evictions_total %lu\n", cc.evictions);
	rc |= replies_metric_head(out, "wsis_cache_entries", "gauge", "Replies the cache holds.");
	rc |= wsis_buf_printf(out, "wsis_cache_entries %zu\n", cc.entries);
	rc |= replies_metric_head(out, "wsis_cache_bytes", "gauge",
	    "Bytes of the replies the cache holds.");
	rc |= wsis_buf_printf(out, "wsis_cache_bytes %zu\n", cc.bytes);

	rc |= replies_metric_head(out, "wsis_index_documents", "gauge",
	    "Passages in the index served.");
	rc |= wsis_buf_printf(out, "wsis_index_documents %lu\n", index_documents(srv->index));
	rc |= replies_metric_head(out, "wsis_index_info", "gauge",
	    "The index generation served (its name as a label; the value is 1).");
	rc |= wsis_buf_puts(out, "wsis_index_info{generation=\"");
	rc |= replies_label_value(out, gen);
	rc |= wsis_buf_puts(out, "\"} 1\n");
	rc |= replies_metric_head(out, "wsis_shard_up", "gauge",
	    "1 while the shard gets queries, 0 while it is taken out after a failure.");
	for (i = 0; i < index_shard_count(srv->index); i++) {
		index_shard_info(srv->index, i, &info);
		rc |= wsis_buf_puts(out, "wsis_shard_up{shard=\"");
		rc |= replies_label_value(out, info.name);
		rc |= wsis_buf_printf(out, "\"} %d\n", info.up);
	}
	rc |= replies_metric_head(out, "wsis_shard_failures_total", "counter",
	    "Times the shard was taken out after a failure.");
	for (i = 0; i < index_shard_count(srv->index); i++) {
		index_shard_info(srv->index, i, &info);
		rc |= wsis_buf_puts(out, "wsis_shard_failures_total{shard=\"");
		rc |= replies_label_value(out, info.name);
		rc |= wsis_buf_printf(out, "\"} %lu\n", info.failures);
	}
	rc |= replies_metric_head(out, "wsis_partial_replies_total", "counter",
	    "Replies answered without a shard that was taken out (marked partial).");
	rc |= wsis_buf_printf(out, "wsis_partial_replies_total %lu\n", st->partial);
	rc |= replies_metric_head(out, "wsis_reloads_total", "counter",
	    "Reloads asked for (SIGHUP, RELOAD, POST /reload).");
	rc |= wsis_buf_printf(out, "wsis_reloads_total %lu\n", st->reloads);
	rc |= replies_metric_head(out, "wsis_uptime_seconds", "gauge",
	    "Seconds since the daemon started.");
	rc |= wsis_buf_printf(out, "wsis_uptime_seconds %.0f\n", stats_uptime(st));
	return rc;
}
