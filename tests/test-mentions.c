/* test-mentions.c - the mentions matcher: concepts as phrases with their
 * variants, boolean combinations, occurrences as written, and errors. */
#include <stdlib.h>
#include <string.h>

#include "mentions.h"
#include "tap.h"

static wsis_stemmer_t *st;

/* Occurrences of `q` in `text` as "match|match|..." (static), or "NO" when
 * the passage does not satisfy the query, "ERR" when it does not compile. */
static const char *
find(const char *q, const char *text)
{
	static char out[1024];
	wsis_mentions_t *m = NULL;
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	wsis_occurrence_t *occ = NULL;
	size_t n = 0, i;
	char err[256];
	int r;

	if (wsis_mentions_compile(q, strlen(q), &m, &cand, &filt, err, sizeof err) != 0)
		return "ERR";
	r = wsis_mentions_match(m, st, text, strlen(text), &occ, &n);
	out[0] = '\0';
	if (r == 0)
		strcpy(out, "NO");
	for (i = 0; r == 1 && i < n; i++) {
		if (i > 0)
			strcat(out, "|");
		strncat(out, text + occ[i].offset, occ[i].length);
	}
	free(occ);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_mentions_free(m);
	return out;
}

static void
check(const char *q, const char *text, const char *want)
{
	is_str(find(q, text), want, "mentions \"%s\" in \"%.50s\"", q, text);
}

static void
check_error(const char *q, const char *want_in_message)
{
	wsis_mentions_t *m = NULL;
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	char err[256] = "";

	ok(wsis_mentions_compile(q, strlen(q), &m, &cand, &filt, err, sizeof err) != 0 &&
	    strstr(err, want_in_message) != NULL, "\"%s\" is refused: %s", q, err);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_mentions_free(m);
}

int
main(void)
{
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	wsis_mentions_t *m = NULL;
	char err[256];

	if (wsis_stemmer_new(&st) != WSIS_OK)
		return 1;
	/* words of a concept match as a phrase, case and inflection aside */
	check("women", "between men and women, and women's education", "women|women");
	check("persons with disabilities", "youth, persons with disabilities, older persons",
	    "persons with disabilities");
	check("person with disability", "persons with disabilities", "persons with disabilities");
	check("persons disabilities", "persons with disabilities", "NO");
	check("older persons", "persons who are older", "NO");
	/* spellings, compounds, acronyms */
	check("recognize", "We recognise, we Recognized", "recognise|Recognized");
	check("cybersecurity", "a culture of cyber security and cyber-security", "cyber security|cyber-security");
	check("cyber security", "to strengthen cybersecurity", "cybersecurity");
	/* the pairs' keys are kept by the two words joined, apart from the
	 * words' own: each word alone still matches as itself */
	check("cyber", "cyber security, cyber-security and cybersecurity", "cyber|cyber");
	check("security", "cyber security and cybersecurity", "security");
	check("multi-stakeholder", "multistakeholder platform, multi-stakeholder cooperation",
	    "multistakeholder|multi-stakeholder");
	check("zero draft", "the zero-draft, the zerodraft, the Zero Draft",
	    "zero-draft|zerodraft|Zero Draft");
	check("SIDS", "and small island developing States.", "small island developing States");
	check("small island developing States", "the SIDS and LDCs", "SIDS");
	check("LDCs", "least developed countries, landlocked", "least developed countries");
	check("refugees", "refuges and internally displaced people", "refuges");
	check("WSIS Action Lines", "its Action Lines and the WSIS Action Lines",
	    "Action Lines|WSIS Action Lines");
	check("WSIS Forum", "the Forum outcomes", "NO");
	check("cyber*", "cybercrime and cyberterrorism", "cybercrime|cyberterrorism");
	check("68/302", "resolution 68/302 of 31 August", "68/302");
	/* several concepts */
	check("youth OR children", "children, youth", "children|youth");
	check("\"women\" \"girls\"", "girls only", "girls");
	check("women AND men", "women only", "NO");
	check("women AND men", "men and women", "men|women");
	check("ICT NOT women", "ICT for all", "ICT");
	check("ICT NOT women", "ICT for women", "NO");
	check("NOT women", "ICT for all", "");
	check("(youth OR children) AND online", "children online", "children|online");
	check("women part:draft", "women", "women");
	/* errors say what and where */
	check_error("((", "concept is missing");
	check_error("women)", "unbalanced parenthesis");
	check_error("\"women", "unbalanced quote");
	check_error("AND women", "nothing before it");
	check_error("women AND", "concept is missing (at byte 9)");
	check_error("women NEAR men", "NEAR and ADJ");
	check_error("", "concept is missing");
	check_error("part:draft", "no concept");
	/* candidates and filters */
	ok(wsis_mentions_compile("zero draft section:\"Enhanced Cooperation\"", 41, &m, &cand, &filt,
	    err, sizeof err) == 0, "compiles with a filter");
	ok(cand.data && strstr(cand.data, "zerodraft") != NULL,
	    "candidates include the joined form: %s", cand.data ? cand.data : "");
	is_str(filt.data, "section:\"Enhanced Cooperation\" ", "the filter is kept apart");
	wsis_mentions_free(m);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	ok(wsis_mentions_compile("NOT women", 9, &m, &cand, &filt, err, sizeof err) == 0 &&
	    cand.len == 0, "a pure NOT makes every passage a candidate");
	wsis_mentions_free(m);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_stemmer_free(st);
	return tap_done();
}
