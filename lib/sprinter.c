/* sprinter.c - the sprinter's front, which checks that each call is in
 * place and keeps the nesting, and its JSON implementation (sprinter.h). */
#include "sprinter.h"

#include <math.h>
#include <string.h>

#include "json.h"

/* ---- the front ---------------------------------------------------------- */

static void
sp_fail(wsis_sprinter_t *sp, wsis_sp_error_t e)
{
	if (sp->error == WSIS_SP_OK)
		sp->error = e;
}

/* Whether a value may come now: not after an error, at the top only once,
 * in a map only after its key. */
static int
sp_may_write(wsis_sprinter_t *sp)
{
	if (sp->error != WSIS_SP_OK)
		return 0;
	if (sp->depth == 0 ? sp->done : sp->map[sp->depth - 1] && !sp->keyed) {
		sp_fail(sp, WSIS_SP_EMISUSE);
		return 0;
	}
	return 1;
}

/* After an operation that wrote a whole value (rc its result). */
static void
sp_wrote(wsis_sprinter_t *sp, int rc)
{
	if (rc != 0) {
		sp_fail(sp, WSIS_SP_ENOMEM);
		return;
	}
	if (sp->depth == 0) {
		sp->done = 1;
	} else {
		sp->any[sp->depth - 1] = 1;
		sp->keyed = 0;
	}
}

static void
sp_begin(wsis_sprinter_t *sp, int map)
{
	if (!sp_may_write(sp))
		return;
	if (sp->depth == WSIS_SP_MAX_DEPTH) {
		sp_fail(sp, WSIS_SP_EMISUSE);
		return;
	}
	if ((map ? sp->ops->begin_map(sp) : sp->ops->begin_list(sp)) != 0) {
		sp_fail(sp, WSIS_SP_ENOMEM);
		return;
	}
	sp->map[sp->depth] = (unsigned char)map;
	sp->any[sp->depth] = 0;
	sp->depth++;
	sp->keyed = 0;
}

void
wsis_sp_begin_map(wsis_sprinter_t *sp)
{
	sp_begin(sp, 1);
}

void
wsis_sp_begin_list(wsis_sprinter_t *sp)
{
	sp_begin(sp, 0);
}

void
wsis_sp_end(wsis_sprinter_t *sp)
{
	int rc;

	if (sp->error != WSIS_SP_OK)
		return;
	if (sp->depth == 0 || sp->keyed) {
		sp_fail(sp, WSIS_SP_EMISUSE);
		return;
	}
	rc = sp->ops->end(sp);
	sp->depth--;
	sp_wrote(sp, rc);
}

void
wsis_sp_map_key(wsis_sprinter_t *sp, const char *key)
{
	if (sp->error != WSIS_SP_OK)
		return;
	if (sp->depth == 0 || !sp->map[sp->depth - 1] || sp->keyed || key == NULL) {
		sp_fail(sp, WSIS_SP_EMISUSE);
		return;
	}
	if (sp->ops->map_key(sp, key) != 0)
		sp_fail(sp, WSIS_SP_ENOMEM);
	else
		sp->keyed = 1;
}

void
wsis_sp_string(wsis_sprinter_t *sp, const char *s)
{
	if (s == NULL)
		wsis_sp_null(sp);
	else
		wsis_sp_string_len(sp, s, strlen(s));
}

void
wsis_sp_string_len(wsis_sprinter_t *sp, const char *s, size_t len)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->string(sp, len > 0 ? s : "", len));
}

void
wsis_sp_uint(wsis_sprinter_t *sp, unsigned long n)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->uinteger(sp, n));
}

void
wsis_sp_int(wsis_sprinter_t *sp, long n)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->integer(sp, n));
}

void
wsis_sp_double(wsis_sprinter_t *sp, double v, unsigned decimals)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->number(sp, v, decimals));
}

void
wsis_sp_bool(wsis_sprinter_t *sp, int v)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->boolean(sp, v != 0));
}

void
wsis_sp_null(wsis_sprinter_t *sp)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->null(sp));
}

void
wsis_sp_raw(wsis_sprinter_t *sp, const char *s, size_t len)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->raw(sp, s, len));
}

void
wsis_sp_string_escaped(wsis_sprinter_t *sp, const char *s, size_t len)
{
	if (sp_may_write(sp))
		sp_wrote(sp, sp->ops->escaped(sp, len > 0 ? s : "", len));
}

void
wsis_sp_discard(wsis_sprinter_t *sp)
{
	wsis_buf_t *b = sp->out;

	if (b->len > sp->start) {
		b->len = sp->start;
		b->data[b->len] = '\0';
	}
}

int
wsis_sp_finish(wsis_sprinter_t *sp)
{
	if (sp->depth > 0 || !sp->done)
		sp_fail(sp, WSIS_SP_EMISUSE);
	if (sp->error == WSIS_SP_OK)
		return 0;
	wsis_sp_discard(sp);
	return -1;
}

wsis_sp_error_t
wsis_sp_error(const wsis_sprinter_t *sp)
{
	return sp->error;
}

/* ---- JSON --------------------------------------------------------------- */

/* The comma before a value: in a list after its first item (in a map the
 * key wrote it). */
static int
json_sep(wsis_sprinter_t *sp)
{
	if (sp->depth > 0 && !sp->keyed && sp->any[sp->depth - 1])
		return wsis_buf_putc(sp->out, ',');
	return 0;
}

static int
json_begin_map(wsis_sprinter_t *sp)
{
	return json_sep(sp) != 0 ? -1 : wsis_buf_putc(sp->out, '{');
}

static int
json_begin_list(wsis_sprinter_t *sp)
{
	return json_sep(sp) != 0 ? -1 : wsis_buf_putc(sp->out, '[');
}

static int
json_end(wsis_sprinter_t *sp)
{
	return wsis_buf_putc(sp->out, sp->map[sp->depth - 1] ? '}' : ']');
}

/* Whether key needs no escape: printable ASCII but '"' and '\\'.  Such
 * keys (every literal key of the replies) are copied as they are, so that
 * wsis_json_put_string() counts only the strings of the data. */
static int
json_plain_key(const char *key, size_t *len)
{
	const char *k;

	for (k = key; *k != '\0'; k++)
		if (*k < 0x20 || *k > 0x7e || *k == '"' || *k == '\\')
			return 0;
	*len = (size_t)(k - key);
	return 1;
}

static int
json_map_key(wsis_sprinter_t *sp, const char *key)
{
	wsis_buf_t *b = sp->out;
	size_t len;

	if (sp->any[sp->depth - 1] && wsis_buf_putc(b, ',') != 0)
		return -1;
	if (json_plain_key(key, &len)) {
		if (wsis_buf_putc(b, '"') != 0 || wsis_buf_append(b, key, len) != 0 ||
		    wsis_buf_putc(b, '"') != 0)
			return -1;
	} else if (wsis_json_put_string(b, key, strlen(key)) != 0) {
		return -1;
	}
	return wsis_buf_putc(b, ':');
}

static int
json_string(wsis_sprinter_t *sp, const char *s, size_t len)
{
	if (json_sep(sp) != 0)
		return -1;
	/* called, not jumped to: bench/run counts the calls of this function
	 * as the reply's strings */
	return wsis_json_put_string(sp->out, s, len) == 0 ? 0 : -1;
}

static int
json_uinteger(wsis_sprinter_t *sp, unsigned long n)
{
	return json_sep(sp) != 0 ? -1 : wsis_buf_put_ulong(sp->out, n);
}

static int
json_integer(wsis_sprinter_t *sp, long n)
{
	if (json_sep(sp) != 0)
		return -1;
	if (n >= 0)
		return wsis_buf_put_ulong(sp->out, (unsigned long)n);
	if (wsis_buf_putc(sp->out, '-') != 0)
		return -1;
	return wsis_buf_put_ulong(sp->out, -(unsigned long)n);
}

static int
json_number(wsis_sprinter_t *sp, double v, unsigned decimals)
{
	if (json_sep(sp) != 0)
		return -1;
	if (!isfinite(v))
		return wsis_buf_puts(sp->out, "null");
	return wsis_buf_put_fixed(sp->out, v, decimals);
}

static int
json_boolean(wsis_sprinter_t *sp, int v)
{
	return json_sep(sp) != 0 ? -1 : wsis_buf_puts(sp->out, v ? "true" : "false");
}

static int
json_null(wsis_sprinter_t *sp)
{
	return json_sep(sp) != 0 ? -1 : wsis_buf_puts(sp->out, "null");
}

static int
json_raw(wsis_sprinter_t *sp, const char *s, size_t len)
{
	return json_sep(sp) != 0 ? -1 : wsis_buf_append(sp->out, s, len);
}

static int
json_escaped(wsis_sprinter_t *sp, const char *s, size_t len)
{
	if (json_sep(sp) != 0 || wsis_buf_reserve(sp->out, len + 2) != 0)
		return -1;
	return wsis_buf_putc(sp->out, '"') | wsis_buf_append(sp->out, s, len) |
	    wsis_buf_putc(sp->out, '"');
}

static const wsis_sp_ops_t json_ops = {
	json_begin_map, json_begin_list, json_end, json_map_key, json_string,
	json_uinteger, json_integer, json_number, json_boolean, json_null, json_raw,
	json_escaped
};

void
wsis_sp_json_init(wsis_sprinter_t *sp, wsis_buf_t *out)
{
	memset(sp, 0, sizeof *sp);
	sp->ops = &json_ops;
	sp->out = out;
	sp->start = out->len;
}
