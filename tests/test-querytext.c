/* test-querytext.c - queries as people type them (lib/querytext.c): case,
 * the operator rule, fields, ranges, and a property over random text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "querytext.h"
#include "tap.h"

/* check IN WANT: the prepared text of IN is WANT */
static void
check(const char *in, const char *want)
{
	wsis_querytext_t qt;
	char err[256];
	int rc = wsis_querytext_prepare(in, strlen(in), &qt, err, sizeof err);

	if (!ok(rc == 0, "\"%s\" prepared", in))
		printf("#   rc %d: %s\n", rc, err);
	is_str(qt.text, want, "\"%s\" -> \"%s\"", in, want);
	wsis_querytext_free(&qt);
}

/* notice IN PART: some notice of IN holds PART (NULL: there is none) */
static void
notice(const char *in, const char *part)
{
	wsis_querytext_t qt;
	char err[256];
	size_t i;
	int found = 0;

	wsis_querytext_prepare(in, strlen(in), &qt, err, sizeof err);
	for (i = 0; i < qt.nnotices; i++)
		if (part != NULL && strstr(qt.notices[i], part) != NULL)
			found = 1;
	if (part == NULL) {
		if (!ok(qt.nnotices == 0, "\"%s\": no notice", in))
			printf("#   notice \"%s\"\n", qt.notices[0]);
	} else if (!ok(found, "\"%s\": a notice says \"%s\"", in, part)) {
		for (i = 0; i < qt.nnotices; i++)
			printf("#   notice \"%s\"\n", qt.notices[i]);
	}
	wsis_querytext_free(&qt);
}

static void
bad(const char *in, const char *part)
{
	wsis_querytext_t qt;
	char err[256];
	int rc = wsis_querytext_prepare(in, strlen(in), &qt, err, sizeof err);

	is_int(rc, 1, "\"%s\" is an error", in);
	if (!ok(strstr(err, part) != NULL, "\"%s\": the error says \"%s\"", in, part))
		printf("#   \"%s\"\n", err);
	wsis_querytext_free(&qt);
}

static unsigned
flags_of(const char *in)
{
	wsis_querytext_t qt;
	char err[256];
	unsigned f;

	wsis_querytext_prepare(in, strlen(in), &qt, err, sizeof err);
	f = qt.flags;
	wsis_querytext_free(&qt);
	return f;
}

/* The operators a prepared text holds, as the parser sees them: capital
 * operator words. */
static int
has_operator(const char *s)
{
	static const char *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL };
	size_t k;

	for (k = 0; ops[k] != NULL; k++)
		if (strstr(s, ops[k]) != NULL)
			return 1;
	return 0;
}

static unsigned long rnd_state = 2463534242UL;
static unsigned
rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return (unsigned)(rnd_state & 0xffffffffUL) % n;
}

int
main(void)
{
	char *w;

	/* case: stemmed like lower case; acronyms keep their capitals */
	check("LIQUIDS", "liquids");
	/* + and - before a quoted phrase stay with it */
	check("-\"zero draft\"", "-\"zero draft\"");
	check("women +\"Digital Divide\"", "women +\"digital divide\"");
	check("Liquids flow", "liquids flow");
	check("ICT for Development", "ICT for development");
	check("ICTs LDCs SIDS UN", "ICTs LDCs SIDS UN");
	check("Ict", "ict");
	check("ICT'S ICT's ICT\xe2\x80\x99S", "ict's ict's ict\xe2\x80\x99s");
	check("ÉDUCATION Über", "éducation über");
	check("WOMEN'S RIGHTS", "women's rights");

	/* the operator rule */
	check("internet AND governance NOT forum", "internet AND governance NOT forum");
	check("(women OR children) AND ICT", "(women OR children) AND ICT");
	check("digital NEAR/3 divide", "digital NEAR/3 divide");
	check("digital ADJ divide", "digital ADJ divide");
	check("women AND NOT children", "women AND NOT children");
	check("women and children", "women and children");
	check("WOMEN AND CHILDREN", "women and children");
	check("RIGHTS OF WOMEN (AND GIRLS) -- NOT MEN", "rights of women  and girls     not men");
	check("AND women", "and women");
	check("women AND", "women and");
	check("women NOT", "women not");
	check("women OR NOT children", "women or not children");
	check("women AND AND children", "women and and children");
	check("OR a(b NEAR c d", "or a(b NEAR c d)");
	check("women AND ...", "women and    ");
	check("women AND ()", "women and   ");
	check("\"digital divide\" AND women", "\"digital divide\" AND women");
	check("women NEAR \"digital divide\"", "women near \"digital divide\"");
	check("cyber* NEAR women", "cyber* near women");
	check("women AND, children", "women and, children");
	check("a NEAR/0 b", "a near/0 b");
	check("women AND \xe2\x80\x9c\xe2\x80\x9d", "women and \xe2\x80\x9c\xe2\x80\x9d");
	check("women AND \xe2\x80\x94 children", "women and \xe2\x80\x94 children");
	check("women NEAR \xe2\x80\x94x", "women near \xe2\x80\x94x");
	check("women NEAR women\xe2\x80\x99s", "women NEAR women\xe2\x80\x99s");
	check("\"women AND children\"", "\"women and children\"");
	check("ICT AND SIDS", "ICT AND SIDS");
	check("+women -children", "+women -children");
	check("- women", "  women");
	check("WOMEN -CHILDREN", "women  children");
	check("((((women", "((((women))))");
	check("women))) (", "women     ");
	ok(flags_of("women AND children") & WSIS_QT_OPERATORS, "an operator read is flagged");
	ok(!(flags_of("WOMEN AND CHILDREN") & WSIS_QT_OPERATORS), "none in capitals");
	ok(!(flags_of("women and children") & WSIS_QT_SYNTAX), "plain words: no syntax");
	ok(flags_of("\"women\"") & WSIS_QT_SYNTAX, "a phrase is syntax");
	ok(flags_of("cyber*") & WSIS_QT_SYNTAX, "a wildcard is syntax");
	notice("WOMEN AND CHILDREN", "written in capitals");
	notice("women AND", "AND");
	notice("women OR NOT children", "OR, NOT");
	notice("women AND children", NULL);
	notice("women and children", NULL);

	/* fields */
	check("part:draft women", "part:draft women");
	check("part:PGA-letter", "part:PGA-letter");
	check("section:\"Enhanced Cooperation\" Women", "section:\"enhanced cooperation\" women");
	check("title:ICT", "title:ICT");
	check("para:30..40 internet", "para:30..40 internet");
	check("para:38 day:2 id:draft:38", "para:38 day:2 id:draft:38");
	check("by a permutation:, SIAM", "by a permutation , siam");
	check("note: women", "note  women");
	check("Note:women", "note women");
	check("http://www.itu.int", "http://www.itu.int");
	check("para: 38", "para  38");
	notice("by a permutation:, SIAM", "not fields, searched as words: permutation:");
	notice("note: women foo:bar", "note:, foo:");
	notice("para: 38", "'para:' has no value");
	notice("part:draft women", NULL);
	bad("para:abc", "para: takes a number or a range");
	bad("day:x women", "day: takes");
	bad("para:30..x", "not '30..x'");
	bad("para:..", "para:");
	bad("para:40..30", "para: the range '40..30' is empty: write the lower number first");
	check("para:30..40 para:30.. para:..40 para:7..7", "para:30..40 para:30.. para:..40 para:7..7");

	/* cites: becomes the key of the text it names (citations.h) */
	check("cites:\"Tunis Agenda\" Women", "cites:tunis_agenda women");
	check("cites:68/302 AND part:draft", "cites:resolution_68/302 AND part:draft");
	check("-cites:\"Tunis Agenda, paragraph 35\"", "-cites:tunis_agenda#35");
	bad("cites:\"Tunis Agenda, paragraph x\"", "cites: '\"Tunis Agenda, paragraph x\"' is not");

	/* ranges outside para: and day: are words */
	check("pages 12..15", "pages 12  15");
	check("etc... women", "etc    women");

	/* the words alone */
	w = wsis_querytext_words("OR a(b NEAR \"c\" -d) ICTs: e..f", 31);
	is_str(w, "or a b near c d ICTs e f", "the words alone, cased");
	free(w);
	w = wsis_querytext_words("", 0);
	is_str(w, "", "no words");
	free(w);

	/* property: whatever is typed, a pasted text written in capitals
	 * holds no operator, and nothing but para:/day: values is an error */
	{
		static const char *const parts[] = {
			"women", "Women", "WOMEN", "AND", "OR", "NOT", "XOR", "NEAR", "NEAR/3",
			"ADJ/2", "(", ")", "\"", ":", "foo:", "note:", "part:", "section:", "-",
			"+", "*", "..", "...", "ICT", "ICTs", "digital", "divide", "“", "”",
			"12..15", "A/66/77", "e-government", "’", "\t", "title:", "id:", "“”", "—",
			"…", "«", "€",
		};
		char buf[512], err[256];
		int i, errors = 0, caps_ops = 0;

		for (i = 0; i < 5000; i++) {
			size_t len = 0, k, nparts = 1 + rnd(20);
			wsis_querytext_t qt;
			int caps = rnd(3) == 0, rc;

			for (k = 0; k < nparts; k++) {
				const char *p = parts[rnd(sizeof parts / sizeof parts[0])];
				size_t pl = strlen(p);
				if (len + pl + 2 >= sizeof buf)
					break;
				memcpy(buf + len, p, pl);
				len += pl;
				if (rnd(4) != 0)
					buf[len++] = ' ';
			}
			buf[len] = '\0';
			if (caps)
				for (k = 0; k < len; k++)
					if (buf[k] >= 'a' && buf[k] <= 'z')
						buf[k] = (char)(buf[k] - 'a' + 'A');
			rc = wsis_querytext_prepare(buf, len, &qt, err, sizeof err);
			if (rc != 0 && strstr(buf, "para:") == NULL && strstr(buf, "day:") == NULL &&
			    strstr(buf, "PARA:") == NULL) {
				if (errors++ == 0)
					printf("# an error for \"%s\": %s\n", buf, err);
			}
			if (rc == 0 && caps && has_operator(qt.text) && (strstr(buf, "WOMEN") ||
			    strstr(buf, "DIGITAL") || strstr(buf, "DIVIDE") ||
			    strstr(buf, "GOVERNMENT"))) {
				if (caps_ops++ == 0)
					printf("# an operator in capitals: \"%s\" -> \"%s\"\n", buf,
					    qt.text);
			}
			wsis_querytext_free(&qt);
		}
		is_int(errors, 0, "5000 random queries: no error but a known field's bad value");
		is_int(caps_ops, 0, "the ones written in capitals hold no operator");
	}
	return tap_done();
}
