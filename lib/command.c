/* command.c - the command table (command.h) and the handlers of the
 * commands that run on the event loop.  The handlers of the commands that
 * read the index are lib/exec.c's; RELOAD's is the daemon's, through the
 * env's callback. */
#include "command.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "citeindex.h"
#include "sprinter.h"
#include "suggest.h"

#define CMD_FILTERS (WSIS_PROTO_OPT_PART | WSIS_PROTO_OPT_SECTION | \
    WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_DAY)

static int __attribute__((format(printf, 3, 4)))
cmd_fail(wsis_exec_error_t *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wsis_exec_verror(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

/* Shrinks `out` back to `len` bytes (undoing a failed callback). */
static void
cmd_rollback(wsis_buf_t *out, size_t len)
{
	out->len = len;
	if (out->data != NULL)
		out->data[len] = '\0';
}

/* ---- handlers ---------------------------------------------------------- */

static int
cmd_hello(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	size_t start = out->len;

	if ((req->opts & WSIS_PROTO_OPT_VERSION) &&
	    req->version != WSIS_PROTO_VERSION_MAJOR)
		return cmd_fail(err, WSIS_PROTO_CODE_VERSION,
		    "protocol version not supported (server speaks %d.%d)",
		    WSIS_PROTO_VERSION_MAJOR, WSIS_PROTO_VERSION_MINOR);
	if (env->hello == NULL)
		return cmd_fail(err, WSIS_PROTO_CODE_INTERNAL, "HELLO: not here");
	if (env->hello(env->opaque, out) != 0) {
		cmd_rollback(out, start);
		return cmd_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	}
	return 0;
}

static int
cmd_search(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	return wsis_exec_search(env->db, req, env->limits, out, err, &env->hits);
}

static int
cmd_mentions(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	return wsis_exec_mentions(env->db, req, env->limits, out, err, &env->hits);
}

static int
cmd_cites(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	return wsis_citeindex_exec(env->db, req, env->limits, out, err, &env->hits);
}

static int
cmd_doc(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	if (wsis_exec_doc(env->db, req, out, err) != 0)
		return -1;
	env->hits = 1;
	return 0;
}

static int
cmd_suggest(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	return wsis_suggest_exec(env->db, req, env->limits, out, err, &env->hits);
}

static int
cmd_stats(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	size_t start = out->len;

	(void)req;
	if (env->stats == NULL)
		return cmd_fail(err, WSIS_PROTO_CODE_INTERNAL, "STATS: not here");
	if (env->stats(env->opaque, out) != 0) {
		cmd_rollback(out, start);
		return cmd_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	}
	return 0;
}

/* {"<key>":true}: PING's and QUIT's reply. */
static int
cmd_flag(wsis_buf_t *out, const char *key, wsis_exec_error_t *err)
{
	wsis_sprinter_t sp;

	wsis_sp_json_init(&sp, out);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, key);
	wsis_sp_bool(&sp, 1);
	wsis_sp_end(&sp);
	if (wsis_sp_finish(&sp) != 0)
		return cmd_fail(err, WSIS_PROTO_CODE_INTERNAL, "out of memory");
	return 0;
}

static int
cmd_ping(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	(void)env;
	(void)req;
	return cmd_flag(out, "pong", err);
}

static int
cmd_reload(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	(void)req;
	if (env->reload == NULL)
		return cmd_fail(err, WSIS_PROTO_CODE_INTERNAL, "RELOAD: not here");
	return env->reload(env->opaque, env, out, err);
}

static int
cmd_quit(wsis_cmd_env_t *env, const wsis_proto_request_t *req, wsis_buf_t *out,
    wsis_exec_error_t *err)
{
	(void)req;
	if (cmd_flag(out, "bye", err) != 0)
		return -1;
	env->closes = 1;
	return 0;
}

/* ---- the table --------------------------------------------------------- */

/* In the order of wsis_proto_cmd_t (entry i has id i + 1), which is the
 * order HELLO lists them in. */
static const wsis_command_t cmd_table[] = {
	{
		.id = WSIS_PROTO_CMD_HELLO, .name = "HELLO",
		.usage = "[version=N] [[--] CLIENT-NAME]",
		.help = "the protocol version, the server and its limits",
		.opts = WSIS_PROTO_OPT_VERSION,
		.text = WSIS_CMD_TEXT_CLIENT,
		.where = WSIS_CMD_LOOP,
		.exec = cmd_hello
	},
	{
		.id = WSIS_PROTO_CMD_SEARCH, .name = "SEARCH",
		.usage = "[offset=N] [limit=N] [sort=relevance|doc] [part=P]... "
		    "[section=S] [para=R] [day=R] [expand=0|1] [explain=0|1] "
		    "[text=N|all] [[--] QUERY]",
		.help = "the passages that match, best first",
		.opts = WSIS_PROTO_OPT_OFFSET | WSIS_PROTO_OPT_LIMIT |
		    WSIS_PROTO_OPT_SORT | CMD_FILTERS | WSIS_PROTO_OPT_EXPAND |
		    WSIS_PROTO_OPT_EXPLAIN | WSIS_PROTO_OPT_TEXT,
		.text = WSIS_CMD_TEXT_QUERY,
		.where = WSIS_CMD_WORKER, .cacheable = 1, .max_offset = 1,
		.client = 1,
		.http_path = "/search", .http_method = WSIS_CMD_HTTP_GET,
		.exec = cmd_search
	},
	{
		.id = WSIS_PROTO_CMD_COUNT, .name = "COUNT",
		.usage = "[part=P]... [section=S] [para=R] [day=R] [[--] QUERY]",
		.help = "the number of passages that match",
		.opts = CMD_FILTERS,
		.text = WSIS_CMD_TEXT_QUERY,
		.where = WSIS_CMD_WORKER, .cacheable = 1, .client = 1,
		.http_path = "/count", .http_method = WSIS_CMD_HTTP_GET,
		.exec = cmd_search
	},
	{
		.id = WSIS_PROTO_CMD_MENTIONS, .name = "MENTIONS",
		.usage = "[part=P]... [section=S] [para=R] [day=R] [context=N] "
		    "[exact=0|1] [text=N|all] [--] QUERY",
		.help = "every occurrence of a concept, with its context",
		.opts = CMD_FILTERS | WSIS_PROTO_OPT_CONTEXT | WSIS_PROTO_OPT_EXACT |
		    WSIS_PROTO_OPT_TEXT,
		.text = WSIS_CMD_TEXT_QUERY, .text_required = 1,
		.where = WSIS_CMD_WORKER, .cacheable = 1, .client = 1,
		.http_path = "/mentions", .http_method = WSIS_CMD_HTTP_GET,
		.exec = cmd_mentions
	},
	{
		.id = WSIS_PROTO_CMD_DOC, .name = "DOC",
		.usage = "[--] ID",
		.help = "one passage, whole",
		.text = WSIS_CMD_TEXT_ID, .text_required = 1,
		.where = WSIS_CMD_WORKER, .cacheable = 1, .client = 1,
		.http_path = "/doc/", .http_method = WSIS_CMD_HTTP_GET,
		.exec = cmd_doc
	},
	{
		.id = WSIS_PROTO_CMD_STATS, .name = "STATS",
		.usage = "",
		.help = "the server's counters",
		.where = WSIS_CMD_LOOP, .client = 1,
		.http_path = "/stats", .http_method = WSIS_CMD_HTTP_GET,
		.exec = cmd_stats
	},
	{
		.id = WSIS_PROTO_CMD_PING, .name = "PING",
		.usage = "",
		.help = "whether the server answers",
		.where = WSIS_CMD_LOOP, .client = 1,
		.exec = cmd_ping
	},
	{
		.id = WSIS_PROTO_CMD_RELOAD, .name = "RELOAD",
		.usage = "",
		.help = "open the index's current generation",
		.where = WSIS_CMD_WORKER, .admin = 1,
		.http_path = "/reload", .http_method = WSIS_CMD_HTTP_POST,
		.exec = cmd_reload
	},
	{
		.id = WSIS_PROTO_CMD_QUIT, .name = "QUIT",
		.usage = "",
		.help = "close the connection once the replies before are sent",
		.where = WSIS_CMD_LOOP,
		.exec = cmd_quit
	},
	{
		.id = WSIS_PROTO_CMD_CITES, .name = "CITES",
		.usage = "[part=P]... [section=S] [para=R] [day=R] [[--] TEXT]",
		.help = "every cited text, its paragraphs and the passages citing them",
		.opts = CMD_FILTERS,
		.text = WSIS_CMD_TEXT_CITED,
		.where = WSIS_CMD_WORKER, .cacheable = 1, .client = 1,
		.http_path = "/cites", .http_method = WSIS_CMD_HTTP_GET,
		.exec = cmd_cites
	},
	{
		.id = WSIS_PROTO_CMD_SUGGEST, .name = "SUGGEST",
		.usage = "[limit=N] [[--] TEXT]",
		.help = "completions of what is typed, as OpenSearch suggestions",
		.opts = WSIS_PROTO_OPT_LIMIT,
		.text = WSIS_CMD_TEXT_QUERY,
		.where = WSIS_CMD_WORKER, .cacheable = 1,
		.http_path = "/suggest", .http_method = WSIS_CMD_HTTP_GET,
		.exec = cmd_suggest
	},
};
#define CMD_COUNT (sizeof cmd_table / sizeof cmd_table[0])

/* ---- lookups ----------------------------------------------------------- */

const wsis_command_t *
wsis_cmd_at(size_t i)
{
	return i < CMD_COUNT ? &cmd_table[i] : NULL;
}

const wsis_command_t *
wsis_cmd_by_id(wsis_proto_cmd_t id)
{
	size_t i;

	for (i = 0; i < CMD_COUNT; i++)
		if (cmd_table[i].id == id)
			return &cmd_table[i];
	return NULL;
}

static char
cmd_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

const wsis_command_t *
wsis_cmd_by_name(const char *name, size_t len)
{
	size_t i, k;

	for (i = 0; i < CMD_COUNT; i++) {
		const char *n = cmd_table[i].name;

		for (k = 0; k < len && n[k] != '\0'; k++)
			if (cmd_upper(name[k]) != cmd_upper(n[k]))
				break;
		if (k == len && n[k] == '\0')
			return &cmd_table[i];
	}
	return NULL;
}

const wsis_command_t *
wsis_cmd_by_route(const char *path, const char **arg)
{
	size_t i, n;

	if (arg != NULL)
		*arg = NULL;
	for (i = 0; i < CMD_COUNT; i++) {
		const char *r = cmd_table[i].http_path;

		if (r == NULL)
			continue;
		n = strlen(r);
		if (r[n - 1] == '/' ? strncmp(path, r, n) == 0 :
		    strcmp(path, r) == 0) {
			if (arg != NULL && r[n - 1] == '/')
				*arg = path + n;
			return &cmd_table[i];
		}
	}
	return NULL;
}

const char *
wsis_cmd_text_name(wsis_cmd_text_t text)
{
	switch (text) {
	case WSIS_CMD_TEXT_QUERY:  return "query";
	case WSIS_CMD_TEXT_ID:     return "passage id";
	case WSIS_CMD_TEXT_CLIENT: return "client name";
	case WSIS_CMD_TEXT_CITED:  return "cited text";
	case WSIS_CMD_TEXT_NONE:   break;
	}
	return "";
}

/* ---- checks, running, the cache key ------------------------------------ */

int
wsis_cmd_check(const wsis_command_t *c, const wsis_proto_request_t *req,
    int admin, unsigned max_offset, wsis_exec_error_t *err)
{
	if (c->admin && !admin)
		return cmd_fail(err, WSIS_PROTO_CODE_FORBIDDEN,
		    "%s is allowed on the Unix socket only (see admin-tcp)",
		    c->name);
	if (c->max_offset && req->offset > max_offset)
		return cmd_fail(err, WSIS_PROTO_CODE_BAD_REQUEST,
		    "offset %lu is above max-offset %u",
		    (unsigned long)req->offset, max_offset);
	return 0;
}

int
wsis_cmd_run(const wsis_command_t *c, wsis_cmd_env_t *env,
    const wsis_proto_request_t *req, wsis_buf_t *out, wsis_exec_error_t *err)
{
	env->hits = 0;
	env->closes = 0;
	return c->exec(env, req, out, err);
}

int
wsis_cmd_cache_key(const wsis_proto_request_t *req, int gzip, wsis_buf_t *key)
{
	const wsis_command_t *c = wsis_cmd_by_id(req->cmd);
	size_t i;
	int rc = 0;

	wsis_buf_reset(key);
	if (c == NULL || !c->cacheable)
		return -1;
	if (wsis_proto_write_request(key, req, SIZE_MAX, NULL, 0) != WSIS_PROTO_OK)
		rc = -1;
	/* after the line's newline: the ignored parameters, which the reply's
	 * notices name, and gzip, since a gzip reply is other bytes */
	for (i = 0; rc == 0 && i < req->nignored && i < WSIS_PROTO_MAX_IGNORED; i++)
		rc = wsis_buf_printf(key, "ignored %s\n", req->ignored[i]);
	if (rc == 0 && req->nignored > WSIS_PROTO_MAX_IGNORED)
		rc = wsis_buf_printf(key, "ignored +%zu\n", req->nignored);
	if (rc == 0 && gzip)
		rc = wsis_buf_puts(key, "gzip");
	if (rc != 0) {
		wsis_buf_reset(key);
		return -1;
	}
	return 0;
}
