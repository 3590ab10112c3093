/* settings.h - wsis-searchd's settings: defaults, command-line flags and the
 * config file share one table, so every flag has a config key. */
#ifndef SEARCHD_SETTINGS_H
#define SEARCHD_SETTINGS_H

#include <stddef.h>

typedef struct {
	char    *index;            /* index path(s), comma-separated shards */
	char    *listen;           /* HOST:PORT of the native protocol, "" off */
	char    *socket_path;      /* Unix socket, NULL off */
	char    *http;             /* HOST:PORT of HTTP, "" off */
	char    *pidfile;
	char    *user;             /* drop root to this user after binding */
	char    *log_target;       /* "stderr", "syslog" or "auto" */
	char    *cors_origins;     /* comma-separated allowed origins, NULL off */
	char    *public_url;       /* the API's URL for /opensearch.xml, NULL: from Host */
	int      log_level;        /* 0 error, 1 warning, 2 info, 3 debug */
	int      foreground;
	int      query_log;        /* one line per request */
	int      expand;           /* re-rank with words of the top hits */
	int      admin_tcp;        /* RELOAD allowed on TCP */
	int      loop_batch;       /* the loop yields to busy workers (pool.c) */
	unsigned workers;
	unsigned max_connections;
	unsigned max_line;
	unsigned max_terms;
	unsigned max_query_bytes;
	unsigned max_limit;
	unsigned max_offset;
	unsigned max_pipeline;     /* requests in progress per connection */
	unsigned max_queue;        /* jobs waiting for a worker */
	unsigned query_time_limit_ms;
	unsigned hit_text;         /* bytes of each search hit's text (exec.h) */
	unsigned cache_mb;         /* reply cache budget in MiB, 0 off */
	unsigned idle_timeout_s;
	unsigned header_timeout_s; /* an HTTP request head arrives within it */
	unsigned http_max_age_s;   /* Cache-Control max-age of cacheable HTTP replies */
	unsigned shutdown_timeout_s;
	char    *shard_failure;    /* "partial" or "fail" (index.c checks it) */
	unsigned shard_connect_timeout_ms;
	unsigned shard_timeout_ms;
	unsigned shard_retry_max_ms;
} settings_t;

/* Fills `s` with the defaults. */
void settings_defaults(settings_t *s);

/* Sets `key` (a config key or a long flag name without "--") to `value`.
 * Returns 0, or -1 with a message in err. */
int settings_set(settings_t *s, const char *key, const char *value,
    char *err, size_t errlen);

/* Whether `key` is a setting (a long flag name without "--"). */
int settings_known(const char *key);

/* Whether `key` is a flag that takes no value ("foreground"). */
int settings_is_switch(const char *key);

/* Reads a config file of "key = value" lines (# comments, blank lines).
 * Returns 0, or -1 with "FILE:LINE: message" in err. */
int settings_load(settings_t *s, const char *path, char *err, size_t errlen);

/* Prints every key with its default and meaning. */
void settings_usage(void);

void settings_free(settings_t *s);

#endif
