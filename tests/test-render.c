/* test-render.c - searchd/render.c: escaping and URL encoding against
 * references written here, over generated strings; pages made from
 * generated replies whose every string is hostile hold none of it as
 * markup; replies of the wrong shape make no page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "render.h"
#include "tap.h"

/* The reference escape: one character at a time. */
static void
ref_escape(wsis_buf_t *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':  wsis_buf_puts(out, "&amp;"); break;
		case '<':  wsis_buf_puts(out, "&lt;"); break;
		case '>':  wsis_buf_puts(out, "&gt;"); break;
		case '"':  wsis_buf_puts(out, "&quot;"); break;
		case '\'': wsis_buf_puts(out, "&#39;"); break;
		default:   wsis_buf_putc(out, s[i]); break;
		}
	}
}

/* The reference decoder of a percent-encoded string; -1 when a byte that
 * must be encoded is not. */
static int
ref_urldecode(const char *s, size_t len, wsis_buf_t *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned x;
		char c = s[i];

		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			if (sscanf(s + i + 1, "%2x", &x) != 1)
				return -1;
			wsis_buf_putc(out, (char)x);
			i += 2;
		} else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~:", c) != NULL)
			wsis_buf_putc(out, c);
		else
			return -1;
	}
	return 0;
}

static unsigned long rnd_state = 26;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

/* A string of `len` bytes drawn mostly from the characters that matter. */
static void
gen(char *s, size_t len)
{
	static const char hot[] = "<>&\"'%/:;= abcXYZ019\xc3\xa9";
	size_t i;

	for (i = 0; i < len; i++)
		s[i] = rnd(4) == 0 ? (char)(1 + rnd(255)) : hot[rnd(sizeof hot - 1)];
	s[len] = '\0';
}

/* Whether `page` holds a '<' that does not begin one of the tags the
 * renderer itself writes (any hostile '<' must have been escaped). */
static int
only_own_tags(const char *page, const char *const *hostile, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(page, hostile[i]) != NULL)
			return 0;
	return 1;
}

int
main(void)
{
	wsis_buf_t a = WSIS_BUF_INIT, b = WSIS_BUF_INIT, c = WSIS_BUF_INIT;
	char s[64];
	int i, esc_ok = 1, url_ok = 1;

	/* ---- escaping and URL encoding, generated ---- */
	for (i = 0; i < 5000; i++) {
		size_t len = rnd(40);

		gen(s, len);
		wsis_buf_reset(&a);
		wsis_buf_reset(&b);
		wsis_buf_reset(&c);
		if (render_escape(&a, s, len) != 0)
			esc_ok = 0;
		ref_escape(&b, s, len);
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
			esc_ok = 0;
		wsis_buf_reset(&a);
		if (render_urlencode(&a, s, len) != 0 || ref_urldecode(a.data, a.len, &c) != 0 ||
		    c.len != len || memcmp(c.data, s, len) != 0)
			url_ok = 0;
	}
	ok(esc_ok, "render_escape: the reference's bytes for 5000 generated strings");
	ok(url_ok, "render_urlencode: decodes back, only unreserved bytes left bare");

	/* ---- pages from replies whose every string is hostile ---- */
	{
		const char *hostile[] = { "<script", "<img", "\"><img" };
		const char *reply =
		    "{\"query\":\"<script>q</script>\",\"total\":25,\"suggestion\":\"<img src=x>\","
		    "\"notices\":[\"<script>n</script>\"],\"offset\":10,\"limit\":10,"
		    "\"hits\":[{\"id\":\"a:1\\\"><script>\",\"part\":\"<script>p\","
		    "\"section\":\"\\\"><img src=y>\",\"para\":3,"
		    "\"snippet\":\"x &lt;script&gt; <mark>y</mark>\",\"text\":\"<script>\"}]}";
		const char *doc =
		    "{\"id\":\"d:1<script>\",\"part\":\"p\",\"title\":\"<img src=t>\","
		    "\"text\":\"<script>t</script> & \\\"\",\"fields\":{\"para\":\"7\","
		    "\"section\":\"<script>s\",\"chapter\":\"<img src=c>\"}}";
		const char *mentions =
		    "{\"query\":\"<script>\",\"total_passages\":1,\"total_occurrences\":2,"
		    "\"passages\":[{\"id\":\"a:1\\\"><script>\",\"occurrences\":2}],"
		    "\"by_section\":[{\"part\":\"<script>\",\"section\":\"\\\"><img src=z>\","
		    "\"passages\":1,\"occurrences\":2}]}";
		const char *outline =
		    "{\"hits\":[{\"id\":\"a:1\\\"><script>\"},{\"id\":\"b:2\"}]}";
		wsis_json_t *r = NULL, *d = NULL, *m = NULL, *o = NULL;
		render_search_t q = { "<script>q</script>", "<script>", "\"><img>", 10, 10 };

		ok(wsis_json_parse(reply, strlen(reply), &r, NULL, 0) == 0 &&
		    wsis_json_parse(doc, strlen(doc), &d, NULL, 0) == 0 &&
		    wsis_json_parse(mentions, strlen(mentions), &m, NULL, 0) == 0 &&
		    wsis_json_parse(outline, strlen(outline), &o, NULL, 0) == 0,
		    "the generated replies parse");
		wsis_buf_reset(&a);
		ok(render_search_html(&a, r, &q) == 0, "a search page is made");
		ok(only_own_tags(a.data, hostile, 3), "the search page holds none of it as markup");
		ok(strstr(a.data, "<mark>y</mark>") != NULL, "the snippet's <mark> stays");
		ok(strstr(a.data, "rel=\"prev\" href=\"/search.html?q=%3Cscript%3Eq%3C%2Fscript%3E"
		    "&amp;part=%3Cscript%3E&amp;section=%22%3E%3Cimg%3E\"") != NULL,
		    "Previous: the filters kept, encoded");
		ok(strstr(a.data, "rel=\"next\" href=\"/search.html?q=%3Cscript%3Eq%3C%2Fscript%3E"
		    "&amp;part=%3Cscript%3E&amp;section=%22%3E%3Cimg%3E&amp;offset=11\"") != NULL,
		    "Next: after the hits shown");
		wsis_buf_reset(&a);
		ok(render_passage_html(&a, d, "T") == 0, "a passage page is made");
		ok(only_own_tags(a.data, hostile, 3), "the passage page holds none of it as markup");
		ok(strstr(a.data, "<cite>&lt;img src=t&gt;, para. 7</cite>") != NULL,
		    "its citation: the passage's title and para");
		ok(strstr(a.data, "&lt;img src=c&gt; › &lt;script&gt;s") != NULL,
		    "its path: chapter › section");
		{
			/* the same passage with para, section and title as members */
			const char *flat = "{\"id\":\"d:1\",\"part\":\"p\",\"para\":7,"
			    "\"section\":\"S & s\",\"title\":\"T\",\"text\":\"x\","
			    "\"fields\":{\"chapter\":\"C\"}}";
			wsis_json_t *f = NULL;

			wsis_buf_reset(&a);
			ok(wsis_json_parse(flat, strlen(flat), &f, NULL, 0) == 0 &&
			    render_passage_html(&a, f, "D") == 0 &&
			    strstr(a.data, "<cite>T, para. 7</cite>") != NULL &&
			    strstr(a.data, ">C › S &amp; s<") != NULL,
			    "a passage whose fields are members: the same path and citation");
			wsis_json_free(f);
		}
		wsis_buf_reset(&a);
		ok(render_mentions_svg(&a, m, o) == 0, "a picture is made");
		ok(only_own_tags(a.data, hostile, 3), "the picture holds none of it as markup");
		ok(strstr(a.data, "data-id=\"a:1&quot;&gt;&lt;script&gt;\" data-count=\"2\"") != NULL &&
		    strstr(a.data, "data-id=\"b:2\" data-count=\"0\"") != NULL,
		    "a cell per paragraph, with its count");
		{
			const char *two = "{\"query\":\"x\",\"passages\":[],\"by_section\":["
			    "{\"part\":\"heading\",\"section\":\"2.1 S\",\"occurrences\":1},"
			    "{\"part\":\"draft\",\"section\":\"2.1 S\",\"occurrences\":5},"
			    "{\"part\":\"draft\",\"section\":\"3 T\",\"occurrences\":2}]}";
			wsis_json_t *t = NULL;

			wsis_buf_reset(&a);
			ok(wsis_json_parse(two, strlen(two), &t, NULL, 0) == 0 &&
			    render_mentions_svg(&a, t, o) == 0 &&
			    strstr(a.data, ">2.1 S (heading)<") != NULL &&
			    strstr(a.data, ">2.1 S (draft)<") != NULL && strstr(a.data, ">3 T<") != NULL,
			    "a section name two parts share: each bar names its part");
			wsis_json_free(t);
		}
		{
			/* 46 characters, two of them of 3 bytes: 37 characters kept */
			const char *longsec = "{\"query\":\"x\",\"passages\":[],\"by_section\":["
			    "{\"part\":\"p\",\"section\":\"Day 2 \u2013 Interactive \u2013 discussion on "
			    "the things\",\"occurrences\":1}]}";
			wsis_json_t *t = NULL;

			wsis_buf_reset(&a);
			ok(wsis_json_parse(longsec, strlen(longsec), &t, NULL, 0) == 0 &&
			    render_mentions_svg(&a, t, o) == 0 &&
			    strstr(a.data, ">Day 2 \xe2\x80\x93 Interactive \xe2\x80\x93 discussion on"
			    " t\xe2\x80\xa6<") != NULL,
			    "a label of 46 characters: its first 37 and an ellipsis");
			wsis_json_free(t);
		}
		wsis_buf_reset(&a);
		ok(render_error_html(&a, 404, "<script>e</script>") == 0 &&
		    only_own_tags(a.data, hostile, 3), "an error page escapes its message");

		/* the wrong shapes: no page, the buffer as it came */
		wsis_buf_reset(&a);
		wsis_buf_puts(&a, "kept");
		ok(render_search_html(&a, d, &q) == -1 && strcmp(a.data, "kept") == 0,
		    "a DOC reply is no search page");
		ok(render_passage_html(&a, r, "T") == -1 && strcmp(a.data, "kept") == 0,
		    "a SEARCH reply is no passage page");
		ok(render_mentions_svg(&a, r, o) == -1 && strcmp(a.data, "kept") == 0,
		    "a SEARCH reply is no picture");
		ok(render_mentions_svg(&a, m, d) == -1 && strcmp(a.data, "kept") == 0,
		    "an outline with no hits is refused");
		ok(render_search_html(&a, NULL, &q) == -1 && strcmp(a.data, "kept") == 0,
		    "no reply, no page");
		wsis_json_free(r);
		wsis_json_free(d);
		wsis_json_free(m);
		wsis_json_free(o);
	}
	wsis_buf_free(&a);
	wsis_buf_free(&b);
	wsis_buf_free(&c);
	return tap_done();
}
