/* test-command.c - the command table (lib/command.c), HTTP parameters into
 * a request (lib/httpreq.c) and the reply-cache key.
 *
 * The HTTP test is an equivalence: for generated parameter sets, the
 * request wsis_httpreq_parse() fills must be the one
 * wsis_proto_parse_request() gives for the protocol line searchd/http.c
 * used to build (ref_http_to_line below is that code, kept as the
 * reference), errors included. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "command.h"
#include "httpreq.h"
#include "proto.h"
#include "qstring.h"
#include "tap.h"
#include "utf8.h"

/* ---- the table --------------------------------------------------------- */

static void
test_table(void)
{
	static const char *const hello_order[] = { "HELLO", "SEARCH", "COUNT",
		"MENTIONS", "DOC", "STATS", "PING", "RELOAD", "QUIT", "CITES", "SUGGEST", NULL };
	const wsis_command_t *c;
	size_t i, n = 0;
	unsigned cacheable = 0, loop = 0, admin = 0, offset = 0, client = 0;

	for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++) {
		n++;
		ok(c->id == (wsis_proto_cmd_t)(i + 1), "%s: entry %zu has id %zu",
		    c->name, i, i + 1);
		ok(wsis_cmd_by_id(c->id) == c, "%s: found by id", c->name);
		ok(wsis_cmd_by_name(c->name, strlen(c->name)) == c,
		    "%s: found by name", c->name);
		ok(c->exec != NULL, "%s: has a handler", c->name);
		ok(c->where == WSIS_CMD_LOOP || c->where == WSIS_CMD_WORKER,
		    "%s: runs somewhere", c->name);
		ok(c->usage != NULL && c->help != NULL && c->help[0] != '\0',
		    "%s: usage and help", c->name);
		ok(!c->text_required || c->text != WSIS_CMD_TEXT_NONE,
		    "%s: a required text has a kind", c->name);
		is_str(c->name, hello_order[i], "entry %zu is %s", i, hello_order[i]);
		if (c->cacheable)
			cacheable |= 1u << c->id;
		if (c->where == WSIS_CMD_LOOP)
			loop |= 1u << c->id;
		if (c->admin)
			admin |= 1u << c->id;
		if (c->max_offset)
			offset |= 1u << c->id;
		if (c->client)
			client |= 1u << c->id;
	}
	is_int(n, 11, "eleven commands");
	is_int(cacheable, (1u << WSIS_PROTO_CMD_SEARCH) | (1u << WSIS_PROTO_CMD_COUNT) |
	    (1u << WSIS_PROTO_CMD_MENTIONS) | (1u << WSIS_PROTO_CMD_DOC) |
	    (1u << WSIS_PROTO_CMD_CITES) | (1u << WSIS_PROTO_CMD_SUGGEST),
	    "cacheable: SEARCH, COUNT, MENTIONS, DOC, CITES, SUGGEST");
	is_int(loop, (1u << WSIS_PROTO_CMD_PING) | (1u << WSIS_PROTO_CMD_STATS) |
	    (1u << WSIS_PROTO_CMD_HELLO) | (1u << WSIS_PROTO_CMD_QUIT),
	    "on the loop: PING, STATS, HELLO, QUIT");
	is_int(admin, 1u << WSIS_PROTO_CMD_RELOAD, "admin: RELOAD only");
	is_int(offset, 1u << WSIS_PROTO_CMD_SEARCH, "max-offset: SEARCH only");
	is_int(client, (1u << WSIS_PROTO_CMD_SEARCH) | (1u << WSIS_PROTO_CMD_COUNT) |
	    (1u << WSIS_PROTO_CMD_MENTIONS) | (1u << WSIS_PROTO_CMD_DOC) |
	    (1u << WSIS_PROTO_CMD_STATS) | (1u << WSIS_PROTO_CMD_PING) |
	    (1u << WSIS_PROTO_CMD_CITES),
	    "the client: search, count, mentions, doc, stats, ping, cites");
	ok(wsis_cmd_at(n) == NULL, "nothing past the last");
	ok(wsis_cmd_by_id(WSIS_PROTO_CMD_NONE) == NULL, "no entry for NONE");

	ok(wsis_cmd_by_name("search", 6) == wsis_cmd_by_id(WSIS_PROTO_CMD_SEARCH),
	    "names in any case");
	ok(wsis_cmd_by_name("SEARCHX", 6) == wsis_cmd_by_id(WSIS_PROTO_CMD_SEARCH),
	    "a name is its length");
	ok(wsis_cmd_by_name("SEARC", 5) == NULL, "a prefix is no name");
	ok(wsis_cmd_by_name("", 0) == NULL, "empty is no name");

	is_int(wsis_cmd_by_id(WSIS_PROTO_CMD_SEARCH)->opts, WSIS_PROTO_OPT_OFFSET |
	    WSIS_PROTO_OPT_LIMIT | WSIS_PROTO_OPT_SORT | WSIS_PROTO_OPT_PART |
	    WSIS_PROTO_OPT_SECTION | WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_DAY |
	    WSIS_PROTO_OPT_EXPAND | WSIS_PROTO_OPT_EXPLAIN | WSIS_PROTO_OPT_TEXT,
	    "SEARCH's options");
	is_int(wsis_cmd_by_id(WSIS_PROTO_CMD_MENTIONS)->opts, WSIS_PROTO_OPT_PART |
	    WSIS_PROTO_OPT_SECTION | WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_DAY |
	    WSIS_PROTO_OPT_CONTEXT | WSIS_PROTO_OPT_EXACT | WSIS_PROTO_OPT_TEXT,
	    "MENTIONS's options");
	is_int(wsis_cmd_by_id(WSIS_PROTO_CMD_HELLO)->opts, WSIS_PROTO_OPT_VERSION,
	    "HELLO's options");
}

static void
test_routes(void)
{
	static const struct {
		const char *path, *arg;
		wsis_proto_cmd_t cmd;
		wsis_cmd_method_t method;
	} r[] = {
		{ "/search", NULL, WSIS_PROTO_CMD_SEARCH, WSIS_CMD_HTTP_GET },
		{ "/count", NULL, WSIS_PROTO_CMD_COUNT, WSIS_CMD_HTTP_GET },
		{ "/mentions", NULL, WSIS_PROTO_CMD_MENTIONS, WSIS_CMD_HTTP_GET },
		{ "/doc/draft%3A38", "draft%3A38", WSIS_PROTO_CMD_DOC, WSIS_CMD_HTTP_GET },
		{ "/doc/", "", WSIS_PROTO_CMD_DOC, WSIS_CMD_HTTP_GET },
		{ "/stats", NULL, WSIS_PROTO_CMD_STATS, WSIS_CMD_HTTP_GET },
		{ "/reload", NULL, WSIS_PROTO_CMD_RELOAD, WSIS_CMD_HTTP_POST },
	};
	static const char *const none[] = { "/", "/health", "/searc", "/search/",
		"/doc", "/ping", "/hello", "/quit", "" };
	const wsis_command_t *c;
	const char *arg;
	size_t i;

	for (i = 0; i < sizeof r / sizeof r[0]; i++) {
		c = wsis_cmd_by_route(r[i].path, &arg);
		ok(c != NULL && c->id == r[i].cmd && c->http_method == r[i].method,
		    "route %s", r[i].path);
		is_str(arg, r[i].arg, "route %s: its argument", r[i].path);
	}
	for (i = 0; i < sizeof none / sizeof none[0]; i++)
		ok(wsis_cmd_by_route(none[i], NULL) == NULL, "no route %s", none[i]);
}

/* ---- checks and loop handlers ------------------------------------------ */

static int hello_calls, reload_calls;

static int
fake_hello(void *opaque, wsis_buf_t *out)
{
	(void)opaque;
	hello_calls++;
	return wsis_buf_puts(out, "{\"hello\":1}");
}

static int
fake_stats(void *opaque, wsis_buf_t *out)
{
	(void)opaque;
	(void)out;
	return -1;
}

static int
fake_reload(void *opaque, wsis_cmd_env_t *env, wsis_buf_t *out, wsis_exec_error_t *err)
{
	(void)err;
	reload_calls++;
	env->db = opaque;
	return wsis_buf_puts(out, "{\"reloaded\":true}");
}

static int
run_line(const char *line, wsis_cmd_env_t *env, wsis_buf_t *out, wsis_exec_error_t *err)
{
	wsis_proto_request_t req;
	size_t consumed;

	if (wsis_proto_parse_request(line, strlen(line), 0, &req, &consumed) != WSIS_PROTO_OK)
		return -2;
	wsis_buf_reset(out);
	memset(err, 0, sizeof *err);
	return wsis_cmd_run(wsis_cmd_by_id(req.cmd), env, &req, out, err);
}

static void
test_handlers(void)
{
	static int token;
	wsis_cmd_env_t env;
	wsis_buf_t out = WSIS_BUF_INIT;
	wsis_exec_error_t err;
	wsis_proto_request_t req;
	const wsis_command_t *search = wsis_cmd_by_id(WSIS_PROTO_CMD_SEARCH);
	const wsis_command_t *reload = wsis_cmd_by_id(WSIS_PROTO_CMD_RELOAD);

	memset(&env, 0, sizeof env);
	is_int(run_line("PING\n", &env, &out, &err), 0, "PING runs");
	is_str(out.data, "{\"pong\":true}", "PING's reply");
	is_int(run_line("QUIT\n", &env, &out, &err), 0, "QUIT runs");
	ok(env.closes, "QUIT closes");
	is_int(run_line("PING\n", &env, &out, &err), 0, "PING again");
	ok(!env.closes, "PING does not close");
	is_int(run_line("STATS\n", &env, &out, &err), -1, "STATS without a callback fails");
	is_int(err.code, 500, "... with 500");
	is_int(run_line("HELLO version=2\n", &env, &out, &err), -1, "HELLO version=2");
	is_int(err.code, WSIS_PROTO_CODE_VERSION, "... 505");
	is_str(err.message, "protocol version not supported (server speaks 1.2)",
	    "... and says what the server speaks");
	env.hello = fake_hello;
	env.stats = fake_stats;
	env.reload = fake_reload;
	env.opaque = &token;
	is_int(run_line("HELLO version=1 my-client\n", &env, &out, &err), 0, "HELLO runs");
	is_str(out.data, "{\"hello\":1}", "HELLO's reply is the callback's");
	is_int(hello_calls, 1, "once");
	wsis_buf_puts(&out, "kept");
	memset(&err, 0, sizeof err);
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_STATS);
	is_int(wsis_cmd_run(wsis_cmd_by_id(WSIS_PROTO_CMD_STATS), &env, &req, &out, &err), -1,
	    "STATS whose callback fails");
	is_str(out.data, "{\"hello\":1}kept", "... leaves the reply as it was");
	is_int(run_line("RELOAD\n", &env, &out, &err), 0, "RELOAD runs the callback");
	ok(reload_calls == 1 && env.db == (void *)&token, "... which may replace the database");

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_RELOAD);
	is_int(wsis_cmd_check(reload, &req, 0, 100, &err), -1, "RELOAD without admin");
	is_int(err.code, WSIS_PROTO_CODE_FORBIDDEN, "... 403");
	is_str(err.message, "RELOAD is allowed on the Unix socket only (see admin-tcp)",
	    "... and why");
	is_int(wsis_cmd_check(reload, &req, 1, 100, &err), 0, "RELOAD with admin");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_SEARCH);
	req.offset = 100;
	is_int(wsis_cmd_check(search, &req, 0, 100, &err), 0, "offset at max-offset");
	req.offset = 101;
	is_int(wsis_cmd_check(search, &req, 0, 100, &err), -1, "offset past max-offset");
	is_int(err.code, 400, "... 400");
	is_str(err.message, "offset 101 is above max-offset 100", "... and why");
	wsis_buf_free(&out);
}

/* ---- HTTP: the reference ------------------------------------------------ */

/* searchd/http.c's http_line_option and http_to_line as they were before
 * wsis_httpreq_parse: the parameters written as a protocol line. */
static int
ref_line_option(wsis_buf_t *line, const char *name, const wsis_qparam_t *p, char *err,
    size_t errlen)
{
	size_t i;
	int quote = 0;

	if (p->value_len == 0) {
		snprintf(err, errlen, "%s: empty value", name);
		return -1;
	}
	for (i = 0; i < p->value_len; i++) {
		unsigned char c = (unsigned char)p->value[i];
		if (c == '"' || c < 0x20 || c == 0x7f) {
			snprintf(err, errlen, "%s: a quote or control byte in the value", name);
			return -1;
		}
		if (c == ' ')
			quote = 1;
	}
	return wsis_buf_printf(line, quote ? " %s=\"%s\"" : " %s=%s", name, p->value);
}

/* The parameters the reference ignored: names in order of first
 * appearance, each once. */
typedef struct {
	const char *names[64];
	size_t      n;
} ref_ignored_t;

static void
ref_ignore(ref_ignored_t *ig, const char *name)
{
	size_t i;

	for (i = 0; i < ig->n; i++)
		if (strcmp(ig->names[i], name) == 0)
			return;
	if (ig->n < 64)
		ig->names[ig->n++] = name;
}

static int
ref_allowed(const char *name, const char *const *allowed)
{
	size_t k;

	if (strcmp(name, "q") == 0)
		return 1;
	for (k = 0; allowed[k] != NULL; k++)
		if (strcmp(name, allowed[k]) == 0)
			return 1;
	return 0;
}

/* The line an HTTP request stands for: a parameter the command does not
 * take is left out of it, and noted in *ig. */
static int
ref_http_to_line(const char *cmd, const wsis_qstring_t *qs, const char *const *allowed,
    wsis_buf_t *line, ref_ignored_t *ig, char *err, size_t errlen)
{
	const wsis_qparam_t *q = wsis_qstring_get(qs, "q");
	size_t i;

	for (i = 0; i < qs->count; i++)
		if (!ref_allowed(qs->params[i].name, allowed))
			ref_ignore(ig, qs->params[i].name);
	wsis_buf_puts(line, cmd);
	for (i = 0; i < qs->count; i++) {
		const wsis_qparam_t *p = &qs->params[i];
		if (strcmp(p->name, "q") == 0 || !ref_allowed(p->name, allowed))
			continue;
		if (ref_line_option(line, p->name, p, err, errlen) != 0)
			return -1;
	}
	if (q != NULL && q->value_len > 0) {
		wsis_buf_puts(line, " -- ");
		for (i = 0; i < q->value_len; i++) {
			char c = q->value[i];
			wsis_buf_putc(line, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
		}
	}
	return wsis_buf_putc(line, '\n');
}

/* http.c's /doc/{id}: the id's checks, then "DOC -- id". */
static int
ref_doc_line(const char *id, size_t n, const wsis_qstring_t *qs, wsis_buf_t *line,
    ref_ignored_t *ig, char *err, size_t errlen)
{
	int bad = n == 0 || n > 512 || wsis_utf8_valid_prefix(id, n) != n;
	size_t i;

	for (i = 0; !bad && i < n; i++)
		bad = (unsigned char)id[i] < 0x20 || id[i] == 0x7f;
	if (bad) {
		snprintf(err, errlen, "bad passage id");
		return -1;
	}
	/* it takes no parameter: each is ignored */
	for (i = 0; i < qs->count; i++)
		ref_ignore(ig, qs->params[i].name);
	wsis_buf_printf(line, "DOC -- %.*s\n", (int)n, id);
	return 0;
}

/* ---- HTTP: the comparison ------------------------------------------------ */

static int
same_str(wsis_proto_str_t a, wsis_proto_str_t b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Whether two requests say the same; on a difference, *what names it. */
static int
same_request(const wsis_proto_request_t *a, const wsis_proto_request_t *b,
    const char **what)
{
	size_t i;

#define FIELD(cond, name) if (!(cond)) { *what = name; return 0; }
	FIELD(a->cmd == b->cmd, "cmd");
	FIELD(a->code == b->code, "code");
	FIELD(a->close == b->close, "close");
	FIELD(strcmp(a->message, b->message) == 0, "message");
	FIELD(a->opts == b->opts, "opts");
	FIELD(a->version == b->version, "version");
	FIELD(a->offset == b->offset, "offset");
	FIELD(a->limit == b->limit, "limit");
	FIELD(a->sort == b->sort, "sort");
	FIELD(a->nparts == b->nparts, "nparts");
	for (i = 0; i < a->nparts; i++)
		FIELD(same_str(a->parts[i], b->parts[i]), "parts");
	FIELD(same_str(a->section, b->section), "section");
	FIELD(a->para_min == b->para_min && a->para_max == b->para_max, "para");
	FIELD(a->day_min == b->day_min && a->day_max == b->day_max, "day");
	FIELD(a->context == b->context, "context");
	FIELD(a->exact == b->exact, "exact");
	FIELD(same_str(a->text, b->text), "text");
	if (a->code == 0) {
		FIELD(a->nignored == b->nignored, "nignored");
		for (i = 0; i < a->nignored && i < WSIS_PROTO_MAX_IGNORED; i++)
			FIELD(strcmp(a->ignored[i], b->ignored[i]) == 0, "ignored");
	}
#undef FIELD
	return 1;
}

/* Percent-encodes every byte of s[0..n) onto qs. */
static void
put_encoded(wsis_buf_t *qs, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		wsis_buf_printf(qs, "%%%02X", (unsigned char)s[i]);
}

typedef struct {
	const char *s;
	size_t      n;    /* 0: strlen */
} sample_t;

#define S(x) { x, 0 }
#define SN(x) { x, sizeof x - 1 }

static const sample_t numbers[] = { S("5"), S("0"), S("007"), S("4294967295"),
	S("4294967296"), S("abc"), S(""), S(" 5"), S("1 2"), S("-1"), S("\xc3\xa9") };
static const sample_t ranges[] = { S("3"), S("3..9"), S("9..3"), S(".."), S("..5"),
	S("5.."), S("x..y"), S("1...2") };
static const sample_t sorts[] = { S("doc"), S("relevance"), S("x"), S("DOC") };
static const sample_t strings[] = { S("draft"), S("two words"), S("a\"b"),
	S("\xc3\xa9t\xc3\xa9"), S("\xff"), S("x\ty"), S("--"), S("a=b"), S(" lead"),
	S("trail "), SN("n\0ul"), S("\x7f"), S("\xe2\x80") };
static const sample_t bools[] = { S("0"), S("1"), S("2"), S("") };
static const sample_t queries[] = { S("enhanced cooperation"), S("  padded  "),
	S("line\nbreak\ttab\rcr"), S("\xff bad"), S("ctl\x01"), SN("nul\0x"), S(""),
	S("   "), S("\t"), S("-- dashes"), S("limit=5"), S("\"phrase here\" +must -not"),
	S("caf\xc3\xa9"), S("\xed\xa0\x80 surrogate"), S("v\x0b" "t") };

static const struct {
	const char     *name;
	const sample_t *values;
	size_t          n;
} params[] = {
	{ "q", queries, sizeof queries / sizeof queries[0] },
	{ "q", queries, sizeof queries / sizeof queries[0] },
	{ "limit", numbers, sizeof numbers / sizeof numbers[0] },
	{ "offset", numbers, sizeof numbers / sizeof numbers[0] },
	{ "context", numbers, sizeof numbers / sizeof numbers[0] },
	{ "version", numbers, sizeof numbers / sizeof numbers[0] },
	{ "sort", sorts, sizeof sorts / sizeof sorts[0] },
	{ "part", strings, sizeof strings / sizeof strings[0] },
	{ "part", strings, sizeof strings / sizeof strings[0] },
	{ "section", strings, sizeof strings / sizeof strings[0] },
	{ "para", ranges, sizeof ranges / sizeof ranges[0] },
	{ "day", ranges, sizeof ranges / sizeof ranges[0] },
	{ "exact", bools, sizeof bools / sizeof bools[0] },
	{ "bogus", bools, sizeof bools / sizeof bools[0] },
	{ "Limit", numbers, sizeof numbers / sizeof numbers[0] },
};
#define NPARAMS (sizeof params / sizeof params[0])

static uint32_t rng = 2862933555u;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

/* One generated case; returns 1 when both sides agree. */
static int
http_case(const wsis_command_t *c, const char *qstr, size_t qlen, const char *id,
    size_t idlen, size_t max_line, int *was_ok, char *why, size_t whylen)
{
	static const char *const search_opts[] = { "limit", "offset", "sort", "part",
		"section", "para", "day", NULL };
	static const char *const count_opts[] = { "part", "section", "para", "day", NULL };
	static const char *const mentions_opts[] = { "part", "section", "para", "day",
		"context", "exact", NULL };
	wsis_qstring_t qs_ref, qs_new;
	wsis_proto_request_t want, got;
	wsis_proto_status_t st_want, st_got;
	wsis_buf_t line = WSIS_BUF_INIT, kw = WSIS_BUF_INIT, kg = WSIS_BUF_INIT;
	const char *what = NULL;
	char err[256];
	size_t consumed, i;
	ref_ignored_t ig = { { NULL }, 0 };
	int rc, agree = 1;

	if (wsis_qstring_parse(qstr, qlen, &qs_ref, err, sizeof err) != 0 ||
	    wsis_qstring_parse(qstr, qlen, &qs_new, err, sizeof err) != 0) {
		snprintf(why, whylen, "query string: %s", err);
		return 0;
	}
	if (c->id == WSIS_PROTO_CMD_DOC)
		rc = ref_doc_line(id, idlen, &qs_ref, &line, &ig, err, sizeof err);
	else
		rc = ref_http_to_line(c->name, &qs_ref, c->id == WSIS_PROTO_CMD_SEARCH ?
		    search_opts : c->id == WSIS_PROTO_CMD_COUNT ? count_opts :
		    mentions_opts, &line, &ig, err, sizeof err);
	if (rc != 0) {
		/* refused before any line: a 400 with http.c's message */
		wsis_proto_request_init(&want, WSIS_PROTO_CMD_NONE);
		want.code = 400;
		snprintf(want.message, sizeof want.message, "%.*s",
		    (int)sizeof want.message - 1, err);
		st_want = WSIS_PROTO_ERR_SYNTAX;
	} else {
		st_want = wsis_proto_parse_request(line.data, line.len, max_line, &want,
		    &consumed);
		/* the line has no ignored parameters: the reference's are added */
		if (st_want == WSIS_PROTO_OK) {
			want.nignored = ig.n;
			for (i = 0; i < ig.n && i < WSIS_PROTO_MAX_IGNORED; i++)
				want.ignored[i] = ig.names[i];
		}
	}
	st_got = wsis_httpreq_parse(c, &qs_new, id, idlen, max_line, &got);
	*was_ok = st_want == WSIS_PROTO_OK;
	if ((st_want == WSIS_PROTO_OK) != (st_got == WSIS_PROTO_OK) ||
	    (rc == 0 && st_want != st_got)) {
		snprintf(why, whylen, "status %s, want %s (%s / %s)",
		    wsis_proto_status_to_string(st_got), wsis_proto_status_to_string(st_want),
		    got.message, want.message);
		agree = 0;
	} else if (!same_request(&got, &want, &what)) {
		snprintf(why, whylen, "%s differs (got \"%s\", want \"%s\")", what,
		    got.message, want.message);
		agree = 0;
	} else if (st_want == WSIS_PROTO_OK) {
		int a = wsis_cmd_cache_key(&want, 0, &kw), b = wsis_cmd_cache_key(&got, 0, &kg);
		if (a != b || kw.len != kg.len || (a == 0 && memcmp(kw.data, kg.data, kw.len))) {
			snprintf(why, whylen, "cache keys differ");
			agree = 0;
		}
	}
	if (!agree && line.data != NULL)
		snprintf(why + strlen(why), whylen - strlen(why), "; line %.80s", line.data);
	wsis_qstring_free(&qs_ref);
	wsis_qstring_free(&qs_new);
	wsis_buf_free(&line);
	wsis_buf_free(&kw);
	wsis_buf_free(&kg);
	return agree;
}

static void
test_http_equivalence(void)
{
	static const wsis_proto_cmd_t cmds[] = { WSIS_PROTO_CMD_SEARCH, WSIS_PROTO_CMD_COUNT,
		WSIS_PROTO_CMD_MENTIONS };
	static const size_t max_lines[] = { 0, 0, 0, 24, 40, 64 };
	wsis_buf_t qs = WSIS_BUF_INIT;
	char why[512] = "";
	int i, k, nparam, bad = 0, oks = 0, was_ok;

	for (i = 0; i < 30000; i++) {
		const wsis_command_t *c = wsis_cmd_by_id(cmds[rnd(3)]);
		size_t ml = max_lines[rnd(sizeof max_lines / sizeof max_lines[0])];

		wsis_buf_reset(&qs);
		nparam = (int)rnd(6);
		for (k = 0; k < nparam; k++) {
			/* mostly the command's own parameters */
			size_t p = rnd(NPARAMS);
			const sample_t *v;
			size_t vn;

			if (k > 0)
				wsis_buf_putc(&qs, '&');
			v = &params[p].values[rnd((uint32_t)params[p].n)];
			vn = v->n ? v->n : strlen(v->s);
			wsis_buf_puts(&qs, params[p].name);
			wsis_buf_putc(&qs, '=');
			put_encoded(&qs, v->s, vn);
		}
		if (!http_case(c, qs.data ? qs.data : "", qs.len, NULL, 0, ml, &was_ok, why,
		    sizeof why)) {
			if (bad++ < 5)
				ok(0, "%s ?%s: %s", c->name, qs.data ? qs.data : "", why);
		}
		oks += was_ok;
	}
	ok(bad == 0, "30000 generated HTTP requests fill what their protocol line "
	    "parses to (%d differ)", bad);
	ok(oks > 1000 && oks < 29000, "both accepted (%d) and refused ones", oks);
	wsis_buf_free(&qs);
}

static void
test_http_doc(void)
{
	static const sample_t ids[] = { S("draft:38"), S("  spaced  "), S("   "), S(""),
		S("\xff"), S("a\x01"), S("tab\there"), S("caf\xc3\xa9:1"), SN("nu\0l"),
		S("\x7f") };
	const wsis_command_t *doc = wsis_cmd_by_id(WSIS_PROTO_CMD_DOC);
	char longid[600], why[512] = "";
	size_t i;
	int was_ok;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		size_t n = ids[i].n ? ids[i].n : strlen(ids[i].s);
		ok(http_case(doc, "", 0, ids[i].s, n, 0, &was_ok, why, sizeof why),
		    "/doc/ id %zu: as the DOC line%s%s", i, why[0] ? ": " : "", why);
		ok(http_case(doc, "q=x", 3, ids[i].s, n, 0, &was_ok, why, sizeof why),
		    "/doc/ id %zu with a parameter: as before%s%s", i, why[0] ? ": " : "", why);
		ok(http_case(doc, "", 0, ids[i].s, n, 12, &was_ok, why, sizeof why),
		    "/doc/ id %zu, max-line 12: as the DOC line%s%s", i, why[0] ? ": " : "",
		    why);
	}
	memset(longid, 'a', sizeof longid);
	ok(http_case(doc, "", 0, longid, 512, 0, &was_ok, why, sizeof why) && was_ok,
	    "/doc/ id of 512 bytes%s%s", why[0] ? ": " : "", why);
	ok(http_case(doc, "", 0, longid, 513, 0, &was_ok, why, sizeof why) && !was_ok,
	    "/doc/ id of 513 bytes: refused%s%s", why[0] ? ": " : "", why);
}

/* Routes without a text argument: any parameter is ignored. */
static void
test_http_plain(void)
{
	wsis_qstring_t qs;
	wsis_proto_request_t req;
	char err[64];

	wsis_qstring_parse("", 0, &qs, err, sizeof err);
	is_int(wsis_httpreq_parse(wsis_cmd_by_id(WSIS_PROTO_CMD_RELOAD), &qs, NULL, 0, 0,
	    &req), WSIS_PROTO_OK, "/reload without parameters");
	is_int(req.cmd, WSIS_PROTO_CMD_RELOAD, "... is RELOAD");
	wsis_qstring_free(&qs);
	wsis_qstring_parse("q=x&_=1712345&_=2", 17, &qs, err, sizeof err);
	is_int(wsis_httpreq_parse(wsis_cmd_by_id(WSIS_PROTO_CMD_STATS), &qs, NULL, 0, 0,
	    &req), WSIS_PROTO_OK, "/stats?q=x&_=1712345&_=2: accepted");
	ok(req.nignored == 2 && strcmp(req.ignored[0], "q") == 0 &&
	    strcmp(req.ignored[1], "_") == 0, "... q and _ ignored, each named once");
	wsis_qstring_free(&qs);
	wsis_qstring_parse("q=a%0Ab&limit=3", 15, &qs, err, sizeof err);
	is_int(wsis_httpreq_parse(wsis_cmd_by_id(WSIS_PROTO_CMD_SEARCH), &qs, NULL, 0, 0,
	    &req), WSIS_PROTO_OK, "/search?q=a%%0Ab&limit=3");
	ok(req.text.ptr == wsis_qstring_get(&qs, "q")->value && req.text.len == 3 &&
	    memcmp(req.text.ptr, "a b", 3) == 0,
	    "the text points into the query string, its line break a space");
	wsis_qstring_free(&qs);
}

/* ---- the cache key ------------------------------------------------------ */

static void
key_of_line(const char *line, int gzip, wsis_buf_t *key, int *rc)
{
	wsis_proto_request_t req;
	size_t consumed;

	if (wsis_proto_parse_request(line, strlen(line), 0, &req, &consumed) != WSIS_PROTO_OK) {
		*rc = -2;
		return;
	}
	*rc = wsis_cmd_cache_key(&req, gzip, key);
}

static void
key_of_http(wsis_proto_cmd_t cmd, const char *q, int gzip, wsis_buf_t *key, int *rc)
{
	wsis_qstring_t qs;
	wsis_proto_request_t req;
	char err[64];

	wsis_qstring_parse(q, strlen(q), &qs, err, sizeof err);
	if (wsis_httpreq_parse(wsis_cmd_by_id(cmd), &qs, NULL, 0, 0, &req) != WSIS_PROTO_OK)
		*rc = -2;
	else
		*rc = wsis_cmd_cache_key(&req, gzip, key);
	wsis_qstring_free(&qs);
}

static void
test_cache_key(void)
{
	static const struct {
		const char *line;
		wsis_proto_cmd_t cmd;
		const char *qs;
	} same[] = {
		{ "SEARCH limit=5 offset=010 -- enhanced   cooperation \n",
		  WSIS_PROTO_CMD_SEARCH, "offset=10&q=enhanced+++cooperation&limit=05" },
		{ "search sort=doc part=draft part=\"final text\" -- women\n",
		  WSIS_PROTO_CMD_SEARCH, "q=women&part=draft&sort=doc&part=final+text" },
		{ "COUNT para=3..9 day=2 women\n", WSIS_PROTO_CMD_COUNT,
		  "day=2..2&para=3..9&q=women" },
		{ "MENTIONS exact=1 context=30 SIDS\n", WSIS_PROTO_CMD_MENTIONS,
		  "q=SIDS%0A&context=30&exact=1" },
	};
	wsis_buf_t a = WSIS_BUF_INIT, b = WSIS_BUF_INIT;
	size_t i;
	int ra, rb;

	for (i = 0; i < sizeof same / sizeof same[0]; i++) {
		key_of_line(same[i].line, 0, &a, &ra);
		key_of_http(same[i].cmd, same[i].qs, 0, &b, &rb);
		ok(ra == 0 && rb == 0 && a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
		    "one key for the line and ?%s", same[i].qs);
		key_of_http(same[i].cmd, same[i].qs, 1, &b, &rb);
		ok(rb == 0 && b.len == a.len + 4 && memcmp(b.data, a.data, a.len) == 0 &&
		    memcmp(b.data + a.len, "gzip", 4) == 0, "... another with gzip");
	}
	key_of_line("SEARCH limit=5 women\n", 0, &a, &ra);
	key_of_line("SEARCH limit=6 women\n", 0, &b, &rb);
	ok(ra == 0 && rb == 0 && (a.len != b.len || memcmp(a.data, b.data, a.len) != 0),
	    "other options, another key");
	key_of_line("DOC draft:38\n", 0, &a, &ra);
	is_int(ra, 0, "DOC has a key");
	key_of_line("PING\n", 0, &a, &ra);
	ok(ra == -1 && a.len == 0, "PING has none");
	key_of_line("RELOAD\n", 0, &a, &ra);
	ok(ra == -1 && a.len == 0, "RELOAD has none");
	key_of_line("STATS\n", 0, &a, &ra);
	ok(ra == -1 && a.len == 0, "STATS has none");
	wsis_buf_free(&a);
	wsis_buf_free(&b);
}

int
main(void)
{
	test_table();
	test_routes();
	test_handlers();
	test_http_equivalence();
	test_http_doc();
	test_http_plain();
	test_cache_key();
	return tap_done();
}
