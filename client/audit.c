/* audit.c - the mentions audit as text and CSV (audit.h). */
#include "audit.h"

#include <stdio.h>
#include <string.h>

#include "output.h"

#define BOLD  "\033[1m"
#define RESET "\033[0m"

/* A string member of v ("" when absent), its length in *len. */
static const char *
audit_str(const wsis_json_t *v, const char *key, size_t *len)
{
	const char *s = wsis_json_string(wsis_json_get(v, key), len);

	if (s == NULL) {
		*len = 0;
		return "";
	}
	return s;
}

static int
audit_clean(wsis_buf_t *out, const wsis_json_t *v, const char *key)
{
	size_t n;
	const char *s = audit_str(v, key, &n);

	return output_clean(out, s, n, 0);
}

int
audit_text(wsis_buf_t *out, const wsis_json_t *reply, int color, char *err, size_t errlen)
{
	const wsis_json_t *parts = wsis_json_get(reply, "by_part");
	const wsis_json_t *sections = wsis_json_get(reply, "by_section");
	const wsis_json_t *passages = wsis_json_get(reply, "passages");
	const wsis_json_t *forms = wsis_json_get(reply, "forms");
	size_t i, k, n;
	int rc = 0;

	if (passages == NULL || wsis_json_type(passages) != WSIS_JSON_ARRAY) {
		snprintf(err, errlen, "the reply has no passages");
		return -1;
	}
	n = wsis_json_array_len(passages);
	rc |= wsis_buf_printf(out, "%.0f passage%s, %.0f occurrence%s of \"",
	    wsis_json_number(wsis_json_get(reply, "total_passages")), n == 1 ? "" : "s",
	    wsis_json_number(wsis_json_get(reply, "total_occurrences")),
	    wsis_json_number(wsis_json_get(reply, "total_occurrences")) == 1 ? "" : "s");
	rc |= audit_clean(out, reply, "query");
	rc |= wsis_buf_puts(out, "\"\n");
	if (n == 0)
		return rc;
	/* the forms counted, so the total can be checked word by word */
	rc |= wsis_buf_puts(out, "\nby form:\n");
	for (i = 0; i < wsis_json_array_len(forms); i++) {
		const wsis_json_t *g = wsis_json_array_at(forms, i);
		rc |= wsis_buf_puts(out, "  \"");
		rc |= audit_clean(out, g, "form");
		rc |= wsis_buf_printf(out, "\": %.0f\n",
		    wsis_json_number(wsis_json_get(g, "count")));
	}
	rc |= wsis_buf_puts(out, "by part:\n");
	for (i = 0; i < wsis_json_array_len(parts); i++) {
		const wsis_json_t *g = wsis_json_array_at(parts, i);
		rc |= wsis_buf_puts(out, "  ");
		rc |= audit_clean(out, g, "part");
		rc |= wsis_buf_printf(out, ": %.0f passages, %.0f occurrences\n",
		    wsis_json_number(wsis_json_get(g, "passages")),
		    wsis_json_number(wsis_json_get(g, "occurrences")));
	}
	rc |= wsis_buf_puts(out, "by section:\n");
	for (i = 0; i < wsis_json_array_len(sections); i++) {
		const wsis_json_t *g = wsis_json_array_at(sections, i);
		rc |= wsis_buf_puts(out, "  ");
		rc |= audit_clean(out, g, "part");
		if (wsis_json_type(wsis_json_get(g, "section")) == WSIS_JSON_STRING) {
			rc |= wsis_buf_puts(out, " / ");
			rc |= audit_clean(out, g, "section");
		}
		rc |= wsis_buf_printf(out, ": %.0f passages, %.0f occurrences\n",
		    wsis_json_number(wsis_json_get(g, "passages")),
		    wsis_json_number(wsis_json_get(g, "occurrences")));
	}
	rc |= wsis_buf_putc(out, '\n');
	for (i = 0; i < n; i++) {
		const wsis_json_t *p = wsis_json_array_at(passages, i);
		const wsis_json_t *kwic = wsis_json_get(p, "kwic");
		for (k = 0; k < wsis_json_array_len(kwic); k++) {
			const wsis_json_t *o = wsis_json_array_at(kwic, k);
			rc |= audit_clean(out, p, "id");
			rc |= wsis_buf_puts(out, "  ");
			rc |= audit_clean(out, o, "before");
			rc |= wsis_buf_puts(out, color ? BOLD : "[");
			rc |= audit_clean(out, o, "match");
			rc |= wsis_buf_puts(out, color ? RESET : "]");
			rc |= audit_clean(out, o, "after");
			rc |= wsis_buf_putc(out, '\n');
		}
	}
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}

int
audit_csv_field(wsis_buf_t *out, const char *s, size_t n, int last)
{
	size_t i;
	int rc = wsis_buf_putc(out, '"');

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			rc |= wsis_buf_putc(out, '"');
		rc |= wsis_buf_putc(out, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
	}
	rc |= wsis_buf_putc(out, '"');
	return rc | (last ? wsis_buf_puts(out, "\r\n") : wsis_buf_putc(out, ','));
}

int
audit_csv(wsis_buf_t *out, const wsis_json_t *reply, char *err, size_t errlen)
{
	const wsis_json_t *passages = wsis_json_get(reply, "passages");
	size_t i, k, n;
	int rc = 0;

	if (passages == NULL || wsis_json_type(passages) != WSIS_JSON_ARRAY) {
		snprintf(err, errlen, "the reply has no passages");
		return -1;
	}
	rc |= wsis_buf_puts(out, "id,part,section,para,offset,before,match,after\r\n");
	for (i = 0; i < wsis_json_array_len(passages); i++) {
		const wsis_json_t *p = wsis_json_array_at(passages, i);
		const wsis_json_t *kwic = wsis_json_get(p, "kwic");
		const char *s;
		char num[32];

		for (k = 0; k < wsis_json_array_len(kwic); k++) {
			const wsis_json_t *o = wsis_json_array_at(kwic, k);
			s = audit_str(p, "id", &n);
			rc |= audit_csv_field(out, s, n, 0);
			s = audit_str(p, "part", &n);
			rc |= audit_csv_field(out, s, n, 0);
			s = audit_str(p, "section", &n);
			if (n == 0)
				s = audit_str(p, "heading", &n);
			rc |= audit_csv_field(out, s, n, 0);
			if (wsis_json_type(wsis_json_get(p, "para")) == WSIS_JSON_NUMBER)
				snprintf(num, sizeof num, "%.0f", wsis_json_number(wsis_json_get(p, "para")));
			else
				num[0] = '\0';
			rc |= audit_csv_field(out, num, strlen(num), 0);
			snprintf(num, sizeof num, "%.0f", wsis_json_number(wsis_json_get(o, "offset")));
			rc |= audit_csv_field(out, num, strlen(num), 0);
			s = audit_str(o, "before", &n);
			rc |= audit_csv_field(out, s, n, 0);
			s = audit_str(o, "match", &n);
			rc |= audit_csv_field(out, s, n, 0);
			s = audit_str(o, "after", &n);
			rc |= audit_csv_field(out, s, n, 1);
		}
	}
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}
