/* args.c - wsis-search's command line (args.h). */
#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

#define ARGS_DEFAULT_TIMEOUT 10u      /* seconds */
#define ARGS_MAX_TIMEOUT     86400u

/* The commands are the command table's that have `client` set, by their
 * names in lower case; the first word of the operands selects one, and any
 * other first word starts the query of a search. */

#define ARGS_FILTERS (WSIS_PROTO_OPT_PART | WSIS_PROTO_OPT_SECTION | \
    WSIS_PROTO_OPT_PARA | WSIS_PROTO_OPT_DAY)

/* A command's name as the client spells it: lower case. */
static const char *
args_cmd_name(const wsis_command_t *c, char *buf, size_t size)
{
	size_t i;

	for (i = 0; c->name[i] != '\0' && i + 1 < size; i++)
		buf[i] = c->name[i] >= 'A' && c->name[i] <= 'Z' ?
		    (char)(c->name[i] - 'A' + 'a') : c->name[i];
	buf[i] = '\0';
	return buf;
}

/* The client command whose lower-case name is `word`, or NULL. */
static const wsis_command_t *
args_cmd_find(const char *word)
{
	const wsis_command_t *c;
	char name[32];
	size_t i;

	for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++)
		if (c->client && strcmp(word, args_cmd_name(c, name, sizeof name)) == 0)
			return c;
	return NULL;
}

enum {
	OPT_SERVER = 256, OPT_SOCKET, OPT_TIMEOUT, OPT_LIMIT, OPT_OFFSET,
	OPT_SORT, OPT_PART, OPT_SECTION, OPT_PARA, OPT_DAY, OPT_CONTEXT,
	OPT_COUNT, OPT_JSON, OPT_CSV, OPT_COLOR, OPT_EXACT, OPT_EXPLAIN, OPT_NO_EXPAND,
	OPT_TEXT
};

static const struct option args_longopts[] = {
	{ "server",  required_argument, NULL, OPT_SERVER },
	{ "socket",  required_argument, NULL, OPT_SOCKET },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "limit",   required_argument, NULL, OPT_LIMIT },
	{ "offset",  required_argument, NULL, OPT_OFFSET },
	{ "sort",    required_argument, NULL, OPT_SORT },
	{ "part",    required_argument, NULL, OPT_PART },
	{ "section", required_argument, NULL, OPT_SECTION },
	{ "para",    required_argument, NULL, OPT_PARA },
	{ "day",     required_argument, NULL, OPT_DAY },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "exact",   no_argument,       NULL, OPT_EXACT },
	{ "explain", no_argument,       NULL, OPT_EXPLAIN },
	{ "no-expand", no_argument,     NULL, OPT_NO_EXPAND },
	{ "text",    required_argument, NULL, OPT_TEXT },
	{ "count",   no_argument,       NULL, OPT_COUNT },
	{ "json",    no_argument,       NULL, OPT_JSON },
	{ "csv",     no_argument,       NULL, OPT_CSV },
	{ "color",   optional_argument, NULL, OPT_COLOR },
	{ "colour",  optional_argument, NULL, OPT_COLOR },
	{ "help",    no_argument,       NULL, 'h' },
	{ "version", no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* What the options say before the operands are read. */
typedef struct {
	const char *server, *socket;
	int         count;
} args_pending_t;

#define ARGS_USAGE_LINE "usage: wsis-search [options] QUERY...\n"

/* The usage lines: a search by default, then the client's other commands
 * grouped by what they take. */
static void
args_usage_commands(FILE *f)
{
	static const struct {
		wsis_cmd_text_t text;
		const char     *operand;
	} kinds[] = {
		{ WSIS_CMD_TEXT_QUERY, " QUERY..." },
		{ WSIS_CMD_TEXT_ID, " ID" },
		{ WSIS_CMD_TEXT_CITED, " [TEXT]" },
		{ WSIS_CMD_TEXT_NONE, "" },
	};
	const wsis_command_t *c;
	char name[32];
	size_t k, i;
	int n;

	fputs(ARGS_USAGE_LINE, f);
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		n = 0;
		for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++) {
			if (!c->client || c->text != kinds[k].text ||
			    c->id == WSIS_PROTO_CMD_SEARCH)
				continue;
			fprintf(f, "%s%s", n++ == 0 ? "       wsis-search [options] " :
			    "|", args_cmd_name(c, name, sizeof name));
		}
		if (n > 0)
			fprintf(f, "%s\n", kinds[k].operand);
	}
}

static void
args_usage(FILE *f)
{
	const wsis_command_t *c;
	char name[32];
	size_t i;

	args_usage_commands(f);
	fprintf(f,
	    "Asks wsis-searchd.  QUERY is the server's query language.  Words match\n"
	    "any of them, in any case and form (stemmed: developing finds development;\n"
	    "LIQUIDS is liquids), ranked by BM25, passages holding them as a phrase\n"
	    "first within a page; \"phrases\", wild*, +must, -not (after --), fields\n"
	    "part: section: chapter: title: para: day: id:.  AND OR NOT XOR NEAR ADJ\n"
	    "(NEAR/n, ADJ/n) and (groups) are operators only in capitals, between two\n"
	    "terms, in a query not written wholly in capitals; elsewhere they are\n"
	    "words, and an unknown name: is words too (the server notes it).\n"
	    "`wsis-search search stats` searches for the word stats.\n"
	    "\n");
	for (i = 0; (c = wsis_cmd_at(i)) != NULL; i++)
		if (c->client)
			fprintf(f, "  %-19s %s\n", args_cmd_name(c, name, sizeof name),
			    c->help);
	fprintf(f,
	    "\n"
	    "  --server HOST:PORT  TCP server ([IPV6]:PORT, or PORT for 127.0.0.1;\n"
	    "                      default $WSIS_SERVER, else " REMOTE_DEFAULT_ADDRESS ")\n"
	    "  --socket PATH       Unix socket (WSIS_SERVER may be /PATH or unix:PATH)\n"
	    "  --timeout SECONDS   to connect, and for each reply (default 10; 0: none)\n"
	    "  --limit N           hits to show (default 10)\n"
	    "  --offset N          skip the first N hits\n"
	    "  --sort relevance|doc  rank by score, or list in document order\n"
	    "  --part P            only part P (repeat for any of several, up to 8)\n"
	    "  --section S         only sections whose heading has the words S\n"
	    "  --para N|A..B       only paragraph N, or A to B (A.. and ..B too)\n"
	    "  --day N|A..B        only programme day N, or A to B\n"
	    "  --context N         mentions: bytes of context (default 60)\n"
	    "  --exact             mentions: the words as typed (any case) only, no\n"
	    "                      plurals, spellings, compounds or acronyms\n"
	    "  --explain           search: under each hit, the weight of each word,\n"
	    "                      phrase and expansion word that made its score\n"
	    "  --no-expand         search: rank by the query's words only, not also\n"
	    "                      by words of its first hits\n"
	    "  --text N|all        search, mentions: bytes of each passage's text the\n"
	    "                      server sends (its default: hit-text, 4096); a longer\n"
	    "                      one is cut at a word (`doc ID` gives it whole); 0: none\n"
	    "  --count             print the number of hits only (as `count`)\n"
	    "  --json              print the server's JSON reply as it came, one line\n"
	    "  --csv               mentions: one CSV row per occurrence, for spreadsheets;\n"
	    "                      cites: one row per cited paragraph and citing passage\n"
	    "  --color[=WHEN]      bold the matched words: auto (the default: when\n"
	    "                      stdout is a terminal, TERM is not dumb and NO_COLOR\n"
	    "                      is unset), always or never\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n"
	    "\n"
	    "Exit status: 0 hits found (or the command worked), 1 no hits,\n"
	    "2 usage, connection or server error.\n");
}

static args_status_t __attribute__((format(printf, 1, 2)))
args_fail(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	output_error("%s", msg);
	fputs("Try 'wsis-search --help'.\n", stderr);
	return ARGS_USAGE;
}

int
args_parse_u32(const char *s, size_t len, uint32_t *out)
{
	char buf[16], *end;
	unsigned long v;

	/* strtoul alone would take blanks, a sign and "0x" */
	if (len == 0 || len >= sizeof buf || s[0] < '0' || s[0] > '9')
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno != 0 || *end != '\0' || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int
args_parse_range(const char *s, uint32_t *lo, uint32_t *hi)
{
	const char *dots = strstr(s, "..");

	if (dots == NULL) {
		if (args_parse_u32(s, strlen(s), lo) != 0)
			return -1;
		*hi = *lo;
		return 0;
	}
	if (dots == s && dots[2] == '\0')
		return -1;
	*lo = 0;
	*hi = UINT32_MAX;
	if (dots > s && args_parse_u32(s, (size_t)(dots - s), lo) != 0)
		return -1;
	if (dots[2] != '\0' && args_parse_u32(dots + 2, strlen(dots + 2),
	    hi) != 0)
		return -1;
	return *lo <= *hi ? 0 : -1;
}

/* Marks an option given; a second time is an error. */
static int
args_once(args_t *a, unsigned bit, const char *name)
{
	if (a->req.opts & bit) {
		args_fail("%s given twice", name);
		return -1;
	}
	a->req.opts |= bit;
	return 0;
}

static int
args_number(args_t *a, unsigned bit, const char *name, const char *arg,
    uint32_t *out)
{
	if (args_once(a, bit, name) != 0)
		return -1;
	if (args_parse_u32(arg, strlen(arg), out) != 0) {
		args_fail("%s: \"%s\" is not a number from 0 to %lu", name, arg,
		    (unsigned long)UINT32_MAX);
		return -1;
	}
	return 0;
}

static int
args_range(args_t *a, unsigned bit, const char *name, const char *arg,
    uint32_t *lo, uint32_t *hi)
{
	if (args_once(a, bit, name) != 0)
		return -1;
	if (args_parse_range(arg, lo, hi) != 0) {
		args_fail("%s: \"%s\" is not N, A..B, A.. or ..B (numbers from 0 "
		    "to %lu, A <= B)", name, arg, (unsigned long)UINT32_MAX);
		return -1;
	}
	return 0;
}

/* One option; returns -1 on a usage error (printed). */
static int
args_option(args_t *a, args_pending_t *p, int c, const char *arg)
{
	wsis_proto_request_t *req = &a->req;
	uint32_t t;

	switch (c) {
	case OPT_SERVER:
		p->server = arg;
		return 0;
	case OPT_SOCKET:
		p->socket = arg;
		return 0;
	case OPT_TIMEOUT:
		if (args_parse_u32(arg, strlen(arg), &t) != 0 ||
		    t > ARGS_MAX_TIMEOUT) {
			args_fail("--timeout: \"%s\" is not a whole number of "
			    "seconds from 0 to %u", arg, ARGS_MAX_TIMEOUT);
			return -1;
		}
		a->timeout_s = t;
		return 0;
	case OPT_LIMIT:
		return args_number(a, WSIS_PROTO_OPT_LIMIT, "--limit", arg,
		    &req->limit);
	case OPT_OFFSET:
		return args_number(a, WSIS_PROTO_OPT_OFFSET, "--offset", arg,
		    &req->offset);
	case OPT_CONTEXT:
		return args_number(a, WSIS_PROTO_OPT_CONTEXT, "--context", arg,
		    &req->context);
	case OPT_PARA:
		return args_range(a, WSIS_PROTO_OPT_PARA, "--para", arg,
		    &req->para_min, &req->para_max);
	case OPT_DAY:
		return args_range(a, WSIS_PROTO_OPT_DAY, "--day", arg,
		    &req->day_min, &req->day_max);
	case OPT_SORT:
		if (args_once(a, WSIS_PROTO_OPT_SORT, "--sort") != 0)
			return -1;
		if (strcmp(arg, "relevance") == 0)
			req->sort = WSIS_PROTO_SORT_RELEVANCE;
		else if (strcmp(arg, "doc") == 0)
			req->sort = WSIS_PROTO_SORT_DOC;
		else {
			args_fail("--sort: \"%s\" is not relevance or doc", arg);
			return -1;
		}
		return 0;
	case OPT_PART:
		if (req->nparts == WSIS_PROTO_MAX_PARTS) {
			args_fail("--part: at most %u", WSIS_PROTO_MAX_PARTS);
			return -1;
		}
		req->parts[req->nparts].ptr = arg;
		req->parts[req->nparts++].len = strlen(arg);
		req->opts |= WSIS_PROTO_OPT_PART;
		return 0;
	case OPT_SECTION:
		if (args_once(a, WSIS_PROTO_OPT_SECTION, "--section") != 0)
			return -1;
		req->section.ptr = arg;
		req->section.len = strlen(arg);
		return 0;
	case OPT_EXACT:
		if (args_once(a, WSIS_PROTO_OPT_EXACT, "--exact") != 0)
			return -1;
		req->exact = 1;
		return 0;
	case OPT_EXPLAIN:
		if (args_once(a, WSIS_PROTO_OPT_EXPLAIN, "--explain") != 0)
			return -1;
		req->explain = 1;
		return 0;
	case OPT_NO_EXPAND:
		if (args_once(a, WSIS_PROTO_OPT_EXPAND, "--no-expand") != 0)
			return -1;
		req->expand = 0;
		return 0;
	case OPT_TEXT:
		if (strcmp(arg, "all") == 0) {
			if (args_once(a, WSIS_PROTO_OPT_TEXT, "--text") != 0)
				return -1;
			req->hit_text_all = 1;
			return 0;
		}
		return args_number(a, WSIS_PROTO_OPT_TEXT, "--text", arg, &req->hit_text);
	case OPT_COUNT:
		p->count = 1;
		return 0;
	case OPT_JSON:
		a->json = 1;
		return 0;
	case OPT_CSV:
		a->csv = 1;
		return 0;
	default:	/* OPT_COLOR */
		if (arg == NULL || strcmp(arg, "always") == 0)
			a->color = ARGS_COLOR_ALWAYS;
		else if (strcmp(arg, "auto") == 0)
			a->color = ARGS_COLOR_AUTO;
		else if (strcmp(arg, "never") == 0)
			a->color = ARGS_COLOR_NEVER;
		else {
			args_fail("--color: \"%s\" is not auto, always or never",
			    arg);
			return -1;
		}
		return 0;
	}
}

/* Picks the command from the operands and joins its words into a->text. */
static args_status_t
args_command(args_t *a, const args_pending_t *p, int argc, char **argv)
{
	const wsis_command_t *ce = wsis_cmd_by_id(WSIS_PROTO_CMD_SEARCH), *found;
	char name[32];
	unsigned bit;
	int k;

	if (argc > 0 && (found = args_cmd_find(argv[0])) != NULL) {
		ce = found;
		argc--;
		argv++;
	}
	args_cmd_name(ce, name, sizeof name);
	if (p->count) {
		if (ce->id != WSIS_PROTO_CMD_SEARCH && ce->id != WSIS_PROTO_CMD_COUNT)
			return args_fail("--count does not apply to %s", name);
		ce = wsis_cmd_by_id(WSIS_PROTO_CMD_COUNT);
		args_cmd_name(ce, name, sizeof name);
	}
	if (a->csv && ce->id != WSIS_PROTO_CMD_MENTIONS && ce->id != WSIS_PROTO_CMD_CITES)
		return args_fail("--csv applies to mentions and cites only");
	if (a->csv && a->json)
		return args_fail("give --csv or --json, not both");
	for (bit = 1; bit <= WSIS_PROTO_OPT_ALL; bit <<= 1)
		if ((a->req.opts & bit) && !(ce->opts & bit))
			return args_fail("--%s does not apply to %s",
			    wsis_proto_opt_name(bit), name);
	switch (ce->text) {
	case WSIS_CMD_TEXT_QUERY:
		/* SEARCH and COUNT without words list what passes the filters */
		if (argc == 0 && ce->text_required)
			return args_fail("%s needs a %s", name,
			    wsis_cmd_text_name(ce->text));
		if (argc == 0 && (a->req.opts & ARGS_FILTERS) == 0)
			return args_fail("%s needs a query or a filter (--part, "
			    "--section, --para, --day)", name);
		break;
	case WSIS_CMD_TEXT_CITED:
		/* optional: without it, every cited text */
		break;
	case WSIS_CMD_TEXT_NONE:
		if (argc > 0)
			return args_fail("%s takes no arguments", name);
		break;
	default:	/* one operand: an id */
		if (argc != 1)
			return args_fail("%s needs one %s", name,
			    wsis_cmd_text_name(ce->text));
		break;
	}
	for (k = 0; k < argc; k++)
		if ((k > 0 && wsis_buf_putc(&a->text, ' ') != 0) ||
		    wsis_buf_puts(&a->text, argv[k]) != 0) {
			output_error("out of memory");
			return ARGS_USAGE;
		}
	a->cmd = ce;
	a->req.cmd = ce->id;
	a->req.text.ptr = a->text.data;
	a->req.text.len = a->text.len;
	return ARGS_RUN;
}

/* Where to connect: --socket, --server, $WSIS_SERVER, the default. */
static args_status_t
args_address(args_t *a, const args_pending_t *p)
{
	char err[512], spec[sizeof a->addr.name];
	const char *env = getenv("WSIS_SERVER"), *from;

	if (p->server != NULL && p->socket != NULL)
		return args_fail("give --server or --socket, not both");
	if (p->socket != NULL) {
		if (p->socket[0] == '\0' ||
		    strlen(p->socket) >= sizeof a->addr.path)
			return args_fail("--socket: the path must have 1 to %zu "
			    "bytes", sizeof a->addr.path - 1);
		snprintf(spec, sizeof spec, "unix:%s", p->socket);
		from = "--socket";
	} else if (p->server != NULL || (env != NULL && env[0] != '\0')) {
		from = p->server != NULL ? "--server" : "WSIS_SERVER";
		if (strlen(p->server != NULL ? p->server : env) >= sizeof spec)
			return args_fail("%s: address too long", from);
		snprintf(spec, sizeof spec, "%s", p->server != NULL ?
		    p->server : env);
	} else {
		snprintf(spec, sizeof spec, "%s", REMOTE_DEFAULT_ADDRESS);
		from = "the default address";
	}
	if (remote_parse_address(spec, &a->addr, err, sizeof err) != 0)
		return args_fail("%s: %s", from, err);
	return ARGS_RUN;
}

args_status_t
args_parse(int argc, char **argv, args_t *a)
{
	args_pending_t p = { NULL, NULL, 0 };
	wsis_proto_status_t st;
	args_status_t rc;
	char err[512];
	int c;

	memset(a, 0, sizeof *a);
	wsis_proto_request_init(&a->req, WSIS_PROTO_CMD_SEARCH);
	a->timeout_s = ARGS_DEFAULT_TIMEOUT;
	a->color = ARGS_COLOR_AUTO;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", args_longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			args_usage(stdout);
			return ARGS_DONE;
		case 'V':
			printf("wsis-search " PACKAGE_VERSION " (protocol %s "
			    "%d.%d)\n", WSIS_PROTO_NAME, WSIS_PROTO_VERSION_MAJOR,
			    WSIS_PROTO_VERSION_MINOR);
			return ARGS_DONE;
		case ':':
			return args_fail("%s needs a value", argv[optind - 1]);
		case '?':
			/* the option as typed and the one usage line of a
			 * search (--help has every command) */
			if (optopt > 0 && optopt < 256)
				output_error("unknown option -%c", optopt);
			else
				output_error("unknown option %.*s",
				    (int)strcspn(argv[optind - 1], "="),
				    argv[optind - 1]);
			fputs(ARGS_USAGE_LINE, stderr);
			return ARGS_USAGE;
		default:
			if (args_option(a, &p, c, optarg) != 0)
				return ARGS_USAGE;
			break;
		}
	}
	if ((rc = args_command(a, &p, argc - optind, argv + optind)) !=
	    ARGS_RUN)
		return rc;
	if ((rc = args_address(a, &p)) != ARGS_RUN)
		return rc;
	/* The protocol's own writer checks the query and its length, so bad
	 * input never reaches the server. */
	st = wsis_proto_write_request(&a->line, &a->req, 0, err, sizeof err);
	if (st == WSIS_PROTO_ERR_TOO_LONG)
		return args_fail("query too long: %s", err);
	if (st != WSIS_PROTO_OK)
		return args_fail("invalid request: %s", err);
	return ARGS_RUN;
}

void
args_free(args_t *a)
{
	wsis_buf_free(&a->text);
	wsis_buf_free(&a->line);
}
