/* cites.c - the citation index as text and CSV (cites.h). */
#include "cites.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "output.h"

/* A string member of v ("" when absent), cleaned for the terminal. */
static int
cites_clean(wsis_buf_t *out, const wsis_json_t *v, const char *key)
{
	size_t n = 0;
	const char *s = wsis_json_string(wsis_json_get(v, key), &n);

	return s != NULL ? output_clean(out, s, n, 0) : 0;
}

/* The ids of list `ids`, each after two spaces. */
static int
cites_ids(wsis_buf_t *out, const wsis_json_t *ids)
{
	size_t i, n;
	int rc = 0;

	for (i = 0; i < wsis_json_array_len(ids); i++) {
		const char *s = wsis_json_string(wsis_json_array_at(ids, i), &n);

		rc |= wsis_buf_puts(out, "  ");
		if (s != NULL)
			rc |= output_clean(out, s, n, 0);
	}
	return rc;
}

static const wsis_json_t *
cites_texts(const wsis_json_t *reply, char *err, size_t errlen)
{
	const wsis_json_t *texts = wsis_json_get(reply, "texts");

	if (wsis_json_type(texts) != WSIS_JSON_ARRAY)
		snprintf(err, errlen, "the reply has no texts");
	return wsis_json_type(texts) == WSIS_JSON_ARRAY ? texts : NULL;
}

int
cites_text(wsis_buf_t *out, const wsis_json_t *reply, char *err, size_t errlen)
{
	const wsis_json_t *texts = cites_texts(reply, err, errlen);
	double nt = wsis_json_number(wsis_json_get(reply, "total_texts"));
	double np = wsis_json_number(wsis_json_get(reply, "total_passages"));
	size_t i, k;
	int rc = 0;

	if (texts == NULL)
		return -1;
	rc |= wsis_buf_printf(out, "%.0f cited text%s, %.0f citing passage%s", nt,
	    nt == 1 ? "" : "s", np, np == 1 ? "" : "s");
	if (wsis_json_get(reply, "query") != NULL) {
		rc |= wsis_buf_puts(out, " for \"");
		rc |= cites_clean(out, reply, "query");
		rc |= wsis_buf_putc(out, '"');
	}
	rc |= wsis_buf_putc(out, '\n');
	for (i = 0; i < wsis_json_array_len(texts); i++) {
		const wsis_json_t *t = wsis_json_array_at(texts, i);
		const wsis_json_t *paras = wsis_json_get(t, "paras");
		const wsis_json_t *whole = wsis_json_get(t, "whole");
		double tp = wsis_json_number(wsis_json_get(t, "passages"));
		double tn = wsis_json_number(wsis_json_get(t, "paragraphs"));

		rc |= wsis_buf_putc(out, '\n');
		rc |= cites_clean(out, t, "text");
		rc |= wsis_buf_printf(out, ": %.0f passage%s", tp, tp == 1 ? "" : "s");
		if (tn > 0)
			rc |= wsis_buf_printf(out, ", %.0f paragraph%s", tn, tn == 1 ? "" : "s");
		rc |= wsis_buf_putc(out, '\n');
		for (k = 0; k < wsis_json_array_len(paras); k++) {
			const wsis_json_t *p = wsis_json_array_at(paras, k);

			rc |= wsis_buf_printf(out, "  paragraph %.0f:",
			    wsis_json_number(wsis_json_get(p, "para")));
			rc |= cites_ids(out, wsis_json_get(p, "ids"));
			rc |= wsis_buf_putc(out, '\n');
		}
		if (wsis_json_array_len(whole) > 0) {
			rc |= wsis_buf_puts(out, k > 0 ? "  the text as a whole:" : "");
			rc |= cites_ids(out, whole);
			rc |= wsis_buf_putc(out, '\n');
		}
	}
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}

/* The rows of one list of ids: text, para (may be ""), id. */
static int
cites_csv_rows(wsis_buf_t *out, const char *text, size_t tn, const char *para,
    const wsis_json_t *ids)
{
	size_t i, n;
	int rc = 0;

	for (i = 0; i < wsis_json_array_len(ids); i++) {
		const char *id = wsis_json_string(wsis_json_array_at(ids, i), &n);

		if (id == NULL)
			continue;
		rc |= audit_csv_field(out, text, tn, 0);
		rc |= audit_csv_field(out, para, strlen(para), 0);
		rc |= audit_csv_field(out, id, n, 1);
	}
	return rc;
}

int
cites_csv(wsis_buf_t *out, const wsis_json_t *reply, char *err, size_t errlen)
{
	const wsis_json_t *texts = cites_texts(reply, err, errlen);
	size_t i, k, tn;
	int rc = 0;

	if (texts == NULL)
		return -1;
	rc |= wsis_buf_puts(out, "text,para,id\r\n");
	for (i = 0; i < wsis_json_array_len(texts); i++) {
		const wsis_json_t *t = wsis_json_array_at(texts, i);
		const wsis_json_t *paras = wsis_json_get(t, "paras");
		const char *text = wsis_json_string(wsis_json_get(t, "text"), &tn);
		char num[32];

		if (text == NULL)
			continue;
		for (k = 0; k < wsis_json_array_len(paras); k++) {
			const wsis_json_t *p = wsis_json_array_at(paras, k);

			snprintf(num, sizeof num, "%.0f", wsis_json_number(wsis_json_get(p, "para")));
			rc |= cites_csv_rows(out, text, tn, num, wsis_json_get(p, "ids"));
		}
		rc |= cites_csv_rows(out, text, tn, "", wsis_json_get(t, "whole"));
	}
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}
