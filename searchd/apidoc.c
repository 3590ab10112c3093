/* apidoc.c - /opensearch.xml and /openapi.json (apidoc.h). */
#include "apidoc.h"

#include <string.h>

int
apidoc_host_ok(const char *host, size_t len)
{
	size_t i;

	if (host == NULL || len == 0 || len > 255)
		return 0;
	for (i = 0; i < len; i++) {
		char c = host[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_'))
			return 0;
	}
	return 1;
}

/* s as XML attribute text. */
static int
apidoc_xml(wsis_buf_t *out, const char *s)
{
	int rc = 0;

	for (; *s != '\0' && rc == 0; s++)
		switch (*s) {
		case '&': rc = wsis_buf_puts(out, "&amp;"); break;
		case '<': rc = wsis_buf_puts(out, "&lt;"); break;
		case '>': rc = wsis_buf_puts(out, "&gt;"); break;
		case '"': rc = wsis_buf_puts(out, "&quot;"); break;
		default:  rc = wsis_buf_putc(out, *s); break;
		}
	return rc;
}

/* One <Url> element: its type, and base + path as the template. */
static int
apidoc_url(wsis_buf_t *out, const char *type, const char *rel, const char *base,
    const char *path)
{
	int rc = wsis_buf_printf(out, "  <Url type=\"%s\"%s%s%s template=\"", type,
	    rel != NULL ? " rel=\"" : "", rel != NULL ? rel : "", rel != NULL ? "\"" : "");

	rc |= apidoc_xml(out, base);
	rc |= apidoc_xml(out, path);
	rc |= wsis_buf_puts(out, "\"/>\n");
	return rc;
}

int
apidoc_opensearch(const char *base, wsis_buf_t *out)
{
	size_t start = out->len;
	int rc = 0;

	rc |= wsis_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
	    "  <ShortName>WSIS search</ShortName>\n"
	    "  <Description>Full-text search of the WSIS+10 review's negotiation file"
	    "</Description>\n"
	    "  <InputEncoding>UTF-8</InputEncoding>\n"
	    "  <OutputEncoding>UTF-8</OutputEncoding>\n");
	/* the page for people (served by the portal), the JSON for programs,
	 * the suggestions for the browser's search box, and this document */
	rc |= apidoc_url(out, "text/html", NULL, base, "/search.html?q={searchTerms}");
	rc |= apidoc_url(out, "application/json", NULL, base, "/search?q={searchTerms}");
	rc |= apidoc_url(out, "application/x-suggestions+json", NULL, base,
	    "/suggest?q={searchTerms}");
	rc |= apidoc_url(out, "application/opensearchdescription+xml", "self", base,
	    "/opensearch.xml");
	rc |= wsis_buf_puts(out, "</OpenSearchDescription>\n");
	if (rc != 0) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		return -1;
	}
	return 0;
}
