/* fuzz-qstring.c - wsis_qstring_parse() (HTTP query strings) over any
 * bytes: every decoded name and value stays inside its storage and is
 * NUL-terminated, and lookups find what was parsed.  Then
 * wsis_httpreq_parse() for every HTTP route's command (the input itself as
 * /doc/'s id): a request it accepts is one the protocol can write, and a
 * refusal has a code and a message. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "command.h"
#include "fuzz.h"
#include "httpreq.h"
#include "qstring.h"

static void
fuzz_httpreq(wsis_qstring_t *q, const char *data, size_t size)
{
	const wsis_command_t *c;
	wsis_proto_request_t req;
	wsis_proto_status_t st;
	wsis_buf_t line = WSIS_BUF_INIT;
	size_t i, m, m2;

	for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++) {
		if (c->http_path == NULL)
			continue;
		for (m = 0; m < 2; m++) {
			st = wsis_httpreq_parse(c, q, data, size, m ? 32 : 0, &req);
			if (st != WSIS_PROTO_OK) {
				FUZZ_CHECK(req.code == 400 || req.code == 413);
				FUZZ_CHECK(req.message[0] != '\0');
				continue;
			}
			FUZZ_CHECK(req.cmd == c->id);
			/* each parameter ignored at most once, and named */
			FUZZ_CHECK(req.nignored <= q->count);
			for (m2 = 0; m2 < req.nignored && m2 < WSIS_PROTO_MAX_IGNORED; m2++)
				FUZZ_CHECK(req.ignored[m2] != NULL);
			wsis_buf_reset(&line);
			FUZZ_CHECK(wsis_proto_write_request(&line, &req, SIZE_MAX, NULL,
			    0) == WSIS_PROTO_OK);
		}
	}
	wsis_buf_free(&line);
}

FUZZ_TARGET("qstring");

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wsis_qstring_t q;
	char err[128];
	size_t i, total = 0;

	err[0] = '\0';
	if (wsis_qstring_parse((const char *)data, size, &q, err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(q.storage == NULL && q.count == 0);
		wsis_qstring_free(&q);
		return 0;
	}
	FUZZ_CHECK(q.count <= WSIS_QSTRING_MAX_PARAMS);
	FUZZ_CHECK(q.count == 0 || q.storage != NULL);
	for (i = 0; i < q.count; i++) {
		const wsis_qparam_t *p = &q.params[i], *g;
		size_t nlen = strlen(p->name);

		/* decoding never grows a parameter */
		FUZZ_CHECK(nlen <= size && p->value_len <= size);
		FUZZ_CHECK(p->value[p->value_len] == '\0');
		total += nlen + p->value_len;
		g = wsis_qstring_get(&q, p->name);
		FUZZ_CHECK(g != NULL && g <= p && strcmp(g->name, p->name) == 0);
	}
	FUZZ_CHECK(total <= size);
	fuzz_httpreq(&q, (const char *)data, size);
	wsis_qstring_free(&q);
	FUZZ_CHECK(q.storage == NULL && q.count == 0);
	wsis_qstring_free(&q);   /* twice is harmless */
	return 0;
}
