/* fuzz-proto-reply.c - wsis_proto_parse_reply() over any bytes, read as the
 * reply stream a client reads; every OK and ERR reply that parses is
 * written again with wsis_proto_write_ok() / wsis_proto_write_error() and
 * must parse back the same. */
#include <string.h>

#include "fuzz.h"
#include "proto.h"

FUZZ_TARGET("proto-reply");

static int
inside(wsis_proto_str_t s, const char *buf, size_t len)
{
	if (s.ptr == NULL)
		return s.len == 0;
	return s.ptr >= buf && s.len <= len && s.ptr - buf <= (ptrdiff_t)(len - s.len);
}

static void
round_trip(const wsis_proto_reply_t *r)
{
	wsis_buf_t out = WSIS_BUF_INIT;
	wsis_proto_reply_t again;
	wsis_proto_status_t st;
	size_t consumed;

	if (r->kind == WSIS_PROTO_REPLY_OK) {
		st = wsis_proto_write_ok(&out, r->payload.ptr, r->payload.len);
		FUZZ_CHECK(st == WSIS_PROTO_OK);
		st = wsis_proto_parse_reply(out.data, out.len, &again, &consumed);
		FUZZ_CHECK(st == WSIS_PROTO_OK && consumed == out.len);
		FUZZ_CHECK(again.kind == WSIS_PROTO_REPLY_OK);
		FUZZ_CHECK(again.payload.len == r->payload.len);
		FUZZ_CHECK(r->payload.len == 0 ||
		    memcmp(again.payload.ptr, r->payload.ptr, r->payload.len) == 0);
	} else if (r->kind == WSIS_PROTO_REPLY_ERR) {
		char *msg = malloc(r->message.len + 1);

		FUZZ_CHECK(msg != NULL);
		if (r->message.len > 0)
			memcpy(msg, r->message.ptr, r->message.len);
		msg[r->message.len] = '\0';
		st = wsis_proto_write_error(&out, r->code, msg);
		FUZZ_CHECK(st == WSIS_PROTO_OK);
		st = wsis_proto_parse_reply(out.data, out.len, &again, &consumed);
		FUZZ_CHECK(st == WSIS_PROTO_OK && consumed == out.len);
		FUZZ_CHECK(again.kind == WSIS_PROTO_REPLY_ERR);
		FUZZ_CHECK(again.code == r->code);
		FUZZ_CHECK(again.message.len <= WSIS_PROTO_MAX_ERRMSG);
		free(msg);
	}
	wsis_buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	size_t off = 0;

	while (off < size) {
		wsis_proto_reply_t r;
		wsis_proto_status_t st;
		size_t consumed = 12345;

		st = wsis_proto_parse_reply(buf + off, size - off, &r, &consumed);
		if (st != WSIS_PROTO_OK) {
			FUZZ_CHECK(consumed == 0);
			FUZZ_CHECK(st == WSIS_PROTO_NEED_MORE ||
			    st == WSIS_PROTO_ERR_BAD_REPLY ||
			    st == WSIS_PROTO_ERR_TOO_LARGE);
			if (st == WSIS_PROTO_NEED_MORE)
				FUZZ_CHECK(size - off < WSIS_PROTO_MAX_STATUS_LINE ||
				    memchr(buf + off, '\n',
				    WSIS_PROTO_MAX_STATUS_LINE) != NULL);
			break;
		}
		FUZZ_CHECK(consumed > 0 && consumed <= size - off);
		FUZZ_CHECK(buf[off + consumed - 1] == '\n');
		switch (r.kind) {
		case WSIS_PROTO_REPLY_OK:
			FUZZ_CHECK(r.payload.len <= WSIS_PROTO_MAX_PAYLOAD);
			FUZZ_CHECK(inside(r.payload, buf + off, consumed));
			break;
		case WSIS_PROTO_REPLY_ERR:
			FUZZ_CHECK(r.code >= 100 && r.code <= 999);
			FUZZ_CHECK(inside(r.message, buf + off, consumed));
			FUZZ_CHECK(r.message.len == 0 ||
			    memchr(r.message.ptr, '\n', r.message.len) == NULL);
			break;
		case WSIS_PROTO_REPLY_GREETING:
			FUZZ_CHECK(r.major <= 99999 && r.minor <= 99999);
			FUZZ_CHECK(inside(r.software, buf + off, consumed));
			break;
		default:
			FUZZ_CHECK(!"a reply of no known kind");
		}
		round_trip(&r);
		off += consumed;
	}
	return 0;
}
