/* test-normalize.c - spelling, compound and acronym normalization. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "normalize.h"
#include "words.h"
#include "tap.h"

static void
check(const char *in, const char *want)
{
	char *got = wsis_normalize(in, strlen(in));

	is_str(got, want, "normalize \"%s\"", in);
	free(got);
}

static void
check_q(const char *in, const char *want)
{
	char *got = wsis_normalize_query(in, strlen(in));

	is_str(got, want, "normalize query \"%s\"", in);
	free(got);
}

static void
check_syn(const char *in, const char *want)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	int n = wsis_normalize_synonyms(in, strlen(in), &b);

	ok(n >= 0, "synonyms of \"%s\" computed", in);
	is_str(b.data ? b.data : "", want, "synonyms of \"%s\"", in);
	wsis_buf_free(&b);
}

static void
check_comp(const char *in, const char *want)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	int n = wsis_normalize_compounds(in, strlen(in), &b);

	ok(n >= 0, "compounds of \"%s\" computed", in);
	is_str(b.data ? b.data : "", want, "compounds of \"%s\"", in);
	wsis_buf_free(&b);
}

/* Whether text holds the lowercase word w as a whole word, case-blind. */
static int
word_in(const char *text, const char *w)
{
	size_t pos = 0, s, e, n = strlen(w);

	while (wsis_word_next(text, strlen(text), &pos, &s, &e))
		if (e - s == n && strncasecmp(text + s, w, n) == 0)
			return 1;
	return 0;
}

int
main(void)
{
	/* British and American spellings meet */
	check("We recognise", "We recognize");
	check("recognised recognising Recognises", "recognized recognizing Recognizes");
	check("organisations ORGANISATION", "organizations ORGANIZATION");
	check("emphasised the emphasis", "emphasized the emphasis");
	check("the programme and programmes", "the program and programs");
	check("people-centred", "people-centered");
	check("fulfilment of enquiries", "fulfillment of inquiries");
	check("favourable labour honours", "favorable labor honors");
	check("analyse", "analyze");
	/* -ise words that are not -ize stay */
	check("advise exercise promise enterprise otherwise premises raise",
	    "advise exercise promise enterprise otherwise premises raise");
	check("our hour four tour", "our hour four tour");

	/* a number's point or separator and initials' full stops join parts
	 * that words.h cuts: the index holds them as a phrase of the parts */
	check("section 2.2, 1,000 people, 3.4 billion, 2015. 3", "section 2-2, 1-000 people, 3-4 billion, 2015. 3");
	check("H.E. Mr. Smith, e.g. this, U.S.A.", "H-E. Mr. Smith, e-g. this, U-S-A.");
	check("www.un.org Dr.Who A/66/77 x.2", "www.un.org Dr.Who A/66/77 x.2");
	/* Latin letters lose their diacritics; letters that decompose to no
	 * ASCII letter stay */
	check("J\xc4\x81nis Ma\xc5\xbe" "eiks, caf\xc3\xa9 na\xc3\xafve \xc3\x9f \xc3\xa6",
	    "Janis Mazeiks, cafe naive \xc3\x9f \xc3\xa6");
	{
		wsis_buf_t b = WSIS_BUF_INIT;
		ok(wsis_normalize_word("Ma\xc5\xbe" "eiks", 8, &b) == 0 && b.data != NULL &&
		    strcmp(b.data, "Mazeiks") == 0, "a word loses its diacritics too: %s",
		    b.data ? b.data : "");
		wsis_buf_free(&b);
	}
	/* invisible format characters that never part words are dropped:
	 * the soft hyphen, ZWNJ, ZWJ, the word joiner, U+FEFF; the zero width
	 * space is a space (Unicode breaks words there) */
	check("wo\xc2\xadmen", "woman");
	check("\xef\xbb\xbfwomen, \xe2\x80\x8bwomen\xe2\x80\x8b", "woman,  woman ");
	check("w\xe2\x80\x8co\xe2\x80\x8dm\xe2\x81\xa0" "en", "woman");
	check("wo\xe2\x80\x8bmen", "wo man");
	check("pro\xc2\xadgramme, \xc2\xad" "2nd", "program, second");
	check_q("\xef\xbb\xbfwomen", "woman");
	/* a combining mark after a Latin letter folds away, as the precomposed
	 * letter folds; after another character it stays */
	check("Maz\xcc\x8c" "eiks, cafe\xcc\x81, e\xcc\xa3\xcc\x82, \xc3\xa9\xcc\x81",
	    "Mazeiks, cafe, e, e");
	check("\xd0\xb8\xcc\x86 5\xcc\x81 \xcc\x81" "a", "\xd0\xb8\xcc\x86 5\xcc\x81 \xcc\x81" "a");
	/* U+2010, U+2011 and U+2012 after a word are its hyphen; elsewhere a
	 * space, never a query's '-'; en and em dashes stay */
	check("co\xe2\x80\x90operation co\xe2\x80\x91operation 555\xe2\x80\x92" "1234",
	    "co-operation co-operation 555-1234");
	check_q("co\xe2\x80\x90operation \xe2\x80\x90" "draft \xe2\x80\x91", "cooperation  draft  ");
	check_q("co\xe2\x80\x93operation", "co\xe2\x80\x93operation");
	{
		wsis_buf_t b = WSIS_BUF_INIT;
		ok(wsis_normalize_word("wo\xc2\xadmen", 7, &b) == 0 && b.data != NULL &&
		    strcmp(b.data, "woman") == 0, "a word drops its soft hyphen: %s",
		    b.data ? b.data : "");
		wsis_buf_reset(&b);
		ok(wsis_normalize_word("Maz\xcc\x8c" "eiks", 9, &b) == 0 && b.data != NULL &&
		    strcmp(b.data, "Mazeiks") == 0, "and its decomposed diacritic: %s",
		    b.data ? b.data : "");
		wsis_buf_free(&b);
	}
	check_comp("co\xe2\x80\x90operation, cyber\xc2\xadsecurity, cyber\xe2\x80\x8bsecurity",
	    "cooperation\ncyber security\ncybersecurity\n");
	check_comp("co\xe2\x80\x93operation", "");
	check_syn("S\xc2\xadIDS", "small island developing States\n");
	/* an irregular plural is its singular; a verb's form is left alone */
	check("Women, children and MEN; criteria", "Woman, child and MAN; criterion");
	check("she lives, it leaves, analyses", "she lives, it leaves, analyses");
	ok(wsis_normalize_origins("woman", 5) == WSIS_NORM_FROM_SPELLING &&
	    wsis_normalize_origins("child", 5) == WSIS_NORM_FROM_SPELLING,
	    "a singular may come from its irregular plural");
	/* an acronym's plural is the acronym: in any case from three letters */
	check("ICTs icts ICTS Ldcs SDGs gas UNs uns GAs", "ICT ict ICT Ldc SDG gas UN uns GA");
	/* compounds are never joined or split in the text itself */
	check("cyber security", "cyber security");
	check("cyber-security", "cyber-security");
	check("zero draft, zero-draft, zerodraft", "zero draft, zero-draft, zerodraft");
	check("co-facilitators", "co-facilitators");
	/* a query joins a compound written with a hyphen, outside quotes: the
	 * joined word is what the index holds beside every form */
	check_q("co-operation", "cooperation");
	check_q("Cyber-Security and e-government", "CyberSecurity and egovernment");
	check_q("zero-draft programme", "zerodraft program");
	check_q("\"the co-operation of\" co-operation", "\"the co-operation of\" cooperation");
	check_q("\"co-operation\" \"Cyber-Security\"", "\"cooperation\" \"CyberSecurity\"");
	check_q("cyber security, co operation", "cyber security, co operation");
	check_q("capacity-building co-oper* cyber-AND", "capacity-building co-oper* cyber-AND");
	check_q("section:co-operation", "section:co-operation");
	/* part: and id: values are index terms, taken as written */
	check_q("part:3.11.rst asyncio 3.11", "part:3.11.rst asyncio 3-11");
	check_q("(part:v2.0) id:linux-RCU/a.2,1.txt", "(part:v2.0) id:linux-RCU/a.2,1.txt");
	check_q("part:e-government co-operation", "part:e-government cooperation");
	check_q("depart:3.11 apart:1.0", "depart:3-11 apart:1-0");
	/* query syntax passes through */
	check("cyber AND security", "cyber AND security");
	check("cyber*", "cyber*");
	check("\"cyber security\" OR -programme", "\"cyber security\" OR -program");
	check("part:programme programme", "part:programme program");
	check("section:\"Enhanced Cooperation\"", "section:\"Enhanced Cooperation\"");
	check("(recognise NEAR women)", "(recognize NEAR woman)");
	/* identifiers stay as written */
	check("resolution 68/302 and A/66/77, Article 19, 2030",
	    "resolution 68/302 and A/66/77, Article 19, 2030");
	check("WSIS+10 e-", "WSIS+10 e-");
	check("", "");
	/* other UTF-8 passes through */
	check("\xe2\x80\x93 \xc3\x97 \xe6\x97\xa5", "\xe2\x80\x93 \xc3\x97 \xe6\x97\xa5");

	/* acronyms and expansions */
	check_syn("small island developing States", "SIDS\n");
	check_syn("least developed countries, landlocked developing countries",
	    "LDC\nLLDC\n");
	check_syn("the needs of SIDS and LDCs", "small island developing States\n"
	    "least developed countries\n");
	check_syn("information and communication technology (ICT)",
	    "ICT\ninformation and communication technology\n");
	check_syn("information and communications technologies", "ICT\n");
	check_syn("ICTs", "information and communication technology\n");
	check_syn("the Internet Governance Forum (IGF)",
	    "IGF\nInternet Governance Forum\n");
	check_syn("United Nations Group on the Information Society",
	    "UNGIS\nUN\n");
	check_syn("World Summit on the Information Society", "WSIS\n");
	check_syn("nothing here", "");
	check_syn("un ict sids", "");   /* acronyms count only as written */

	/* compound forms indexed beside a text: the joined word of a compound
	 * written apart, the parts of one written joined, each once */
	check_comp("cyber security", "cybersecurity\n");
	check_comp("cyber-security and Cyber Security", "cybersecurity\n");
	check_comp("cybersecurity", "cyber security\n");
	check_comp("Cybercrime, cybercrimes", "cyber crime\ncyber crimes\n");
	check_comp("multi-stakeholder multi stakeholder multistakeholder",
	    "multistakeholder\nmulti stakeholder\n");
	check_comp("zero draft, zero-draft, zerodraft, the Zero Draft",
	    "zerodraft\nzero draft\n");
	check_comp("web site websites database data base", "website\nweb sites\ndata base\n"
	    "database\n");
	check_comp("co-facilitators", "cofacilitators\n");
	check_comp("e-government e-waste non-interference", "egovernment\newaste\n"
	    "noninterference\n");
	check_comp("cyber-defence", "cyberdefense\n");   /* spelled as normalized */
	/* closed prefixes join across a hyphen only, and split never */
	check_comp("co facilitators, cooperation, research, every, development", "");
	/* not compounds: too short a rest, words of their own, operators,
	 * identifiers, words glued to digits */
	check_comp("multiple, multiply, multitude, cybernetics, cyberX", "");
	check_comp("cyber AND security, multi OR", "");
	check_comp("capacity-building, WSIS+10 e-, e-2, x-ray", "");
	check_comp("", "");

	/* the other names of a phrase, a possessive being its word */
	{
		static const char *const cases[][2] = {
			{ "SIDS", "small island developing States\n" },
			{ "least developed countries", "LDC\n" },
			{ "General Assembly's", "GA\n" },
			{ "ICT's", "information and communication technology\n"
			    "information and communications technology\n" },
			{ "General Assembly\xe2\x80\x99s", "GA\n" },
			{ "assembly", "" },
		};
		size_t k;
		for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
			wsis_buf_t b = WSIS_BUF_INIT;
			ok(wsis_normalize_alternatives(cases[k][0], strlen(cases[k][0]), &b) >= 0 &&
			    strcmp(b.data ? b.data : "", cases[k][1]) == 0,
			    "the other names of \"%s\": %s", cases[k][0], b.data ? b.data : "");
			wsis_buf_free(&b);
		}
	}
	/* long input: expansions across the window edge are still found */
	{
		wsis_buf_t in = WSIS_BUF_INIT, out = WSIS_BUF_INIT;
		int i;
		for (i = 0; i < 5000; i++)
			wsis_buf_puts(&in, "word ");
		wsis_buf_puts(&in, "small island developing States");
		ok(wsis_normalize_synonyms(in.data, in.len, &out) == 1 &&
		    strcmp(out.data, "SIDS\n") == 0, "expansion after 5000 words found");
		wsis_buf_free(&in);
		wsis_buf_free(&out);
	}
	/* the words a synonym can be made of */
	ok(wsis_normalize_synonym_word("island", 6) && wsis_normalize_synonym_word("States", 6) &&
	    wsis_normalize_synonym_word("sids", 4) && wsis_normalize_synonym_word("and", 3),
	    "words of acronyms and expansions, case-blind, are synonym words");
	ok(!wsis_normalize_synonym_word("divide", 6) && !wsis_normalize_synonym_word("islands", 7) &&
	    !wsis_normalize_synonym_word("", 0) && !wsis_normalize_synonym_word("Organization,", 13),
	    "other words, plurals the table does not write, and punctuation are not");
	/* which words normalizing a text can make appear */
	ok(wsis_normalize_origins("digital", 7) == 0 && wsis_normalize_origins("governance", 10) == 0 &&
	    wsis_normalize_origins("women", 5) == 0,
	    "most words come from no rewrite: a text is asked as written");
	ok(wsis_normalize_origins("enhanced", 8) == WSIS_NORM_FROM_HYPHEN,
	    "a word that begins with a hyphen prefix (e-) may come from a hyphenated pair");
	ok(wsis_normalize_origins("program", 7) == WSIS_NORM_FROM_SPELLING &&
	    wsis_normalize_origins("labor", 5) == WSIS_NORM_FROM_SPELLING &&
	    wsis_normalize_origins("favorable", 9) == WSIS_NORM_FROM_SPELLING &&
	    wsis_normalize_origins("organization", 12) == WSIS_NORM_FROM_SPELLING &&
	    wsis_normalize_origins("second", 6) == WSIS_NORM_FROM_SPELLING &&
	    wsis_normalize_origins("LDC", 3) == WSIS_NORM_FROM_SPELLING,
	    "American spellings, -ize forms, ordinals' words and acronyms come from rewrites");
	ok(wsis_normalize_origins("cybersecurity", 13) == WSIS_NORM_FROM_COMPOUND &&
	    wsis_normalize_origins("zerodraft", 9) == WSIS_NORM_FROM_COMPOUND &&
	    wsis_normalize_origins("cyber", 5) == WSIS_NORM_FROM_COMPOUND &&
	    wsis_normalize_origins("zero", 4) == WSIS_NORM_FROM_COMPOUND &&
	    wsis_normalize_origins("security", 8) == 0,
	    "a compound's joined word and the first part of a split one have origins");
	ok((wsis_normalize_origins("cooperation", 11) & WSIS_NORM_FROM_HYPHEN) &&
	    !(wsis_normalize_origins("cooperation", 11) & WSIS_NORM_FROM_COMPOUND),
	    "cooperation may come from co-operation, across a hyphen only");
	ok(wsis_normalize_origins("", 0) == 0, "no word, no origin");
	/* and the promise itself: every word of a normalized text that the
	 * text did not hold (case-blind) is one the origins name */
	{
		static const char *const texts[] = {
			"Programme of the 2nd co-operation meeting on cyber security and LDCs",
			"The labourers' favourite organisations analysed the multi stakeholder zero-draft",
			"non-governmental, e-government, re-use, self-help and web site data base",
			"cybercrime, multistakeholder, websites and the zerodraft",
			"enhanced cooperation, the 10th Internet Governance Forum, SIDS and SDGs",
			NULL
		};
		size_t t, bad = 0;
		char why[200] = "";

		for (t = 0; texts[t] != NULL; t++) {
			char *norm = wsis_normalize(texts[t], strlen(texts[t]));
			size_t pos = 0, s, e;
			while (norm != NULL && wsis_word_next(norm, strlen(norm), &pos, &s, &e)) {
				char w[64];
				size_t k, n = e - s < sizeof w - 1 ? e - s : sizeof w - 1;
				for (k = 0; k < n; k++)
					w[k] = (char)tolower((unsigned char)norm[s + k]);
				w[n] = '\0';
				if (!word_in(texts[t], w) && wsis_normalize_origins(w, n) == 0) {
					bad++;
					snprintf(why, sizeof why, "%s (in \"%s\")", w, norm);
				}
			}
			free(norm);
		}
		ok(bad == 0, "every new word of a normalized text has an origin%s%s",
		    bad ? ": not " : "", why);
		/* a compound form's first word, when the text lacks it, too:
		 * a phrase looks for compound forms only then (exec.c) */
		bad = 0;
		for (t = 0; texts[t] != NULL; t++) {
			wsis_buf_t c = WSIS_BUF_INIT;
			char *line, *save = NULL;
			if (wsis_normalize_compounds(texts[t], strlen(texts[t]), &c) < 0)
				bad++;
			for (line = c.data ? strtok_r(c.data, "\n", &save) : NULL; line != NULL;
			    line = strtok_r(NULL, "\n", &save)) {
				size_t n = strcspn(line, " ");
				line[n] = '\0';
				if (!word_in(texts[t], line) && wsis_normalize_origins(line, n) == 0) {
					bad++;
					snprintf(why, sizeof why, "%s (in \"%s\")", line, texts[t]);
				}
			}
			wsis_buf_free(&c);
		}
		ok(bad == 0, "every compound form's first word has an origin%s%s",
		    bad ? ": not " : "", why);
	}
	/* the words a text is cut into (words.h), each normalized as the
	 * audit and the highlighter normalize a word, are the words of the
	 * normalized text that the index holds: invisible characters,
	 * decomposed diacritics and hyphens read alike on both sides */
	{
		static const char *const texts[] = {
			"wo\xc2\xadmen and \xef\xbb\xbf" "children\xc2\xad, \xe2\x80\x8bprogramme\xe2\x80\x8b",
			"w\xe2\x80\x8co\xe2\x80\x8dm\xe2\x81\xa0" "en, don\xc2\xad't don'\xc2\xadt",
			"Maz\xcc\x8c" "eiks J\xc4\x81nis Ja\xcc\x84nis \xd0\xb8\xcc\x86 \xcc\x81" "a",
			"co\xe2\x80\x90operation co\xe2\x80\x91" "facilitators 2\xe2\x80\x92" "3 \xe2\x80\x90x",
			"a\xc2\xad\xc2\xad" "b \xc2\xad \xef\xbb\xbf \xe2\x80\x8b" "c\xe2\x80\x8b\xc2\xad" "d",
			NULL
		};
		size_t t;

		for (t = 0; texts[t] != NULL; t++) {
			wsis_buf_t a = WSIS_BUF_INIT, b = WSIS_BUF_INIT;
			const char *x = texts[t];
			char *norm = wsis_normalize(x, strlen(x));
			size_t pos = 0, s, e;

			while (wsis_word_next(x, strlen(x), &pos, &s, &e)) {
				wsis_normalize_word(x + s, e - s, &a);
				wsis_buf_putc(&a, '|');
			}
			for (pos = 0; norm != NULL && wsis_word_next(norm, strlen(norm), &pos, &s, &e);) {
				wsis_buf_append(&b, norm + s, e - s);
				wsis_buf_putc(&b, '|');
			}
			is_str(a.data, b.data, "the words of text %zu, normalized, are the normalized "
			    "text's words", t + 1);
			free(norm);
			wsis_buf_free(&a);
			wsis_buf_free(&b);
		}
	}
	return tap_done();
}
