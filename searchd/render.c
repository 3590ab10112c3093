/* render.c - the portal's server-made pages (render.h). */
#include "render.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The pages' shared head: the style is small and inline, so that a page
 * is one request and works with no script at all. */
static const char render_style[] =
    "<style>"
    "body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;"
    "margin:0 auto;max-width:48rem;padding:0 1rem}"
    "a{color:#0645ad}a:focus,input:focus,button:focus{outline:3px solid #f90;"
    "outline-offset:1px}"
    "form{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0;align-items:center}"
    "input,button{font:inherit;padding:.4rem}input[type=search]{flex:1 1 12rem}"
    "mark{background:#ffe066;color:inherit}"
    ".meta{color:#444;font-size:.9rem;margin:0}"
    "ol.hits{padding-left:1.5rem}ol.hits li{margin:0 0 1rem}"
    ".cite{border-left:4px solid #0645ad;padding:.5rem;background:#f3f6fb}"
    "nav.pages{display:flex;gap:1rem;margin:1rem 0 2rem}"
    "</style>";

/* Gives `out` back its first `len` bytes (a page that could not be made
 * leaves nothing). */
static int
render_undo(wsis_buf_t *out, size_t len)
{
	out->len = len;
	if (out->data != NULL)
		out->data[len] = '\0';
	return -1;
}

int
render_escape(wsis_buf_t *out, const char *s, size_t len)
{
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		const char *ref;

		switch (s[i]) {
		case '&':  ref = "&amp;"; break;
		case '<':  ref = "&lt;"; break;
		case '>':  ref = "&gt;"; break;
		case '"':  ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default:   continue;
		}
		if (wsis_buf_append(out, s + from, i - from) != 0 || wsis_buf_puts(out, ref) != 0)
			return -1;
		from = i + 1;
	}
	return wsis_buf_append(out, s + from, len - from);
}

static int
render_esc(wsis_buf_t *out, const char *s)
{
	return s == NULL ? 0 : render_escape(out, s, strlen(s));
}

int
render_urlencode(wsis_buf_t *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' ||
		    c == ':';
		if (plain ? wsis_buf_putc(out, (char)c) != 0 :
		    wsis_buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]) != 0)
			return -1;
	}
	return 0;
}

static int
render_url(wsis_buf_t *out, const char *s)
{
	return s == NULL ? 0 : render_urlencode(out, s, strlen(s));
}

/* A string member of an object, or NULL. */
static const char *
render_str(const wsis_json_t *obj, const char *key)
{
	return wsis_json_string(wsis_json_get(obj, key), NULL);
}

/* A member as text: a string as it is, a number written as a whole number
 * when it is one; NULL for anything else.  `tmp` holds a number's text. */
static const char *
render_text(const wsis_json_t *obj, const char *key, char *tmp, size_t tmplen)
{
	const wsis_json_t *v = wsis_json_get(obj, key);
	double d;

	if (wsis_json_type(v) == WSIS_JSON_STRING)
		return wsis_json_string(v, NULL);
	if (wsis_json_type(v) != WSIS_JSON_NUMBER)
		return NULL;
	d = wsis_json_number(v);
	if (d == floor(d) && fabs(d) < 1e15)
		snprintf(tmp, tmplen, "%.0f", d);
	else
		snprintf(tmp, tmplen, "%g", d);
	return tmp;
}

/* The page's head and its opening <body>; `title` is raw text. */
static int
render_head(wsis_buf_t *out, const char *title, const char *title2)
{
	int rc = 0;

	rc |= wsis_buf_puts(out, "<!doctype html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<title>");
	rc |= render_esc(out, title);
	rc |= render_esc(out, title2);
	rc |= wsis_buf_puts(out, "</title><link rel=\"search\" "
	    "type=\"application/opensearchdescription+xml\" href=\"/opensearch.xml\" "
	    "title=\"wsis-search\">");
	rc |= wsis_buf_puts(out, render_style);
	rc |= wsis_buf_puts(out, "</head><body>\n");
	return rc;
}

/* The search form, filled with `s` (NULL: empty). */
static int
render_form(wsis_buf_t *out, const render_search_t *s)
{
	int rc = 0;

	rc |= wsis_buf_puts(out, "<header><p><a href=\"/\">wsis-search</a></p>"
	    "<form action=\"/search.html\" method=\"get\" role=\"search\">"
	    "<label for=\"q\">Search the text</label>"
	    "<input type=\"search\" id=\"q\" name=\"q\" value=\"");
	if (s != NULL)
		rc |= render_esc(out, s->q);
	rc |= wsis_buf_puts(out, "\">");
	if (s != NULL && s->part != NULL && *s->part != '\0') {
		rc |= wsis_buf_puts(out, "<input type=\"hidden\" name=\"part\" value=\"");
		rc |= render_esc(out, s->part);
		rc |= wsis_buf_puts(out, "\">");
	}
	if (s != NULL && s->section != NULL && *s->section != '\0') {
		rc |= wsis_buf_puts(out, "<input type=\"hidden\" name=\"section\" value=\"");
		rc |= render_esc(out, s->section);
		rc |= wsis_buf_puts(out, "\">");
	}
	rc |= wsis_buf_puts(out, "<button type=\"submit\">Search</button></form></header>\n");
	return rc;
}

/* "/search.html?q=...&part=...&section=...&offset=N" (escaped for an
 * attribute: & as &amp;). */
static int
render_search_link(wsis_buf_t *out, const render_search_t *s, const char *q,
    unsigned offset)
{
	int rc = 0;

	rc |= wsis_buf_puts(out, "/search.html?q=");
	rc |= render_url(out, q);
	if (s->part != NULL && *s->part != '\0') {
		rc |= wsis_buf_puts(out, "&amp;part=");
		rc |= render_url(out, s->part);
	}
	if (s->section != NULL && *s->section != '\0') {
		rc |= wsis_buf_puts(out, "&amp;section=");
		rc |= render_url(out, s->section);
	}
	if (offset > 0)
		rc |= wsis_buf_printf(out, "&amp;offset=%u", offset);
	return rc;
}

/* "part · section · para N" of a hit or passage (raw values escaped). */
static int
render_meta(wsis_buf_t *out, const wsis_json_t *p, const wsis_json_t *fields)
{
	const char *keys[] = { "title", "part", "chapter", "section", "heading", "para", "day", "date" };
	char tmp[32];
	size_t i;
	int rc = 0, n = 0;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = render_text(p, keys[i], tmp, sizeof tmp);

		if (v == NULL && fields != NULL)
			v = render_text(fields, keys[i], tmp, sizeof tmp);
		if (v == NULL || *v == '\0')
			continue;
		if (n++ > 0)
			rc |= wsis_buf_puts(out, " · ");
		if (strcmp(keys[i], "para") == 0)
			rc |= wsis_buf_puts(out, "para. ");
		else if (strcmp(keys[i], "day") == 0)
			rc |= wsis_buf_puts(out, "day ");
		rc |= render_esc(out, v);
	}
	return rc;
}

int
render_search_html(wsis_buf_t *out, const wsis_json_t *reply, const render_search_t *s)
{
	const wsis_json_t *hits = wsis_json_get(reply, "hits");
	const wsis_json_t *notices = wsis_json_get(reply, "notices");
	const char *sugg = render_str(reply, "suggestion");
	double total = wsis_json_number(wsis_json_get(reply, "total"));
	size_t start = out->len, i, n = wsis_json_array_len(hits);
	unsigned shown = (unsigned)n;
	int rc = 0;

	if (wsis_json_type(hits) != WSIS_JSON_ARRAY)
		return -1;
	rc |= render_head(out, s->q, " - wsis-search");
	rc |= render_form(out, s);
	rc |= wsis_buf_puts(out, "<main>\n<p class=\"total\" role=\"status\">");
	rc |= wsis_buf_printf(out, "%.0f %s", total,
	    total == 1 ? "passage matches" : "passages match");
	if (n > 0)
		rc |= wsis_buf_printf(out, "; %u to %u shown", s->offset + 1, s->offset + shown);
	rc |= wsis_buf_puts(out, ".</p>\n");
	if (sugg != NULL) {
		rc |= wsis_buf_puts(out, "<p class=\"suggestion\">Did you mean <a href=\"");
		rc |= render_search_link(out, s, sugg, 0);
		rc |= wsis_buf_puts(out, "\">");
		rc |= render_esc(out, sugg);
		rc |= wsis_buf_puts(out, "</a>?</p>\n");
	}
	for (i = 0; i < wsis_json_array_len(notices); i++) {
		rc |= wsis_buf_puts(out, "<p class=\"notice\">");
		rc |= render_esc(out, wsis_json_string(wsis_json_array_at(notices, i), NULL));
		rc |= wsis_buf_puts(out, "</p>\n");
	}
	rc |= wsis_buf_printf(out, "<ol class=\"hits\" start=\"%u\">\n", s->offset + 1);
	for (i = 0; i < n; i++) {
		const wsis_json_t *h = wsis_json_array_at(hits, i);
		const char *id = render_str(h, "id");
		const char *snippet = render_str(h, "snippet");

		if (id == NULL)
			return render_undo(out, start);
		rc |= wsis_buf_puts(out, "<li><p><a class=\"id\" href=\"/p/");
		rc |= render_url(out, id);
		rc |= wsis_buf_puts(out, "\">");
		rc |= render_esc(out, id);
		rc |= wsis_buf_puts(out, "</a></p><p class=\"meta\">");
		rc |= render_meta(out, h, NULL);
		/* the snippet is HTML (highlight.h): escaped text and <mark> */
		rc |= wsis_buf_puts(out, "</p><p class=\"snippet\">");
		rc |= snippet != NULL ? wsis_buf_puts(out, snippet) :
		    render_esc(out, render_str(h, "text") ? render_str(h, "text") : "");
		rc |= wsis_buf_puts(out, "</p></li>\n");
	}
	rc |= wsis_buf_puts(out, "</ol>\n<nav class=\"pages\" aria-label=\"pages\">");
	if (s->offset > 0) {
		rc |= wsis_buf_puts(out, "<a rel=\"prev\" href=\"");
		rc |= render_search_link(out, s, s->q,
		    s->offset > s->limit ? s->offset - s->limit : 0);
		rc |= wsis_buf_puts(out, "\">Previous</a>");
	}
	if ((double)s->offset + shown < total && shown > 0) {
		rc |= wsis_buf_puts(out, "<a rel=\"next\" href=\"");
		rc |= render_search_link(out, s, s->q, s->offset + shown);
		rc |= wsis_buf_puts(out, "\">Next</a>");
	}
	rc |= wsis_buf_puts(out, "</nav>\n</main></body></html>");
	return rc != 0 ? render_undo(out, start) : 0;
}

int
render_passage_html(wsis_buf_t *out, const wsis_json_t *doc, const char *cite_title)
{
	const wsis_json_t *fields = wsis_json_get(doc, "fields");
	const char *id = render_str(doc, "id"), *text = render_str(doc, "text");
	const char *title = render_str(doc, "title"), *part = render_str(doc, "part");
	const char *path[] = { "chapter", "section", "heading" };
	char tmp[32];
	const char *para;
	size_t start = out->len, i;
	int rc = 0, n = 0;

	if (id == NULL || text == NULL)
		return -1;
	para = render_text(doc, "para", tmp, sizeof tmp);
	if (para == NULL)
		para = render_text(fields, "para", tmp, sizeof tmp);
	rc |= render_head(out, id, " - wsis-search");
	rc |= render_form(out, NULL);
	rc |= wsis_buf_puts(out, "<main>\n<h1>");
	rc |= render_esc(out, id);
	rc |= wsis_buf_puts(out, "</h1>\n<p class=\"path\">");
	/* the section path: chapter, section, heading, one line */
	for (i = 0; i < sizeof path / sizeof path[0]; i++) {
		/* a field is a member of the passage or of its "fields" */
		const char *v = render_str(doc, path[i]);

		if (v == NULL)
			v = render_str(fields, path[i]);

		if (v == NULL || *v == '\0')
			continue;
		if (n++ > 0)
			rc |= wsis_buf_puts(out, " › ");
		rc |= render_esc(out, v);
	}
	if (n == 0)
		rc |= render_esc(out, part);
	rc |= wsis_buf_puts(out, "</p>\n<blockquote class=\"text\"><p>");
	rc |= render_esc(out, text);
	rc |= wsis_buf_puts(out, "</p></blockquote>\n<p class=\"cite\">Cite as: <cite>");
	rc |= render_esc(out, title != NULL && *title != '\0' ? title : cite_title);
	if (para != NULL) {
		rc |= wsis_buf_puts(out, ", para. ");
		rc |= render_esc(out, para);
	} else {
		rc |= wsis_buf_puts(out, ", ");
		rc |= render_esc(out, id);
	}
	rc |= wsis_buf_puts(out, "</cite></p>\n<p class=\"meta\">");
	rc |= render_meta(out, doc, fields);
	rc |= wsis_buf_puts(out, "</p>\n<p><a href=\"/doc/");
	rc |= render_url(out, id);
	rc |= wsis_buf_puts(out, "\">JSON</a></p>\n</main></body></html>");
	return rc != 0 ? render_undo(out, start) : 0;
}

/* The strip's and the bars' geometry. */
#define SVG_W       640
#define SVG_LABEL   260   /* a bar's label column */
#define SVG_BAR_H   18
#define SVG_CELL_H  24

/* With max SIZE_MAX: the number of characters (code points) of UTF-8
 * `s`.  Else the length in bytes of its first `max` characters. */
static size_t
render_chars(const char *s, size_t max)
{
	size_t i, n = 0;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
			return i;
	return max == SIZE_MAX ? n : i;
}

/* Whether another entry of by_section than the i-th has its section name
 * (a heading's part and the draft's share "2.1 Enhanced Cooperation"):
 * its bar's label then names the part too. */
static int
render_section_shared(const wsis_json_t *sections, size_t i)
{
	const char *sec = render_str(wsis_json_array_at(sections, i), "section");
	size_t k;

	for (k = 0; sec != NULL && k < wsis_json_array_len(sections); k++) {
		const char *other = render_str(wsis_json_array_at(sections, k), "section");

		if (k != i && other != NULL && strcmp(other, sec) == 0)
			return 1;
	}
	return 0;
}

/* The occurrences of passage `id` in the mentions' passages (0: none). */
static double
render_occurrences(const wsis_json_t *passages, const char *id)
{
	size_t i;

	for (i = 0; i < wsis_json_array_len(passages); i++) {
		const wsis_json_t *p = wsis_json_array_at(passages, i);
		const char *pid = render_str(p, "id");

		if (pid != NULL && strcmp(pid, id) == 0)
			return wsis_json_number(wsis_json_get(p, "occurrences"));
	}
	return 0;
}

int
render_mentions_svg(wsis_buf_t *out, const wsis_json_t *mentions,
    const wsis_json_t *outline)
{
	const wsis_json_t *sections = wsis_json_get(mentions, "by_section");
	const wsis_json_t *passages = wsis_json_get(mentions, "passages");
	const wsis_json_t *cells = wsis_json_get(outline, "hits");
	size_t nsec = wsis_json_array_len(sections), ncell = wsis_json_array_len(cells);
	size_t start = out->len, i;
	double most = 0, mostcell = 0, y, cw;
	unsigned height;
	int rc = 0;

	if (wsis_json_type(sections) != WSIS_JSON_ARRAY ||
	    wsis_json_type(passages) != WSIS_JSON_ARRAY ||
	    (outline != NULL && wsis_json_type(cells) != WSIS_JSON_ARRAY))
		return -1;
	for (i = 0; i < nsec; i++) {
		double n = wsis_json_number(wsis_json_get(wsis_json_array_at(sections, i),
		    "occurrences"));
		if (n > most)
			most = n;
	}
	for (i = 0; i < wsis_json_array_len(passages); i++) {
		double n = wsis_json_number(wsis_json_get(wsis_json_array_at(passages, i),
		    "occurrences"));
		if (n > mostcell)
			mostcell = n;
	}
	height = (unsigned)(40 + nsec * (SVG_BAR_H + 4) + 30 + SVG_CELL_H + 30);
	rc |= wsis_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%u\" viewBox=\"0 0 %d %u\" role=\"img\" "
	    "font-family=\"sans-serif\" font-size=\"12\">", SVG_W, height, SVG_W, height);
	rc |= wsis_buf_puts(out, "<title>Mentions of ");
	rc |= render_esc(out, render_str(mentions, "query"));
	rc |= wsis_buf_printf(out, ": %.0f in %.0f passages</title>",
	    wsis_json_number(wsis_json_get(mentions, "total_occurrences")),
	    wsis_json_number(wsis_json_get(mentions, "total_passages")));
	rc |= wsis_buf_printf(out, "<rect width=\"%d\" height=\"%u\" fill=\"#fff\"/>",
	    SVG_W, height);
	rc |= wsis_buf_puts(out, "<text x=\"0\" y=\"16\" font-weight=\"bold\">"
	    "Occurrences by section: ");
	rc |= render_esc(out, render_str(mentions, "query"));
	rc |= wsis_buf_puts(out, "</text>");
	y = 28;
	for (i = 0; i < nsec; i++) {
		const wsis_json_t *s = wsis_json_array_at(sections, i);
		const char *part = render_str(s, "part"), *sec = render_str(s, "section");
		double n = wsis_json_number(wsis_json_get(s, "occurrences"));
		double w = most > 0 ? (SVG_W - SVG_LABEL - 40) * n / most : 0;

		rc |= wsis_buf_puts(out, "<g class=\"bar\" data-part=\"");
		rc |= render_esc(out, part);
		rc |= wsis_buf_puts(out, "\" data-section=\"");
		rc |= render_esc(out, sec);
		rc |= wsis_buf_printf(out, "\" data-count=\"%.0f\"><text x=\"%d\" y=\"%.0f\" "
		    "text-anchor=\"end\">", n, SVG_LABEL - 6, y + 13);
		/* a label of more than 40 characters is cut to 37: the
		 * whole one is the bar's tooltip */
		if (sec != NULL && render_chars(sec, SIZE_MAX) > 40) {
			rc |= render_escape(out, sec, render_chars(sec, 37));
			rc |= wsis_buf_puts(out, "…");
		} else if (sec != NULL && render_section_shared(sections, i)) {
			rc |= render_esc(out, sec);
			rc |= wsis_buf_puts(out, " (");
			rc |= render_esc(out, part);
			rc |= wsis_buf_puts(out, ")");
		} else
			rc |= render_esc(out, sec != NULL ? sec : part);
		rc |= wsis_buf_printf(out, "</text><rect x=\"%d\" y=\"%.0f\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"#3465a4\"><title>", SVG_LABEL, y, w, SVG_BAR_H);
		rc |= render_esc(out, part);
		rc |= wsis_buf_puts(out, ": ");
		rc |= render_esc(out, sec);
		rc |= wsis_buf_printf(out, ": %.0f</title></rect><text x=\"%.1f\" y=\"%.0f\">"
		    "%.0f</text></g>", n, SVG_LABEL + w + 4, y + 13, n);
		y += SVG_BAR_H + 4;
	}
	y += 24;
	rc |= wsis_buf_printf(out, "<text x=\"0\" y=\"%.0f\" font-weight=\"bold\">"
	    "The paragraphs in order (%zu), shaded by occurrences</text>", y - 6, ncell);
	cw = ncell > 0 ? (double)SVG_W / (double)ncell : 0;
	for (i = 0; i < ncell; i++) {
		const wsis_json_t *c = wsis_json_array_at(cells, i);
		const char *id = render_str(c, "id");
		double n, shade;
		int r, g, b;

		if (id == NULL)
			continue;
		n = render_occurrences(passages, id);
		/* white for none, to dark blue for the most */
		shade = mostcell > 0 ? n / mostcell : 0;
		r = n > 0 ? (int)(200 - 180 * shade) : 238;
		g = n > 0 ? (int)(220 - 160 * shade) : 238;
		b = n > 0 ? (int)(255 - 90 * shade) : 238;
		rc |= wsis_buf_puts(out, "<a href=\"/p/");
		rc |= render_url(out, id);
		rc |= wsis_buf_puts(out, "\"><rect class=\"cell\" data-id=\"");
		rc |= render_esc(out, id);
		rc |= wsis_buf_printf(out, "\" data-count=\"%.0f\" x=\"%.2f\" y=\"%.0f\" "
		    "width=\"%.2f\" height=\"%d\" fill=\"#%02x%02x%02x\" stroke=\"#fff\" "
		    "stroke-width=\"0.5\"><title>", n, cw * (double)i, y, cw, SVG_CELL_H, r, g, b);
		rc |= render_esc(out, id);
		rc |= wsis_buf_printf(out, ": %.0f</title></rect></a>", n);
	}
	rc |= wsis_buf_puts(out, "</svg>");
	return rc != 0 ? render_undo(out, start) : 0;
}

int
render_error_html(wsis_buf_t *out, int status, const char *message)
{
	size_t start = out->len;
	int rc = 0;

	rc |= render_head(out, "Error", " - wsis-search");
	rc |= render_form(out, NULL);
	rc |= wsis_buf_printf(out, "<main><h1>Error %d</h1><p class=\"error\">", status);
	rc |= render_esc(out, message);
	rc |= wsis_buf_puts(out, "</p></main></body></html>");
	return rc != 0 ? render_undo(out, start) : 0;
}
