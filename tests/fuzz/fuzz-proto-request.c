/* fuzz-proto-request.c - wsis_proto_parse_request() over any bytes, read
 * as a pipelined stream the way searchd reads it, with the default and a
 * small max_line; every request that parses is written back with
 * wsis_proto_write_request() and must parse to the same request. */
#include <string.h>

#include "fuzz.h"
#include "proto.h"

FUZZ_TARGET("proto-request");

/* s lies inside buf[0..len) (or is absent). */
static int
inside(wsis_proto_str_t s, const char *buf, size_t len)
{
	if (s.ptr == NULL)
		return s.len == 0;
	return s.ptr >= buf && s.len <= len && s.ptr - buf <= (ptrdiff_t)(len - s.len);
}

static int
same_str(wsis_proto_str_t a, wsis_proto_str_t b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static int
holds_tab(wsis_proto_str_t s)
{
	return s.ptr != NULL && memchr(s.ptr, '\t', s.len) != NULL;
}

/* The request written back parses to the same request. */
static void
round_trip(const wsis_proto_request_t *req)
{
	wsis_buf_t out = WSIS_BUF_INIT;
	wsis_proto_request_t again;
	wsis_proto_status_t st;
	char err[200];
	size_t consumed, i;
	int tab = holds_tab(req->section);

	for (i = 0; i < req->nparts; i++)
		tab |= holds_tab(req->parts[i]);
	err[0] = '\0';
	st = wsis_proto_write_request(&out, req, (size_t)-1, err, sizeof err);
	if (st == WSIS_PROTO_ERR_ARG && tab) {
		/* a quoted value may hold a TAB; the writer refuses control
		 * bytes in values (documented) */
		FUZZ_CHECK(out.len == 0);
		wsis_buf_free(&out);
		return;
	}
	if (st != WSIS_PROTO_OK)
		fprintf(stderr, "write_request: %s\n", err);
	FUZZ_CHECK(st == WSIS_PROTO_OK);
	FUZZ_CHECK(out.len > 0 && out.data[out.len - 1] == '\n');
	FUZZ_CHECK(memchr(out.data, '\n', out.len) == out.data + out.len - 1);

	st = wsis_proto_parse_request(out.data, out.len, (size_t)-1, &again,
	    &consumed);
	if (st != WSIS_PROTO_OK)
		fprintf(stderr, "written \"%.*s\" does not parse: %s\n",
		    (int)out.len - 1, out.data, again.message);
	FUZZ_CHECK(st == WSIS_PROTO_OK);
	FUZZ_CHECK(consumed == out.len);
	FUZZ_CHECK(again.cmd == req->cmd);
	FUZZ_CHECK(again.opts == req->opts);
	FUZZ_CHECK(again.version == req->version);
	FUZZ_CHECK(again.offset == req->offset);
	FUZZ_CHECK(again.limit == req->limit);
	FUZZ_CHECK(again.sort == req->sort);
	FUZZ_CHECK(again.nparts == req->nparts);
	for (i = 0; i < req->nparts; i++)
		FUZZ_CHECK(same_str(again.parts[i], req->parts[i]));
	FUZZ_CHECK(same_str(again.section, req->section));
	FUZZ_CHECK(again.para_min == req->para_min && again.para_max == req->para_max);
	FUZZ_CHECK(again.day_min == req->day_min && again.day_max == req->day_max);
	FUZZ_CHECK(again.context == req->context);
	FUZZ_CHECK(same_str(again.text, req->text));
	wsis_buf_free(&out);
}

/* Parses buf[0..len) line after line, as a connection would. */
static void
stream(const char *buf, size_t len, size_t max_line)
{
	size_t off = 0, limit = max_line ? max_line : WSIS_PROTO_DEFAULT_MAX_LINE;

	while (off < len) {
		wsis_proto_request_t req;
		wsis_proto_status_t st;
		size_t consumed = 12345, i;

		st = wsis_proto_parse_request(buf + off, len - off, max_line,
		    &req, &consumed);
		FUZZ_CHECK(consumed <= len - off);
		if (st == WSIS_PROTO_NEED_MORE) {
			FUZZ_CHECK(consumed == 0);
			FUZZ_CHECK(len - off < limit);
			FUZZ_CHECK(memchr(buf + off, '\n', len - off) == NULL);
			return;
		}
		FUZZ_CHECK(consumed > 0);
		if (st == WSIS_PROTO_OK) {
			FUZZ_CHECK(consumed <= limit);
			FUZZ_CHECK(buf[off + consumed - 1] == '\n');
			FUZZ_CHECK(req.cmd != WSIS_PROTO_CMD_NONE);
			FUZZ_CHECK(*wsis_proto_cmd_name(req.cmd) != '\0');
			FUZZ_CHECK(req.nparts <= WSIS_PROTO_MAX_PARTS);
			FUZZ_CHECK(inside(req.text, buf + off, consumed));
			FUZZ_CHECK(inside(req.section, buf + off, consumed));
			for (i = 0; i < req.nparts; i++) {
				FUZZ_CHECK(inside(req.parts[i], buf + off, consumed));
				FUZZ_CHECK(req.parts[i].len > 0);
			}
			if (req.opts & WSIS_PROTO_OPT_PARA)
				FUZZ_CHECK(req.para_min <= req.para_max);
			if (req.opts & WSIS_PROTO_OPT_DAY)
				FUZZ_CHECK(req.day_min <= req.day_max);
			round_trip(&req);
		} else {
			FUZZ_CHECK(st >= WSIS_PROTO_ERR_TOO_LONG &&
			    st <= WSIS_PROTO_ERR_UNKNOWN_COMMAND);
			FUZZ_CHECK(memchr(req.message, '\0', sizeof req.message) != NULL);
			FUZZ_CHECK(req.message[0] != '\0');
			FUZZ_CHECK(req.code == (st == WSIS_PROTO_ERR_TOO_LONG ? 413 :
			    st == WSIS_PROTO_ERR_UNKNOWN_COMMAND ? 401 : 400));
			FUZZ_CHECK(!req.close == (st != WSIS_PROTO_ERR_TOO_LONG));
			FUZZ_CHECK(*wsis_proto_status_to_string(st) != '\0');
			if (st == WSIS_PROTO_ERR_TOO_LONG) {
				FUZZ_CHECK(consumed == len - off);
				return;
			}
			FUZZ_CHECK(buf[off + consumed - 1] == '\n');
		}
		off += consumed;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;

	stream(buf, size, 0);
	/* a small limit reaches the line-too-long paths */
	stream(buf, size, 8 + size % 64);
	return 0;
}
