/* normalize.c - spelling, compound and acronym normalization (normalize.h). */
#include "normalize.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"

#define WORD_MAX 64   /* longer words are never rewritten */

/* British spellings with their American form, whole words (lowercase). */
static const char *const spelling_pairs[][2] = {
	{ "programme", "program" }, { "programmes", "programs" },
	{ "centre", "center" }, { "centres", "centers" }, { "centred", "centered" },
	{ "centring", "centering" }, { "fibre", "fiber" }, { "fibres", "fibers" },
	{ "metre", "meter" }, { "metres", "meters" }, { "litre", "liter" },
	{ "litres", "liters" }, { "theatre", "theater" }, { "theatres", "theaters" },
	{ "calibre", "caliber" }, { "meagre", "meager" }, { "sombre", "somber" },
	{ "defence", "defense" }, { "defences", "defenses" },
	{ "offence", "offense" }, { "offences", "offenses" },
	{ "licence", "license" }, { "licences", "licenses" },
	{ "pretence", "pretense" },
	{ "enquiry", "inquiry" }, { "enquiries", "inquiries" },
	{ "enquire", "inquire" }, { "enquired", "inquired" }, { "enquires", "inquires" },
	{ "fulfilment", "fulfillment" }, { "enrolment", "enrollment" },
	{ "instalment", "installment" }, { "instalments", "installments" },
	{ "skilful", "skillful" }, { "wilful", "willful" },
	{ "judgement", "judgment" }, { "judgements", "judgments" },
	{ "acknowledgement", "acknowledgment" },
	{ "acknowledgements", "acknowledgments" },
	{ "ageing", "aging" }, { "grey", "gray" },
	{ "travelled", "traveled" }, { "travelling", "traveling" },
	{ "traveller", "traveler" }, { "travellers", "travelers" },
	{ "modelling", "modeling" }, { "modelled", "modeled" },
	{ "labelled", "labeled" }, { "labelling", "labeling" },
	{ "cancelled", "canceled" }, { "cancelling", "canceling" },
	{ "fuelled", "fueled" }, { "fuelling", "fueling" },
	{ "counselling", "counseling" }, { "counsellor", "counselor" },
	{ "counsellors", "counselors" }, { "signalled", "signaled" },
	{ "signalling", "signaling" }, { "channelled", "channeled" },
	{ "levelled", "leveled" }, { "totalled", "totaled" },
	/* a misspelling in the WSIS draft (paragraph 9): "refuges and internally
	 * displaced people" means refugees */
	{ "refuges", "refugees" },
	{ "analyse", "analyze" }, { "analysed", "analyzed" },
	{ "analysing", "analyzing" }, { "catalyse", "catalyze" },
	{ "catalysed", "catalyzed" }, { "paralyse", "paralyze" },
};

/* Irregular plurals and their singulars, which no stemmer joins: a search
 * for "child" finds "children".  Only nouns that are no other word's
 * form ("lives", "leaves", "bases" and "analyses" are verbs too). */
static const char *const irregular_plurals[][2] = {
	{ "women", "woman" }, { "men", "man" }, { "children", "child" },
	{ "feet", "foot" }, { "teeth", "tooth" }, { "mice", "mouse" },
	{ "geese", "goose" }, { "criteria", "criterion" },
	{ "phenomena", "phenomenon" }, { "crises", "crisis" }, { "theses", "thesis" },
	{ "wives", "wife" }, { "knives", "knife" }, { "halves", "half" },
};

static int
normalize_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The Latin letters with diacritics, U+00C0 to U+017F, each as the ASCII
 * letter it decomposes to (Unicode's canonical decomposition, NFD), '0'
 * where it has none (AE, O with stroke, sharp s...): "Jānis Mažeiks" is
 * searched as "Janis Mazeiks" and found so. */
static const char latin_fold[] =
    "AAAAAA0CEEEEIIII0NOOOOO00UUUUY00aaaaaa0ceeeeiiii0nooooo00uuuuy0yAaAaAaCcCcCcCcDd00EeEeEeEeEeGgGg"
    "GgGgHh00IiIiIiIiI000JjKk0LlLlLl0000NnNnNn000OoOoOo00RrRrRrSsSsSsSsTtTt00UuUuUuUuUuUuWwYyYZzZzZz0";
_Static_assert(sizeof latin_fold == 0x180 - 0xC0 + 1, "one letter a code point");

/* The ASCII letter that the UTF-8 letter at s[0..n) folds to (two bytes),
 * or 0. */
static char
normalize_latin(const char *s, size_t n)
{
	unsigned char a, b;
	unsigned cp;

	if (n < 2)
		return 0;
	a = (unsigned char)s[0];
	b = (unsigned char)s[1];
	if (a < 0xC3 || a > 0xC5 || (b & 0xC0) != 0x80)
		return 0;
	cp = ((a & 0x1Fu) << 6) | (b & 0x3Fu);
	if (cp < 0xC0 || latin_fold[cp - 0xC0] == '0')
		return 0;
	return latin_fold[cp - 0xC0];
}

/* What the fold (normalize_fold) does with the character at text[i..len):
 * returns 0 when it keeps it, else the character's length, with *rep the
 * byte written for it or '\0' when it is dropped:
 *  - a Latin letter with a diacritic is its ASCII letter (normalize_latin);
 *  - a combining diacritical mark (U+0300-U+036F) after a Latin letter is
 *    dropped (`after_letter`): decomposed text reads as precomposed text,
 *    whose letter folds to the same ASCII letter ("Maz\u030Ceiks" is
 *    "Mazeiks");
 *  - the invisible format characters that never part words are dropped:
 *    the soft hyphen U+00AD, ZWNJ U+200C, ZWJ U+200D, the word joiner
 *    U+2060 and U+FEFF (BOM, zero width no-break space);
 *  - the zero width space U+200B is a space: Unicode breaks words there;
 *  - U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN and U+2012 FIGURE DASH are
 *    '-' after a letter or digit (`after_word`), so a compound written
 *    with them is the compound written with '-'; elsewhere a space, never
 *    a query's '-' that excludes a term.
 * words.c cuts the words of a text to agree: what is dropped here is
 * ignored there, and the rest separates words as it did. */
static size_t
normalize_fold_char(const char *text, size_t i, size_t len, int after_letter,
    int after_word, char *rep)
{
	const unsigned char *s = (const unsigned char *)text + i;
	size_t n = len - i;

	*rep = '\0';
	if (n < 2 || s[0] < 0xC2)
		return 0;
	if ((*rep = normalize_latin(text + i, n)) != 0)
		return 2;
	if (s[0] == 0xC2 && s[1] == 0xAD)
		return 2;
	if ((s[0] == 0xCC && (s[1] & 0xC0) == 0x80) || (s[0] == 0xCD && s[1] >= 0x80 &&
	    s[1] <= 0xAF))
		return after_letter ? 2 : 0;
	if (n < 3)
		return 0;
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	if (s[0] != 0xE2 || (s[1] != 0x80 && s[1] != 0x81))
		return 0;
	if (s[1] == 0x81)
		return s[2] == 0xA0 ? 3 : 0;
	switch (s[2]) {
	case 0x8B:
		*rep = ' ';
		return 3;
	case 0x8C: case 0x8D:
		return 3;
	case 0x90: case 0x91: case 0x92:
		*rep = after_word ? '-' : ' ';
		return 3;
	}
	return 0;
}

/* Whether byte c is one a word is made of, to the fold: an ASCII letter
 * or digit, '_', or a byte of a non-ASCII character. */
static int
normalize_fold_word_byte(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* The length of the value at text[i..len) of a field whose values are
 * index terms taken as written (part:3.11.rst, id:draft:14): the run up to
 * a space or ')', as Xapian's parser reads a boolean field's value; 0 when
 * text[i] starts no such value. */
static size_t
normalize_term_value(const char *text, size_t len, size_t i)
{
	static const char *const fields[] = { "part", "id" };
	size_t f, n, j;

	if (i == 0 || text[i - 1] != ':')
		return 0;
	for (f = 0; f < sizeof fields / sizeof fields[0]; f++) {
		n = strlen(fields[f]);
		if (i - 1 >= n && memcmp(text + i - 1 - n, fields[f], n) == 0 &&
		    (i - 1 == n || !(isalnum((unsigned char)text[i - 2 - n]) ||
		    (unsigned char)text[i - 2 - n] >= 0x80 || text[i - 2 - n] == '_')))
			break;
	}
	if (f == sizeof fields / sizeof fields[0])
		return 0;
	for (j = i; j < len && !isspace((unsigned char)text[j]) && text[j] != ')'; j++)
		;
	return j - i;
}

/* text[0..len) folded (normalize_fold_char()): malloc'ed, *outlen its
 * length, never longer; NULL when nothing folds (or when out of memory:
 * *outlen is then 1).  With `query`, the values of part: and id: are kept
 * as written (normalize_term_value()). */
static char *
normalize_fold(const char *text, size_t len, int query, size_t *outlen)
{
	size_t i, k, n;
	char *out, rep;
	int after_letter = 0;

	*outlen = 0;
	for (i = 0; i < len; i++)
		if (query && (n = normalize_term_value(text, len, i)) > 0)
			i += n - 1;
		else if ((unsigned char)text[i] >= 0xC2 && normalize_fold_char(text, i, len,
		    i > 0 && normalize_is_letter((unsigned char)text[i - 1]),
		    i > 0 && normalize_fold_word_byte((unsigned char)text[i - 1]), &rep) > 0)
			break;
	if (i == len)
		return NULL;
	if ((out = malloc(len + 1)) == NULL) {
		*outlen = 1;
		return NULL;
	}
	memcpy(out, text, i);
	k = i;
	after_letter = i > 0 && normalize_is_letter((unsigned char)text[i - 1]);
	while (i < len) {
		if (query && (n = normalize_term_value(text, len, i)) > 0) {
			memcpy(out + k, text + i, n);
			k += n;
			i += n;
			after_letter = normalize_is_letter((unsigned char)text[i - 1]);
			continue;
		}
		n = normalize_fold_char(text, i, len, after_letter,
		    k > 0 && normalize_fold_word_byte((unsigned char)out[k - 1]), &rep);
		if (n == 0) {
			after_letter = normalize_is_letter((unsigned char)text[i]);
			out[k++] = text[i++];
			continue;
		}
		/* a dropped character leaves what came before it as it was */
		if (rep != '\0') {
			after_letter = normalize_is_letter((unsigned char)rep);
			out[k++] = rep;
		}
		i += n;
	}
	out[k] = '\0';
	*outlen = k;
	return out;
}

/* fn() over text[0..len) folded (normalize_fold), as the text is indexed:
 * its hyphens, invisible characters and diacritics are read as in the
 * normalized text.  Returns what fn() returns, or -1 (ENOMEM). */
static int
normalize_on_folded(int (*fn)(const char *, size_t, wsis_buf_t *), const char *text,
    size_t len, wsis_buf_t *out)
{
	size_t flen;
	char *folded = normalize_fold(text, len, 0, &flen);
	int rc;

	if (folded == NULL)
		return flen != 0 ? -1 : fn(text, len, out);
	rc = fn(folded, flen, out);
	free(folded);
	return rc;
}

/* Ordinals in figures and their words ("2nd Preparatory Meeting"). */
static const char *const ordinals[][2] = {
	{ "1st", "first" }, { "2nd", "second" }, { "3rd", "third" },
	{ "4th", "fourth" }, { "5th", "fifth" }, { "6th", "sixth" },
	{ "7th", "seventh" }, { "8th", "eighth" }, { "9th", "ninth" },
	{ "10th", "tenth" },
};

/* Stems whose "our" is American "or" in every derived form. */
static const char *const our_stems[] = {
	"behaviour", "colour", "favour", "honour", "labour", "neighbour",
	"harbour", "humour", "rumour", "vigour", "endeavour", "flavour",
	"savour", "valour", "odour", "armour", "parlour", "splendour",
	"tumour", "clamour", "rigour", "saviour",
};

/* Words in -ise that are not the British -ize (base forms). */
static const char *const ise_exceptions[] = {
	"advise", "apprise", "chastise", "circumcise", "comprise", "compromise",
	"concise", "demise", "despise", "devise", "enterprise", "excise",
	"exercise", "expertise", "franchise", "improvise", "incise",
	"merchandise", "premise", "precise", "promise", "reprise", "revise",
	"sunrise", "supervise", "surmise", "surprise", "televise", "treatise",
	"otherwise", "likewise", "clockwise", "valise", "anise", "paradise",
	"mortise", "porpoise", "tortoise", "disguise", "expise",
};

/* -ise endings and their -ize forms. */
static const char *const ise_suffixes[][2] = {
	{ "isations", "izations" }, { "isation", "ization" }, { "ising", "izing" },
	{ "isers", "izers" }, { "ised", "ized" }, { "ises", "izes" },
	{ "iser", "izer" }, { "ise", "ize" },
};

/* Compounds (wsis_normalize_compounds): prefixes joined to the next word
 * across a hyphen or a space, */
static const char *const join_any[] = { "cyber", "multi" };
/* prefixes joined to the next word across a hyphen only, */
static const char *const join_hyphen[] = {
	"e", "non", "co", "pre", "re", "de", "anti", "post", "sub", "semi",
	"inter", "intra", "micro", "macro", "bio", "eco", "tele", "self",
};
/* and word pairs joined across a hyphen or a space. */
static const char *const join_pairs[][2] = {
	{ "zero", "draft" }, { "web", "site" }, { "data", "base" },
};

/* The longest first word of a compound above ("cyber", "inter"). */
#define JOIN_FIRST_MAX 5

/* Query operators never make a compound. */
static const char *const operators[] = { "AND", "OR", "NOT", "XOR", "NEAR", "ADJ" };

/* Acronyms and their expansions (several spellings each).  Expansions are
 * matched on lowercase words with plurals folded and punctuation ignored;
 * the first is the form indexed beside a passage that uses the acronym. */
typedef struct {
	const char *acronym;
	const char *expansions[4];
} acronym_t;

static const acronym_t acronyms[] = {
	{ "ICT", { "information and communication technology",
	    "information and communications technology", NULL } },
	{ "SIDS", { "small island developing States", NULL } },
	{ "LDC", { "least developed countries", NULL } },
	{ "LLDC", { "landlocked developing countries", NULL } },
	{ "IGF", { "Internet Governance Forum", NULL } },
	{ "CSTD", { "Commission on Science and Technology for Development", NULL } },
	{ "UNGIS", { "United Nations Group on the Information Society", NULL } },
	{ "ITU", { "International Telecommunication Union", NULL } },
	{ "UNESCO", { "United Nations Educational, Scientific and Cultural Organization",
	    NULL } },
	{ "WSIS", { "World Summit on the Information Society", NULL } },
	{ "ECOSOC", { "Economic and Social Council", NULL } },
	{ "SDG", { "Sustainable Development Goals", NULL } },
	{ "MDG", { "Millennium Development Goals", NULL } },
	{ "ODA", { "official development assistance", NULL } },
	{ "UN", { "United Nations", NULL } },
	{ "GA", { "General Assembly", NULL } },   /* "the UN GA" */
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
normalize_is_vowel(char c)
{
	return strchr("aeiouy", c) != NULL;
}

static void
normalize_lower(const char *w, size_t n, char *out)
{
	size_t i;

	/* ASCII only: UTF-8 bytes pass as they are, whatever the locale */
	for (i = 0; i < n; i++)
		out[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
	out[n] = '\0';
}

static int
normalize_in_list(const char *lw, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(lw, list[i]) == 0)
			return 1;
	return 0;
}

static int
normalize_is_operator(const char *w, size_t n)
{
	size_t i;

	/* every operator is two to four capitals */
	if (n < 2 || n > 4 || w[0] < 'A' || w[0] > 'Z')
		return 0;
	for (i = 0; i < NELEM(operators); i++)
		if (strlen(operators[i]) == n && memcmp(w, operators[i], n) == 0)
			return 1;
	return 0;
}

/* spelling_pairs' indexes in the order of their British words, for a
 * binary search: every word of every passage comes through here (filled
 * once by normalize_tables_init). */
static unsigned char spelling_order[NELEM(spelling_pairs)];
_Static_assert(NELEM(spelling_pairs) <= 256, "spelling_order holds bytes");
static pthread_once_t spelling_once = PTHREAD_ONCE_INIT;

/* A filter in front of that search: one bit per hash of a British word
 * (1024 bits for about 70 words), so most words are turned away by one
 * hash and one bit instead of seven string compares. */
#define SPELLING_BITS 1024
static unsigned char spelling_filter[SPELLING_BITS / 8];

static unsigned
normalize_hash(const char *w)
{
	return wsis_hash(w, strlen(w)) % SPELLING_BITS;
}

static int
normalize_cmp_pair(const void *a, const void *b)
{
	return strcmp(spelling_pairs[*(const unsigned char *)a][0],
	    spelling_pairs[*(const unsigned char *)b][0]);
}

static void
normalize_tables_init(void)
{
	size_t i;

	for (i = 0; i < NELEM(spelling_pairs); i++) {
		unsigned h = normalize_hash(spelling_pairs[i][0]);
		spelling_order[i] = (unsigned char)i;
		spelling_filter[h / 8] |= (unsigned char)(1u << (h % 8));
	}
	qsort(spelling_order, NELEM(spelling_order), 1, normalize_cmp_pair);
}

/* The American form of British word lw in spelling_pairs, or NULL. */
static const char *
normalize_spelling_pair(const char *lw)
{
	size_t lo = 0, hi = NELEM(spelling_order);

	unsigned h = normalize_hash(lw);

	pthread_once(&spelling_once, normalize_tables_init);
	if (!(spelling_filter[h / 8] & (1u << (h % 8))))
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(lw, spelling_pairs[spelling_order[mid]][0]);
		if (c == 0)
			return spelling_pairs[spelling_order[mid]][1];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Writes into `out` (WORD_MAX + 8 bytes) the American form of the lowercase
 * word `lw`; returns 1 when it differs. */
static int
normalize_spelling(const char *lw, char *out)
{
	size_t i, n = strlen(lw);
	const char *pair = n >= 4 ? normalize_spelling_pair(lw) : NULL;

	if (pair != NULL) {
		strcpy(out, pair);
		return 1;
	}
	/* the irregular plurals are few and short: a plain scan of those
	 * that end as lw does */
	for (i = 0; n > 0 && i < NELEM(irregular_plurals); i++)
		if (lw[0] == irregular_plurals[i][0][0] &&
		    strcmp(lw, irregular_plurals[i][0]) == 0) {
			strcpy(out, irregular_plurals[i][1]);
			return 1;
		}
	/* the other tables are scanned only for words that could be in them */
	if (strstr(lw, "our") != NULL)
		for (i = 0; i < NELEM(our_stems); i++) {
			size_t sl = strlen(our_stems[i]);
			if (n >= sl && memcmp(lw, our_stems[i], sl) == 0) {
				/* "favourable" -> "favor" + "able" */
				memcpy(out, lw, sl - 2);
				out[sl - 2] = 'r';
				strcpy(out + sl - 1, lw + sl);
				return 1;
			}
		}
	if (n < 4 || strstr(lw + (n > 8 ? n - 8 : 0), "is") == NULL)
		return 0;   /* no -ise ending */
	for (i = 0; i < NELEM(ise_suffixes); i++) {
		const char *suf = ise_suffixes[i][0];
		size_t sl = strlen(suf), stem;
		char base[WORD_MAX + 8];

		if (n <= sl || strcmp(lw + n - sl, suf) != 0)
			continue;
		stem = n - sl;
		/* a consonant before -ise, and a stem of three letters or more */
		if (stem < 3 || normalize_is_vowel(lw[stem - 1]))
			return 0;
		memcpy(base, lw, stem);
		strcpy(base + stem, "ise");
		if (normalize_in_list(base, ise_exceptions, NELEM(ise_exceptions)))
			return 0;
		memcpy(out, lw, stem);
		strcpy(out + stem, ise_suffixes[i][1]);
		return 1;
	}
	return 0;
}

/* Appends `rep` to b with the case pattern of the original word `w`. */
static int
normalize_put_cased(wsis_buf_t *b, const char *w, size_t wn, const char *rep)
{
	size_t i, n = strlen(rep), upper = 0;

	for (i = 0; i < wn; i++)
		if (isupper((unsigned char)w[i]))
			upper++;
	if (wsis_buf_reserve(b, n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		char c = rep[i];
		if (upper == wn && wn > 1)
			c = (char)toupper((unsigned char)c);
		else if (i == 0 && upper > 0 && isupper((unsigned char)w[0]))
			c = (char)toupper((unsigned char)c);
		b->data[b->len++] = c;
	}
	b->data[b->len] = '\0';
	return 0;
}

/* Appends the spelling-normalized form of word w[0..n). */
static int
normalize_put_word(wsis_buf_t *b, const char *w, size_t n)
{
	char lw[WORD_MAX + 1], rep[WORD_MAX + 8];
	size_t a;

	if (n > WORD_MAX)
		return wsis_buf_append(b, w, n);
	/* an acronym's plural as written is the acronym: "LDCs", "SDGs"; in
	 * any case for acronyms of three letters or more ("icts" as typed),
	 * in capitals for two ("UNs", never "gas") */
	if (n >= 3 && (w[n - 1] == 's' || w[n - 1] == 'S'))
		for (a = 0; a < NELEM(acronyms); a++)
			if ((w[0] | 0x20) == (acronyms[a].acronym[0] | 0x20) &&
			    n == strlen(acronyms[a].acronym) + 1 && (n >= 4 ?
			    strncasecmp(w, acronyms[a].acronym, n - 1) == 0 :
			    memcmp(w, acronyms[a].acronym, n - 1) == 0 && w[n - 1] == 's'))
				return wsis_buf_append(b, w, n - 1);
	normalize_lower(w, n, lw);
	if (normalize_spelling(lw, rep))
		return normalize_put_cased(b, w, n, rep);
	return wsis_buf_append(b, w, n);
}

int
wsis_normalize_word(const char *w, size_t n, wsis_buf_t *out)
{
	size_t k, flen;
	char *folded = normalize_fold(w, n, 0, &flen);
	int rc;

	if (folded != NULL) {
		/* its Latin letters without their diacritics, as in a text */
		rc = wsis_normalize_word(folded, flen, out);
		free(folded);
		return rc;
	}
	if (flen != 0)
		return -1;
	/* an ordinal in figures is its word, as in a normalized text */
	for (k = 0; k < NELEM(ordinals); k++)
		if (strlen(ordinals[k][0]) == n && strncasecmp(w, ordinals[k][0], n) == 0)
			return wsis_buf_puts(out, ordinals[k][1]);
	return normalize_put_word(out, w, n);
}

/* Length of the letter run at s[i..len). */
static size_t
normalize_word_len(const char *s, size_t i, size_t len)
{
	size_t j = i;

	while (j < len && normalize_is_letter((unsigned char)s[j]))
		j++;
	return j - i;
}

/* Whether word w (lowercase lw) joins the word after separator `sep`
 * (which is ' ' or '-') whose lowercase form is lnext. */
static int
normalize_joins(const char *lw, char sep, const char *lnext)
{
	size_t i;

	/* the first letter first: most words stop there */
	for (i = 0; i < NELEM(join_any); i++)
		if (lw[0] == join_any[i][0] && strcmp(lw, join_any[i]) == 0)
			return 1;
	for (i = 0; i < NELEM(join_pairs); i++)
		if (lw[0] == join_pairs[i][0][0] && strcmp(lw, join_pairs[i][0]) == 0 &&
		    strcmp(lnext, join_pairs[i][1]) == 0)
			return 1;
	if (sep == '-')
		for (i = 0; i < NELEM(join_hyphen); i++)
			if (lw[0] == join_hyphen[i][0] && strcmp(lw, join_hyphen[i]) == 0)
				return 1;
	return 0;
}

/* 1 + the index in ordinals[] of the ordinal written in figures that
 * stands alone at text[i..len) ("2nd", "10TH"), or 0. */
static size_t
normalize_ordinal(const char *text, size_t i, size_t len)
{
	size_t k, n;

	/* not glued to what precedes: "A/2nd", "x2nd", "para:2nd" stay */
	if (!isdigit((unsigned char)text[i]) || (i > 0 &&
	    (isalnum((unsigned char)text[i - 1]) || (unsigned char)text[i - 1] >= 0x80 ||
	    memchr(":/.+-", text[i - 1], 5) != NULL)))
		return 0;
	for (k = 0; k < NELEM(ordinals); k++) {
		n = strlen(ordinals[k][0]);
		if (n <= len - i && strncasecmp(text + i, ordinals[k][0], n) == 0 &&
		    (i + n == len || !(isalnum((unsigned char)text[i + n]) ||
		    (unsigned char)text[i + n] >= 0x80 || memchr("/+-", text[i + n], 3) != NULL)))
			return k + 1;
	}
	return 0;
}

/* Whether the '.' or ',' at text[i] joins two parts that a word stops at
 * (words.h) but Xapian's TermGenerator would keep as one term: a number's
 * point or separator between two digits ("2.2", "1,000"), a full stop
 * between initials ("H.E.", "e.g.").  normalize_text() writes a hyphen
 * there instead, so the index holds the parts as a phrase ("2 2", "h e"),
 * as the audit, the highlighter and a search for "2" read them, and a
 * query "2.2" searches that phrase. */
static int
normalize_joins_parts(const char *text, size_t len, size_t i)
{
	unsigned char p, n;

	if (i == 0 || i + 1 >= len || (text[i] != '.' && text[i] != ','))
		return 0;
	p = (unsigned char)text[i - 1];
	n = (unsigned char)text[i + 1];
	if (isdigit(p) && isdigit(n))
		return 1;
	/* a lone letter, a full stop, a lone letter */
	return text[i] == '.' && normalize_is_letter(p) && normalize_is_letter(n) &&
	    (i == 1 || !(isalnum((unsigned char)text[i - 2]) ||
	    (unsigned char)text[i - 2] >= 0x80 || text[i - 2] == '\'' || text[i - 2] == '_')) &&
	    (i + 2 == len || !(isalnum((unsigned char)text[i + 2]) ||
	    (unsigned char)text[i + 2] >= 0x80 || text[i + 2] == '\'' || text[i + 2] == '_'));
}

/* When text[i..i+n) is the first word of a known compound written with a
 * hyphen ("co-operation", "cyber-security"), appends its joined word, the
 * second word spelled as normalized, sets *end past it and returns 1
 * (*end = 0: out of memory); else returns 0. */
static int
normalize_hyphen_compound(const char *text, size_t len, size_t i, size_t n,
    wsis_buf_t *b, size_t *end, int quoted)
{
	char lw[WORD_MAX + 1], lnext[WORD_MAX + 1];
	size_t j = i + n, n2;

	if (n > JOIN_FIRST_MAX || j + 1 >= len || text[j] != '-' ||
	    !normalize_is_letter((unsigned char)text[j + 1]))
		return 0;
	n2 = normalize_word_len(text, j + 1, len);
	if (n2 > WORD_MAX || (j + 1 + n2 < len && (isalnum((unsigned char)text[j + 1 + n2]) ||
	    (unsigned char)text[j + 1 + n2] >= 0x80 || text[j + 1 + n2] == '*')))
		return 0;
	if (normalize_is_operator(text + j + 1, n2))
		return 0;
	normalize_lower(text + i, n, lw);
	normalize_lower(text + j + 1, n2, lnext);
	if (!normalize_joins(lw, '-', lnext))
		return 0;
	/* in quotes, only a compound that is the whole phrase: "co-operation" */
	if (quoted && !(i > 0 && text[i - 1] == '"' && j + 1 + n2 < len &&
	    text[j + 1 + n2] == '"'))
		return 0;
	if (wsis_buf_append(b, text + i, n) != 0 || normalize_put_word(b, text + j + 1, n2) != 0)
		*end = 0;
	else
		*end = j + 1 + n2;
	return 1;
}

/* wsis_normalize(); with `query`, a compound written with a hyphen outside
 * quotes becomes its joined word (wsis_normalize_query()). */
static char *
normalize_text(const char *text, size_t len, int query)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t i = 0, flen;
	int quoted = 0;
	char *folded = normalize_fold(text, len, query, &flen);

	if (folded != NULL) {
		text = folded;
		len = flen;
	} else if (flen != 0) {
		return NULL;
	}

	if (wsis_buf_reserve(&b, len) != 0)
		return NULL;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		size_t n, j;
		int word_start;

		if (query && (n = normalize_term_value(text, len, i)) > 0) {
			if (wsis_buf_append(&b, text + i, n) != 0)
				goto fail;
			i += n;
			continue;
		}
		/* a word starts at a letter not glued to a preceding letter,
		 * digit or non-ASCII byte (so "a/66" or "WSIS+10" pass through) */
		word_start = normalize_is_letter(c) && (i == 0 ||
		    !(isalnum((unsigned char)text[i - 1]) || (unsigned char)text[i - 1] >= 0x80));
		if (!word_start) {
			n = normalize_ordinal(text, i, len);
			if (n > 0) {
				if (wsis_buf_puts(&b, ordinals[n - 1][1]) != 0)
					goto fail;
				i += strlen(ordinals[n - 1][0]);
				continue;
			}
			if (wsis_buf_putc(&b, normalize_joins_parts(text, len, i) ? '-' : (char)c) != 0)
				goto fail;
			quoted ^= c == '"';
			i++;
			continue;
		}
		n = normalize_word_len(text, i, len);
		j = i + n;
		/* a field value (part:programme) is taken as written */
		if (i > 0 && text[i - 1] == ':') {
			if (wsis_buf_append(&b, text + i, n) != 0)
				goto fail;
			i = j;
			continue;
		}
		if (query && normalize_hyphen_compound(text, len, i, n, &b, &j, quoted) != 0) {
			if (j == 0)
				goto fail;
			i = j;
			continue;
		}
		if (normalize_put_word(&b, text + i, n) != 0)
			goto fail;
		i = j;
	}
	free(folded);
	return wsis_buf_detach(&b);
fail:
	free(folded);
	wsis_buf_free(&b);
	return NULL;
}

char *
wsis_normalize(const char *text, size_t len)
{
	return normalize_text(text, len, 0);
}

char *
wsis_normalize_query(const char *text, size_t len)
{
	return normalize_text(text, len, 1);
}

/* ---- compounds ---- */

/* Words that begin with an open prefix without being made of it. */
static const char *const join_not_split[] = {
	"multipl", "multitud", "cybernet",
};

/* Whether out[from..] already holds the line l[0..n) ("\n"-terminated). */
static int
normalize_has_line(const wsis_buf_t *out, size_t from, const char *l, size_t n)
{
	const char *p = out->data != NULL ? out->data + from : NULL;
	const char *end = out->data != NULL ? out->data + out->len : NULL;

	while (p != NULL && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			break;
		if ((size_t)(nl - p) == n && memcmp(p, l, n) == 0)
			return 1;
		p = nl + 1;
	}
	return 0;
}

/* Appends the line lw (lowercase) once; returns 1 when added, 0, or -1. */
static int
normalize_add_line(wsis_buf_t *out, size_t from, const char *lw)
{
	size_t n = strlen(lw);

	if (normalize_has_line(out, from, lw, n))
		return 0;
	if (wsis_buf_append(out, lw, n) != 0 || wsis_buf_putc(out, '\n') != 0)
		return -1;
	return 1;
}

/* The first part of a joined compound that lw (lowercase, n letters)
 * begins with and goes on after: an open prefix followed by three letters
 * or more ("cybersecurity"), or the first word of a pair joined
 * ("zerodraft"); 0 when none. */
static size_t
normalize_split_at(const char *lw, size_t n)
{
	size_t i, k;

	/* each test compares the first letter first: most words stop there */
	for (i = 0; i < NELEM(join_not_split); i++)
		if (lw[0] == join_not_split[i][0] &&
		    strncmp(lw, join_not_split[i], strlen(join_not_split[i])) == 0)
			return 0;
	for (i = 0; i < NELEM(join_any); i++) {
		if (lw[0] != join_any[i][0])
			continue;
		k = strlen(join_any[i]);
		if (n >= k + 3 && memcmp(lw, join_any[i], k) == 0)
			return k;
	}
	for (i = 0; i < NELEM(join_pairs); i++) {
		size_t k1, k2;

		if (lw[0] != join_pairs[i][0][0])
			continue;
		k1 = strlen(join_pairs[i][0]);
		k2 = strlen(join_pairs[i][1]);
		if (n >= k1 + k2 && memcmp(lw, join_pairs[i][0], k1) == 0 &&
		    memcmp(lw + k1, join_pairs[i][1], k2) == 0)
			return k1;
	}
	return 0;
}

static int
normalize_compounds_folded(const char *text, size_t len, wsis_buf_t *out)
{
	size_t i = 0, from = out->len;
	int added = 0, rc;

	while (i < len) {
		char lw[WORD_MAX + 1], lnext[WORD_MAX + 1], line[2 * WORD_MAX + 16];
		size_t n, j, n2, k;

		/* a word: letters not glued to a letter, digit or non-ASCII
		 * byte on either side ("A/66" and "WSIS+10" are no words here) */
		if (!normalize_is_letter((unsigned char)text[i]) || (i > 0 &&
		    (isalnum((unsigned char)text[i - 1]) || (unsigned char)text[i - 1] >= 0x80))) {
			i++;
			continue;
		}
		n = normalize_word_len(text, i, len);
		j = i + n;
		if (n > WORD_MAX || (j < len && (isdigit((unsigned char)text[j]) ||
		    (unsigned char)text[j] >= 0x80))) {
			i = j;
			continue;
		}
		normalize_lower(text + i, n, lw);
		/* joined: its parts, as a phrase */
		if ((k = normalize_split_at(lw, n)) > 0) {
			memcpy(line, lw, k);
			line[k] = ' ';
			strcpy(line + k + 1, lw + k);
			if ((rc = normalize_add_line(out, from, line)) < 0)
				return -1;
			added += rc;
		}
		/* word + ('-' | ' ') + word: the joined word, the second one
		 * spelled as normalization spells it */
		if (n <= JOIN_FIRST_MAX && j + 1 < len && (text[j] == '-' || text[j] == ' ') &&
		    normalize_is_letter((unsigned char)text[j + 1])) {
			n2 = normalize_word_len(text, j + 1, len);
			if (n2 <= WORD_MAX && !normalize_is_operator(text + j + 1, n2) &&
			    !normalize_is_operator(text + i, n) &&
			    !(j + 1 + n2 < len && (isdigit((unsigned char)text[j + 1 + n2]) ||
			    (unsigned char)text[j + 1 + n2] >= 0x80))) {
				normalize_lower(text + j + 1, n2, lnext);
				if (normalize_joins(lw, text[j], lnext)) {
					wsis_buf_t w = WSIS_BUF_INIT;
					if (wsis_buf_puts(&w, lw) != 0 ||
					    normalize_put_word(&w, lnext, n2) != 0) {
						wsis_buf_free(&w);
						return -1;
					}
					rc = normalize_add_line(out, from, w.data);
					wsis_buf_free(&w);
					if (rc < 0)
						return -1;
					added += rc;
				}
			}
		}
		i = j;
	}
	return added;
}

int
wsis_normalize_compounds(const char *text, size_t len, wsis_buf_t *out)
{
	return normalize_on_folded(normalize_compounds_folded, text, len, out);
}

/* ---- synonyms ---- */

#define TOKENS_MAX 256    /* tokens examined at once, in windows */

typedef struct {
	const char *s;   /* original */
	size_t      n;
	char        low[WORD_MAX + 1];   /* lowercase, plural folded */
} token_t;

/* Folds a plural: "countries" -> "country", "states" -> "state". */
static void
normalize_singular(char *w)
{
	size_t n = strlen(w);

	if (n > 4 && strcmp(w + n - 3, "ies") == 0)
		strcpy(w + n - 3, "y");
	else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
		w[n - 1] = '\0';
}

/* Splits the next alphanumeric token from s[*pos..len); returns 0 at end. */
static int
normalize_next_token(const char *s, size_t len, size_t *pos, token_t *t)
{
	size_t i = *pos, j;

	while (i < len && !(isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
		i++;
	if (i >= len)
		return 0;
	j = i;
	while (j < len && (isalnum((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))
		j++;
	t->s = s + i;
	t->n = j - i;
	if (t->n > WORD_MAX) {
		t->low[0] = '\0';
	} else {
		normalize_lower(s + i, t->n, t->low);
		normalize_singular(t->low);
	}
	*pos = j;
	return 1;
}

/* Whether the token is the acronym as written: "SIDS", "ICTs", "LDCs". */
static int
normalize_is_acronym_token(const token_t *t, const char *acr)
{
	size_t n;

	if (t->s[0] != acr[0])   /* most tokens: one compare */
		return 0;
	n = strlen(acr);
	if (t->n == n && memcmp(t->s, acr, n) == 0)
		return 1;
	return t->n == n + 1 && memcmp(t->s, acr, n) == 0 && t->s[n] == 's';
}

/* The expansions' words as tokens are compared: lowercase, plurals
 * folded; and the first letters of their first words (filled once by
 * normalize_expansions_init). */
#define EXPANSION_WORDS 12
typedef struct {
	char   word[EXPANSION_WORDS][WORD_MAX + 1];
	size_t n;
} expansion_words_t;
static expansion_words_t expansion_words[NELEM(acronyms)][4];
static unsigned char expansion_first[32];
static pthread_once_t expansions_once = PTHREAD_ONCE_INIT;

static void
normalize_expansions_init(void)
{
	size_t a, e;

	for (a = 0; a < NELEM(acronyms); a++)
		for (e = 0; acronyms[a].expansions[e] != NULL; e++) {
			expansion_words_t *x = &expansion_words[a][e];
			const char *p = acronyms[a].expansions[e];
			while (*p != '\0' && x->n < EXPANSION_WORDS) {
				size_t n = strcspn(p, " ,");
				if (n > WORD_MAX)
					n = WORD_MAX;
				normalize_lower(p, n, x->word[x->n]);
				normalize_singular(x->word[x->n]);
				x->n++;
				p += n;
				while (*p == ' ' || *p == ',')
					p++;
			}
			expansion_first[(unsigned char)x->word[0][0] >> 3] |=
			    (unsigned char)(1u << (x->word[0][0] & 7));
		}
}

/* Whether the expansion's words start at toks[k]. */
static int
normalize_expansion_at(const token_t *toks, size_t ntok, size_t k,
    const expansion_words_t *x)
{
	size_t i;

	if (k + x->n > ntok || toks[k].low[0] != x->word[0][0])
		return 0;
	for (i = 0; i < x->n; i++)
		if (strcmp(toks[k + i].low, x->word[i]) != 0)
			return 0;
	return 1;
}

static int
normalize_synonyms_folded(const char *text, size_t len, wsis_buf_t *out)
{
	/* on the stack (22 KB): a heap block this size, asked for every
	 * passage, makes malloc consolidate its free lists each time */
	token_t toks[TOKENS_MAX];
	size_t ntok = 0, pos = 0, k, a, e;
	unsigned char found_acr[NELEM(acronyms)] = { 0 };
	unsigned char found_exp[NELEM(acronyms)] = { 0 };
	int added = 0, more = 1;

	pthread_once(&expansions_once, normalize_expansions_init);
	while (more) {
		/* a window of tokens; the last few are carried over so an
		 * expansion across the window edge is still seen */
		while (ntok < TOKENS_MAX && (more = normalize_next_token(text, len, &pos,
		    &toks[ntok])))
			ntok++;
		for (k = 0; k < ntok; k++) {
			unsigned char c0 = (unsigned char)toks[k].low[0];
			int upper = isupper((unsigned char)toks[k].s[0]);
			int first = (expansion_first[c0 >> 3] >> (c0 & 7)) & 1;
			if (!upper && !first)
				continue;
			for (a = 0; a < NELEM(acronyms); a++) {
				if (upper && normalize_is_acronym_token(&toks[k],
				    acronyms[a].acronym))
					found_exp[a] = 1;   /* index its expansion */
				for (e = 0; first && acronyms[a].expansions[e] != NULL; e++)
					if (normalize_expansion_at(toks, ntok, k,
					    &expansion_words[a][e]))
						found_acr[a] = 1;
			}
		}
		if (more && ntok > 16) {
			memmove(toks, toks + ntok - 16, sizeof(*toks) * 16);
			ntok = 16;
		} else if (!more) {
			break;
		}
	}
	for (a = 0; a < NELEM(acronyms); a++) {
		if (found_acr[a]) {
			if (wsis_buf_printf(out, "%s\n", acronyms[a].acronym) != 0)
				return -1;
			added++;
		}
		if (found_exp[a]) {
			if (wsis_buf_printf(out, "%s\n", acronyms[a].expansions[0]) != 0)
				return -1;
			added++;
		}
	}
	return added;
}

int
wsis_normalize_synonyms(const char *text, size_t len, wsis_buf_t *out)
{
	return normalize_on_folded(normalize_synonyms_folded, text, len, out);
}

static int
normalize_alternatives_folded(const char *phrase, size_t len, wsis_buf_t *out)
{
	token_t toks[16];
	size_t ntok = 0, pos = 0, a, e;
	int added = 0;

	pthread_once(&expansions_once, normalize_expansions_init);
	/* a possessive is its word: "General Assembly's", "ICT's" */
	while (len > 0 && phrase[len - 1] == ' ')
		len--;
	if (len > 2 && phrase[len - 2] == '\'' && (phrase[len - 1] | 0x20) == 's')
		len -= 2;
	else if (len > 4 && memcmp(phrase + len - 4, "\xe2\x80\x99", 3) == 0 &&
	    (phrase[len - 1] | 0x20) == 's')
		len -= 4;
	while (ntok < 16 && normalize_next_token(phrase, len, &pos, &toks[ntok]))
		ntok++;
	if (ntok == 0 || ntok == 16)
		return 0;
	for (a = 0; a < NELEM(acronyms); a++) {
		size_t an = strlen(acronyms[a].acronym);

		if (ntok == 1 && ((toks[0].n == an &&
		    strncasecmp(toks[0].s, acronyms[a].acronym, an) == 0) ||
		    (toks[0].n == an + 1 && strncasecmp(toks[0].s, acronyms[a].acronym, an) == 0 &&
		    (toks[0].s[an] == 's' || toks[0].s[an] == 'S')))) {
			for (e = 0; acronyms[a].expansions[e] != NULL; e++) {
				if (wsis_buf_printf(out, "%s\n", acronyms[a].expansions[e]) != 0)
					return -1;
				added++;
			}
			continue;
		}
		for (e = 0; acronyms[a].expansions[e] != NULL; e++)
			if (expansion_words[a][e].n == ntok &&
			    normalize_expansion_at(toks, ntok, 0, &expansion_words[a][e])) {
				if (wsis_buf_printf(out, "%s\n", acronyms[a].acronym) != 0)
					return -1;
				added++;
				break;
			}
	}
	return added;
}

int
wsis_normalize_alternatives(const char *phrase, size_t len, wsis_buf_t *out)
{
	return normalize_on_folded(normalize_alternatives_folded, phrase, len, out);
}

int
wsis_normalize_synonym_word(const char *w, size_t n)
{
	size_t a, e;

	for (a = 0; a < NELEM(acronyms); a++) {
		const char *p = acronyms[a].acronym;
		if (strlen(p) == n && strncasecmp(p, w, n) == 0)
			return 1;
		for (e = 0; acronyms[a].expansions[e] != NULL; e++)
			for (p = acronyms[a].expansions[e]; *p != '\0';) {
				size_t k = strcspn(p, " ,");
				if (k == n && strncasecmp(p, w, n) == 0)
					return 1;
				p += k;
				while (*p == ' ' || *p == ',')
					p++;
			}
	}
	return 0;
}

/* Whether w[0..n) starts with prefix p and goes on after it. */
static int
normalize_extends(const char *w, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n > k && memcmp(w, p, k) == 0;
}

unsigned
wsis_normalize_origins(const char *w, size_t n)
{
	char lw[WORD_MAX + 1], us[WORD_MAX + 8];
	size_t i, k, sl;
	unsigned o = 0;

	if (n == 0 || n > WORD_MAX)
		return 0;
	normalize_lower(w, n, lw);
	for (i = 0; i < NELEM(spelling_pairs); i++)
		if (strcmp(lw, spelling_pairs[i][1]) == 0)
			o |= WSIS_NORM_FROM_SPELLING;
	for (i = 0; i < NELEM(ordinals); i++)
		if (strcmp(lw, ordinals[i][1]) == 0)
			o |= WSIS_NORM_FROM_SPELLING;
	for (i = 0; i < NELEM(irregular_plurals); i++)
		if (strcmp(lw, irregular_plurals[i][1]) == 0)
			o |= WSIS_NORM_FROM_SPELLING;
	for (i = 0; i < NELEM(our_stems); i++) {
		/* "labour" is written "labor", and so is what it begins */
		const char *our = strstr(our_stems[i], "our");
		k = (size_t)(our - our_stems[i]);
		memcpy(us, our_stems[i], k);
		strcpy(us + k, "or");
		strcat(us + k, our + 3);
		if (strncmp(lw, us, strlen(us)) == 0)
			o |= WSIS_NORM_FROM_SPELLING;
	}
	for (i = 0; i < NELEM(ise_suffixes); i++) {
		sl = strlen(ise_suffixes[i][1]);
		if (n > sl && strcmp(lw + n - sl, ise_suffixes[i][1]) == 0)
			o |= WSIS_NORM_FROM_SPELLING;
	}
	for (i = 0; i < NELEM(acronyms); i++)
		if (strlen(acronyms[i].acronym) == n && strncasecmp(lw, acronyms[i].acronym, n) == 0)
			o |= WSIS_NORM_FROM_SPELLING;
	/* a joined compound, or the first part of one split */
	for (i = 0; i < NELEM(join_any); i++)
		if (normalize_extends(lw, n, join_any[i]) || strcmp(lw, join_any[i]) == 0)
			o |= WSIS_NORM_FROM_COMPOUND;
	for (i = 0; i < NELEM(join_pairs); i++)
		if (normalize_extends(lw, n, join_pairs[i][0]) ||
		    strcmp(lw, join_pairs[i][0]) == 0)
			o |= WSIS_NORM_FROM_COMPOUND;
	for (i = 0; i < NELEM(join_hyphen); i++)
		if (normalize_extends(lw, n, join_hyphen[i]))
			o |= WSIS_NORM_FROM_HYPHEN;
	return o;
}

int
wsis_normalize_is_acronym(const char *w, size_t n)
{
	size_t a, an;

	for (a = 0; a < NELEM(acronyms); a++) {
		an = strlen(acronyms[a].acronym);
		if ((n == an || (n == an + 1 && w[an] == 's')) &&
		    memcmp(w, acronyms[a].acronym, an) == 0)
			return 1;
	}
	return 0;
}

/* ---- the compounds and acronyms of the mentions audit (mentions.c) ---- */

int
wsis_normalize_compound(const char *a, size_t an, const char *b, size_t bn, int hyphen)
{
	size_t i;

	if (an == 0 || bn == 0)
		return 0;
	for (i = 0; i < NELEM(join_any); i++)
		if (strlen(join_any[i]) == an && strncasecmp(a, join_any[i], an) == 0)
			return 1;
	for (i = 0; i < NELEM(join_pairs); i++)
		if (strlen(join_pairs[i][0]) == an && strncasecmp(a, join_pairs[i][0], an) == 0 &&
		    strlen(join_pairs[i][1]) == bn && strncasecmp(b, join_pairs[i][1], bn) == 0)
			return 1;
	for (i = 0; hyphen && i < NELEM(join_hyphen); i++)
		if (strlen(join_hyphen[i]) == an && strncasecmp(a, join_hyphen[i], an) == 0)
			return 1;
	return 0;
}

size_t
wsis_normalize_compound_split(const char *w, size_t n)
{
	size_t i, k;

	for (i = 0; i < NELEM(join_any); i++) {
		k = strlen(join_any[i]);
		if (n > k && strncasecmp(w, join_any[i], k) == 0)
			return k;
	}
	for (i = 0; i < NELEM(join_pairs); i++) {
		k = strlen(join_pairs[i][0]);
		if (n == k + strlen(join_pairs[i][1]) && strncasecmp(w, join_pairs[i][0], k) == 0 &&
		    strncasecmp(w + k, join_pairs[i][1], n - k) == 0)
			return k;
	}
	return 0;
}

const char *
wsis_normalize_acronym(const char *w, size_t n)
{
	size_t a, an;

	/* a possessive is its word: "ICT's" */
	if (n > 2 && w[n - 2] == '\'' && (w[n - 1] | 0x20) == 's')
		n -= 2;
	else if (n > 4 && memcmp(w + n - 4, "\xe2\x80\x99", 3) == 0 && (w[n - 1] | 0x20) == 's')
		n -= 4;
	for (a = 0; a < NELEM(acronyms); a++) {
		an = strlen(acronyms[a].acronym);
		if ((n == an || (n == an + 1 && (w[an] == 's' || w[an] == 'S'))) &&
		    strncasecmp(w, acronyms[a].acronym, an) == 0)
			return acronyms[a].acronym;
	}
	return NULL;
}
