/* httpreq.c - HTTP parameters into a request (httpreq.h).
 *
 * The request is checked in the order wsis_proto_parse_request() checks
 * the line that says the same: first what only HTTP can get wrong (names
 * and values no line could carry), then the line's length, its bytes
 * (messages count bytes as that line would), the options in the order
 * given, and the text argument.  The line itself is never written.
 *
 * A parameter the command does not take is ignored, not refused: pages
 * and libraries add their own (jQuery's cache-buster "_=1712345"), and a
 * portal must not break on them.  Its name goes in req->ignored, which the
 * reply's notices list; the line the request stands for has no such
 * option, so it counts for nothing in the line's length or bytes.
 */
#include "httpreq.h"

#include <string.h>

#include "utf8.h"

static int
httpreq_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether parameter `name` is one `c` takes: q= where it takes a text
 * argument, else one of its options. */
static int
httpreq_known(const wsis_command_t *c, const char *name)
{
	unsigned bit;

	if (strcmp(name, "q") == 0)
		return c->text != WSIS_CMD_TEXT_NONE;
	for (bit = 1; bit <= WSIS_PROTO_OPT_ALL; bit <<= 1)
		if ((c->opts & bit) != 0 &&
		    strcmp(name, wsis_proto_opt_name(bit)) == 0)
			return 1;
	return 0;
}

/* Notes the ignored parameter qs->params[at] in req->ignored, unless one
 * before it has its name (a name is either always ignored or never). */
static void
httpreq_ignore(wsis_proto_request_t *req, const wsis_qstring_t *qs, size_t at)
{
	const char *name = qs->params[at].name;
	size_t i;

	for (i = 0; i < at; i++)
		if (strcmp(qs->params[i].name, name) == 0)
			return;
	if (req->nignored < WSIS_PROTO_MAX_IGNORED)
		req->ignored[req->nignored] = name;
	req->nignored++;
}

/* Checks an option's value as a line's option value must be: not empty,
 * no quote, no control byte.  *quoted tells whether the line would quote
 * it (it holds a space). */
static wsis_proto_status_t
httpreq_value(wsis_proto_request_t *req, const wsis_qparam_t *p, int *quoted)
{
	size_t i;

	*quoted = 0;
	if (p->value_len == 0)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
		    "%s: empty value", p->name);
	for (i = 0; i < p->value_len; i++) {
		unsigned char ch = (unsigned char)p->value[i];

		if (ch == '"' || ch < 0x20 || ch == 0x7f)
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
			    "%s: a quote or control byte in the value", p->name);
		if (ch == ' ')
			*quoted = 1;
	}
	return WSIS_PROTO_OK;
}

/* Points req->text at s[0..n) without blanks at either end. */
static void
httpreq_text(wsis_proto_request_t *req, const char *s, size_t n)
{
	while (n > 0 && httpreq_is_space(s[0])) {
		s++;
		n--;
	}
	while (n > 0 && httpreq_is_space(s[n - 1]))
		n--;
	if (n > 0) {
		req->text.ptr = s;
		req->text.len = n;
	}
}

/* A prefix route: the path's argument is the text; no parameters. */
static wsis_proto_status_t
httpreq_path_arg(const wsis_command_t *c, const wsis_qstring_t *qs,
    const char *arg, size_t arglen, size_t max_line, wsis_proto_request_t *req)
{
	size_t i;
	int bad = arg == NULL || arglen == 0 || arglen > WSIS_HTTPREQ_MAX_ARG ||
	    wsis_utf8_valid_prefix(arg, arglen) != arglen;

	for (i = 0; !bad && i < arglen; i++)
		bad = (unsigned char)arg[i] < 0x20 || arg[i] == 0x7f;
	if (bad)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
		    "bad %s", wsis_cmd_text_name(c->text));
	/* it takes none: every parameter is ignored */
	for (i = 0; qs != NULL && i < qs->count; i++)
		httpreq_ignore(req, qs, i);
	/* the line: NAME -- arg\n */
	if (strlen(c->name) + 4 + arglen + 1 > max_line)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_TOO_LONG,
		    "request line longer than %zu bytes", max_line);
	req->cmd = c->id;
	httpreq_text(req, arg, arglen);
	return wsis_proto_check_text(req, c);
}

wsis_proto_status_t
wsis_httpreq_parse(const wsis_command_t *c, wsis_qstring_t *qs,
    const char *arg, size_t arglen, size_t max_line, wsis_proto_request_t *req)
{
	size_t count = qs != NULL ? qs->count : 0, i, k, len, at;
	wsis_qparam_t *q = NULL;
	wsis_proto_status_t st;
	int quoted;

	wsis_proto_request_init(req, WSIS_PROTO_CMD_NONE);
	if (max_line == 0)
		max_line = WSIS_PROTO_DEFAULT_MAX_LINE;
	if (c->http_path != NULL && c->http_path[strlen(c->http_path) - 1] == '/')
		return httpreq_path_arg(c, qs, arg, arglen, max_line, req);

	/* the line's length: NAME, " name=value" (quoted: two more), " -- q",
	 * "\n" */
	len = strlen(c->name);
	for (i = 0; i < count; i++) {
		const wsis_qparam_t *p = &qs->params[i];

		if (!httpreq_known(c, p->name)) {
			httpreq_ignore(req, qs, i);
			continue;
		}
		if (strcmp(p->name, "q") == 0) {
			if (q == NULL)
				q = &qs->params[i];
			continue;
		}
		if ((st = httpreq_value(req, p, &quoted)) != WSIS_PROTO_OK)
			return st;
		len += 2 + strlen(p->name) + p->value_len + (quoted ? 2 : 0);
	}
	if (q != NULL && q->value_len == 0)
		q = NULL;
	if (q != NULL) {
		for (k = 0; k < q->value_len; k++)
			if (q->value[k] == '\n' || q->value[k] == '\r' ||
			    q->value[k] == '\t')
				q->value[k] = ' ';
		len += 4 + q->value_len;
	}
	if (len + 1 > max_line)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_TOO_LONG,
		    "request line longer than %zu bytes", max_line);

	/* the bytes, at the offsets the line would have them */
	at = strlen(c->name);
	for (i = 0; i < count; i++) {
		const wsis_qparam_t *p = &qs->params[i];

		if (strcmp(p->name, "q") == 0 || !httpreq_known(c, p->name))
			continue;
		httpreq_value(req, p, &quoted);
		at += 2 + strlen(p->name) + (quoted ? 1 : 0);
		if ((st = wsis_proto_check_bytes(p->value, p->value_len, at,
		    req)) != WSIS_PROTO_OK)
			return st;
		at += p->value_len + (quoted ? 1 : 0);
	}
	if (q != NULL && (st = wsis_proto_check_bytes(q->value, q->value_len,
	    at + 4, req)) != WSIS_PROTO_OK)
		return st;

	req->cmd = c->id;
	for (i = 0; i < count; i++) {
		const wsis_qparam_t *p = &qs->params[i];

		if (strcmp(p->name, "q") == 0 || !httpreq_known(c, p->name))
			continue;
		if ((st = wsis_proto_set_option(req, c, p->name, strlen(p->name),
		    p->value, p->value_len)) != WSIS_PROTO_OK)
			return st;
	}
	if (q != NULL)
		httpreq_text(req, q->value, q->value_len);
	return wsis_proto_check_text(req, c);
}
