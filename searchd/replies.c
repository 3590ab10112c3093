/* replies.c - replies that need no worker: STATS and HELLO (server.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "command.h"
#include "json.h"
#include "log.h"
#include "proto.h"
#include "server.h"

int
server_stats_json(server_t *srv, wsis_buf_t *out)
{
	const stats_t *st = &srv->stats;
	cache_counters_t cc;
	char gen[256];
	int rc = 0, batch;
	unsigned long periods;

	pool_generation(srv->pool, gen, sizeof gen);
	pool_cache_counters(srv->pool, &cc);
	pool_loop_counters(srv->pool, &batch, &periods);
	rc |= wsis_buf_puts(out, "{\"server\":");
	rc |= wsis_json_put_cstr(out, srv->software);
	rc |= wsis_buf_printf(out, ",\"protocol\":\"%d.%d\",\"pid\":%d,\"uptime_s\":%.0f,",
	    WSIS_PROTO_VERSION_MAJOR, WSIS_PROTO_VERSION_MINOR, (int)getpid(),
	    stats_uptime(st));
	rc |= wsis_buf_printf(out, "\"index\":{\"documents\":%lu,\"generation\":",
	    pool_documents(srv->pool));
	rc |= wsis_json_put_cstr(out, gen);
	rc |= wsis_buf_puts(out, ",\"path\":");
	rc |= wsis_json_put_cstr(out, srv->settings->index);
	rc |= wsis_buf_printf(out, "},\"connections\":{\"current\":%lu,\"total\":%lu,"
	    "\"rejected\":%lu},", st->conns_current, st->conns_total, st->conns_rejected);
	rc |= wsis_buf_printf(out, "\"requests\":{\"total\":%lu,\"errors\":%lu,"
	    "\"http\":%lu,\"http_errors\":%lu},", st->requests + st->http_requests,
	    st->errors + st->http_errors, st->http_requests, st->http_errors);
	rc |= wsis_buf_printf(out, "\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,"
	    "\"p999\":%.3f},", stats_percentile(st, 50), stats_percentile(st, 90),
	    stats_percentile(st, 99), stats_percentile(st, 99.9));
	rc |= wsis_buf_printf(out, "\"reloads\":%lu,\"workers\":%u,\"queue\":{\"length\":%zu,"
	    "\"max\":%u,\"pause_at\":%u,\"pauses\":%lu},", st->reloads, srv->settings->workers,
	    pool_queue_length(srv->pool), srv->settings->max_queue,
	    srv->settings->queue_pause, st->read_pauses);
	rc |= wsis_buf_printf(out, "\"loop\":{\"batch\":%s,\"batch_periods\":%lu},",
	    batch ? "true" : "false", periods);
	rc |= wsis_buf_printf(out, "\"cache\":{\"hits\":%lu,\"misses\":%lu,\"entries\":%zu,"
	    "\"bytes\":%zu,\"evictions\":%lu,\"max_bytes\":%zu}}", cc.hits, cc.misses,
	    cc.entries, cc.bytes, cc.evictions, cc.max_bytes);
	return rc;
}

int
server_hello_json(server_t *srv, wsis_buf_t *out)
{
	const settings_t *s = srv->settings;
	const wsis_command_t *c;
	size_t i;
	int rc = 0;

	rc |= wsis_buf_printf(out, "{\"protocol\":\"%s\",\"version\":\"%d.%d\",\"major\":%d,"
	    "\"minor\":%d,\"server\":", WSIS_PROTO_NAME, WSIS_PROTO_VERSION_MAJOR,
	    WSIS_PROTO_VERSION_MINOR, WSIS_PROTO_VERSION_MAJOR, WSIS_PROTO_VERSION_MINOR);
	rc |= wsis_json_put_cstr(out, srv->software);
	rc |= wsis_buf_puts(out, ",\"commands\":[");
	for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++) {
		rc |= i > 0 ? wsis_buf_putc(out, ',') : 0;
		rc |= wsis_json_put_cstr(out, c->name);
	}
	rc |= wsis_buf_puts(out, "],");
	rc |= wsis_buf_printf(out, "\"limits\":{\"max_line\":%u,\"max_limit\":%u,"
	    "\"max_offset\":%u,\"max_payload\":%u,\"max_pipeline\":%u,\"max_terms\":%u,"
	    "\"max_query_bytes\":%u,\"idle_timeout_s\":%u,\"query_time_limit_ms\":%u}}",
	    s->max_line, s->max_limit, s->max_offset, WSIS_PROTO_MAX_PAYLOAD,
	    s->max_pipeline, s->max_terms, s->max_query_bytes, s->idle_timeout_s,
	    s->query_time_limit_ms);
	return rc;
}

void
server_log_request(server_t *srv, const char *client, const char *cmd,
    const char *query, size_t query_len, unsigned long hits, double us, int code,
    int cached)
{
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
	char host[64] = "?";
	int port = 0;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)&ss;
		inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
		port = ntohs(in4->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)&ss;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		port = ntohs(in6->sin6_port);
	} else {
		return;
	}
	log_info("%s listening on %s%s%s:%d", name, ss.ss_family == AF_INET6 ? "[" : "", host,
	    ss.ss_family == AF_INET6 ? "]" : "", port);
}
