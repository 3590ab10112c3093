/* command.h - the command table: every command of wsis-searchd, once.
 *
 * Each command is one wsis_command_t (tmux's cmd_entry): its name, what it
 * accepts, where it runs, its checks and its handler.  The request parser
 * (proto.c), the HTTP front end (httpreq.h), the client's arguments, HELLO
 * and `wsis-search --help` all read this table; no other list of commands
 * exists.  The table is static and read-only, so any thread may read it.
 */
#ifndef WSIS_COMMAND_H
#define WSIS_COMMAND_H

#include <stddef.h>

#include "buf.h"
#include "exec.h"
#include "proto.h"
#include "wsis-xapian.h"

/* Where a command runs: on the event loop (cheap, never reads the index)
 * or on a worker thread (with that worker's database). */
typedef enum {
	WSIS_CMD_LOOP = 1,
	WSIS_CMD_WORKER
} wsis_cmd_where_t;

/* What a command's text argument (the rest of the line, or HTTP's q=, or
 * the {id} of /doc/{id}) is. */
typedef enum {
	WSIS_CMD_TEXT_NONE = 0,   /* none: any text is an error */
	WSIS_CMD_TEXT_QUERY,      /* a query */
	WSIS_CMD_TEXT_ID,         /* a passage id */
	WSIS_CMD_TEXT_CLIENT,     /* the client's name (HELLO) */
	WSIS_CMD_TEXT_CITED       /* a cited text, as cites: takes it (CITES) */
} wsis_cmd_text_t;

/* HTTP methods a route answers. */
typedef enum {
	WSIS_CMD_HTTP_GET = 1,    /* GET and HEAD */
	WSIS_CMD_HTTP_POST
} wsis_cmd_method_t;

/* What the daemon gives a handler.  The daemon fills the inputs; a handler
 * fills the outputs.  Callbacks are for what only the daemon knows; each
 * gets `opaque` and may be NULL where the daemon does not offer it (the
 * handler then fails with 500). */
typedef struct wsis_cmd_env wsis_cmd_env_t;
struct wsis_cmd_env {
	/* inputs */
	wsis_db_t                *db;      /* worker commands: this worker's
	                                      database (RELOAD may replace it) */
	const wsis_exec_limits_t *limits;  /* worker commands */
	/* STATS and HELLO: append the JSON object; 0 or -1 (out of memory) */
	int  (*stats)(void *opaque, wsis_buf_t *out);
	int  (*hello)(void *opaque, wsis_buf_t *out);
	/* RELOAD, on a worker: open the index anew (env->db may change) and
	 * append the reply; 0, or -1 with err filled */
	int  (*reload)(void *opaque, wsis_cmd_env_t *env, wsis_buf_t *out,
	    wsis_exec_error_t *err);
	void  *opaque;
	/* outputs */
	unsigned long hits;     /* matches, for the query log and the cache
	                           (1 for a DOC found) */
	int           closes;   /* close the connection after this reply (QUIT) */
};

/* A handler: runs `req` (already checked by the parser, and by
 * wsis_cmd_check) and appends its JSON reply to `out`.  Returns 0, or -1
 * with `err` filled and `out` as it was. */
typedef int (*wsis_cmd_exec_t)(wsis_cmd_env_t *env,
    const wsis_proto_request_t *req, wsis_buf_t *out, wsis_exec_error_t *err);

typedef struct wsis_command {
	wsis_proto_cmd_t  id;
	const char       *name;       /* "SEARCH": the protocol's word */
	const char       *usage;      /* its arguments after the name */
	const char       *help;       /* one line: what it does */
	unsigned          opts;       /* WSIS_PROTO_OPT_* it accepts */
	wsis_cmd_text_t   text;       /* what its text argument is */
	int               text_required;
	wsis_cmd_where_t  where;
	int               admin;      /* only on the admin socket (or admin-tcp) */
	int               cacheable;  /* its reply may come from the reply cache */
	int               max_offset; /* offset= is checked against max-offset */
	int               client;     /* wsis-search offers it (lower case) */
	/* HTTP: the path, or NULL when HTTP does not offer the command.  A
	 * path ending in '/' is a prefix: the rest of the path is the text
	 * argument ("/doc/" + id), and the route takes no parameters. */
	const char       *http_path;
	wsis_cmd_method_t http_method;
	wsis_cmd_exec_t   exec;
} wsis_command_t;

/* The command with that id, or NULL (WSIS_PROTO_CMD_NONE, unknown). */
const wsis_command_t *wsis_cmd_by_id(wsis_proto_cmd_t id);

/* The command named name[0..len), in any ASCII case ("search"), or NULL. */
const wsis_command_t *wsis_cmd_by_name(const char *name, size_t len);

/* The command whose HTTP route matches `path` (the URI's path, still
 * percent-encoded), or NULL.  For a prefix route, *arg (may be NULL) gets
 * the rest of the path (to decode), else NULL.  The method is not checked:
 * compare http_method. */
const wsis_command_t *wsis_cmd_by_route(const char *path, const char **arg);

/* The i-th command in the table's order (HELLO's list, --help), NULL past
 * the last: for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++). */
const wsis_command_t *wsis_cmd_at(size_t i);

/* "query", "passage id", "client name"; "" for WSIS_CMD_TEXT_NONE. */
const char *wsis_cmd_text_name(wsis_cmd_text_t text);

/* The checks the daemon makes on a parsed request before it runs it, the
 * same for every front end: admin (403) and max-offset (400).  `admin` says
 * whether the request came where admin commands are allowed.  Returns 0, or
 * -1 with err filled. */
int wsis_cmd_check(const wsis_command_t *c, const wsis_proto_request_t *req,
    int admin, unsigned max_offset, wsis_exec_error_t *err);

/* Runs req's command: c->exec with env.hits and env.closes cleared. */
int wsis_cmd_run(const wsis_command_t *c, wsis_cmd_env_t *env,
    const wsis_proto_request_t *req, wsis_buf_t *out, wsis_exec_error_t *err);

/* Writes the reply-cache key of `req` into `key` (reset first): the
 * request as wsis_proto_write_request() writes it back (canonical: options
 * in one order, numbers without leading zeros, the text folded and
 * trimmed), then a line "ignored NAME" for each parameter an HTTP request
 * gave that its command ignored (the reply's notices name them), and
 * "gzip" when the reply is gzip bytes.
 * A native line and an HTTP request that mean the same get the same key.
 * Returns 0, or -1 (key empty) when the command's reply is not cacheable
 * or the key cannot be written. */
int wsis_cmd_cache_key(const wsis_proto_request_t *req, int gzip,
    wsis_buf_t *key);

#endif
