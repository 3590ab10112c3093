/* settings.c - defaults, flags and config file (settings.h). */
#include "settings.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The installed daemon's index, $(localstatedir)/lib/wsis-search/idx:
 * Makefile.am defines it from configure's paths. */
#ifndef WSIS_INDEX_DEFAULT
#error "WSIS_INDEX_DEFAULT: the default index path, from Makefile.am"
#endif

typedef enum { KIND_STRING, KIND_UINT, KIND_BOOL, KIND_LEVEL } kind_t;

typedef struct {
	const char *key;
	kind_t      kind;
	size_t      offset;
	unsigned    min, max;      /* KIND_UINT */
	const char *dflt;
	const char *help;
} setting_t;

#define S(f) offsetof(settings_t, f)
static const setting_t settings_table[] = {
	{ "index", KIND_STRING, S(index), 0, 0, WSIS_INDEX_DEFAULT,
	    "index to serve (comma-separated shards; tcp:HOST:PORT for xapian-tcpsrv)" },
	{ "shard-connect-timeout", KIND_UINT, S(shard_connect_timeout_ms), 1, 600000, "1000",
	    "milliseconds to connect to a remote shard (tcp:) and read its greeting" },
	{ "shard-timeout", KIND_UINT, S(shard_timeout_ms), 1, 600000, "3000",
	    "milliseconds a remote shard may take over each read or write of a query "
	    "before it is taken out" },
	{ "shard-failure", KIND_STRING, S(shard_failure), 0, 0, "partial",
	    "when a remote shard is out: partial (answer from the others, marked "
	    "partial) or fail (503 naming the shard)" },
	{ "shard-retry-max", KIND_UINT, S(shard_retry_max_ms), 500, 3600000, "30000",
	    "longest wait in milliseconds between tries of a shard taken out (from "
	    "0.5 s, doubling)" },
	{ "listen", KIND_STRING, S(listen), 0, 0, "127.0.0.1:7711",
	    "native protocol address HOST:PORT (\"\" turns it off)" },
	{ "socket", KIND_STRING, S(socket_path), 0, 0, NULL, "Unix socket path" },
	{ "http", KIND_STRING, S(http), 0, 0, "127.0.0.1:7780",
	    "HTTP JSON API address HOST:PORT (\"\" turns it off)" },
	{ "pidfile", KIND_STRING, S(pidfile), 0, 0, NULL, "write the pid here" },
	{ "user", KIND_STRING, S(user), 0, 0, NULL,
	    "run as this user after binding (when started as root)" },
	{ "log", KIND_STRING, S(log_target), 0, 0, "auto",
	    "stderr, syslog, or auto: stderr in the foreground, else syslog" },
	{ "log-level", KIND_LEVEL, S(log_level), 0, 0, "info",
	    "error, warning, info or debug" },
	{ "query-log", KIND_BOOL, S(query_log), 0, 0, "yes",
	    "log one line per request (time, client, query, hits, microseconds)" },
	{ "foreground", KIND_BOOL, S(foreground), 0, 0, "no",
	    "stay in the foreground (else daemonize)" },
	{ "admin-tcp", KIND_BOOL, S(admin_tcp), 0, 0, "no",
	    "allow RELOAD over TCP and HTTP (always allowed on the Unix socket)" },
	{ "cors-origins", KIND_STRING, S(cors_origins), 0, 0, NULL,
	    "origins allowed by CORS, comma-separated, or * (off by default)" },
	{ "public-url", KIND_STRING, S(public_url), 0, 0, NULL,
	    "the URL the HTTP API is reached at, for /opensearch.xml (else http:// and the "
	    "request's Host)" },
	{ "loop-batch", KIND_BOOL, S(loop_batch), 0, 0, "yes",
	    "while every worker has a request waiting, the event loop runs as SCHED_BATCH" },
	{ "workers", KIND_UINT, S(workers), 1, 256, "2", "query worker threads" },
	{ "max-connections", KIND_UINT, S(max_connections), 1, 1000000, "1024",
	    "native and HTTP connections at once; each front end may hold all but an "
	    "eighth, kept for the other (past it: ERR 503 or HTTP 503, and a close)" },
	{ "header-timeout", KIND_UINT, S(header_timeout_s), 1, 3600, "10",
	    "seconds an HTTP request's head may take to arrive, and an idle HTTP "
	    "connection may wait for its next request" },
	{ "http-max-age", KIND_UINT, S(http_max_age_s), 0, 31536000, "60",
	    "seconds browsers and proxies may reuse a query's HTTP reply (Cache-Control "
	    "max-age; 0: revalidate each time by its ETag)" },
	{ "max-line", KIND_UINT, S(max_line), 64, 1048576, "8192",
	    "longest request line in bytes" },
	{ "max-terms", KIND_UINT, S(max_terms), 1, 100000, "64",
	    "distinct terms a query is searched by: past it, the most selective" },
	{ "max-query-bytes", KIND_UINT, S(max_query_bytes), 1, 1048576, "8192",
	    "bytes of a query searched: past it, the first ones" },
	{ "max-limit", KIND_UINT, S(max_limit), 1, 100000, "100", "results per page" },
	{ "max-offset", KIND_UINT, S(max_offset), 0, 100000000, "100000",
	    "the deepest result offset" },
	{ "max-pipeline", KIND_UINT, S(max_pipeline), 1, 65536, "32",
	    "requests of one connection in progress" },
	{ "max-queue", KIND_UINT, S(max_queue), 1, 1000000, "32768",
	    "requests waiting for a worker before 429 busy" },
	{ "expand", KIND_BOOL, S(expand), 0, 0, "yes",
	    "re-rank each search with words of its first hits (a request's expand=0|1 "
	    "decides for itself)" },
	{ "hit-text", KIND_UINT, S(hit_text), 0, 67108864, "4096",
	    "bytes of the text of each search hit and audited passage: a longer passage's start, cut at a word "
	    "and marked text_cut (DOC gives it whole; a request's text=N|all decides "
	    "for itself; 0: no text)" },
	{ "query-time-limit-ms", KIND_UINT, S(query_time_limit_ms), 0, 3600000, "2000",
	    "time limit of one query's matching (0: none)" },
	{ "cache-mb", KIND_UINT, S(cache_mb), 0, 65536, "16",
	    "MiB of replies kept to answer repeated queries (0: no cache)" },
	{ "idle-timeout", KIND_UINT, S(idle_timeout_s), 1, 86400, "300",
	    "seconds a connection may stay silent" },
	{ "shutdown-timeout", KIND_UINT, S(shutdown_timeout_s), 1, 3600, "10",
	    "seconds SIGTERM waits for requests in flight" },
};
#undef S

#define NSETTINGS (sizeof settings_table / sizeof settings_table[0])

static const setting_t *
settings_find(const char *key)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (strcmp(settings_table[i].key, key) == 0)
			return &settings_table[i];
	return NULL;
}

int
settings_known(const char *key)
{
	return settings_find(key) != NULL;
}

int
settings_is_switch(const char *key)
{
	const setting_t *st = settings_find(key);

	return st != NULL && st->kind == KIND_BOOL;
}

static int
settings_apply(settings_t *s, const setting_t *st, const char *value, char *err,
    size_t errlen)
{
	char *p = (char *)s + st->offset, *end;
	unsigned long n;

	switch (st->kind) {
	case KIND_STRING: {
		char **dst = (char **)(void *)p;
		char *copy = value ? strdup(value) : NULL;
		if (value != NULL && copy == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		free(*dst);
		*dst = copy;
		return 0;
	}
	case KIND_UINT:
		errno = 0;
		n = strtoul(value, &end, 10);
		if (*value < '0' || *value > '9' || *end != '\0' || errno != 0 ||
		    n < st->min || n > st->max) {
			snprintf(err, errlen, "%s: '%s' is not a whole number from %u to %u",
			    st->key, value, st->min, st->max);
			return -1;
		}
		*(unsigned *)(void *)p = (unsigned)n;
		return 0;
	case KIND_BOOL:
		if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 ||
		    strcmp(value, "on") == 0 || strcmp(value, "1") == 0)
			*(int *)(void *)p = 1;
		else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
		    strcmp(value, "off") == 0 || strcmp(value, "0") == 0)
			*(int *)(void *)p = 0;
		else {
			snprintf(err, errlen, "%s: '%s' is not yes or no", st->key, value);
			return -1;
		}
		return 0;
	case KIND_LEVEL: {
		static const char *const levels[] = { "error", "warning", "info", "debug" };
		int i;
		for (i = 0; i < 4; i++)
			if (strcmp(value, levels[i]) == 0) {
				*(int *)(void *)p = i;
				return 0;
			}
		snprintf(err, errlen, "%s: '%s' is not error, warning, info or debug",
		    st->key, value);
		return -1;
	}
	}
	return -1;
}

int
settings_set(settings_t *s, const char *key, const char *value, char *err, size_t errlen)
{
	const setting_t *st = settings_find(key);

	if (st == NULL) {
		snprintf(err, errlen, "unknown setting '%s'", key);
		return -1;
	}
	return settings_apply(s, st, value, err, errlen);
}

void
settings_defaults(settings_t *s)
{
	size_t i;
	char err[256];

	memset(s, 0, sizeof *s);
	for (i = 0; i < NSETTINGS; i++)
		if (settings_table[i].dflt != NULL)
			settings_apply(s, &settings_table[i], settings_table[i].dflt, err,
			    sizeof err);
}

static char *
settings_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
settings_load(settings_t *s, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[4096], msg[512];
	unsigned lineno = 0;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *k, *v, *eq;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path, lineno);
			fclose(f);
			return -1;
		}
		k = settings_trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "%s:%u: expected key = value", path, lineno);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		k = settings_trim(k);
		v = settings_trim(eq + 1);
		if (strlen(v) >= 2 && v[0] == '"' && v[strlen(v) - 1] == '"') {
			v[strlen(v) - 1] = '\0';
			v++;
		}
		if (settings_set(s, k, v, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

void
settings_usage(void)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		const setting_t *st = &settings_table[i];
		printf("  --%s%s%-*s %s%s%s%s\n", st->key,
		    st->kind == KIND_BOOL ? "" : "=V",
		    (int)(24 - strlen(st->key) - (st->kind == KIND_BOOL ? 0 : 2)), "",
		    st->help, st->dflt ? " [" : "", st->dflt ? st->dflt : "",
		    st->dflt ? "]" : "");
	}
}

void
settings_free(settings_t *s)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (settings_table[i].kind == KIND_STRING) {
			char **p = (char **)(void *)((char *)s + settings_table[i].offset);
			free(*p);
			*p = NULL;
		}
}
