/* indexer.c - wsis-indexer: texts in, a compressed Xapian index out.
 *
 *   wsis-indexer [options] PATH... -o DIR    (build.c)
 *   wsis-indexer --query QUERY -o DIR        (debugging: search DIR)
 *
 * This file holds the options and --query; the build is build.c.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "indexer.h"
#include "json.h"
#include "normalize.h"
#include "passage.h"
#include "wsis-xapian.h"

#define INDEXER_USAGE "usage: wsis-indexer [options] PATH... -o DIR\n"

static void
indexer_usage(FILE *f)
{
	fprintf(f,
	    INDEXER_USAGE
	    "       wsis-indexer --query QUERY -o DIR\n"
	    "Indexes the WSIS review (corpus/), plain text, Markdown and JSON Lines\n"
	    "files (each optionally .gz) into the Xapian index DIR.\n"
	    "  -o, --output DIR   the index to build (a symlink to its newest generation)\n"
	    "      --compact      compact the new index (smaller, read-only)\n"
	    "  -j, --jobs N       index N contiguous shares of the input in parallel,\n"
	    "                     merged by compaction (the index of one build)\n"
	    "      --shards N     write N shard indexes (DIR/shard-1 ... shard-N) and a\n"
	    "                     stub opening them as one; passage k goes to shard\n"
	    "                     (k mod N) + 1\n"
	    "  -m, --memory MB    keep the indexer's peak memory under MB (default 256)\n"
	    "      --strict       stop at the first bad record (invalid UTF-8, NUL bytes,\n"
	    "                     a JSON error, a duplicate id, an unreadable file)\n"
	    "                     instead of skipping or repairing it\n"
	    "      --plain        Xapian's defaults only (TermGenerator, stemmer,\n"
	    "                     positions): the baseline of the relevance reports\n"
	    "      --no-termlists leave out Xapian's term lists: a smaller index, but\n"
	    "                     searches are not re-ranked by expansion and\n"
	    "                     xapian-tcpsrv cannot serve it (--termlists: keep them,\n"
	    "                     the default)\n"
	    "  -q, --quiet        print nothing but errors (no warnings, no progress)\n"
	    "      --query QUERY  search DIR and print the top hits (debugging aid)\n"
	    "      --limit N      hits printed by --query (default 10)\n"
	    "  -h, --help         this text\n"
	    "  -V, --version      the version\n"
	    "Exit status: 0 everything indexed; 3 the index was built and swapped in\n"
	    "but records were skipped; 1 failure, the previous index untouched;\n"
	    "2 usage error.\n");
}

/* --query: a debugging search through the wrapper. */
static int
indexer_query(const indexer_opts_t *o)
{
	const char *shards[1] = { o->out };
	wsis_db_t *db = NULL;
	wsis_query_t *q = NULL;
	wsis_results_t *r = NULL;
	wsis_search_opts_t so = { 0, o->limit, 0, 100, 0, 1, 0 };
	char *msg = NULL, *norm = NULL;
	unsigned long total;
	int exact, rc = 2;
	wsis_status_t st;
	size_t i;

	st = wsis_db_open(shards, 1, &db, &msg);
	if (st != WSIS_OK) {
		fprintf(stderr, "wsis-indexer: cannot open index %s: %s\n", o->out,
		    msg ? msg : wsis_status_to_string(st));
		free(msg);
		return 2;
	}
	norm = wsis_normalize_query(o->query, strlen(o->query));
	if (norm == NULL) {
		fprintf(stderr, "wsis-indexer: out of memory\n");
		goto out;
	}
	if ((st = wsis_query_parse(db, norm, WSIS_QUERY_STANDARD, &q)) != WSIS_OK ||
	    (st = wsis_db_search(db, q, &so, &r)) != WSIS_OK) {
		fprintf(stderr, "wsis-indexer: query '%s': %s\n", o->query, wsis_db_error(db));
		goto out;
	}
	wsis_results_total(r, &total, &exact);
	printf("%s%lu hits for %s\n", exact ? "" : "about ", total, o->query);
	for (i = 0; i < wsis_results_size(r); i++) {
		wsis_hit_t hit;
		wsis_passage_t p;
		char err[256];

		if (wsis_results_get(r, i, &hit) != WSIS_OK ||
		    wsis_passage_from_json(hit.data, hit.data_len, &p, err, sizeof err) != 0) {
			fprintf(stderr, "wsis-indexer: cannot read hit %zu\n", i + 1);
			goto out;
		}
		printf("%3u %-26s %7.3f  %.90s%s\n", hit.rank, p.id, hit.score, p.text,
		    strlen(p.text) > 90 ? "..." : "");
		wsis_passage_clear(&p);
	}
	rc = wsis_results_size(r) > 0 ? 0 : 1;
out:
	free(norm);
	wsis_results_free(r);
	wsis_query_free(q);
	wsis_db_free(db);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "compact", no_argument, NULL, 'c' },
		{ "strict", no_argument, NULL, 's' },
		{ "plain", no_argument, NULL, 'p' },
		{ "termlists", no_argument, NULL, 't' },
		{ "no-termlists", no_argument, NULL, 'T' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shards", required_argument, NULL, 'S' },
		{ "memory", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "query", required_argument, NULL, 'Q' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	indexer_opts_t o = { .limit = 10, .jobs = 1, .termlists = 1,
	    .memory_mb = 256 };
	char *end;
	int c;

	/* a write past RLIMIT_FSIZE fails with EFBIG instead of killing us */
	signal(SIGXFSZ, SIG_IGN);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:m:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.out = optarg; break;
		case 'c': o.compact = 1; break;
		case 's': o.strict = 1; break;
		case 'p': o.plain = 1; break;
		case 't': o.termlists = 1; break;
		case 'T': o.termlists = 0; break;
		case 'j':
			errno = 0;
			o.jobs = (unsigned)strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || *optarg == '\0' || o.jobs < 1 ||
			    o.jobs > 64) {
				fprintf(stderr, "wsis-indexer: --jobs takes 1 to 64\n");
				return 2;
			}
			break;
		case 'S':
			errno = 0;
			o.shards = (unsigned)strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || *optarg == '\0' || o.shards < 1 ||
			    o.shards > 64) {
				fprintf(stderr, "wsis-indexer: --shards takes 1 to 64\n");
				return 2;
			}
			break;
		case 'm':
			errno = 0;
			o.memory_mb = (unsigned)strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || *optarg == '\0' ||
			    o.memory_mb < 32 || o.memory_mb > 1048576) {
				fprintf(stderr, "wsis-indexer: --memory takes 32 to 1048576 (MB)\n");
				return 2;
			}
			break;
		case 'q': o.quiet = 1; break;
		case 'Q': o.query = optarg; break;
		case 'l':
			errno = 0;
			o.limit = (unsigned)strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || *optarg == '\0' || o.limit == 0 ||
			    o.limit > 10000) {
				fprintf(stderr, "wsis-indexer: --limit takes 1 to 10000\n");
				return 2;
			}
			break;
		case 'h': indexer_usage(stdout); return 0;
		case 'V': printf("wsis-indexer " PACKAGE_VERSION "\n"); return 0;
		case ':':
			fprintf(stderr, "wsis-indexer: %s needs a value\n%s", argv[optind - 1],
			    INDEXER_USAGE);
			return 2;
		default:
			/* the option as typed, and the one usage line (--help has
			 * the rest) */
			if (optopt > 0 && optopt < 256)
				fprintf(stderr, "wsis-indexer: unknown option -%c\n", optopt);
			else
				fprintf(stderr, "wsis-indexer: unknown option %.*s\n",
				    (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
			fputs(INDEXER_USAGE, stderr);
			return 2;
		}
	}
	if (o.out == NULL || *o.out == '\0') {
		fprintf(stderr, "wsis-indexer: no output: give -o DIR\n");
		fputs(INDEXER_USAGE, stderr);
		return 2;
	}
	if (o.query != NULL) {
		if (optind < argc) {
			fprintf(stderr, "wsis-indexer: --query takes no input paths\n");
			return 2;
		}
		return indexer_query(&o);
	}
	if (optind >= argc) {
		fprintf(stderr, "wsis-indexer: no input: give the files or directories to index\n");
		fputs(INDEXER_USAGE, stderr);
		return 2;
	}
	return indexer_build(argv + optind, argc - optind, &o);
}
