/* answertype.c - kinds of answer asked and stated (answertype.h).
 *
 * Text is read as tokens: runs of letters (ASCII, or any byte of a UTF-8
 * sequence), and runs of digits with the ':' or '.' between them
 * ("10:00", "3.2").  Each rule looks at a token and its neighbours. */
#include "answertype.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "hash.h"

#define AT_MAX_TOKENS 4096   /* a passage's first tokens: enough to tell */
#define AT_WORD 24           /* bytes of a token compared (lower-cased) */

typedef struct {
	char     low[AT_WORD];   /* lower-cased, NUL-terminated, cut */
	size_t   len;            /* its length in the text */
	unsigned digits : 1;     /* a number */
	unsigned colon : 1;      /* a number with a ':' (10:00) */
	unsigned upper : 1;      /* begins with a capital letter */
	unsigned stop : 1;       /* a sentence ends before it */
	unsigned symbol : 1;     /* digits of a symbol: "68/167", "A/66/77" */
	unsigned lists;          /* the word lists below that hold it (AT_L_*) */
} at_token_t;

static int
at_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int
at_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static const char *const at_abbrevs[] = {
	"mr", "mrs", "ms", "dr", "prof", "h", "e", "st", NULL
};
static const char *const at_months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", NULL
};
static const char *const at_days[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	NULL
};
static const char *const at_dayparts[] = {
	"morning", "afternoon", "evening", "noon", "midday", "midnight", "night", NULL
};
static const char *const at_freq[] = {
	"annual", "annually", "yearly", "biennial", "biennially", "triennial",
	"quarterly", "monthly", "weekly", "daily", "periodic", "periodically",
	"regularly", "once", "twice", NULL
};
static const char *const at_units[] = {
	"year", "years", "month", "months", "week", "weeks", "day", "days", NULL
};
static const char *const at_titles[] = {
	"mr", "mrs", "ms", "dr", "excellency", "ambassador", "president", "chair",
	"chairman", "chairperson", "chairwoman", "representative", "secretary",
	"minister", "facilitator", "facilitators", "rapporteur", "director",
	"professor", "prof", "sir", "madam", NULL
};
static const char *const at_places[] = {
	"room", "hall", "headquarters", "venue", "auditorium", "building", "chamber",
	NULL
};
static const char *const at_amounts[] = {
	"cent", "percent", "percentage", "million", "millions", "billion", "billions",
	"trillion", "trillions", "thousand", "thousands", "hundred", "hundreds",
	"half", "third", "quarter", "majority", "dozen", NULL
};
/* numbers that name a thing rather than count: "paragraph 35" */
static const char *const at_labels[] = {
	"paragraph", "paragraphs", "para", "article", "articles", "resolution",
	"resolutions", "section", "chapter", "annex", "page", "room", "goal", "goals",
	"target", "decision", "rule", NULL
};

static const char *const at_every[] = { "every", "each", "per", NULL };
static const char *const at_inat[] = { "in", "at", NULL };

/* The lists a token's word is looked up in, each a bit of its `lists`. */
enum {
	AT_L_ABBREV = 1u << 0, AT_L_MONTH = 1u << 1, AT_L_DAY = 1u << 2,
	AT_L_DAYPART = 1u << 3, AT_L_FREQ = 1u << 4, AT_L_UNIT = 1u << 5,
	AT_L_TITLE = 1u << 6, AT_L_PLACE = 1u << 7, AT_L_AMOUNT = 1u << 8,
	AT_L_LABEL = 1u << 9, AT_L_EVERY = 1u << 10, AT_L_INAT = 1u << 11
};
static const struct {
	const char *const *words;
	unsigned           bit;
} at_lists[] = {
	{ at_abbrevs, AT_L_ABBREV }, { at_months, AT_L_MONTH }, { at_days, AT_L_DAY },
	{ at_dayparts, AT_L_DAYPART }, { at_freq, AT_L_FREQ }, { at_units, AT_L_UNIT },
	{ at_titles, AT_L_TITLE }, { at_places, AT_L_PLACE }, { at_amounts, AT_L_AMOUNT },
	{ at_labels, AT_L_LABEL }, { at_every, AT_L_EVERY }, { at_inat, AT_L_INAT },
};

/* Every word of those lists with the bits of the lists that hold it, in
 * an open-addressed table filled once (at_words_init): every token of
 * every passage indexed is looked up, one hash and one compare instead of
 * a hundred. */
#define AT_SLOTS 512
static struct {
	const char *word;
	unsigned    lists;
} at_words[AT_SLOTS];
static pthread_once_t at_words_once = PTHREAD_ONCE_INIT;

static void
at_words_init(void)
{
	size_t l, h;
	const char *const *w;

	for (l = 0; l < sizeof at_lists / sizeof at_lists[0]; l++)
		for (w = at_lists[l].words; *w != NULL; w++) {
			for (h = wsis_hash(*w, strlen(*w)) % AT_SLOTS; at_words[h].word != NULL &&
			    strcmp(at_words[h].word, *w) != 0; h = (h + 1) % AT_SLOTS)
				;
			at_words[h].word = *w;
			at_words[h].lists |= at_lists[l].bit;
		}
}

/* The AT_L_ bits of the lists that hold the lowercase word w[0..n). */
static unsigned
at_lookup(const char *w, size_t n)
{
	size_t h;

	pthread_once(&at_words_once, at_words_init);
	for (h = wsis_hash(w, n) % AT_SLOTS; at_words[h].word != NULL; h = (h + 1) % AT_SLOTS)
		if (strcmp(at_words[h].word, w) == 0)
			return at_words[h].lists;
	return 0;
}

static int
at_in(const char *w, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}


/* Splits text into at most max tokens; returns their number. */
static size_t
at_tokens(const char *text, size_t len, at_token_t *t, size_t max)
{
	size_t i = 0, n = 0;
	int stop = 1;

	while (i < len && n < max) {
		unsigned char c = (unsigned char)text[i];
		size_t j = i, k;

		if (!at_letter(c) && !at_digit(c)) {
			/* the full stop of "Mr." or "H.E." ends no sentence */
			if ((c == '.' && !(n > 0 && (t[n - 1].lists & AT_L_ABBREV))) ||
			    c == '\n' || c == '?' || c == '!' || c == ':' || c == ';')
				stop = 1;
			i++;
			continue;
		}
		memset(&t[n], 0, sizeof t[n]);
		if (at_digit(c)) {
			while (j < len && (at_digit((unsigned char)text[j]) ||
			    ((text[j] == ':' || text[j] == '.') && j + 1 < len &&
			    at_digit((unsigned char)text[j + 1]) && j > i))) {
				if (text[j] == ':')
					t[n].colon = 1;
				j++;
			}
			t[n].digits = 1;
			t[n].symbol = (i > 0 && text[i - 1] == '/') ||
			    (j < len && text[j] == '/');
		} else {
			while (j < len && at_letter((unsigned char)text[j]))
				j++;
			t[n].upper = c >= 'A' && c <= 'Z';
		}
		t[n].len = j - i;
		for (k = 0; k < t[n].len && k < AT_WORD - 1; k++) {
			char ch = text[i + k];
			t[n].low[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
		}
		t[n].low[k] = '\0';
		/* no word of the lists has a digit */
		t[n].lists = t[n].digits ? 0 : at_lookup(t[n].low, k);
		t[n].stop = stop;
		stop = 0;
		n++;
		i = j;
	}
	return n;
}

static int
at_month(const at_token_t *t)
{
	return (t->lists & AT_L_MONTH) != 0;
}

/* A day of a month or a year: 1 to 31, or 1000 to 2999. */
static int
at_day_or_year(const at_token_t *t)
{
	if (!t->digits || t->colon || strchr(t->low, '.') != NULL)
		return 0;
	return t->len <= 2 || (t->len == 4 && (t->low[0] == '1' || t->low[0] == '2'));
}

/* A capitalised word that may be (part of) a name. */
static int
at_name_word(const at_token_t *t)
{
	return t->upper && t->len > 1 &&
	    !(t->lists & (AT_L_TITLE | AT_L_MONTH | AT_L_DAY));
}

unsigned
wsis_answer_stated(const char *text, size_t len)
{
	static __thread at_token_t t[AT_MAX_TOKENS];
	size_t n, i;
	unsigned kinds = 0;

	if (text == NULL)
		return 0;
	n = at_tokens(text, len, t, AT_MAX_TOKENS);
	for (i = 0; i < n; i++) {
		const at_token_t *prev = i > 0 ? &t[i - 1] : NULL;
		const at_token_t *next = i + 1 < n ? &t[i + 1] : NULL;
		const char *w = t[i].low;

		if (t[i].digits) {
			/* the passage's own number ("25. We welcome") names it */
			if (i == 0)
				continue;
			if (t[i].colon || (next != NULL && (strcmp(next->low, "pm") == 0 ||
			    strcmp(next->low, "am") == 0 || ((strcmp(next->low, "a") == 0 ||
			    strcmp(next->low, "p") == 0) && i + 2 < n &&
			    strcmp(t[i + 2].low, "m") == 0))))
				kinds |= WSIS_ANSWER_TIME;
			if (at_day_or_year(&t[i]) && ((prev != NULL && at_month(prev)) ||
			    (next != NULL && at_month(next)) || t[i].len == 4))
				kinds |= WSIS_ANSWER_DATE;
			/* a count: not a label's number ("paragraph 35"), a
			 * symbol's digits ("resolution 68/167") or a year */
			if ((prev == NULL || !(prev->lists & AT_L_LABEL)) && !t[i].symbol &&
			    !(at_day_or_year(&t[i]) && t[i].len == 4))
				kinds |= WSIS_ANSWER_NUMBER;
			continue;
		}
		/* "May" and "March" are words too: a date only beside a day */
		if (at_month(&t[i]) && t[i].upper &&
		    (strcmp(w, "may") != 0 && strcmp(w, "march") != 0 ?
		    1 : (prev != NULL && at_day_or_year(prev)) ||
		    (next != NULL && at_day_or_year(next))))
			kinds |= WSIS_ANSWER_DATE;
		if (t[i].lists & AT_L_DAY)
			kinds |= WSIS_ANSWER_DATE;
		if (t[i].lists & AT_L_DAYPART)
			kinds |= WSIS_ANSWER_TIME;
		if (t[i].lists & AT_L_FREQ)
			kinds |= WSIS_ANSWER_FREQ;
		if ((t[i].lists & AT_L_EVERY) && next != NULL) {
			size_t k;
			for (k = i + 1; k < n && k <= i + 3; k++)
				if (t[k].lists & AT_L_UNIT)
					kinds |= WSIS_ANSWER_FREQ;
		}
		if (t[i].upper && (t[i].lists & AT_L_TITLE) &&
		    ((prev != NULL && at_name_word(prev) && !t[i].stop) ||
		    (next != NULL && at_name_word(next) && !next->stop)))
			kinds |= WSIS_ANSWER_NAME;
		if (t[i].lists & AT_L_PLACE)
			kinds |= WSIS_ANSWER_PLACE;
		/* "in Geneva", "at United Nations Headquarters"; not "in
		 * Article 19" (a number names what follows) */
		if ((t[i].lists & AT_L_INAT) && next != NULL &&
		    at_name_word(next) && !next->stop &&
		    !(i + 2 < n && t[i + 2].digits))
			kinds |= WSIS_ANSWER_PLACE;
		if ((t[i].lists & AT_L_AMOUNT) && (strcmp(w, "cent") != 0 ||
		    (prev != NULL && strcmp(prev->low, "per") == 0)))
			kinds |= WSIS_ANSWER_NUMBER;
	}
	/* "%" is no letter: look for it apart */
	if (memchr(text, '%', len) != NULL)
		kinds |= WSIS_ANSWER_NUMBER;
	return kinds;
}

/* What a wh-word and the word after it ask for. */
static unsigned
at_asks(const at_token_t *t, size_t n, size_t i)
{
	static const char *const what_place[] = {
		"room", "city", "venue", "place", "country", "location", "building",
		"hall", NULL
	};
	static const char *const what_time[] = {
		"time", "date", "day", "days", "year", "month", "hour", "week", NULL
	};
	static const char *const what_number[] = {
		"share", "percentage", "proportion", "number", "amount", "fraction",
		"percent", "portion", "level", NULL
	};
	static const char *const how_often[] = {
		"often", "frequently", "regularly", NULL
	};
	const char *w = t[i].low, *next = i + 1 < n ? t[i + 1].low : "";

	if (strcmp(w, "where") == 0)
		return WSIS_ANSWER_PLACE;
	if (strcmp(w, "when") == 0)
		return WSIS_ANSWER_DATE | WSIS_ANSWER_TIME;
	if (strcmp(w, "who") == 0 || strcmp(w, "whom") == 0 || strcmp(w, "whose") == 0)
		return WSIS_ANSWER_NAME;
	if (strcmp(w, "how") == 0) {
		if (at_in(next, how_often))
			return WSIS_ANSWER_FREQ;
		if (strcmp(next, "many") == 0 || strcmp(next, "much") == 0)
			return WSIS_ANSWER_NUMBER;
		if (strcmp(next, "long") == 0)
			return WSIS_ANSWER_DATE | WSIS_ANSWER_TIME;
		return 0;
	}
	if (strcmp(w, "what") == 0 || strcmp(w, "which") == 0) {
		if (at_in(next, what_place))
			return strcmp(next, "country") == 0 ?
			    WSIS_ANSWER_PLACE | WSIS_ANSWER_NAME : WSIS_ANSWER_PLACE;
		if (at_in(next, what_time) || at_in(next, at_days))
			return WSIS_ANSWER_DATE | WSIS_ANSWER_TIME;
		if (at_in(next, what_number))
			return WSIS_ANSWER_NUMBER;
		/* "what is the name of", "which person" */
		if (strcmp(next, "person") == 0 || strcmp(next, "people") == 0 ||
		    (i + 3 < n && strcmp(t[i + 3].low, "name") == 0))
			return WSIS_ANSWER_NAME;
	}
	if (strcmp(w, "name") == 0 && strcmp(next, "of") == 0)
		return WSIS_ANSWER_NAME;
	return 0;
}

unsigned
wsis_answer_asked(const char *query, size_t len)
{
	static const char *const lead[] = {
		"in", "on", "at", "by", "for", "to", "from", "until", "and", "so", "but",
		"please", "tell", "me", "us", "exactly", "roughly", NULL
	};
	at_token_t t[8];
	size_t n, i;

	if (query == NULL)
		return 0;
	n = at_tokens(query, len, t, sizeof t / sizeof t[0]);
	/* the first word past the leading ones ("on what date") */
	for (i = 0; i < n && at_in(t[i].low, lead); i++)
		;
	if (i < n && (strcmp(t[i].low, "name") == 0 || strcmp(t[i].low, "names") == 0))
		return WSIS_ANSWER_NAME;
	return i < n ? at_asks(t, n, i) : 0;
}

const char *
wsis_answer_term(unsigned kind)
{
	switch (kind) {
	case WSIS_ANSWER_PLACE:  return "XAplace";
	case WSIS_ANSWER_DATE:   return "XAdate";
	case WSIS_ANSWER_TIME:   return "XAtime";
	case WSIS_ANSWER_FREQ:   return "XAfreq";
	case WSIS_ANSWER_NAME:   return "XAname";
	case WSIS_ANSWER_NUMBER: return "XAnumber";
	default:                 return NULL;
	}
}
