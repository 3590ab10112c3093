/* test-mentions.c - the mentions matcher: concepts matched by word forms
 * (never stems), boolean combinations, occurrences as written, the forms
 * counted, the candidates, exact mode and errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentions.h"
#include "tap.h"

/* Occurrences of `q` in `text` as "match|match|..." (static), or "NO" when
 * the passage does not satisfy the query, "ERR" when it does not compile.
 * With `forms`, the forms counted instead: "form:count|...". */
static const char *
run(const char *q, unsigned flags, const char *text, int forms)
{
	static char out[1024];
	wsis_mentions_t *m = NULL;
	wsis_mentions_forms_t f = WSIS_MENTIONS_FORMS_INIT;
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	wsis_occurrence_t *occ = NULL;
	size_t n = 0, i;
	char err[256];
	int r;

	if (wsis_mentions_compile(q, strlen(q), flags, &m, &cand, &filt, err, sizeof err) != 0)
		return "ERR";
	r = wsis_mentions_match(m, text, strlen(text), &occ, &n);
	out[0] = '\0';
	if (r == 0)
		strcpy(out, "NO");
	for (i = 0; r == 1 && i < n; i++) {
		if (forms) {
			if (wsis_mentions_forms_add(&f, text + occ[i].offset, occ[i].length) != 0)
				strcpy(out, "ENOMEM");
			continue;
		}
		if (i > 0)
			strcat(out, "|");
		strncat(out, text + occ[i].offset, occ[i].length);
	}
	if (forms) {
		wsis_mentions_forms_sort(&f);
		for (i = 0; i < f.n; i++) {
			char num[32];
			if (i > 0)
				strcat(out, "|");
			strcat(out, f.forms[i].form);
			snprintf(num, sizeof num, ":%lu", f.forms[i].count);
			strcat(out, num);
		}
	}
	free(occ);
	wsis_mentions_forms_free(&f);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_mentions_free(m);
	return out;
}

static void
check(const char *q, const char *text, const char *want)
{
	is_str(run(q, 0, text, 0), want, "mentions \"%s\" in \"%.60s\"", q, text);
}

static void
check_exact(const char *q, const char *text, const char *want)
{
	is_str(run(q, WSIS_MENTIONS_EXACT, text, 0), want, "exact mentions \"%s\" in \"%.60s\"",
	    q, text);
}

static void
check_forms(const char *q, unsigned flags, const char *text, const char *want)
{
	is_str(run(q, flags, text, 1), want, "forms of \"%s\"%s in \"%.60s\"", q,
	    flags ? " (exact)" : "", text);
}

static void
check_error(const char *q, const char *want_in_message)
{
	wsis_mentions_t *m = NULL;
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	char err[256] = "";

	ok(wsis_mentions_compile(q, strlen(q), 0, &m, &cand, &filt, err, sizeof err) != 0 &&
	    strstr(err, want_in_message) != NULL, "\"%s\" is refused: %s", q, err);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_mentions_free(m);
}

/* Whether the candidate query of `q` has the word `w` (between " OR "s). */
static void
check_candidate(const char *q, unsigned flags, const char *w, int want)
{
	wsis_mentions_t *m = NULL;
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	char err[256] = "", *s, *save = NULL;
	int found = 0;

	if (wsis_mentions_compile(q, strlen(q), flags, &m, &cand, &filt, err, sizeof err) == 0 &&
	    cand.data != NULL) {
		char *copy = strdup(cand.data);
		for (s = strtok_r(copy, " ", &save); s != NULL; s = strtok_r(NULL, " ", &save))
			found |= strcmp(s, w) == 0;
		free(copy);
	}
	ok(found == want, "the candidates of \"%s\" %s \"%s\": %s", q,
	    want ? "hold" : "leave out", w, cand.data ? cand.data : "");
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_mentions_free(m);
}

/* The offsets "offset+length,..." of the occurrences of `q` in `text`
 * (static), "ERR" when it does not compile. */
static const char *
offsets(const char *q, const char *text)
{
	static char out[256];
	wsis_mentions_t *m = NULL;
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	wsis_occurrence_t *occ = NULL;
	size_t n = 0, i, k = 0;
	char err[256];

	if (wsis_mentions_compile(q, strlen(q), 0, &m, &cand, &filt, err, sizeof err) != 0)
		return "ERR";
	out[0] = '\0';
	if (wsis_mentions_match(m, text, strlen(text), &occ, &n) >= 0)
		for (i = 0; i < n && k < sizeof out - 48; i++)
			k += (size_t)snprintf(out + k, sizeof out - k, "%s%zu+%zu", i ? "," : "",
			    occ[i].offset, occ[i].length);
	free(occ);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	wsis_mentions_free(m);
	return out;
}

int
main(void)
{
	wsis_buf_t cand = WSIS_BUF_INIT, filt = WSIS_BUF_INIT;
	wsis_mentions_t *m = NULL;
	char err[256];

	/* words of a concept match as a phrase, case and form aside */
	check("women", "between men and women, and women's education", "women|women's");
	check("persons with disabilities", "youth, persons with disabilities, older persons",
	    "persons with disabilities");
	check("person with disability", "persons with disabilities", "persons with disabilities");
	check("persons disabilities", "persons with disabilities", "NO");
	check("older persons", "persons who are older", "NO");
	check("digital divide", "the digital\n  divide, digital-divide and DIGITAL DIVIDES",
	    "digital\n  divide|digital-divide|DIGITAL DIVIDES");
	/* word forms, never stems: the opposite pairs stay apart */
	check("developed countries", "developing countries and developed countries",
	    "developed countries");
	check("developing countries", "least developed countries", "NO");
	/* a possessive concept is its word: its expansion and "(ACR)" count once */
	check("ICT's", "information and communication technology (ICT) and ICTs",
	    "information and communication technology|ICTs");
	check("General Assembly's", "the UN GA and the General Assembly", "GA|General Assembly");
	/* an ordinal in figures is its word */
	check("Second Preparatory Meeting", "the 2nd Preparatory Meeting and the second preparatory meeting",
	    "2nd Preparatory Meeting|second preparatory meeting");
	check("2nd meeting", "the second meeting", "second meeting");
	check("developed country", "the developed countries' share", "developed countries");
	check("governance", "governments and government policy", "NO");
	check("governance", "Internet governance and its governances", "governance|governances");
	check("government", "e-governance", "NO");
	check("national", "the United Nations and its nations", "NO");
	check("nations", "national and international plans", "NO");
	check("nation", "United Nations", "Nations");
	check("persons", "personal data and personalised services", "NO");
	check("personal", "persons and a person's", "NO");
	check("person", "persons and a person's", "persons|person's");
	/* irregular plurals */
	check("woman", "women and a woman's rights", "women|woman's");
	check("women", "every woman", "woman");
	check("child", "children and a child", "children|child");
	check("children", "child online protection", "child");
	check("criterion", "the criteria", "criteria");
	/* regular plurals, the documented rules */
	check("country", "countries and a country", "countries|country");
	check("process", "processes and a process", "processes|process");
	check("status", "statu", "NO");
	/* British and American spellings */
	check("recognize", "We recognise, we Recognize, we recognized", "recognise|Recognize");
	check("program", "programme, programmes, programs", "programme|programmes|programs");
	check("labour", "labor and labour markets", "labor|labour");
	check("refugees", "refuges and internally displaced people", "refuges");
	/* compounds: hyphen, space and joined, each one occurrence */
	check("cybersecurity", "cyber security, cyber-security and cybersecurity",
	    "cyber security|cyber-security|cybersecurity");
	check("cyber security", "cyber security, cyber-security and cybersecurity",
	    "cyber security|cyber-security|cybersecurity");
	check("cyber-security", "cyber security, cyber-security and cybersecurity",
	    "cyber security|cyber-security|cybersecurity");
	check("cyber security", "Cybersecurities", "Cybersecurities");
	check("cyber", "cyber security, cyber-security and cybersecurity", "cyber|cyber");
	check("security", "cyber security and cybersecurity", "security");
	check("multi-stakeholder", "multistakeholder platform, multi-stakeholder cooperation",
	    "multistakeholder|multi-stakeholder");
	check("zero draft", "the zero-draft, the zerodraft, the Zero Draft",
	    "zero-draft|zerodraft|Zero Draft");
	check("co-facilitators", "the cofacilitators and co-facilitators", "cofacilitators|co-facilitators");
	check("cofacilitators", "the co-facilitators and co facilitators", "co-facilitators");
	/* acronyms and expansions */
	check("SIDS", "and small island developing States.", "small island developing States");
	check("small island developing States", "the SIDS and LDCs", "SIDS");
	check("SIDS", "small island developing states and SIDS", "small island developing states|SIDS");
	check("SIDS", "the sids", "NO");
	check("sids", "SIDS", "SIDS");
	check("LDCs", "least developed countries, landlocked, LDCs and LDC", "least developed countries|LDCs|LDC");
	check("least developed country", "the LDCs", "LDCs");
	check("ICT", "information and communications technologies", "information and communications technologies");
	check("information and communication technology", "ICTs and information and communications technology",
	    "ICTs|information and communications technology");
	/* an expansion and its own acronym in parentheses are one mention */
	check("SIDS", "small island developing States (SIDS) and SIDS",
	    "small island developing States|SIDS");
	check("small island developing States", "small island developing States (SIDS), SIDS",
	    "small island developing States|SIDS");
	check("LDCs", "least developed countries (LDCs)", "least developed countries");
	check("SIDS", "small island developing States, SIDS", "small island developing States|SIDS");
	check("WSIS Action Lines", "its Action Lines and the WSIS Action Lines", "WSIS Action Lines");
	check("WSIS Forum", "the Forum outcomes", "NO");
	check("cyber*", "cybercrime and cyberterrorism", "cybercrime|cyberterrorism");
	check("68/302", "resolution 68/302 of 31 August", "68/302");
	/* exact: as typed, any case, nothing else */
	check_exact("women", "women, woman, women's, Women", "women|Women");
	check_exact("cybersecurity", "cyber security, cyber-security", "NO");
	check_exact("cyber security", "cybersecurity, Cyber Security", "Cyber Security");
	check_exact("programme", "program, programmes", "NO");
	check_exact("SIDS", "small island developing States (SIDS), sids", "SIDS|sids");
	check_exact("developed countries", "developed country", "NO");
	check_exact("zero draft", "the zero-draft and the zero draft, zero\ndraft", "zero draft|zero\ndraft");
	check_exact("cyber*", "cybercrime", "cybercrime");
	/* the forms matched, with a count each: lowercased, white space as one
	 * space, hyphens kept; by count, then alphabetically */
	check_forms("cyber security", 0, "Cyber Security, cyber-security, cybersecurity, cyber\n  security",
	    "cyber security:2|cyber-security:1|cybersecurity:1");
	check_forms("SIDS", 0, "small island developing States (SIDS) and SIDS; Small Island Developing States",
	    "small island developing states:2|sids:1");
	check_forms("woman", 0, "women, Women's, a woman", "woman:1|women:1|women's:1");
	check_forms("woman", WSIS_MENTIONS_EXACT, "women, Woman, a woman", "woman:2");
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
	/* invisible format characters are ignored inside and around words
	 * (words.h): a word written with a soft hyphen (U+00AD), ZWNJ, ZWJ, a
	 * word joiner or a BOM is one occurrence of its word, and its offsets
	 * cover its bytes as written; the zero width space parts words */
	check("women", "wo\xc2\xadmen and women", "wo\xc2\xadmen|women");
	is_str(offsets("women", "wo\xc2\xadmen and women"), "0+7,12+5",
	    "a soft hyphen inside: one occurrence over its 7 bytes");
	is_str(offsets("woman", "\xef\xbb\xbfwomen\xc2\xad, \xe2\x80\x8bwomen\xe2\x80\x8b"),
	    "3+5,15+5", "a BOM, a soft hyphen and zero width spaces around: not part of the words");
	check("women", "w\xe2\x80\x8co\xe2\x80\x8dm\xe2\x81\xa0" "en",
	    "w\xe2\x80\x8co\xe2\x80\x8dm\xe2\x81\xa0" "en");
	check("women", "wo\xe2\x80\x8bmen", "NO");
	check("wo\xc2\xadmen", "Women and a woman", "Women|woman");
	check_exact("wo\xc2\xadmen", "Women and wo\xc2\xadmen, woman", "Women|wo\xc2\xadmen");
	check_forms("women", 0, "Women, wo\xc2\xadmen and \xef\xbb\xbfwomen", "women:3");
	check("SIDS", "the S\xc2\xadIDS and sids", "S\xc2\xadIDS");
	check("cyber security", "cyber\xc2\xadsecurity", "cyber\xc2\xadsecurity");
	/* decomposed diacritics are the precomposed letter, folded */
	check("Mazeiks", "Ma\xc5\xbe" "eiks and Maz\xcc\x8c" "eiks",
	    "Ma\xc5\xbe" "eiks|Maz\xcc\x8c" "eiks");
	check("Maz\xcc\x8c" "eiks", "Ma\xc5\xbe" "eiks", "Ma\xc5\xbe" "eiks");
	is_str(offsets("Mazeiks", "J\xc4\x81nis Maz\xcc\x8c" "eiks"), "7+9",
	    "a decomposed letter: the occurrence covers its mark");
	/* U+2010, U+2011 and U+2012 are hyphens; an en dash is not */
	check("cooperation", "co\xe2\x80\x90operation, co\xe2\x80\x91operation, co-operation",
	    "co\xe2\x80\x90operation|co\xe2\x80\x91operation|co-operation");
	check("co\xe2\x80\x90" "facilitators", "the cofacilitators", "cofacilitators");
	check("cooperation", "co\xe2\x80\x93operation", "NO");
	check_exact("co operation", "co\xe2\x80\x92operation, co operation", "co operation");
	/* errors say what and where */
	check_error("((", "concept is missing");
	check_error("women)", "unbalanced parenthesis");
	check_error("\"women", "unbalanced quote");
	check_error("AND women", "nothing before it");
	check_error("women AND", "concept is missing (at byte 9)");
	check_error("women NEAR men", "NEAR and ADJ");
	check_error("", "concept is missing");
	check_error("part:draft", "no concept");
	/* the candidates find every form: the index matches by stem, and
	 * forms need not share one */
	check_candidate("woman", 0, "women", 1);
	check_candidate("women", 0, "woman", 1);
	check_candidate("country", 0, "countries", 1);
	check_candidate("cybersecurity", 0, "cyber", 1);
	check_candidate("cyber security", 0, "cybersecurity", 1);
	check_candidate("co-facilitators", 0, "cofacilitators", 1);
	check_candidate("SIDS", 0, "island", 1);
	check_candidate("small island developing States", 0, "sids", 1);
	check_candidate("woman", WSIS_MENTIONS_EXACT, "women", 0);
	ok(wsis_mentions_compile("zero draft section:\"Enhanced Cooperation\"", 41, 0, &m, &cand,
	    &filt, err, sizeof err) == 0, "compiles with a filter");
	ok(cand.data && strstr(cand.data, "zerodraft") != NULL,
	    "candidates include the joined form: %s", cand.data ? cand.data : "");
	is_str(filt.data, "section:\"Enhanced Cooperation\" ", "the filter is kept apart");
	wsis_mentions_free(m);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	ok(wsis_mentions_compile("NOT women", 9, 0, &m, &cand, &filt, err, sizeof err) == 0 &&
	    cand.len == 0, "a pure NOT makes every passage a candidate");
	wsis_mentions_free(m);
	wsis_buf_free(&cand);
	wsis_buf_free(&filt);
	return tap_done();
}
