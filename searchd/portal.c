/* portal.c - the portal's routes and its pages made on a worker
 * (portal.h). */
#include "portal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "render.h"

/* The files of web/, made into C arrays at build time (web/embed.sh). */
extern const unsigned char web_index_html[], web_widget_js[];
extern const size_t web_index_html_len, web_widget_js_len;

/* The citation's title of a passage that has none of its own, when the
 * index's metadata has no "title" either. */
#define PORTAL_CITE_TITLE "WSIS+10 review, zero draft (2015)"

/* The paragraphs a /mentions.svg strip shows at most. */
#define PORTAL_MAX_CELLS 5000

static const portal_page_t portal_pages[] = {
	{ "/", WSIS_PROTO_CMD_NONE, "text/html; charset=utf-8",
	    web_index_html, &web_index_html_len },
	{ "/index.html", WSIS_PROTO_CMD_NONE, "text/html; charset=utf-8",
	    web_index_html, &web_index_html_len },
	{ "/widget.js", WSIS_PROTO_CMD_NONE, "text/javascript; charset=utf-8",
	    web_widget_js, &web_widget_js_len },
	{ "/search.html", WSIS_PROTO_CMD_SEARCH, "text/html; charset=utf-8", NULL, NULL },
	{ "/p/", WSIS_PROTO_CMD_DOC, "text/html; charset=utf-8", NULL, NULL },
	{ "/mentions.svg", WSIS_PROTO_CMD_MENTIONS, "image/svg+xml; charset=utf-8",
	    NULL, NULL },
};

const portal_page_t *
portal_find(const char *path, const char **arg)
{
	size_t i, n;

	*arg = NULL;
	for (i = 0; i < sizeof portal_pages / sizeof portal_pages[0]; i++) {
		const char *r = portal_pages[i].path;

		n = strlen(r);
		if (n > 1 && r[n - 1] == '/' ? strncmp(path, r, n) == 0 && path[n] != '\0' :
		    strcmp(path, r) == 0) {
			if (n > 1 && r[n - 1] == '/')
				*arg = path + n;
			return &portal_pages[i];
		}
	}
	return NULL;
}

void
portal_form_params(wsis_qstring_t *qs)
{
	size_t i, k = 0;

	for (i = 0; i < qs->count; i++)
		if (qs->params[i].value_len > 0)
			qs->params[k++] = qs->params[i];
	qs->count = k;
}

static int
portal_fail(wsis_exec_error_t *err, const char *what)
{
	err->code = WSIS_PROTO_CODE_INTERNAL;
	err->retry = 0;
	snprintf(err->message, sizeof err->message, "%s", what);
	return -1;
}

/* A NUL-terminated copy of a request's string ("" for none). */
static char *
portal_strdup(const wsis_proto_str_t *s)
{
	char *c = malloc(s->len + 1);

	if (c != NULL) {
		if (s->len > 0)
			memcpy(c, s->ptr, s->len);
		c[s->len] = '\0';
	}
	return c;
}

static int
portal_search(const wsis_proto_request_t *req, const wsis_json_t *reply, wsis_buf_t *page)
{
	wsis_proto_str_t none = { NULL, 0 };
	char *q = portal_strdup(&req->text);
	char *part = portal_strdup(req->nparts > 0 ? &req->parts[0] : &none);
	char *section = portal_strdup(&req->section);
	render_search_t s;
	int rc = -1;

	if (q != NULL && part != NULL && section != NULL) {
		s.q = q;
		s.part = part;
		s.section = section;
		s.offset = req->offset;
		s.limit = req->limit > 0 ? req->limit : 10;
		rc = render_search_html(page, reply, &s);
	}
	free(q);
	free(part);
	free(section);
	return rc;
}

/* The document's numbered paragraphs in order: a SEARCH for every para,
 * sorted by document order, as JSON parsed into *outline. */
static int
portal_outline(wsis_db_t *db, const wsis_exec_limits_t *lim, wsis_json_t **outline,
    wsis_exec_error_t *err)
{
	wsis_proto_request_t req;
	wsis_exec_limits_t all = *lim;
	wsis_buf_t json = WSIS_BUF_INIT;
	int rc;

	wsis_proto_request_init(&req, WSIS_PROTO_CMD_SEARCH);
	req.opts = WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_SORT | WSIS_PROTO_OPT_LIMIT;
	req.para_min = 0;
	req.para_max = UINT32_MAX;
	req.sort = WSIS_PROTO_SORT_DOC;
	req.limit = PORTAL_MAX_CELLS;
	all.max_limit = PORTAL_MAX_CELLS;
	rc = wsis_exec_search(db, &req, &all, &json, err, NULL);
	if (rc == 0 && wsis_json_parse(json.data, json.len, outline, NULL, 0) != 0)
		rc = portal_fail(err, "the outline's reply is not JSON");
	wsis_buf_free(&json);
	return rc;
}

int
portal_render(const portal_page_t *pg, wsis_db_t *db, const wsis_exec_limits_t *lim,
    const wsis_proto_request_t *req, wsis_buf_t *out, wsis_exec_error_t *err)
{
	wsis_json_t *reply = NULL, *outline = NULL;
	wsis_buf_t page = WSIS_BUF_INIT;
	char *title = NULL;
	int rc;

	if (wsis_json_parse(out->data ? out->data : "", out->len, &reply, NULL, 0) != 0)
		return portal_fail(err, "the command's reply is not JSON");
	switch (pg->cmd) {
	case WSIS_PROTO_CMD_SEARCH:
		rc = portal_search(req, reply, &page);
		break;
	case WSIS_PROTO_CMD_DOC:
		/* the index may name its document (metadata "title") */
		if (wsis_db_get_metadata(db, "title", &title) != WSIS_OK) {
			free(title);
			title = NULL;
		}
		rc = render_passage_html(&page, reply,
		    title != NULL && *title != '\0' ? title : PORTAL_CITE_TITLE);
		free(title);
		break;
	case WSIS_PROTO_CMD_MENTIONS:
		rc = portal_outline(db, lim, &outline, err);
		if (rc != 0) {
			wsis_json_free(reply);
			wsis_buf_free(&page);
			return -1;
		}
		rc = render_mentions_svg(&page, reply, outline);
		break;
	default:
		rc = -1;
		break;
	}
	wsis_json_free(reply);
	wsis_json_free(outline);
	if (rc != 0) {
		wsis_buf_free(&page);
		return portal_fail(err, "the page could not be made");
	}
	wsis_buf_free(out);
	*out = page;
	return 0;
}

int
portal_error(int status, const char *message, wsis_buf_t *out)
{
	return render_error_html(out, status, message);
}
