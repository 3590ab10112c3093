/* test-proto.c - the wire protocol codec (lib/proto.c): every command and
 * option, split and pipelined input, hostile bytes, reply framing, and a
 * fixed-seed fuzz loop that must not crash (run it under ASan/UBSan). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "proto.h"
#include "tap.h"

/* ---- helpers ----------------------------------------------------------- */

/* Each parse gets an exact-size heap copy of its input, so the sanitizer
 * catches a read past `len`.  Kept until the next parse (results point
 * into it). */
static char *held;

static char *
hold(const char *s, size_t len)
{
	free(held);
	held = malloc(len ? len : 1);
	if (held == NULL)
		abort();
	if (len > 0)
		memcpy(held, s, len);
	return held;
}

static wsis_proto_status_t
parse_n(const char *s, size_t len, size_t max_line, wsis_proto_request_t *req,
    size_t *consumed)
{
	return wsis_proto_parse_request(hold(s, len), len, max_line, req,
	    consumed);
}

static wsis_proto_status_t
parse(const char *s, wsis_proto_request_t *req, size_t *consumed)
{
	return parse_n(s, strlen(s), 0, req, consumed);
}

/* A NUL-terminated copy of a wsis_proto_str_t (four rotating slots). */
static const char *
sv(wsis_proto_str_t s)
{
	static char slots[4][9000];
	static int next;
	char *d = slots[next++ % 4];

	if (s.ptr == NULL)
		return s.len == 0 ? "" : "(null with length)";
	if (s.len >= sizeof slots[0])
		return "(too long)";
	memcpy(d, s.ptr, s.len);
	d[s.len] = '\0';
	return d;
}

/* One line saying everything a parse produced, to compare two parses. */
static void
describe(wsis_buf_t *out, wsis_proto_status_t st, const wsis_proto_request_t *r,
    size_t consumed, int with_message)
{
	size_t i;

	/* after a fatal error, consumed is whatever had arrived */
	if (st != WSIS_PROTO_OK && r->close)
		consumed = 0;
	wsis_buf_printf(out, "st=%s consumed=%zu cmd=%s",
	    wsis_proto_status_to_string(st), consumed,
	    wsis_proto_cmd_name(r->cmd));
	if (st != WSIS_PROTO_OK) {
		wsis_buf_printf(out, " code=%d close=%d", r->code, r->close);
		if (with_message)
			wsis_buf_printf(out, " msg=%s", r->message);
		wsis_buf_puts(out, "\n");
		return;
	}
	wsis_buf_printf(out, " opts=%#x", r->opts);
	if (r->opts & WSIS_PROTO_OPT_VERSION)
		wsis_buf_printf(out, " version=%lu", (unsigned long)r->version);
	if (r->opts & WSIS_PROTO_OPT_OFFSET)
		wsis_buf_printf(out, " offset=%lu", (unsigned long)r->offset);
	if (r->opts & WSIS_PROTO_OPT_LIMIT)
		wsis_buf_printf(out, " limit=%lu", (unsigned long)r->limit);
	if (r->opts & WSIS_PROTO_OPT_SORT)
		wsis_buf_printf(out, " sort=%d", (int)r->sort);
	for (i = 0; (r->opts & WSIS_PROTO_OPT_PART) && i < r->nparts; i++)
		wsis_buf_printf(out, " part=[%s]", sv(r->parts[i]));
	if (r->opts & WSIS_PROTO_OPT_SECTION)
		wsis_buf_printf(out, " section=[%s]", sv(r->section));
	if (r->opts & WSIS_PROTO_OPT_PARA)
		wsis_buf_printf(out, " para=%lu..%lu",
		    (unsigned long)r->para_min, (unsigned long)r->para_max);
	if (r->opts & WSIS_PROTO_OPT_DAY)
		wsis_buf_printf(out, " day=%lu..%lu",
		    (unsigned long)r->day_min, (unsigned long)r->day_max);
	if (r->opts & WSIS_PROTO_OPT_CONTEXT)
		wsis_buf_printf(out, " context=%lu", (unsigned long)r->context);
	if ((r->opts & WSIS_PROTO_OPT_TEXT) && r->hit_text_all)
		wsis_buf_puts(out, " hit_text=all");
	else if (r->opts & WSIS_PROTO_OPT_TEXT)
		wsis_buf_printf(out, " hit_text=%lu", (unsigned long)r->hit_text);
	wsis_buf_printf(out, " text=[%s]\n", sv(r->text));
}

/* Delivers data[0..len) to a connection buffer in chunks ending at the
 * offsets in cuts[] (then the rest), parsing after each chunk as the
 * daemon does, and logs every result.  Stops at a result that closes. */
static void
run_stream(const char *data, size_t len, const size_t *cuts, size_t ncuts,
    size_t max_line, wsis_buf_t *log)
{
	wsis_buf_t in = WSIS_BUF_INIT;
	size_t from = 0, c, consumed;
	wsis_proto_request_t req;
	wsis_proto_status_t st;
	int closed = 0;

	for (c = 0; c <= ncuts && !closed; c++) {
		size_t to = c < ncuts ? cuts[c] : len;

		if (to < from)
			continue;
		wsis_buf_append(&in, data + from, to - from);
		from = to;
		for (;;) {
			char *copy = hold(in.data, in.len);

			st = wsis_proto_parse_request(copy, in.len, max_line,
			    &req, &consumed);
			if (st == WSIS_PROTO_NEED_MORE)
				break;
			describe(log, st, &req, consumed, 1);
			if (st != WSIS_PROTO_OK && req.close) {
				closed = 1;
				break;
			}
			wsis_buf_consume(&in, consumed);
		}
	}
	wsis_buf_printf(log, "end closed=%d pending=%zu\n", closed,
	    closed ? 0 : in.len);
	wsis_buf_free(&in);
}

/* `s` with control bytes and non-ASCII escaped, for a test name (four
 * rotating slots). */
static const char *
esc(const char *s)
{
	static char slots[4][512];
	static int next;
	char *d = slots[next++ % 4];
	size_t o = 0;

	for (; *s != '\0' && o + 5 < sizeof slots[0]; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			o += (size_t)sprintf(d + o, "\\n");
		else if (c == '\r')
			o += (size_t)sprintf(d + o, "\\r");
		else if (c < 0x20 || c >= 0x7f || c == '#')
			o += (size_t)sprintf(d + o, "\\x%02x", c);
		else
			d[o++] = (char)c;
	}
	d[o] = '\0';
	return d;
}

/* Parses `line` and checks status, command and text. */
static void
check(const char *line, wsis_proto_status_t want_st, wsis_proto_cmd_t want_cmd,
    const char *want_text)
{
	wsis_proto_request_t req;
	size_t consumed;
	wsis_proto_status_t st = parse(line, &req, &consumed);
	const char *name = esc(line);

	is_str(wsis_proto_status_to_string(st),
	    wsis_proto_status_to_string(want_st), "%s: status", name);
	if (st == WSIS_PROTO_OK || want_st == WSIS_PROTO_OK) {
		is_int(req.cmd, want_cmd, "%s: command", name);
		is_str(sv(req.text), want_text, "%s: text", name);
	} else {
		ok(req.message[0] != '\0', "%s: message \"%s\"", name,
		    req.message);
	}
	is_int(consumed, strlen(line), "%s: consumed the whole line", name);
}

/* Checks that `line` is refused with status `want` and code 400 or 401,
 * leaving the connection open. */
static void
refused(const char *line, wsis_proto_status_t want, const char *what)
{
	wsis_proto_request_t req;
	size_t consumed;
	wsis_proto_status_t st = parse(line, &req, &consumed);

	is_str(wsis_proto_status_to_string(st), wsis_proto_status_to_string(want),
	    "%s: status", what);
	is_int(req.code, want == WSIS_PROTO_ERR_UNKNOWN_COMMAND ? 401 : 400,
	    "%s: code", what);
	is_int(req.close, 0, "%s: connection stays open", what);
	is_int(consumed, strlen(line), "%s: the line is consumed", what);
	ok(req.message[0] != '\0' && strlen(req.message) < WSIS_PROTO_MSG_SIZE,
	    "%s: message \"%s\"", what, req.message);
}

/* ---- requests ---------------------------------------------------------- */

static void
test_commands(void)
{
	wsis_proto_request_t req;
	size_t consumed;

	check("HELLO\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_HELLO, "");
	check("SEARCH internet governance\n", WSIS_PROTO_OK,
	    WSIS_PROTO_CMD_SEARCH, "internet governance");
	check("SEARCH\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_SEARCH, "");
	check("COUNT \"enhanced cooperation\"\n", WSIS_PROTO_OK,
	    WSIS_PROTO_CMD_COUNT, "\"enhanced cooperation\"");
	check("MENTIONS gender\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_MENTIONS,
	    "gender");
	check("DOC draft:38\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_DOC, "draft:38");
	check("DOC -- id with spaces\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_DOC,
	    "id with spaces");
	check("STATS\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_STATS, "");
	check("PING\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_PING, "");
	check("RELOAD\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_RELOAD, "");
	check("QUIT\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_QUIT, "");
	check("ping\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_PING, "");
	check("Search  \t internet  \n", WSIS_PROTO_OK, WSIS_PROTO_CMD_SEARCH,
	    "internet");
	check("  PING  \n", WSIS_PROTO_OK, WSIS_PROTO_CMD_PING, "");
	check("PING --\n", WSIS_PROTO_OK, WSIS_PROTO_CMD_PING, "");

	is_int(parse("HELLO version=1 -- wsis-search/0.1.0\n", &req, &consumed),
	    WSIS_PROTO_OK, "HELLO with version and name");
	is_int(req.opts, WSIS_PROTO_OPT_VERSION, "HELLO: opts");
	is_int(req.version, 1, "HELLO: version");
	is_str(sv(req.text), "wsis-search/0.1.0", "HELLO: client name");

	is_str(wsis_proto_cmd_name(WSIS_PROTO_CMD_MENTIONS), "MENTIONS",
	    "cmd_name MENTIONS");
	is_str(wsis_proto_cmd_name(WSIS_PROTO_CMD_NONE), "", "cmd_name NONE");
	is_str(wsis_proto_cmd_name((wsis_proto_cmd_t)99), "", "cmd_name 99");
}

static void
test_options(void)
{
	wsis_proto_request_t req;
	size_t consumed;
	const char *l;

	l = "SEARCH offset=20 limit=5 sort=doc part=draft part=pga-letter "
	    "section=\"2.1 Enhanced Cooperation\" para=30..40 day=2 -- "
	    "internet governance\n";
	is_int(parse(l, &req, &consumed), WSIS_PROTO_OK, "SEARCH every option");
	is_int(consumed, strlen(l), "SEARCH every option: consumed");
	is_int(req.cmd, WSIS_PROTO_CMD_SEARCH, "command");
	is_int(req.opts, WSIS_PROTO_OPT_OFFSET | WSIS_PROTO_OPT_LIMIT |
	    WSIS_PROTO_OPT_SORT | WSIS_PROTO_OPT_PART | WSIS_PROTO_OPT_SECTION |
	    WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_DAY, "opts");
	is_int(req.offset, 20, "offset");
	is_int(req.limit, 5, "limit");
	is_int(req.sort, WSIS_PROTO_SORT_DOC, "sort=doc");
	is_int(req.nparts, 2, "two parts");
	is_str(sv(req.parts[0]), "draft", "part 0");
	is_str(sv(req.parts[1]), "pga-letter", "part 1");
	is_str(sv(req.section), "2.1 Enhanced Cooperation", "quoted section");
	is_int(req.para_min, 30, "para min");
	is_int(req.para_max, 40, "para max");
	is_int(req.day_min, 2, "day min");
	is_int(req.day_max, 2, "day max");
	is_str(sv(req.text), "internet governance", "query after --");

	/* text=: bytes of each hit's text, or all */
	is_int(parse("SEARCH text=300 -- x\n", &req, &consumed), WSIS_PROTO_OK, "text=300");
	ok(req.opts == WSIS_PROTO_OPT_TEXT && req.hit_text == 300 && !req.hit_text_all,
	    "text=300: 300 bytes");
	is_int(parse("SEARCH text=0 -- x\n", &req, &consumed), WSIS_PROTO_OK, "text=0");
	ok(req.opts == WSIS_PROTO_OPT_TEXT && req.hit_text == 0 && !req.hit_text_all,
	    "text=0: none");
	is_int(parse("SEARCH text=all -- x\n", &req, &consumed), WSIS_PROTO_OK, "text=all");
	ok(req.opts == WSIS_PROTO_OPT_TEXT && req.hit_text_all, "text=all: whole");
	is_int(parse("SEARCH text=ALL -- x\n", &req, &consumed), WSIS_PROTO_ERR_NUMBER,
	    "text=ALL is refused");
	is_str(req.message, "text: \"ALL\" is neither \"all\" nor a number from 0 to "
	    "4294967295", "... saying what it takes");
	is_int(parse("SEARCH text=-1 -- x\n", &req, &consumed), WSIS_PROTO_ERR_NUMBER,
	    "text=-1 is refused");
	is_int(parse("SEARCH text=4294967296 -- x\n", &req, &consumed),
	    WSIS_PROTO_ERR_NUMBER, "text=2^32 is refused");
	is_int(parse("SEARCH text=1 text=2 -- x\n", &req, &consumed), WSIS_PROTO_ERR_OPTION,
	    "text= twice is refused");
	is_int(parse("COUNT text=10 -- x\n", &req, &consumed), WSIS_PROTO_ERR_OPTION,
	    "COUNT takes no text=");
	is_int(parse("DOC text=10 -- draft:1\n", &req, &consumed), WSIS_PROTO_ERR_OPTION,
	    "DOC takes no text=: it is whole");

	is_int(parse("SEARCH x\n", &req, &consumed), WSIS_PROTO_OK, "defaults");
	is_int(req.opts, 0, "defaults: no opts");
	is_int(req.offset, 0, "default offset");
	is_int(req.limit, WSIS_PROTO_DEFAULT_LIMIT, "default limit");
	is_int(req.sort, WSIS_PROTO_SORT_RELEVANCE, "default sort");
	is_int(req.context, WSIS_PROTO_DEFAULT_CONTEXT, "default context");
	is_int(req.nparts, 0, "no parts");
	ok(req.section.ptr == NULL, "no section");

	is_int(parse("SEARCH sort=relevance limit=0 x\n", &req, &consumed),
	    WSIS_PROTO_OK, "sort=relevance, limit=0");
	is_int(req.sort, WSIS_PROTO_SORT_RELEVANCE, "sort=relevance");
	is_int(req.limit, 0, "limit=0");

	is_int(parse("SEARCH offset=4294967295 limit=0007 x\n", &req, &consumed),
	    WSIS_PROTO_OK, "largest number, leading zeros");
	is_int(req.offset, 4294967295u, "offset 2^32-1");
	is_int(req.limit, 7, "limit 0007");

	is_int(parse("MENTIONS context=120 part=draft para=5.. -- ICT\n", &req,
	    &consumed), WSIS_PROTO_OK, "MENTIONS options");
	is_int(req.context, 120, "context");
	is_int(req.para_min, 5, "open range: min");
	is_int(req.para_max, 4294967295u, "open range: max");
	is_str(sv(req.text), "ICT", "MENTIONS query");
	is_int(req.exact, 0, "MENTIONS: exact is off unless asked");
	is_int(parse("MENTIONS exact=1 -- ICT\n", &req, &consumed), WSIS_PROTO_OK,
	    "MENTIONS exact=1");
	is_int(req.exact, 1, "exact=1 sets exact");
	refused("MENTIONS exact=yes -- ICT\n", WSIS_PROTO_ERR_SYNTAX, "exact takes 0 or 1");
	refused("MENTIONS exact=1 exact=0 -- ICT\n", WSIS_PROTO_ERR_OPTION, "exact given twice");
	refused("SEARCH exact=1 -- ICT\n", WSIS_PROTO_ERR_OPTION, "SEARCH takes no exact");

	is_int(parse("COUNT day=..2 section=Preamble part=draft\n", &req,
	    &consumed), WSIS_PROTO_OK, "COUNT with filters, no query");
	is_int(req.day_min, 0, "..2: min");
	is_int(req.day_max, 2, "..2: max");
	is_str(sv(req.section), "Preamble", "unquoted section");
	is_int(req.text.len, 0, "no query");

	is_int(parse("SEARCH para=7..7 day=1..2 x\n", &req, &consumed),
	    WSIS_PROTO_OK, "ranges");
	is_int(req.para_min == 7 && req.para_max == 7, 1, "para=7..7");

	/* where the query starts */
	is_int(parse("SEARCH -- limit=5 sort=doc\n", &req, &consumed),
	    WSIS_PROTO_OK, "options after -- are text");
	is_int(req.opts, 0, "-- : no opts");
	is_str(sv(req.text), "limit=5 sort=doc", "-- : text");
	is_int(parse("SEARCH limit=5 internet limit=6\n", &req, &consumed),
	    WSIS_PROTO_OK, "the first non-option starts the text");
	is_int(req.limit, 5, "limit before the text");
	is_str(sv(req.text), "internet limit=6", "text keeps later key=value");
	is_int(parse("SEARCH --foo bar\n", &req, &consumed), WSIS_PROTO_OK,
	    "--foo is text");
	is_str(sv(req.text), "--foo bar", "--foo text");
	is_int(parse("SEARCH -- -- x\n", &req, &consumed), WSIS_PROTO_OK,
	    "second -- is text");
	is_str(sv(req.text), "-- x", "-- -- x");
	is_int(parse("SEARCH part=draft --\n", &req, &consumed), WSIS_PROTO_OK,
	    "-- at the end");
	is_int(req.text.len, 0, "-- at the end: empty text");
	is_int(parse("SEARCH title:internet part:draft\n", &req, &consumed),
	    WSIS_PROTO_OK, "query field prefixes are text");
	is_str(sv(req.text), "title:internet part:draft", "field prefixes");
	is_int(parse("SEARCH section=\"\" x\n", &req, &consumed),
	    WSIS_PROTO_ERR_SYNTAX, "empty quoted value");
	is_int(parse("SEARCH section=\"a\tb\"\n", &req, &consumed),
	    WSIS_PROTO_OK, "tab inside quotes");
	is_str(sv(req.section), "a\tb", "tab kept inside quotes");

	/* parts */
	is_int(parse("SEARCH part=a part=b part=c part=d part=e part=f part=g "
	    "part=h x\n", &req, &consumed), WSIS_PROTO_OK, "8 parts");
	is_int(req.nparts, 8, "8 parts kept");
	refused("SEARCH part=a part=b part=c part=d part=e part=f part=g "
	    "part=h part=i x\n", WSIS_PROTO_ERR_OPTION, "9 parts");

	refused("SEARCH a=b\n", WSIS_PROTO_ERR_OPTION, "unknown option");
	refused("SEARCH Limit=5 x\n", WSIS_PROTO_ERR_OPTION,
	    "option names are case-sensitive");
	refused("PING limit=1\n", WSIS_PROTO_ERR_OPTION, "PING limit=");
	refused("DOC limit=1 draft:1\n", WSIS_PROTO_ERR_OPTION, "DOC limit=");
	refused("COUNT offset=1 x\n", WSIS_PROTO_ERR_OPTION, "COUNT offset=");
	refused("SEARCH context=5 x\n", WSIS_PROTO_ERR_OPTION, "SEARCH context=");
	refused("SEARCH version=1\n", WSIS_PROTO_ERR_OPTION, "SEARCH version=");
	refused("SEARCH limit=1 limit=2 x\n", WSIS_PROTO_ERR_OPTION,
	    "duplicate option");
	refused("SEARCH sort=date x\n", WSIS_PROTO_ERR_SYNTAX, "sort=date");
	refused("SEARCH sort=DOC x\n", WSIS_PROTO_ERR_SYNTAX, "sort=DOC");
	refused("SEARCH part= x\n", WSIS_PROTO_ERR_SYNTAX, "empty part");
	refused("SEARCH section=\"2.1 x\n", WSIS_PROTO_ERR_SYNTAX,
	    "unterminated quote");
	refused("SEARCH section=\"2.1\"x y\n", WSIS_PROTO_ERR_SYNTAX,
	    "text after the closing quote");
	refused("SEARCH part=dr\"aft x\n", WSIS_PROTO_ERR_SYNTAX,
	    "quote inside a value");
	refused("PING now\n", WSIS_PROTO_ERR_SYNTAX, "PING with text");
	refused("QUIT -- x\n", WSIS_PROTO_ERR_SYNTAX, "QUIT with text");
	refused("STATS x\n", WSIS_PROTO_ERR_SYNTAX, "STATS with text");
	refused("RELOAD x\n", WSIS_PROTO_ERR_SYNTAX, "RELOAD with text");
	refused("DOC\n", WSIS_PROTO_ERR_SYNTAX, "DOC without id");
	refused("DOC --   \n", WSIS_PROTO_ERR_SYNTAX, "DOC with blank id");
	refused("MENTIONS part=draft\n", WSIS_PROTO_ERR_SYNTAX,
	    "MENTIONS without query");
	refused("\n", WSIS_PROTO_ERR_SYNTAX, "empty line");
	refused(" \t \r\n", WSIS_PROTO_ERR_SYNTAX, "blank line");

	/* an error keeps the command for logs */
	parse("SEARCH limit=x y\n", &req, &consumed);
	is_int(req.cmd, WSIS_PROTO_CMD_SEARCH, "cmd kept after an option error");
}

static void
test_numbers(void)
{
	static const char *const bad[] = {
		"SEARCH offset=-1 x\n",
		"SEARCH offset=+1 x\n",
		"SEARCH offset=12345678901 x\n",      /* 11 digits */
		"SEARCH offset=00000000001 x\n",      /* 11 digits, small */
		"SEARCH offset=4294967296 x\n",       /* 2^32 */
		"SEARCH offset=9999999999 x\n",
		"SEARCH offset= x\n",
		"SEARCH limit=1x x\n",
		"SEARCH limit=0x10 x\n",
		"SEARCH limit=1.5 x\n",
		"SEARCH limit=\"\" x\n",
		"SEARCH limit=١ x\n",                 /* Arabic-Indic one */
		"SEARCH para=40..30 x\n",
		"SEARCH para=.. x\n",
		"SEARCH para=1...3 x\n",
		"SEARCH para=1..2..3 x\n",
		"SEARCH para=-3 x\n",
		"SEARCH day=..4294967296 x\n",
		"SEARCH day= x\n",
		"HELLO version=v1\n",
		"MENTIONS context=-5 x\n",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused(bad[i], WSIS_PROTO_ERR_NUMBER, esc(bad[i]));
}

static void
test_framing(void)
{
	wsis_proto_request_t req;
	wsis_proto_status_t st;
	size_t consumed, i;
	char big[10050];

	/* CRLF */
	is_int(parse("PING\r\n", &req, &consumed), WSIS_PROTO_OK, "CRLF");
	is_int(consumed, 6, "CRLF: consumed includes \\r\\n");
	is_int(parse("SEARCH x y\r\n", &req, &consumed), WSIS_PROTO_OK,
	    "CRLF after text");
	is_str(sv(req.text), "x y", "CRLF: no \\r in the text");
	refused("SEARCH a\rb\n", WSIS_PROTO_ERR_ENCODING, "bare CR inside");
	refused("PING\r\r\n", WSIS_PROTO_ERR_ENCODING, "two CRs");

	/* incomplete */
	is_int(parse("PING", &req, &consumed), WSIS_PROTO_NEED_MORE,
	    "no newline: NEED_MORE");
	is_int(consumed, 0, "NEED_MORE consumes nothing");
	is_int(parse("PING\r", &req, &consumed), WSIS_PROTO_NEED_MORE,
	    "CR without LF: NEED_MORE");
	is_int(wsis_proto_parse_request(NULL, 0, 0, &req, &consumed),
	    WSIS_PROTO_NEED_MORE, "NULL, 0: NEED_MORE");

	/* max_line, terminator included */
	is_int(parse_n("SEARCH 12345678\n", 16, 16, &req, &consumed),
	    WSIS_PROTO_OK, "16-byte line, max_line 16");
	st = parse_n("SEARCH 123456789\n", 17, 16, &req, &consumed);
	is_int(st, WSIS_PROTO_ERR_TOO_LONG, "17-byte line, max_line 16");
	is_int(req.code, 413, "too long: 413");
	is_int(req.close, 1, "too long: closes");
	is_int(consumed, 17, "too long: consumes everything");
	ok(strstr(req.message, "16") != NULL, "too long: message \"%s\"",
	    req.message);
	is_int(parse_n("SEARCH 12345678", 15, 16, &req, &consumed),
	    WSIS_PROTO_NEED_MORE, "15 bytes, no newline: NEED_MORE");
	is_int(parse_n("SEARCH 123456789", 16, 16, &req, &consumed),
	    WSIS_PROTO_ERR_TOO_LONG, "16 bytes, no newline: too long at once");
	is_int(parse_n("SEARCH 12345678\r\n", 17, 16, &req, &consumed),
	    WSIS_PROTO_ERR_TOO_LONG, "the CR counts");

	memset(big, 'a', sizeof big);
	memcpy(big, "SEARCH ", 7);
	big[8191] = '\n';
	is_int(parse_n(big, 8192, 0, &req, &consumed), WSIS_PROTO_OK,
	    "8192-byte line: default max_line");
	is_int(req.text.len, 8191 - 7, "8192-byte line: text");
	big[8191] = 'a';
	big[8192] = '\n';
	is_int(parse_n(big, 8193, 0, &req, &consumed), WSIS_PROTO_ERR_TOO_LONG,
	    "8193-byte line: too long");
	is_int(parse_n(big, sizeof big, 0, &req, &consumed),
	    WSIS_PROTO_ERR_TOO_LONG, "10050 bytes without newline: too long");
	is_int(parse_n(big, 8191, 0, &req, &consumed), WSIS_PROTO_NEED_MORE,
	    "8191 bytes without newline: NEED_MORE");
	is_int(parse_n(big, 8191, 9000, &req, &consumed), WSIS_PROTO_NEED_MORE,
	    "max_line 9000");

	/* NUL bytes */
	st = parse_n("PI\0NG\n", 6, 0, &req, &consumed);
	is_int(st, WSIS_PROTO_ERR_ENCODING, "NUL in the command");
	is_int(req.code, 400, "NUL: 400");
	is_int(req.close, 0, "NUL: stays open");
	is_int(consumed, 6, "NUL: the line is consumed");
	is_int(parse_n("SEARCH a\0b\n", 11, 0, &req, &consumed),
	    WSIS_PROTO_ERR_ENCODING, "NUL in the query");
	is_int(parse_n("\0\n", 2, 0, &req, &consumed), WSIS_PROTO_ERR_ENCODING,
	    "only a NUL");
	is_int(parse_n("PING\0", 5, 0, &req, &consumed), WSIS_PROTO_NEED_MORE,
	    "NUL before any newline: NEED_MORE (judged with its line)");

	/* control bytes */
	refused("SEARCH a\033[31m\n", WSIS_PROTO_ERR_ENCODING, "ESC");
	refused("SEARCH a\177\n", WSIS_PROTO_ERR_ENCODING, "DEL");

	/* UTF-8 */
	is_int(parse("SEARCH société ≥ 𝄞 Jānis\n", &req, &consumed),
	    WSIS_PROTO_OK, "valid UTF-8");
	is_str(sv(req.text), "société ≥ 𝄞 Jānis", "UTF-8 text kept");
	is_int(parse("SEARCH section=\"Société civile\" x\n", &req, &consumed),
	    WSIS_PROTO_OK, "UTF-8 in a quoted value");
	refused("SEARCH \xff\n", WSIS_PROTO_ERR_ENCODING, "byte 0xff");
	refused("SEARCH \xc0\xaf\n", WSIS_PROTO_ERR_ENCODING, "overlong /");
	refused("SEARCH \xe0\x80\xaf\n", WSIS_PROTO_ERR_ENCODING,
	    "overlong 3-byte");
	refused("SEARCH \xed\xa0\x80\n", WSIS_PROTO_ERR_ENCODING, "surrogate");
	refused("SEARCH \xf4\x90\x80\x80\n", WSIS_PROTO_ERR_ENCODING,
	    "past U+10FFFF");
	refused("SEARCH \xe2\x82\n", WSIS_PROTO_ERR_ENCODING,
	    "truncated sequence before the newline");
	refused("SEARCH \x80\n", WSIS_PROTO_ERR_ENCODING, "lone continuation");
	refused("S\xc3\x89\x41RCH x\n", WSIS_PROTO_ERR_UNKNOWN_COMMAND,
	    "valid UTF-8 command name: unknown");
	parse("SEARCH ok\xffxyz\n", &req, &consumed);
	ok(strstr(req.message, "byte 9") != NULL, "UTF-8 error names the byte: %s",
	    req.message);

	/* unknown commands */
	refused("FROB x\n", WSIS_PROTO_ERR_UNKNOWN_COMMAND, "FROB");
	parse("FROB x\n", &req, &consumed);
	ok(strstr(req.message, "\"FROB\"") != NULL, "message names it: %s",
	    req.message);
	is_int(req.cmd, WSIS_PROTO_CMD_NONE, "unknown: CMD_NONE");
	refused("GET / HTTP/1.1\r\n", WSIS_PROTO_ERR_UNKNOWN_COMMAND,
	    "HTTP request line");
	refused("SEARCHX x\n", WSIS_PROTO_ERR_UNKNOWN_COMMAND, "SEARCHX");
	refused("SEARC x\n", WSIS_PROTO_ERR_UNKNOWN_COMMAND, "SEARC");
	for (i = 0; i < 200; i++)
		big[i] = 'Z';
	big[200] = '\n';
	parse_n(big, 201, 0, &req, &consumed);
	ok(strlen(req.message) < 80 && strstr(req.message, "...") != NULL,
	    "a long unknown name is cut: %s", req.message);
	refused("É\n", WSIS_PROTO_ERR_UNKNOWN_COMMAND, "non-ASCII command");
}

static void
test_pipeline(void)
{
	static const char in[] = "PING\nSEARCH limit=3 a b\r\nFROB\nDOC x:1\n"
	    "COUNT offset=1\nQUIT\nSEA";
	static const wsis_proto_status_t want[] = {
		WSIS_PROTO_OK, WSIS_PROTO_OK, WSIS_PROTO_ERR_UNKNOWN_COMMAND,
		WSIS_PROTO_OK, WSIS_PROTO_ERR_OPTION, WSIS_PROTO_OK,
		WSIS_PROTO_NEED_MORE
	};
	static const wsis_proto_cmd_t cmds[] = {
		WSIS_PROTO_CMD_PING, WSIS_PROTO_CMD_SEARCH, WSIS_PROTO_CMD_NONE,
		WSIS_PROTO_CMD_DOC, WSIS_PROTO_CMD_COUNT, WSIS_PROTO_CMD_QUIT
	};
	wsis_proto_request_t req;
	size_t off = 0, consumed, i;
	const char *buf = hold(in, sizeof in - 1);
	char *copy = malloc(sizeof in - 1);

	memcpy(copy, buf, sizeof in - 1);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		wsis_proto_status_t st = wsis_proto_parse_request(copy + off,
		    sizeof in - 1 - off, 0, &req, &consumed);

		is_str(wsis_proto_status_to_string(st),
		    wsis_proto_status_to_string(want[i]), "pipelined #%zu", i);
		if (st == WSIS_PROTO_NEED_MORE)
			break;
		is_int(req.cmd, cmds[i], "pipelined #%zu: command", i);
		ok(consumed > 0, "pipelined #%zu: consumed %zu", i, consumed);
		if (i == 1)
			is_str(sv(req.text), "a b", "pipelined #1: text");
		off += consumed;
	}
	is_int(off, sizeof in - 1 - 3, "3 bytes of the next request left");
	free(copy);
}

/* The same stream delivered whole, byte by byte, and cut at every
 * position gives the same results. */
static void
test_split(void)
{
	static const char stream[] =
	    "HELLO version=1 -- test\nPING\r\nSEARCH offset=1 limit=2 "
	    "sort=doc part=draft section=\"2.1 Enhanced Cooperation\" "
	    "para=1..9 day=2 -- société \"information society\"\n"
	    "FROB\nSEARCH limit=99999999999 x\nMENTIONS context=5 gender\r\n"
	    "SEARCH a\xff\n\nDOC draft:1\nCOUNT\nSTATS\nRELOAD\nQUIT\n";
	static const char fatal[] = "PING\nSEARCH a\nSEARCH this line is "
	    "much too long for max_line\nPING\n";
	wsis_buf_t whole = WSIS_BUF_INIT, part = WSIS_BUF_INIT;
	size_t len = sizeof stream - 1, k, cuts[sizeof stream];
	int same = 1, need_more = 1;

	run_stream(stream, len, NULL, 0, 0, &whole);
	ok(strstr(whole.data, "end closed=0 pending=0") != NULL,
	    "whole stream parsed to the end");
	ok(strstr(whole.data, "text=[société \"information society\"]") != NULL,
	    "whole stream: the query");

	for (k = 0; k <= len; k++) {
		wsis_buf_reset(&part);
		run_stream(stream, len, &k, 1, 0, &part);
		if (part.len != whole.len || memcmp(part.data, whole.data,
		    whole.len) != 0) {
			same = 0;
			printf("# cut at %zu differs:\n%s", k, part.data);
			break;
		}
	}
	ok(same, "cut in two at each of %zu positions: same results", len + 1);

	for (k = 0; k < len; k++)
		cuts[k] = k + 1;
	wsis_buf_reset(&part);
	run_stream(stream, len, cuts, len, 0, &part);
	is_str(part.data, whole.data, "byte by byte: same results");

	/* every strict prefix of one request is NEED_MORE */
	{
		static const char one[] = "SEARCH offset=1 limit=2 "
		    "section=\"x y\" -- société\r\n";
		wsis_proto_request_t req;
		size_t consumed;

		for (k = 0; k < sizeof one - 1; k++) {
			if (parse_n(one, k, 0, &req, &consumed) !=
			    WSIS_PROTO_NEED_MORE || consumed != 0) {
				need_more = 0;
				printf("# prefix %zu: not NEED_MORE\n", k);
			}
		}
		ok(need_more, "each prefix of a request is NEED_MORE");
		is_int(parse_n(one, sizeof one - 1, 0, &req, &consumed),
		    WSIS_PROTO_OK, "the whole request is OK");
	}

	/* a fatal line stops the stream, wherever it is cut */
	wsis_buf_reset(&whole);
	run_stream(fatal, sizeof fatal - 1, NULL, 0, 24, &whole);
	ok(strstr(whole.data, "code=413 close=1") != NULL &&
	    strstr(whole.data, "end closed=1") != NULL,
	    "too-long line in a stream closes it");
	same = 1;
	for (k = 0; k <= sizeof fatal - 1; k++) {
		wsis_buf_reset(&part);
		run_stream(fatal, sizeof fatal - 1, &k, 1, 24, &part);
		if (strcmp(part.data, whole.data) != 0) {
			same = 0;
			printf("# fatal cut at %zu differs:\n%s", k, part.data);
			break;
		}
	}
	ok(same, "too-long line: same results at every cut");
	wsis_buf_free(&whole);
	wsis_buf_free(&part);
}

/* ---- request writer ---------------------------------------------------- */

/* Writes req, checks the line, parses it back and compares with req (its
 * text replaced by want_text unless that is NULL). */
static void
round_trip_text(const wsis_proto_request_t *req, const char *want_line,
    const char *want_text, const char *what)
{
	wsis_buf_t out = WSIS_BUF_INIT, a = WSIS_BUF_INIT, b = WSIS_BUF_INIT;
	wsis_proto_request_t back, want = *req;
	wsis_proto_status_t st;
	char err[128] = "";
	size_t consumed;

	st = wsis_proto_write_request(&out, req, 0, err, sizeof err);
	is_int(st, WSIS_PROTO_OK, "%s: written (%s)", what, err);
	if (want_line != NULL)
		is_str(out.data, want_line, "%s: the line", what);
	st = parse_n(out.data, out.len, 0, &back, &consumed);
	is_int(st, WSIS_PROTO_OK, "%s: parsed back (%s)", what, back.message);
	is_int(consumed, out.len, "%s: whole line consumed", what);
	if (want_text != NULL) {
		want.text.ptr = want_text;
		want.text.len = strlen(want_text);
	}
	describe(&a, WSIS_PROTO_OK, &want, out.len, 0);
	describe(&b, st, &back, consumed, 0);
	is_str(b.data, a.data, "%s: same request", what);
	wsis_buf_free(&out);
	wsis_buf_free(&a);
	wsis_buf_free(&b);
}

static void
round_trip(const wsis_proto_request_t *req, const char *want_line,
    const char *what)
{
	round_trip_text(req, want_line, NULL, what);
}

static wsis_proto_str_t
str(const char *s)
{
	wsis_proto_str_t v = { s, strlen(s) };

	return v;
}

static void
test_writer(void)
{
	wsis_proto_request_t req;
	wsis_buf_t out = WSIS_BUF_INIT;
	char err[128];
	wsis_proto_status_t st;
	size_t consumed;

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_PING);
	round_trip(&req, "PING\n", "PING");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_QUIT);
	round_trip(&req, "QUIT\n", "QUIT");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_STATS);
	round_trip(&req, "STATS\n", "STATS");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_RELOAD);
	round_trip(&req, "RELOAD\n", "RELOAD");

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_HELLO);
	req.opts = WSIS_PROTO_OPT_VERSION;
	req.version = 1;
	req.text = str("wsis-search/0.1.0");
	round_trip(&req, "HELLO version=1 -- wsis-search/0.1.0\n", "HELLO");

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_SEARCH);
	req.opts = WSIS_PROTO_OPT_OFFSET | WSIS_PROTO_OPT_LIMIT |
	    WSIS_PROTO_OPT_SORT | WSIS_PROTO_OPT_PART | WSIS_PROTO_OPT_SECTION |
	    WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_DAY;
	req.offset = 10;
	req.limit = 4294967295u;
	req.sort = WSIS_PROTO_SORT_DOC;
	req.parts[0] = str("draft");
	req.parts[1] = str("pga letter");
	req.nparts = 2;
	req.section = str("2.1 Enhanced Cooperation");
	req.para_min = 30;
	req.para_max = 40;
	req.day_min = req.day_max = 2;
	req.text = str("internet governance");
	round_trip(&req, "SEARCH offset=10 limit=4294967295 sort=doc part=draft "
	    "part=\"pga letter\" section=\"2.1 Enhanced Cooperation\" "
	    "para=30..40 day=2 -- internet governance\n", "SEARCH, every option");

	req.opts = WSIS_PROTO_OPT_SORT | WSIS_PROTO_OPT_PARA;
	req.sort = WSIS_PROTO_SORT_RELEVANCE;
	req.para_min = 5;
	req.para_max = 4294967295u;
	req.text = str("limit=5 -- looks like options");
	round_trip(&req, "SEARCH sort=relevance para=5..4294967295 -- limit=5 "
	    "-- looks like options\n", "text that looks like options");

	req.opts = WSIS_PROTO_OPT_TEXT;
	req.hit_text = 0;
	req.text = str("x");
	round_trip(&req, "SEARCH text=0 -- x\n", "SEARCH text=0");
	req.hit_text = 4294967295u;
	round_trip(&req, "SEARCH text=4294967295 -- x\n", "SEARCH text=2^32-1");
	req.hit_text_all = 1;
	round_trip(&req, "SEARCH text=all -- x\n", "SEARCH text=all");
	req.hit_text_all = 0;

	req.opts = 0;
	req.text = str("");
	round_trip(&req, "SEARCH\n", "SEARCH without a query");

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_COUNT);
	req.opts = WSIS_PROTO_OPT_PART;
	req.parts[0] = str("draft");
	req.nparts = 1;
	req.text = str("ICT");
	round_trip(&req, "COUNT part=draft -- ICT\n", "COUNT");

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_MENTIONS);
	req.opts = WSIS_PROTO_OPT_CONTEXT | WSIS_PROTO_OPT_DAY;
	req.context = 80;
	req.day_min = 0;
	req.day_max = 3;
	req.text = str("gender equality");
	round_trip(&req, "MENTIONS day=0..3 context=80 -- gender equality\n",
	    "MENTIONS");
	req.opts |= WSIS_PROTO_OPT_EXACT;
	req.exact = 1;
	round_trip(&req, "MENTIONS day=0..3 context=80 exact=1 -- gender equality\n",
	    "MENTIONS exact=1");

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_DOC);
	req.text = str("notes.md:3");
	round_trip(&req, "DOC -- notes.md:3\n", "DOC");

	/* folding */
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_SEARCH);
	req.text = str("\r\n \t internet\ngovernance\r\n\tand\vsociété\f \n");
	round_trip_text(&req, "SEARCH -- internet governance  \tand société\n",
	    "internet governance  \tand société",
	    "newlines folded, tab kept, ends trimmed");
	req.text = str("\n\r\t ");
	round_trip_text(&req, "SEARCH\n", "", "only blanks: no query");

	/* refusals leave the buffer as it was */
	wsis_buf_puts(&out, "PING\n");
#define REFUSE(want, what) do { \
		err[0] = '\0'; \
		st = wsis_proto_write_request(&out, &req, 0, err, sizeof err); \
		is_int(st, want, "%s: refused (%s)", what, err); \
		is_str(out.data, "PING\n", "%s: buffer unchanged", what); \
		ok(err[0] != '\0', "%s: message", what); \
	} while (0)

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_SEARCH);
	req.text = str("a\001b");
	REFUSE(WSIS_PROTO_ERR_ARG, "control byte in the text");
	req.text.ptr = "a\0b";
	req.text.len = 3;
	REFUSE(WSIS_PROTO_ERR_ARG, "NUL in the text");
	req.text = str("caf\xe9");
	REFUSE(WSIS_PROTO_ERR_ARG, "invalid UTF-8 in the text");
	req.text = str("x");
	req.opts = WSIS_PROTO_OPT_SECTION;
	req.section = str("say \"hi\"");
	REFUSE(WSIS_PROTO_ERR_ARG, "quote in a value");
	req.section = str("a\nb");
	REFUSE(WSIS_PROTO_ERR_ARG, "newline in a value");
	req.section = str("");
	REFUSE(WSIS_PROTO_ERR_ARG, "empty value");
	req.opts = WSIS_PROTO_OPT_PART;
	req.nparts = 0;
	REFUSE(WSIS_PROTO_ERR_ARG, "OPT_PART without parts");
	req.opts = WSIS_PROTO_OPT_PARA;
	req.para_min = 3;
	req.para_max = 2;
	REFUSE(WSIS_PROTO_ERR_ARG, "empty range");
	req.opts = WSIS_PROTO_OPT_CONTEXT;
	REFUSE(WSIS_PROTO_ERR_ARG, "option the command does not take");
	req.opts = WSIS_PROTO_OPT_SORT;
	req.sort = (wsis_proto_sort_t)7;
	REFUSE(WSIS_PROTO_ERR_ARG, "bad sort");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_PING);
	req.text = str("x");
	REFUSE(WSIS_PROTO_ERR_ARG, "PING with text");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_DOC);
	req.text = str(" \n ");
	REFUSE(WSIS_PROTO_ERR_ARG, "DOC with a blank id");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_NONE);
	REFUSE(WSIS_PROTO_ERR_ARG, "CMD_NONE");
	wsis_proto_request_init(&req, WSIS_PROTO_CMD_SEARCH);
	req.text = str("0123456789012345678901234567890123456789");
	err[0] = '\0';
	st = wsis_proto_write_request(&out, &req, 32, err, sizeof err);
	is_int(st, WSIS_PROTO_ERR_TOO_LONG, "longer than max_line (%s)", err);
	is_str(out.data, "PING\n", "too long: buffer unchanged");
	st = wsis_proto_write_request(&out, &req, 0, NULL, 0);
	is_int(st, WSIS_PROTO_OK, "err may be NULL");
	is_int(parse_n(out.data + 5, out.len - 5, 51, &req, &consumed),
	    WSIS_PROTO_OK, "the line just fits max_line 51");
	wsis_buf_free(&out);
#undef REFUSE
}

/* ---- replies ----------------------------------------------------------- */

static void
reply_round_trip(const char *payload, size_t len, const char *what)
{
	wsis_buf_t out = WSIS_BUF_INIT;
	wsis_proto_reply_t rep;
	size_t consumed, k;
	int need_more = 1;
	char *copy;

	is_int(wsis_proto_write_ok(&out, payload, len), WSIS_PROTO_OK,
	    "%s: written", what);
	copy = hold(out.data, out.len);
	is_int(wsis_proto_parse_reply(copy, out.len, &rep, &consumed),
	    WSIS_PROTO_OK, "%s: parsed", what);
	is_int(rep.kind, WSIS_PROTO_REPLY_OK, "%s: kind OK", what);
	is_int(consumed, out.len, "%s: consumed all", what);
	ok(rep.payload.len == len && (len == 0 ||
	    memcmp(rep.payload.ptr, payload, len) == 0), "%s: same payload",
	    what);
	for (k = 0; k < out.len; k++) {
		copy = hold(out.data, k);
		if (wsis_proto_parse_reply(copy, k, &rep, &consumed) !=
		    WSIS_PROTO_NEED_MORE || consumed != 0) {
			need_more = 0;
			printf("# prefix %zu is not NEED_MORE\n", k);
			break;
		}
	}
	ok(need_more, "%s: every prefix is NEED_MORE", what);
	wsis_buf_free(&out);
}

static void
check_reply(const char *in, size_t len, wsis_proto_status_t want,
    const char *what)
{
	wsis_proto_reply_t rep;
	size_t consumed;
	wsis_proto_status_t st;

	st = wsis_proto_parse_reply(hold(in, len), len, &rep, &consumed);
	is_str(wsis_proto_status_to_string(st), wsis_proto_status_to_string(want),
	    "%s", what);
	if (st != WSIS_PROTO_OK)
		is_int(consumed, 0, "%s: nothing consumed", what);
}

static void
test_replies(void)
{
	wsis_buf_t out = WSIS_BUF_INIT;
	wsis_proto_reply_t rep;
	size_t consumed, off, i;
	char *big, *copy;
	char msg[1000];

	is_int(wsis_proto_write_ok(&out, "hello", 5), WSIS_PROTO_OK, "write_ok");
	is_str(out.data, "OK 5\nhello\n", "OK framing");
	wsis_buf_reset(&out);

	reply_round_trip("", 0, "empty payload");
	reply_round_trip("{\"pong\":true}", 13, "JSON payload");
	reply_round_trip("a\nb\n\n", 5, "payload with newlines");
	reply_round_trip("OK 5\nhello\n", 11, "payload that looks like a reply");
	reply_round_trip("\nERR 500 x\nWSIS 9.9\n", 20, "payload with ERR");
	reply_round_trip("a\0b\r\n\xff", 6, "binary payload");
	big = malloc(1 << 20);
	for (i = 0; i < 1 << 20; i++)
		big[i] = (char)('a' + i % 26);
	big[100] = '\n';
	is_int(wsis_proto_write_ok(&out, big, 1 << 20), WSIS_PROTO_OK,
	    "1 MiB payload");
	copy = hold(out.data, out.len);
	is_int(wsis_proto_parse_reply(copy, out.len, &rep, &consumed),
	    WSIS_PROTO_OK, "1 MiB payload parsed");
	ok(rep.payload.len == 1 << 20 &&
	    memcmp(rep.payload.ptr, big, 1 << 20) == 0, "1 MiB payload same");
	free(big);
	wsis_buf_reset(&out);
	is_int(wsis_proto_write_ok(&out, NULL, 1), WSIS_PROTO_ERR_ARG,
	    "NULL payload with a length");
	is_int(wsis_proto_write_ok(&out, "x", (size_t)WSIS_PROTO_MAX_PAYLOAD + 1),
	    WSIS_PROTO_ERR_TOO_LARGE, "payload past the cap refused");
	is_int(out.len, 0, "nothing written");
	/* the head a writer sends before a payload it holds */
	{
		char head[WSIS_PROTO_OK_HEAD_MAX];
		size_t hlen;

		hlen = wsis_proto_ok_head(head, 5);
		ok(hlen == 5 && memcmp(head, "OK 5\n", 5) == 0, "ok_head: OK 5");
		hlen = wsis_proto_ok_head(head, 0);
		ok(hlen == 5 && memcmp(head, "OK 0\n", 5) == 0, "ok_head: OK 0");
		hlen = wsis_proto_ok_head(head, WSIS_PROTO_MAX_PAYLOAD);
		ok(hlen == 12 && memcmp(head, "OK 67108864\n", 12) == 0,
		    "ok_head: the largest payload");
		is_int((int)wsis_proto_ok_head(head, (size_t)WSIS_PROTO_MAX_PAYLOAD + 1), 0,
		    "ok_head: past the cap, none");
	}

	/* errors */
	is_int(wsis_proto_write_error(&out, 404, "no passage \"draft:999\""),
	    WSIS_PROTO_OK, "write_error");
	is_str(out.data, "ERR 404 no passage \"draft:999\"\n", "ERR framing");
	copy = hold(out.data, out.len);
	is_int(wsis_proto_parse_reply(copy, out.len, &rep, &consumed),
	    WSIS_PROTO_OK, "ERR parsed");
	is_int(rep.kind, WSIS_PROTO_REPLY_ERR, "ERR kind");
	is_int(rep.code, 404, "ERR code");
	is_str(sv(rep.message), "no passage \"draft:999\"", "ERR message");
	is_int(consumed, out.len, "ERR consumed");
	wsis_buf_reset(&out);
	wsis_proto_write_error(&out, 400, "bad\nline\r\x01 caf\xe9 ok");
	is_str(out.data, "ERR 400 bad line   caf? ok\n",
	    "ERR message cleaned");
	wsis_buf_reset(&out);
	wsis_proto_write_error(&out, 500, NULL);
	is_str(out.data, "ERR 500 internal error\n", "NULL message: reason");
	wsis_buf_reset(&out);
	wsis_proto_write_error(&out, 401, "");
	is_str(out.data, "ERR 401 unknown command\n", "empty message: reason");
	wsis_buf_reset(&out);
	memset(msg, 'x', sizeof msg - 1);
	msg[sizeof msg - 1] = '\0';
	memcpy(msg + WSIS_PROTO_MAX_ERRMSG - 1, "é", 2);  /* straddles the cap */
	wsis_proto_write_error(&out, 500, msg);
	is_int(out.len, 8 + WSIS_PROTO_MAX_ERRMSG - 1 + 1,
	    "long message cut, not inside a character");
	wsis_buf_reset(&out);
	is_int(wsis_proto_write_error(&out, 42, "x"), WSIS_PROTO_ERR_ARG,
	    "code 42 refused");
	is_int(wsis_proto_write_error(&out, 1000, "x"), WSIS_PROTO_ERR_ARG,
	    "code 1000 refused");
	is_int(out.len, 0, "nothing written");
	check_reply("ERR 503\n", 8, WSIS_PROTO_OK, "ERR without message");

	/* greeting */
	is_int(wsis_proto_write_greeting(&out, "wsis-searchd/0.1.0"),
	    WSIS_PROTO_OK, "write_greeting");
	is_str(out.data, "WSIS 1.2 wsis-searchd/0.1.0\n", "greeting line");
	copy = hold(out.data, out.len);
	is_int(wsis_proto_parse_reply(copy, out.len, &rep, &consumed),
	    WSIS_PROTO_OK, "greeting parsed");
	is_int(rep.kind, WSIS_PROTO_REPLY_GREETING, "greeting kind");
	is_int(rep.major, WSIS_PROTO_VERSION_MAJOR, "greeting major");
	is_int(rep.minor, WSIS_PROTO_VERSION_MINOR, "greeting minor");
	is_str(sv(rep.software), "wsis-searchd/0.1.0", "greeting software");
	wsis_buf_reset(&out);
	wsis_proto_write_greeting(&out, NULL);
	is_str(out.data, "WSIS 1.2\n", "greeting without software");
	wsis_buf_reset(&out);
	check_reply("WSIS 2.7 future-server/9 extra words\n", 37, WSIS_PROTO_OK,
	    "greeting of another major");
	copy = hold("WSIS 2.7 x\n", 11);
	wsis_proto_parse_reply(copy, 11, &rep, &consumed);
	ok(rep.major == 2 && rep.minor == 7, "major 2 detected");
	check_reply("WSIS 1\n", 7, WSIS_PROTO_ERR_BAD_REPLY, "greeting without minor");
	check_reply("WSIS x.0\n", 9, WSIS_PROTO_ERR_BAD_REPLY, "greeting x.0");
	check_reply("WSIS 123456.0\n", 14, WSIS_PROTO_ERR_BAD_REPLY,
	    "greeting with a 6-digit major");
	check_reply("WSIS 1.0x\n", 10, WSIS_PROTO_ERR_BAD_REPLY, "greeting 1.0x");
	check_reply("WSIS\n", 5, WSIS_PROTO_ERR_BAD_REPLY, "WSIS alone");

	/* several replies in one buffer, then split everywhere */
	wsis_proto_write_greeting(&out, "wsis-searchd/0.1.0");
	wsis_proto_write_ok(&out, "OK 3\nabc\n", 9);
	wsis_proto_write_error(&out, 401, "unknown command \"FROB\"");
	wsis_proto_write_ok(&out, "", 0);
	{
		static const wsis_proto_reply_kind_t kinds[] = {
			WSIS_PROTO_REPLY_GREETING, WSIS_PROTO_REPLY_OK,
			WSIS_PROTO_REPLY_ERR, WSIS_PROTO_REPLY_OK
		};
		int good = 1;

		copy = hold(out.data, out.len);
		for (off = 0, i = 0; i < 4; i++) {
			if (wsis_proto_parse_reply(copy + off, out.len - off, &rep,
			    &consumed) != WSIS_PROTO_OK || rep.kind != kinds[i])
				good = 0;
			off += consumed;
		}
		ok(good && off == out.len, "four pipelined replies in order");
		is_int(wsis_proto_parse_reply(copy + off, 0, &rep, &consumed),
		    WSIS_PROTO_NEED_MORE, "then NEED_MORE");
	}
	wsis_buf_reset(&out);

	/* hostile or broken replies */
	check_reply("OK 99999999999999999999999\n", 27, WSIS_PROTO_ERR_TOO_LARGE,
	    "lying huge length: capped");
	check_reply("OK 67108865\n", 12, WSIS_PROTO_ERR_TOO_LARGE,
	    "cap + 1: too large");
	check_reply("OK 67108864\n", 12, WSIS_PROTO_NEED_MORE,
	    "exactly the cap: waits for the payload");
	check_reply("OK 5\nhello", 10, WSIS_PROTO_NEED_MORE,
	    "payload without its newline: NEED_MORE");
	check_reply("OK 5\nhelloX", 11, WSIS_PROTO_ERR_BAD_REPLY,
	    "payload longer than announced");
	check_reply("OK 5\nhell\n", 10, WSIS_PROTO_NEED_MORE,
	    "payload shorter than announced waits");
	check_reply("OK\n", 3, WSIS_PROTO_ERR_BAD_REPLY, "OK without length");
	check_reply("OK \n", 4, WSIS_PROTO_ERR_BAD_REPLY, "OK with empty length");
	check_reply("OK -1\n", 6, WSIS_PROTO_ERR_BAD_REPLY, "OK -1");
	check_reply("OK 5 \nhello\n", 12, WSIS_PROTO_ERR_BAD_REPLY,
	    "OK with a trailing space");
	check_reply("OK 5\r\nhello\n", 12, WSIS_PROTO_ERR_BAD_REPLY,
	    "OK with CRLF");
	check_reply("HTTP/1.1 200 OK\r\n", 17, WSIS_PROTO_ERR_BAD_REPLY,
	    "an HTTP server: refused at once");
	check_reply("X", 1, WSIS_PROTO_ERR_BAD_REPLY, "one wrong byte");
	check_reply("O", 1, WSIS_PROTO_NEED_MORE, "\"O\": NEED_MORE");
	check_reply("", 0, WSIS_PROTO_NEED_MORE, "nothing: NEED_MORE");
	check_reply("ERR 5\n", 6, WSIS_PROTO_ERR_BAD_REPLY, "ERR 5");
	check_reply("ERR 099 x\n", 10, WSIS_PROTO_ERR_BAD_REPLY, "ERR 099");
	check_reply("ERR 500x\n", 9, WSIS_PROTO_ERR_BAD_REPLY, "ERR 500x");
	check_reply("ERR\n", 4, WSIS_PROTO_ERR_BAD_REPLY, "ERR alone");
	big = malloc(WSIS_PROTO_MAX_STATUS_LINE + 10);
	memcpy(big, "ERR 500 ", 8);
	memset(big + 8, 'a', WSIS_PROTO_MAX_STATUS_LINE + 2);
	check_reply(big, WSIS_PROTO_MAX_STATUS_LINE - 1, WSIS_PROTO_NEED_MORE,
	    "status line just under the cap: NEED_MORE");
	check_reply(big, WSIS_PROTO_MAX_STATUS_LINE, WSIS_PROTO_ERR_BAD_REPLY,
	    "status line without newline at the cap: refused");
	free(big);
	wsis_buf_free(&out);
}

static void
test_names(void)
{
	int i, good = 1;

	for (i = WSIS_PROTO_OK; i <= WSIS_PROTO_ERR_NOMEM; i++)
		if (strcmp(wsis_proto_status_to_string(
		    (wsis_proto_status_t)i), "unknown status") == 0)
			good = 0;
	ok(good, "every status has a name");
	is_str(wsis_proto_code_reason(413), "line too long", "reason 413");
	is_str(wsis_proto_code_reason(299), "error", "reason of an unknown code");
	ok(wsis_proto_code_closes(408) && wsis_proto_code_closes(413) &&
	    wsis_proto_code_closes(503) && wsis_proto_code_closes(505),
	    "408, 413, 503, 505 close");
	ok(!wsis_proto_code_closes(400) && !wsis_proto_code_closes(401) &&
	    !wsis_proto_code_closes(404) && !wsis_proto_code_closes(422) &&
	    !wsis_proto_code_closes(429) && !wsis_proto_code_closes(500) &&
	    !wsis_proto_code_closes(504) && !wsis_proto_code_closes(507),
	    "the others keep the connection");
}

/* ---- fuzz -------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}

static const char *const fuzz_pieces[] = {
	"SEARCH ", "COUNT ", "MENTIONS ", "DOC ", "HELLO ", "PING", "QUIT",
	"STATS", "RELOAD", "search ", "offset=", "limit=", "sort=doc",
	"part=", "section=\"", "para=", "day=", "context=", "version=",
	"--", " ", "\t", "\"", "\n", "\r\n", "\r", "..", "0", "4294967295",
	"99999999999", "-", "=", "\xff", "\xc3\xa9", "\xe2\x82", "\xed\xa0\x80",
	"OK ", "ERR 500 ", "WSIS 1.0 ", "67108864", "\0",
};

/* A random byte string: protocol pieces mixed with random bytes. */
static size_t
fuzz_input(char *buf, size_t cap)
{
	size_t len = 0, want = rng() % cap;

	while (len < want) {
		if (rng() % 3 == 0) {
			buf[len++] = (char)rng();
		} else {
			const char *p = fuzz_pieces[rng() % (sizeof fuzz_pieces /
			    sizeof fuzz_pieces[0])];
			size_t n = p[0] == '\0' ? 1 : strlen(p);

			if (len + n > want)
				break;
			memcpy(buf + len, p, n);
			len += n;
		}
	}
	return len;
}

/* Appends s to buf[0..*len) when it fits with room for "\r\n". */
static int
fuzz_put(char *buf, size_t *len, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 2 > cap)
		return -1;
	memcpy(buf + *len, s, n);
	*len += n;
	return 0;
}

#define PICK(a) (a[rng() % (sizeof a / sizeof a[0])])

/* A line that is mostly well formed: a command, options, maybe "--",
 * words, a terminator. */
static size_t
fuzz_line(char *buf, size_t cap)
{
	static const char *const cmds[] = {
		"SEARCH", "COUNT", "MENTIONS", "DOC", "HELLO", "PING", "search",
	};
	static const char *const opts[] = {
		"limit=5", "offset=0", "offset=4294967295", "sort=doc",
		"sort=relevance", "part=draft", "part=\"pga letter\"",
		"section=\"2.1 Enhanced\tCooperation\"", "section=Preamble",
		"para=30..40", "para=7", "para=3..", "day=..2", "context=9",
		"version=1", "limit=", "part=x=y", "section=\" a \"",
	};
	static const char *const words[] = {
		"internet", "\"enhanced cooperation\"", "title:ICT", "--", "-",
		"a=b", "société", "\t", "  ", "x..y", "\xf0\x9f\x8c\x8d", "\"",
		"limit=9", "NOT", "cyber*",
	};
	size_t len = 0, i;
	int full = fuzz_put(buf, &len, cap, PICK(cmds));

	for (i = rng() % 6; i > 0 && !full; i--)
		full = fuzz_put(buf, &len, cap, " ") ||
		    fuzz_put(buf, &len, cap, PICK(opts));
	if (!full && rng() % 2)
		full = fuzz_put(buf, &len, cap, " --");
	for (i = rng() % 5; i > 0 && !full; i--)
		full = fuzz_put(buf, &len, cap, " ") ||
		    fuzz_put(buf, &len, cap, PICK(words));
	if (rng() % 2)
		buf[len++] = '\r';
	buf[len++] = '\n';
	return len;
}

static void
test_fuzz(void)
{
	char src[160];
	int bad = 0, roundtrip_bad = 0, it, written = 0;
	wsis_buf_t out = WSIS_BUF_INIT, a = WSIS_BUF_INIT, b = WSIS_BUF_INIT;

	for (it = 0; it < 100000; it++) {
		size_t len = it % 2 ? fuzz_input(src, sizeof src) :
		    fuzz_line(src, sizeof src), consumed, max_line;
		char *buf = hold(src, len);
		wsis_proto_request_t req;
		wsis_proto_reply_t rep;
		wsis_proto_status_t st;

		max_line = it % 2 == 0 || rng() % 4 == 0 ? 0 : 1 + rng() % 128;
		st = wsis_proto_parse_request(buf, len, max_line, &req,
		    &consumed);
		if (consumed > len)
			bad++;
		else if (st == WSIS_PROTO_NEED_MORE && consumed != 0)
			bad++;
		else if (st == WSIS_PROTO_OK && (consumed == 0 ||
		    (req.text.len > 0 && (req.text.ptr < buf ||
		    req.text.ptr + req.text.len > buf + consumed))))
			bad++;
		else if (st != WSIS_PROTO_OK && st != WSIS_PROTO_NEED_MORE &&
		    (consumed == 0 || req.message[0] == '\0' ||
		    memchr(req.message, '\0', sizeof req.message) == NULL ||
		    (req.code != 400 && req.code != 401 && req.code != 413)))
			bad++;

		/* what parses must write back and parse the same */
		if (st == WSIS_PROTO_OK) {
			wsis_buf_reset(&out);
			wsis_buf_reset(&a);
			wsis_buf_reset(&b);
			if (wsis_proto_write_request(&out, &req, 0, NULL, 0) ==
			    WSIS_PROTO_OK) {
				wsis_proto_request_t back;
				size_t c2;

				written++;
				describe(&a, st, &req, 0, 0);
				st = wsis_proto_parse_request(out.data, out.len, 0,
				    &back, &c2);
				describe(&b, st, &back, 0, 0);
				if (st != WSIS_PROTO_OK || c2 != out.len ||
				    strcmp(a.data, b.data) != 0) {
					if (roundtrip_bad++ == 0)
						printf("# round trip:\n# %s# %s",
						    a.data, b.data);
				}
			} else {
				roundtrip_bad++;
			}
		}

		st = wsis_proto_parse_reply(buf, len, &rep, &consumed);
		if (consumed > len || (st != WSIS_PROTO_OK && consumed != 0) ||
		    (st == WSIS_PROTO_OK && consumed == 0))
			bad++;
		if (st == WSIS_PROTO_OK && rep.kind == WSIS_PROTO_REPLY_OK &&
		    rep.payload.len > 0 && (rep.payload.ptr < buf ||
		    rep.payload.ptr + rep.payload.len > buf + consumed))
			bad++;
	}
	is_int(bad, 0, "100000 random inputs: invariants hold");
	is_int(roundtrip_bad, 0, "every parsed request (%d) writes back the same",
	    written);
	wsis_buf_free(&out);
	wsis_buf_free(&a);
	wsis_buf_free(&b);
}

int
main(void)
{
	test_commands();
	test_options();
	test_numbers();
	test_framing();
	test_pipeline();
	test_split();
	test_writer();
	test_replies();
	test_names();
	test_fuzz();
	free(held);
	return tap_done();
}
