/* proto.c - the wsis-searchd wire protocol: request and reply codecs.
 *
 * Every parser here is a pure function over a byte buffer (no I/O, no
 * globals, no allocation) so a fuzzer can drive it; every writer appends
 * to a wsis_buf_t and leaves it untouched when it fails.  The grammar is
 * in doc/PROTOCOL.md; the tables below are that grammar as data.
 */
#include "proto.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "errmsg.h"

/* ---- the grammar as data ----------------------------------------------- */

/* The commands, their options and their text argument are the command
 * table's (command.h); the options' names and value kinds are here. */

enum { VAL_NUMBER, VAL_RANGE, VAL_STRING, VAL_SORT, VAL_BOOL, VAL_BYTES };

struct proto_opt_entry {
	const char *name;
	unsigned    bit;
	int         kind;   /* VAL_* */
};

/* In the order wsis_proto_write_request() writes them. */
static const struct proto_opt_entry proto_opts[] = {
	{ "version", WSIS_PROTO_OPT_VERSION, VAL_NUMBER },
	{ "offset",  WSIS_PROTO_OPT_OFFSET,  VAL_NUMBER },
	{ "limit",   WSIS_PROTO_OPT_LIMIT,   VAL_NUMBER },
	{ "sort",    WSIS_PROTO_OPT_SORT,    VAL_SORT },
	{ "part",    WSIS_PROTO_OPT_PART,    VAL_STRING },
	{ "section", WSIS_PROTO_OPT_SECTION, VAL_STRING },
	{ "para",    WSIS_PROTO_OPT_PARA,    VAL_RANGE },
	{ "day",     WSIS_PROTO_OPT_DAY,     VAL_RANGE },
	{ "context", WSIS_PROTO_OPT_CONTEXT, VAL_NUMBER },
	{ "exact",   WSIS_PROTO_OPT_EXACT,   VAL_BOOL },
	{ "explain", WSIS_PROTO_OPT_EXPLAIN, VAL_BOOL },
	{ "expand",  WSIS_PROTO_OPT_EXPAND,  VAL_BOOL },
	{ "text",    WSIS_PROTO_OPT_TEXT,    VAL_BYTES },   /* a number or "all" */
};
#define PROTO_NOPTS (sizeof proto_opts / sizeof proto_opts[0])

/* ---- names ------------------------------------------------------------- */

const char *
wsis_proto_status_to_string(wsis_proto_status_t st)
{
	switch (st) {
	case WSIS_PROTO_OK:                  return "ok";
	case WSIS_PROTO_NEED_MORE:           return "need more input";
	case WSIS_PROTO_ERR_TOO_LONG:        return "line too long";
	case WSIS_PROTO_ERR_ENCODING:        return "NUL, control byte or invalid UTF-8";
	case WSIS_PROTO_ERR_SYNTAX:          return "syntax error";
	case WSIS_PROTO_ERR_NUMBER:          return "bad number";
	case WSIS_PROTO_ERR_OPTION:          return "bad option";
	case WSIS_PROTO_ERR_UNKNOWN_COMMAND: return "unknown command";
	case WSIS_PROTO_ERR_BAD_REPLY:       return "malformed reply";
	case WSIS_PROTO_ERR_TOO_LARGE:       return "reply too large";
	case WSIS_PROTO_ERR_ARG:             return "invalid argument";
	case WSIS_PROTO_ERR_NOMEM:           return "out of memory";
	}
	return "unknown status";
}

const char *
wsis_proto_code_reason(int code)
{
	switch (code) {
	case WSIS_PROTO_CODE_BAD_REQUEST:     return "bad request";
	case WSIS_PROTO_CODE_UNKNOWN_COMMAND: return "unknown command";
	case WSIS_PROTO_CODE_FORBIDDEN:       return "forbidden";
	case WSIS_PROTO_CODE_NOT_FOUND:       return "not found";
	case WSIS_PROTO_CODE_IDLE_TIMEOUT:    return "idle timeout";
	case WSIS_PROTO_CODE_LINE_TOO_LONG:   return "line too long";
	case WSIS_PROTO_CODE_QUERY_SYNTAX:    return "query syntax error";
	case WSIS_PROTO_CODE_BUSY:            return "busy";
	case WSIS_PROTO_CODE_INTERNAL:        return "internal error";
	case WSIS_PROTO_CODE_UNAVAILABLE:     return "unavailable";
	case WSIS_PROTO_CODE_QUERY_TIMEOUT:   return "query time limit exceeded";
	case WSIS_PROTO_CODE_VERSION:         return "protocol version not supported";
	case WSIS_PROTO_CODE_REPLY_TOO_LARGE: return "reply too large";
	}
	return "error";
}

int
wsis_proto_code_closes(int code)
{
	return code == WSIS_PROTO_CODE_IDLE_TIMEOUT ||
	    code == WSIS_PROTO_CODE_LINE_TOO_LONG ||
	    code == WSIS_PROTO_CODE_UNAVAILABLE ||
	    code == WSIS_PROTO_CODE_VERSION;
}

const char *
wsis_proto_cmd_name(wsis_proto_cmd_t cmd)
{
	const wsis_command_t *c = wsis_cmd_by_id(cmd);

	return c != NULL ? c->name : "";
}

static const struct proto_opt_entry *
proto_opt_by_bit(unsigned bit)
{
	size_t i;

	for (i = 0; i < PROTO_NOPTS; i++)
		if (proto_opts[i].bit == bit)
			return &proto_opts[i];
	return NULL;
}

const char *
wsis_proto_opt_name(unsigned bit)
{
	const struct proto_opt_entry *oe = proto_opt_by_bit(bit);

	return oe != NULL ? oe->name : NULL;
}

/* ---- bytes ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0..n) (n > 0), or 0.  Overlong
 * forms, surrogates and code points past U+10FFFF are invalid. */
static size_t
proto_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	need = c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
	if (need == 0 || n < need)
		return 0;
	for (i = 1; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
		return 0;
	return need;
}

static int
proto_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* A control byte a request line may not hold (TAB is allowed). */
static int
proto_is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* Folded into a space by the request writer. */
static int
proto_is_foldable(unsigned char c)
{
	return c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Trimmed from the ends of the text by the request writer. */
static int
proto_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || proto_is_foldable(c);
}

/* Parses 1-10 decimal digits holding at most WSIS_PROTO_NUMBER_MAX. */
static int
proto_number(const char *s, size_t n, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > WSIS_PROTO_NUMBER_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Copies at most 32 bytes of s (valid UTF-8) into dst for a message,
 * cut on a character boundary, "..." marking a cut. */
static void
proto_sample(char *dst, size_t dstsize, const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && i < 32) {
		k = proto_utf8_len((const unsigned char *)s + i, n - i);
		if (k == 0 || i + k > 32)
			break;
		i += k;
	}
	snprintf(dst, dstsize, "%.*s%s", (int)i, s, i < n ? "..." : "");
}

/* Shrinks `out` back to `len` bytes (undoing a failed write). */
static void
proto_rollback(wsis_buf_t *out, size_t len)
{
	out->len = len;
	if (out->data != NULL)
		out->data[len] = '\0';
}

/* ---- requests ---------------------------------------------------------- */

void
wsis_proto_request_init(wsis_proto_request_t *req, wsis_proto_cmd_t cmd)
{
	memset(req, 0, sizeof *req);
	req->cmd = cmd;
	req->limit = WSIS_PROTO_DEFAULT_LIMIT;
	req->context = WSIS_PROTO_DEFAULT_CONTEXT;
	req->sort = WSIS_PROTO_SORT_RELEVANCE;
}

wsis_proto_status_t
wsis_proto_request_fail(wsis_proto_request_t *req, wsis_proto_status_t st,
    const char *fmt, ...)
{
	va_list ap;

	switch (st) {
	case WSIS_PROTO_ERR_TOO_LONG:
		req->code = WSIS_PROTO_CODE_LINE_TOO_LONG;
		break;
	case WSIS_PROTO_ERR_UNKNOWN_COMMAND:
		req->code = WSIS_PROTO_CODE_UNKNOWN_COMMAND;
		break;
	default:
		req->code = WSIS_PROTO_CODE_BAD_REQUEST;
		break;
	}
	req->close = wsis_proto_code_closes(req->code);
	va_start(ap, fmt);
	vsnprintf(req->message, sizeof req->message, fmt, ap);
	va_end(ap);
	return st;
}

wsis_proto_status_t
wsis_proto_check_bytes(const char *line, size_t n, size_t at,
    wsis_proto_request_t *req)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0, k;

	while (i < n) {
		if (s[i] == 0)
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_ENCODING,
			    "NUL byte at byte %zu of the line", at + i);
		if (proto_is_control(s[i]))
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_ENCODING,
			    "control byte 0x%02x at byte %zu of the line",
			    s[i], at + i);
		k = proto_utf8_len(s + i, n - i);
		if (k == 0)
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_ENCODING,
			    "invalid UTF-8 at byte %zu of the line", at + i);
		i += k;
	}
	return WSIS_PROTO_OK;
}

static wsis_proto_status_t
proto_range(wsis_proto_request_t *req, const char *name, const char *v,
    size_t n, uint32_t *lo, uint32_t *hi)
{
	char sample[48];
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (v[i] == '.' && v[i + 1] == '.')
			break;
	if (i + 1 >= n) {               /* a single number */
		if (proto_number(v, n, lo) != 0)
			goto bad;
		*hi = *lo;
		return WSIS_PROTO_OK;
	}
	if (n == 2)                     /* ".." alone */
		goto bad;
	*lo = 0;
	*hi = WSIS_PROTO_NUMBER_MAX;
	if (i > 0 && proto_number(v, i, lo) != 0)
		goto bad;
	if (i + 2 < n && proto_number(v + i + 2, n - i - 2, hi) != 0)
		goto bad;
	if (*lo > *hi) {
		proto_sample(sample, sizeof sample, v, n);
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_NUMBER,
		    "%s: the range \"%s\" is empty", name, sample);
	}
	return WSIS_PROTO_OK;
bad:
	proto_sample(sample, sizeof sample, v, n);
	return wsis_proto_request_fail(req, WSIS_PROTO_ERR_NUMBER, "%s: \"%s\" is not N, "
	    "N..M, N.. or ..M with numbers from 0 to 4294967295", name, sample);
}

wsis_proto_status_t
wsis_proto_set_option(wsis_proto_request_t *req, const wsis_command_t *ce,
    const char *name, size_t nlen, const char *v, size_t vlen)
{
	const struct proto_opt_entry *oe = NULL;
	char sample[48];
	uint32_t num;
	size_t i;

	for (i = 0; i < PROTO_NOPTS; i++) {
		if (strlen(proto_opts[i].name) == nlen &&
		    memcmp(proto_opts[i].name, name, nlen) == 0) {
			oe = &proto_opts[i];
			break;
		}
	}
	proto_sample(sample, sizeof sample, name, nlen);
	if (oe == NULL)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_OPTION,
		    "unknown option \"%s\"", sample);
	if ((ce->opts & oe->bit) == 0)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_OPTION,
		    "%s does not take the option \"%s\"", ce->name, oe->name);
	if ((req->opts & oe->bit) != 0 && oe->bit != WSIS_PROTO_OPT_PART)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_OPTION,
		    "option \"%s\" given twice", oe->name);

	switch (oe->kind) {
	case VAL_BYTES:
		if (vlen == 3 && memcmp(v, "all", 3) == 0) {
			req->hit_text_all = 1;
			break;
		}
		if (proto_number(v, vlen, &num) != 0) {
			proto_sample(sample, sizeof sample, v, vlen);
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_NUMBER,
			    "%s: \"%s\" is neither \"all\" nor a number from 0 to "
			    "4294967295", oe->name, sample);
		}
		req->hit_text = num;
		break;
	case VAL_NUMBER:
		if (proto_number(v, vlen, &num) != 0) {
			proto_sample(sample, sizeof sample, v, vlen);
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_NUMBER,
			    "%s: \"%s\" is not a number from 0 to 4294967295",
			    oe->name, sample);
		}
		if (oe->bit == WSIS_PROTO_OPT_VERSION)
			req->version = num;
		else if (oe->bit == WSIS_PROTO_OPT_OFFSET)
			req->offset = num;
		else if (oe->bit == WSIS_PROTO_OPT_LIMIT)
			req->limit = num;
		else
			req->context = num;
		break;
	case VAL_RANGE: {
		wsis_proto_status_t st;

		if (oe->bit == WSIS_PROTO_OPT_PARA)
			st = proto_range(req, oe->name, v, vlen,
			    &req->para_min, &req->para_max);
		else
			st = proto_range(req, oe->name, v, vlen,
			    &req->day_min, &req->day_max);
		if (st != WSIS_PROTO_OK)
			return st;
		break;
	}
	case VAL_SORT:
		if (vlen == 9 && memcmp(v, "relevance", 9) == 0)
			req->sort = WSIS_PROTO_SORT_RELEVANCE;
		else if (vlen == 3 && memcmp(v, "doc", 3) == 0)
			req->sort = WSIS_PROTO_SORT_DOC;
		else
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
			    "sort: expected \"relevance\" or \"doc\"");
		break;
	case VAL_BOOL:
		if (vlen != 1 || (v[0] != '0' && v[0] != '1'))
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
			    "%s: expected 0 or 1", oe->name);
		if (oe->bit == WSIS_PROTO_OPT_EXACT)
			req->exact = v[0] == '1';
		else if (oe->bit == WSIS_PROTO_OPT_EXPLAIN)
			req->explain = v[0] == '1';
		else
			req->expand = v[0] == '1';
		break;
	case VAL_STRING:
		if (vlen == 0)
			return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
			    "option \"%s\" has an empty value", oe->name);
		if (oe->bit == WSIS_PROTO_OPT_PART) {
			if (req->nparts >= WSIS_PROTO_MAX_PARTS)
				return wsis_proto_request_fail(req, WSIS_PROTO_ERR_OPTION,
				    "more than %u part= options",
				    WSIS_PROTO_MAX_PARTS);
			req->parts[req->nparts].ptr = v;
			req->parts[req->nparts].len = vlen;
			req->nparts++;
		} else {
			req->section.ptr = v;
			req->section.len = vlen;
		}
		break;
	}
	req->opts |= oe->bit;
	return WSIS_PROTO_OK;
}

/* Length of an option name ([A-Za-z][A-Za-z0-9_-]*) followed by '=' at
 * s[0..n), or 0 when s does not start an option. */
static size_t
proto_option_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (c == '=')
			return i;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 0;
}

wsis_proto_status_t
wsis_proto_check_text(wsis_proto_request_t *req, const wsis_command_t *ce)
{
	if (ce->text == WSIS_CMD_TEXT_NONE && req->text.len > 0)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
		    "%s takes no arguments", ce->name);
	if (ce->text_required && req->text.len == 0)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
		    "%s needs a %s", ce->name, wsis_cmd_text_name(ce->text));
	return WSIS_PROTO_OK;
}

/* Parses one line (without its terminator) into req. */
static wsis_proto_status_t
proto_parse_line(const char *line, size_t n, wsis_proto_request_t *req)
{
	const wsis_command_t *ce;
	wsis_proto_status_t st;
	char sample[48];
	size_t p = 0, start;

	if ((st = wsis_proto_check_bytes(line, n, 0, req)) != WSIS_PROTO_OK)
		return st;

	while (p < n && proto_is_space(line[p]))
		p++;
	if (p == n)
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX, "empty request");
	start = p;
	while (p < n && !proto_is_space(line[p]))
		p++;
	ce = wsis_cmd_by_name(line + start, p - start);
	if (ce == NULL) {
		proto_sample(sample, sizeof sample, line + start, p - start);
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_UNKNOWN_COMMAND,
		    "unknown command \"%s\"", sample);
	}
	req->cmd = ce->id;

	for (;;) {
		size_t nlen, vstart, vend;

		while (p < n && proto_is_space(line[p]))
			p++;
		if (p == n)
			break;
		if (line[p] == '-' && p + 1 < n && line[p + 1] == '-' &&
		    (p + 2 == n || proto_is_space(line[p + 2]))) {
			p += 2;
			while (p < n && proto_is_space(line[p]))
				p++;
			break;
		}
		nlen = proto_option_name(line + p, n - p);
		if (nlen == 0)
			break;                  /* the text starts here */
		vstart = p + nlen + 1;
		if (vstart < n && line[vstart] == '"') {
			vstart++;
			for (vend = vstart; vend < n && line[vend] != '"'; vend++)
				;
			if (vend == n) {
				proto_sample(sample, sizeof sample, line + p, nlen);
				return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
				    "option \"%s\": unterminated quote", sample);
			}
			if (vend + 1 < n && !proto_is_space(line[vend + 1])) {
				proto_sample(sample, sizeof sample, line + p, nlen);
				return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
				    "option \"%s\": text after the closing quote",
				    sample);
			}
			st = wsis_proto_set_option(req, ce, line + p, nlen, line + vstart,
			    vend - vstart);
			p = vend + 1;
		} else {
			for (vend = vstart; vend < n && !proto_is_space(line[vend]);
			    vend++) {
				if (line[vend] == '"') {
					proto_sample(sample, sizeof sample,
					    line + p, nlen);
					return wsis_proto_request_fail(req, WSIS_PROTO_ERR_SYNTAX,
					    "option \"%s\": a quote inside a value",
					    sample);
				}
			}
			st = wsis_proto_set_option(req, ce, line + p, nlen, line + vstart,
			    vend - vstart);
			p = vend;
		}
		if (st != WSIS_PROTO_OK)
			return st;
	}

	while (n > p && proto_is_space(line[n - 1]))
		n--;
	if (n > p) {
		req->text.ptr = line + p;
		req->text.len = n - p;
	}
	return wsis_proto_check_text(req, ce);
}

wsis_proto_status_t
wsis_proto_parse_request(const char *buf, size_t len, size_t max_line,
    wsis_proto_request_t *req, size_t *consumed)
{
	const char *nl = NULL;
	size_t scan, end;

	*consumed = 0;
	wsis_proto_request_init(req, WSIS_PROTO_CMD_NONE);
	if (max_line == 0)
		max_line = WSIS_PROTO_DEFAULT_MAX_LINE;
	scan = len < max_line ? len : max_line;
	if (scan > 0)
		nl = memchr(buf, '\n', scan);
	if (nl == NULL) {
		if (len < max_line)
			return WSIS_PROTO_NEED_MORE;
		*consumed = len;
		return wsis_proto_request_fail(req, WSIS_PROTO_ERR_TOO_LONG,
		    "request line longer than %zu bytes", max_line);
	}
	*consumed = (size_t)(nl - buf) + 1;
	end = (size_t)(nl - buf);
	if (end > 0 && buf[end - 1] == '\r')
		end--;
	return proto_parse_line(buf, end, req);
}

/* Appends " name=value", quoting a value with blanks in it. */
static wsis_proto_status_t
proto_put_value(wsis_buf_t *out, const char *name, wsis_proto_str_t v,
    char *err, size_t errlen)
{
	const unsigned char *s = (const unsigned char *)v.ptr;
	size_t i = 0, k;
	int quote = 0;

	if (v.ptr == NULL || v.len == 0) {
		wsis_errmsg(err, errlen, "%s: empty value", name);
		return WSIS_PROTO_ERR_ARG;
	}
	while (i < v.len) {
		if (s[i] == '"' || s[i] == 0 || proto_is_control(s[i])) {
			wsis_errmsg(err, errlen, "%s: the value holds a quote or "
			    "a control byte", name);
			return WSIS_PROTO_ERR_ARG;
		}
		if (proto_is_space((char)s[i]))
			quote = 1;
		k = proto_utf8_len(s + i, v.len - i);
		if (k == 0) {
			wsis_errmsg(err, errlen, "%s: invalid UTF-8", name);
			return WSIS_PROTO_ERR_ARG;
		}
		i += k;
	}
	if (wsis_buf_printf(out, " %s=%s", name, quote ? "\"" : "") != 0 ||
	    wsis_buf_append(out, v.ptr, v.len) != 0 ||
	    (quote && wsis_buf_putc(out, '"') != 0))
		return WSIS_PROTO_ERR_NOMEM;
	return WSIS_PROTO_OK;
}

static wsis_proto_status_t
proto_put_range(wsis_buf_t *out, const char *name, uint32_t lo, uint32_t hi,
    char *err, size_t errlen)
{
	int rc;

	if (lo > hi) {
		wsis_errmsg(err, errlen, "%s: empty range %lu..%lu", name,
		    (unsigned long)lo, (unsigned long)hi);
		return WSIS_PROTO_ERR_ARG;
	}
	if (lo == hi)
		rc = wsis_buf_printf(out, " %s=%lu", name, (unsigned long)lo);
	else
		rc = wsis_buf_printf(out, " %s=%lu..%lu", name,
		    (unsigned long)lo, (unsigned long)hi);
	return rc != 0 ? WSIS_PROTO_ERR_NOMEM : WSIS_PROTO_OK;
}

/* Appends " -- text", trimmed, with LF, CR, VT and FF folded into spaces;
 * nothing when the text is only blanks.  *wrote tells whether anything was written. */
static wsis_proto_status_t
proto_put_text(wsis_buf_t *out, wsis_proto_str_t t, int *wrote,
    char *err, size_t errlen)
{
	const unsigned char *s = (const unsigned char *)t.ptr;
	size_t i = 0, k, first, last;

	*wrote = 0;
	if (t.ptr == NULL || t.len == 0)
		return WSIS_PROTO_OK;
	while (i < t.len) {
		if (s[i] == 0) {
			wsis_errmsg(err, errlen, "NUL byte in the text");
			return WSIS_PROTO_ERR_ARG;
		}
		if (proto_is_control(s[i]) && !proto_is_foldable(s[i])) {
			wsis_errmsg(err, errlen, "control byte 0x%02x in the text",
			    s[i]);
			return WSIS_PROTO_ERR_ARG;
		}
		k = proto_utf8_len(s + i, t.len - i);
		if (k == 0) {
			wsis_errmsg(err, errlen, "invalid UTF-8 at byte %zu of "
			    "the text", i);
			return WSIS_PROTO_ERR_ARG;
		}
		i += k;
	}
	for (first = 0; first < t.len && proto_is_blank(s[first]); first++)
		;
	for (last = t.len; last > first && proto_is_blank(s[last - 1]); last--)
		;
	if (first == last)
		return WSIS_PROTO_OK;
	if (wsis_buf_reserve(out, 4 + last - first) != 0 ||
	    wsis_buf_puts(out, " -- ") != 0)
		return WSIS_PROTO_ERR_NOMEM;
	for (i = first; i < last; i++)
		if (wsis_buf_putc(out, proto_is_foldable(s[i]) ? ' ' :
		    (char)s[i]) != 0)
			return WSIS_PROTO_ERR_NOMEM;
	*wrote = 1;
	return WSIS_PROTO_OK;
}

static wsis_proto_status_t
proto_write_request(wsis_buf_t *out, const wsis_proto_request_t *req,
    size_t start, size_t max_line, char *err, size_t errlen)
{
	const wsis_command_t *ce = wsis_cmd_by_id(req->cmd);
	wsis_proto_status_t st = WSIS_PROTO_OK;
	unsigned long num;
	size_t i, j;
	int wrote;

	if (ce == NULL) {
		wsis_errmsg(err, errlen, "no such command");
		return WSIS_PROTO_ERR_ARG;
	}
	if ((req->opts & ~ce->opts) != 0) {
		wsis_errmsg(err, errlen, "%s does not take some of the options "
		    "given", ce->name);
		return WSIS_PROTO_ERR_ARG;
	}
	if (wsis_buf_puts(out, ce->name) != 0)
		return WSIS_PROTO_ERR_NOMEM;
	for (i = 0; i < PROTO_NOPTS && st == WSIS_PROTO_OK; i++) {
		const struct proto_opt_entry *oe = &proto_opts[i];

		if ((req->opts & oe->bit) == 0)
			continue;
		switch (oe->bit) {
		case WSIS_PROTO_OPT_VERSION:
		case WSIS_PROTO_OPT_OFFSET:
		case WSIS_PROTO_OPT_LIMIT:
		case WSIS_PROTO_OPT_CONTEXT:
			num = oe->bit == WSIS_PROTO_OPT_VERSION ? req->version :
			    oe->bit == WSIS_PROTO_OPT_OFFSET ? req->offset :
			    oe->bit == WSIS_PROTO_OPT_LIMIT ? req->limit :
			    req->context;
			if (wsis_buf_printf(out, " %s=%lu", oe->name, num) != 0)
				st = WSIS_PROTO_ERR_NOMEM;
			break;
		case WSIS_PROTO_OPT_SORT:
			if (req->sort != WSIS_PROTO_SORT_RELEVANCE &&
			    req->sort != WSIS_PROTO_SORT_DOC) {
				wsis_errmsg(err, errlen, "sort: no such order");
				st = WSIS_PROTO_ERR_ARG;
			} else if (wsis_buf_puts(out, req->sort ==
			    WSIS_PROTO_SORT_DOC ? " sort=doc" :
			    " sort=relevance") != 0)
				st = WSIS_PROTO_ERR_NOMEM;
			break;
		case WSIS_PROTO_OPT_PART:
			if (req->nparts == 0 ||
			    req->nparts > WSIS_PROTO_MAX_PARTS) {
				wsis_errmsg(err, errlen, "part: 1 to %u values",
				    WSIS_PROTO_MAX_PARTS);
				st = WSIS_PROTO_ERR_ARG;
			}
			for (j = 0; j < req->nparts && st == WSIS_PROTO_OK; j++)
				st = proto_put_value(out, oe->name,
				    req->parts[j], err, errlen);
			break;
		case WSIS_PROTO_OPT_SECTION:
			st = proto_put_value(out, oe->name, req->section, err,
			    errlen);
			break;
		case WSIS_PROTO_OPT_PARA:
			st = proto_put_range(out, oe->name, req->para_min,
			    req->para_max, err, errlen);
			break;
		case WSIS_PROTO_OPT_DAY:
			st = proto_put_range(out, oe->name, req->day_min,
			    req->day_max, err, errlen);
			break;
		case WSIS_PROTO_OPT_TEXT:
			if ((req->hit_text_all ? wsis_buf_puts(out, " text=all") :
			    wsis_buf_printf(out, " text=%lu", (unsigned long)req->hit_text)) != 0)
				st = WSIS_PROTO_ERR_NOMEM;
			break;
		case WSIS_PROTO_OPT_EXACT:
		case WSIS_PROTO_OPT_EXPLAIN:
		case WSIS_PROTO_OPT_EXPAND: {
			int on = oe->bit == WSIS_PROTO_OPT_EXACT ? req->exact :
			    oe->bit == WSIS_PROTO_OPT_EXPLAIN ? req->explain : req->expand;
			if (wsis_buf_printf(out, " %s=%d", oe->name, on) != 0)
				st = WSIS_PROTO_ERR_NOMEM;
			break;
		}
		}
	}
	if (st != WSIS_PROTO_OK)
		return st;
	if ((st = proto_put_text(out, req->text, &wrote, err, errlen)) !=
	    WSIS_PROTO_OK)
		return st;
	if (wrote && ce->text == WSIS_CMD_TEXT_NONE) {
		wsis_errmsg(err, errlen, "%s takes no arguments", ce->name);
		return WSIS_PROTO_ERR_ARG;
	}
	if (!wrote && ce->text_required) {
		wsis_errmsg(err, errlen, "%s needs a %s", ce->name,
		    wsis_cmd_text_name(ce->text));
		return WSIS_PROTO_ERR_ARG;
	}
	if (wsis_buf_putc(out, '\n') != 0)
		return WSIS_PROTO_ERR_NOMEM;
	if (out->len - start > max_line) {
		wsis_errmsg(err, errlen, "the request is %zu bytes, longer than "
		    "%zu", out->len - start, max_line);
		return WSIS_PROTO_ERR_TOO_LONG;
	}
	return WSIS_PROTO_OK;
}

wsis_proto_status_t
wsis_proto_write_request(wsis_buf_t *out, const wsis_proto_request_t *req,
    size_t max_line, char *err, size_t errlen)
{
	size_t start = out->len;
	wsis_proto_status_t st;

	if (max_line == 0)
		max_line = WSIS_PROTO_DEFAULT_MAX_LINE;
	st = proto_write_request(out, req, start, max_line, err, errlen);
	if (st != WSIS_PROTO_OK) {
		if (st == WSIS_PROTO_ERR_NOMEM)
			wsis_errmsg(err, errlen, "out of memory");
		proto_rollback(out, start);
	}
	return st;
}

/* ---- replies ----------------------------------------------------------- */

/* Appends at most `cap` bytes of s: control bytes become spaces, invalid
 * UTF-8 becomes '?', a character is never cut. */
static int
proto_put_clean(wsis_buf_t *out, const char *s, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k, done = 0;

	while (i < n) {
		k = proto_utf8_len(u + i, n - i);
		if (done + (k ? k : 1) > cap)
			break;
		if (k == 0) {
			if (wsis_buf_putc(out, '?') != 0)
				return -1;
			k = 1;
		} else if (k == 1 && proto_is_control(u[i])) {
			if (wsis_buf_putc(out, ' ') != 0)
				return -1;
		} else if (wsis_buf_append(out, s + i, k) != 0) {
			return -1;
		}
		i += k;
		done += k;
	}
	return 0;
}

wsis_proto_status_t
wsis_proto_write_greeting(wsis_buf_t *out, const char *software)
{
	size_t start = out->len;

	if (wsis_buf_printf(out, "%s %d.%d", WSIS_PROTO_NAME,
	    WSIS_PROTO_VERSION_MAJOR, WSIS_PROTO_VERSION_MINOR) != 0)
		goto nomem;
	if (software != NULL && software[0] != '\0' &&
	    (wsis_buf_putc(out, ' ') != 0 ||
	    proto_put_clean(out, software, WSIS_PROTO_MAX_ERRMSG) != 0))
		goto nomem;
	if (wsis_buf_putc(out, '\n') != 0)
		goto nomem;
	return WSIS_PROTO_OK;
nomem:
	proto_rollback(out, start);
	return WSIS_PROTO_ERR_NOMEM;
}

size_t
wsis_proto_ok_head(char *head, size_t len)
{
	int n;

	if (len > WSIS_PROTO_MAX_PAYLOAD)
		return 0;
	n = snprintf(head, WSIS_PROTO_OK_HEAD_MAX, "OK %zu\n", len);
	return n > 0 && n < WSIS_PROTO_OK_HEAD_MAX ? (size_t)n : 0;
}

wsis_proto_status_t
wsis_proto_write_ok(wsis_buf_t *out, const char *payload, size_t len)
{
	char head[WSIS_PROTO_OK_HEAD_MAX];
	size_t start = out->len, hlen;

	if ((hlen = wsis_proto_ok_head(head, len)) == 0)
		return WSIS_PROTO_ERR_TOO_LARGE;
	if (payload == NULL && len > 0)
		return WSIS_PROTO_ERR_ARG;
	if (wsis_buf_reserve(out, hlen + len + 1) != 0 ||
	    wsis_buf_append(out, head, hlen) != 0 ||
	    wsis_buf_append(out, payload, len) != 0 ||
	    wsis_buf_putc(out, '\n') != 0) {
		proto_rollback(out, start);
		return WSIS_PROTO_ERR_NOMEM;
	}
	return WSIS_PROTO_OK;
}

wsis_proto_status_t
wsis_proto_write_error(wsis_buf_t *out, int code, const char *msg)
{
	size_t start = out->len;

	if (code < 100 || code > 999)
		return WSIS_PROTO_ERR_ARG;
	if (msg == NULL || msg[0] == '\0')
		msg = wsis_proto_code_reason(code);
	if (wsis_buf_printf(out, "ERR %d ", code) != 0 ||
	    proto_put_clean(out, msg, WSIS_PROTO_MAX_ERRMSG) != 0 ||
	    wsis_buf_putc(out, '\n') != 0) {
		proto_rollback(out, start);
		return WSIS_PROTO_ERR_NOMEM;
	}
	return WSIS_PROTO_OK;
}

/* Whether buf[0..len) can still become the start of a reply. */
static int
proto_reply_prefix_ok(const char *buf, size_t len)
{
	static const char *const heads[] = { "OK ", "ERR ", WSIS_PROTO_NAME " " };
	size_t i, n;

	for (i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		n = strlen(heads[i]);
		if (memcmp(buf, heads[i], len < n ? len : n) == 0)
			return 1;
	}
	return 0;
}

static int
proto_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses "<1-5 digits>" at s[*p..n) into *v. */
static int
proto_small_number(const char *s, size_t n, size_t *p, unsigned *v)
{
	size_t start = *p;

	*v = 0;
	while (*p < n && proto_is_digit(s[*p]) && *p - start < 5)
		*v = *v * 10 + (unsigned)(s[(*p)++] - '0');
	return *p > start && (*p == n || !proto_is_digit(s[*p])) ? 0 : -1;
}

wsis_proto_status_t
wsis_proto_parse_reply(const char *buf, size_t len, wsis_proto_reply_t *reply,
    size_t *consumed)
{
	const char *nl = NULL;
	size_t scan, n, p, hdr;

	*consumed = 0;
	memset(reply, 0, sizeof *reply);
	if (len == 0)
		return WSIS_PROTO_NEED_MORE;
	if (!proto_reply_prefix_ok(buf, len))
		return WSIS_PROTO_ERR_BAD_REPLY;
	scan = len < WSIS_PROTO_MAX_STATUS_LINE ? len : WSIS_PROTO_MAX_STATUS_LINE;
	nl = memchr(buf, '\n', scan);
	if (nl == NULL)
		return len < WSIS_PROTO_MAX_STATUS_LINE ? WSIS_PROTO_NEED_MORE :
		    WSIS_PROTO_ERR_BAD_REPLY;
	n = (size_t)(nl - buf);             /* the status line, without \n */
	hdr = n + 1;

	if (buf[0] == 'O') {                /* OK <len>\n<payload>\n */
		uint64_t v = 0;

		if (n == 3)
			return WSIS_PROTO_ERR_BAD_REPLY;
		for (p = 3; p < n; p++) {
			if (!proto_is_digit(buf[p]))
				return WSIS_PROTO_ERR_BAD_REPLY;
			if (v <= WSIS_PROTO_MAX_PAYLOAD)
				v = v * 10 + (uint64_t)(buf[p] - '0');
		}
		if (v > WSIS_PROTO_MAX_PAYLOAD)
			return WSIS_PROTO_ERR_TOO_LARGE;
		if (len - hdr < v + 1)
			return WSIS_PROTO_NEED_MORE;
		if (buf[hdr + v] != '\n')
			return WSIS_PROTO_ERR_BAD_REPLY;
		reply->kind = WSIS_PROTO_REPLY_OK;
		reply->payload.ptr = buf + hdr;
		reply->payload.len = (size_t)v;
		*consumed = hdr + (size_t)v + 1;
		return WSIS_PROTO_OK;
	}
	if (buf[0] == 'E') {                /* ERR <code> <message>\n */
		if (n < 7 || buf[4] < '1' || buf[4] > '9' ||
		    !proto_is_digit(buf[5]) || !proto_is_digit(buf[6]) ||
		    (n > 7 && buf[7] != ' '))
			return WSIS_PROTO_ERR_BAD_REPLY;
		reply->kind = WSIS_PROTO_REPLY_ERR;
		reply->code = (buf[4] - '0') * 100 + (buf[5] - '0') * 10 +
		    (buf[6] - '0');
		reply->message.ptr = buf + (n > 7 ? 8 : 7);
		reply->message.len = n > 7 ? n - 8 : 0;
		*consumed = hdr;
		return WSIS_PROTO_OK;
	}
	/* WSIS <major>.<minor>[ <software>]\n */
	p = sizeof WSIS_PROTO_NAME;         /* past "WSIS " */
	if (proto_small_number(buf, n, &p, &reply->major) != 0 ||
	    p >= n || buf[p++] != '.' ||
	    proto_small_number(buf, n, &p, &reply->minor) != 0 ||
	    (p < n && buf[p] != ' '))
		return WSIS_PROTO_ERR_BAD_REPLY;
	reply->kind = WSIS_PROTO_REPLY_GREETING;
	if (p < n) {
		reply->software.ptr = buf + p + 1;
		reply->software.len = n - p - 1;
	}
	*consumed = hdr;
	return WSIS_PROTO_OK;
}
