/* indexer.c - wsis-indexer: texts in, a compressed Xapian index out.
 *
 *   wsis-indexer [--compact] [--strict] [--quiet] PATH... -o DIR
 *   wsis-indexer --query QUERY -o DIR        (debugging: search DIR)
 *
 * The index is built into a new generation and swapped in atomically (see
 * lib/generation.h): a failed build leaves the previous index untouched.
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

#include "clock.h"
#include "docbuild.h"
#include "generation.h"
#include "input.h"
#include "json.h"
#include "normalize.h"
#include "passage.h"
#include "wsis-xapian.h"

#define ERRLEN 1024

typedef struct {
	const char *out;
	const char *query;
	unsigned    limit;
	int         compact;
	unsigned    jobs;
	int         plain;
	int         termlists;
	int         strict;
	int         quiet;
} indexer_opts_t;

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
	    "  -j, --jobs N       build N shards in parallel, merged by compaction\n"
	    "      --strict       fail on invalid UTF-8 instead of replacing it\n"
	    "      --plain        Xapian's defaults only (TermGenerator, stemmer,\n"
	    "                     positions): the baseline of the relevance reports\n"
	    "      --no-termlists leave out Xapian's term lists: a smaller index, but\n"
	    "                     searches are not re-ranked by expansion and\n"
	    "                     xapian-tcpsrv cannot serve it (--termlists: keep them,\n"
	    "                     the default)\n"
	    "  -q, --quiet        print nothing but errors\n"
	    "      --query QUERY  search DIR and print the top hits (debugging aid)\n"
	    "      --limit N      hits printed by --query (default 10)\n"
	    "  -h, --help         this text\n"
	    "  -V, --version      the version\n");
}

static void
indexer_warn(void *ctx, const char *msg)
{
	const indexer_opts_t *o = ctx;

	if (!o->quiet)
		fprintf(stderr, "wsis-indexer: warning: %s\n", msg);
}

/* Bytes under `path` (a file or a tree). */
static unsigned long long
indexer_disk_size(const char *path)
{
	struct stat st;
	unsigned long long total = 0;
	DIR *d;

	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return (unsigned long long)st.st_size;
	d = opendir(path);
	if (d == NULL)
		return 0;
	for (struct dirent *de; (de = readdir(d)) != NULL;) {
		char sub[4096];
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
		total += indexer_disk_size(sub);
	}
	closedir(d);
	return total;
}

/* Prints passages per part, in order of first appearance. */
static void
indexer_report_parts(const wsis_passage_list_t *list)
{
	const char *seen[64];
	size_t nseen = 0, i, j, count;

	for (i = 0; i < list->count && nseen < 64; i++) {
		const char *part = list->items[i].part ? list->items[i].part : "";
		for (j = 0; j < nseen && strcmp(seen[j], part) != 0; j++)
			;
		if (j < nseen)
			continue;
		seen[nseen++] = part;
		for (count = 0, j = i; j < list->count; j++)
			if (strcmp(list->items[j].part ? list->items[j].part : "", part) == 0)
				count++;
		printf("  %-24s %6zu passages\n", part, count);
	}
	if (nseen == 64)
		printf("  (more parts not listed)\n");
}

/* One database to write: passages [first, first + count) of the list. */
typedef struct {
	const char                *path;
	const wsis_passage_list_t *list;
	size_t                     first, count;
	const indexer_opts_t      *o;
	int                        progress;
	int                        failed;
	char                       err[ERRLEN];
	pthread_t                  thread;
} indexer_shard_t;

/* Writes a shard's passages into a new database at its path; on failure
 * sets sh->failed and sh->err. */
static void *
indexer_write(void *arg)
{
	indexer_shard_t *sh = arg;
	char err[ERRLEN], *msg = NULL;
	wsis_wdb_t *wdb = NULL;
	wsis_status_t st;
	size_t i;

	st = wsis_wdb_create(sh->path, sh->o->plain ? WSIS_WDB_PLAIN :
	    sh->o->termlists ? 0 : WSIS_WDB_NO_TERMLISTS, &wdb, &msg);
	if (st != WSIS_OK) {
		snprintf(sh->err, sizeof sh->err, "cannot create %s: %s", sh->path,
		    msg ? msg : wsis_status_to_string(st));
		free(msg);
		sh->failed = 1;
		return NULL;
	}
	for (i = sh->first; i < sh->first + sh->count; i++) {
		if ((sh->o->plain ? wsis_docbuild_add_plain : wsis_docbuild_add)(wdb,
		    &sh->list->items[i], (unsigned)i, err, sizeof err) != WSIS_OK) {
			snprintf(sh->err, sizeof sh->err, "%s", err);
			sh->failed = 1;
			wsis_wdb_free(wdb);
			return NULL;
		}
		if (sh->progress && (i % 500 == 0 || i + 1 == sh->count))
			fprintf(stderr, "\rindexing %zu/%zu passages", i + 1, sh->count);
	}
	if (sh->progress)
		fprintf(stderr, "\n");
	if ((st = wsis_wdb_close(wdb, &msg)) != WSIS_OK) {
		snprintf(sh->err, sizeof sh->err, "cannot write %s: %s", sh->path,
		    msg ? msg : wsis_status_to_string(st));
		free(msg);
		sh->failed = 1;
	}
	return NULL;
}

/* Writes the list into `dst`: directly with one job, else as `jobs` shards
 * of consecutive passages written in parallel and merged by compaction
 * (document order, hence docids, are those of a single build).  With
 * `compact`, a single build is compacted too.  Returns 0, or -1 after
 * printing why. */
static int
indexer_write_all(const char *dst, const wsis_passage_list_t *list, const indexer_opts_t *o)
{
	unsigned jobs = o->jobs, k, started = 0;
	indexer_shard_t *sh;
	char *paths[64] = { 0 };
	const char *srcs[64];
	char *msg = NULL;
	int rc = -1;
	wsis_status_t st;

	if (jobs > list->count / 2)
		jobs = list->count >= 2 ? (unsigned)(list->count / 2) : 1;
	if (jobs < 1)
		jobs = 1;
	sh = calloc(jobs, sizeof *sh);
	if (sh == NULL) {
		fprintf(stderr, "wsis-indexer: out of memory\n");
		return -1;
	}
	for (k = 0; k < jobs; k++) {
		size_t n = strlen(dst) + 32;
		if (jobs == 1 && !o->compact) {
			paths[k] = strdup(dst);
		} else if ((paths[k] = malloc(n)) != NULL) {
			snprintf(paths[k], n, "%s.shard-%u", dst, k);
		}
		if (paths[k] == NULL) {
			fprintf(stderr, "wsis-indexer: out of memory\n");
			goto out;
		}
		sh[k].path = srcs[k] = paths[k];
		sh[k].list = list;
		sh[k].first = list->count * k / jobs;
		sh[k].count = list->count * (k + 1) / jobs - sh[k].first;
		sh[k].o = o;
		sh[k].progress = jobs == 1 && !o->quiet && isatty(STDERR_FILENO) &&
		    list->count >= 2000;
	}
	if (jobs == 1) {
		indexer_write(&sh[0]);
	} else {
		for (k = 0; k < jobs; k++, started++)
			if (pthread_create(&sh[k].thread, NULL, indexer_write, &sh[k]) != 0) {
				sh[k].failed = 1;
				snprintf(sh[k].err, sizeof sh[k].err, "cannot start a thread");
				break;
			}
		for (k = 0; k < started; k++)
			pthread_join(sh[k].thread, NULL);
	}
	for (k = 0; k < jobs; k++)
		if (sh[k].failed) {
			fprintf(stderr, "wsis-indexer: %s\n", sh[k].err);
			goto out;
		}
	if (jobs > 1 || o->compact) {
		st = wsis_compact_merge(srcs, jobs, dst, &msg);
		if (st != WSIS_OK) {
			fprintf(stderr, "wsis-indexer: cannot %s into %s: %s\n",
			    jobs > 1 ? "merge the shards" : "compact", dst,
			    msg ? msg : wsis_status_to_string(st));
			free(msg);
			goto out;
		}
	}
	rc = 0;
out:
	for (k = 0; k < jobs; k++) {
		if (paths[k] != NULL && (jobs > 1 || o->compact))
			wsis_gen_remove_tree(paths[k]);
		free(paths[k]);
	}
	free(sh);
	return rc;
}

static int
indexer_build(char **paths, int npaths, const indexer_opts_t *o)
{
	wsis_input_opts_t in = { o->strict, indexer_warn, (void *)o };
	wsis_passage_list_t list = { 0 };
	wsis_gen_t gen;
	char err[ERRLEN];
	size_t bytes_in = 0;
	unsigned long long bytes_out;
	double t0 = wsis_clock_s(), secs;
	int i, rc = 1, committed = 0;

	for (i = 0; i < npaths; i++)
		if (wsis_input_read_path(paths[i], &in, &list, &bytes_in, err, sizeof err) != 0) {
			fprintf(stderr, "wsis-indexer: %s\n", err);
			goto out_list;
		}
	if (list.count == 0) {
		fprintf(stderr, "wsis-indexer: nothing to index\n");
		goto out_list;
	}
	if (wsis_passage_list_check_unique(&list, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-indexer: %s\n", err);
		goto out_list;
	}
	if (wsis_gen_begin(&gen, o->out, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-indexer: %s\n", err);
		goto out_list;
	}
	if (indexer_write_all(gen.path, &list, o) != 0)
		goto out_gen;
	if (wsis_gen_commit(&gen, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-indexer: %s\n", err);
		goto out_gen;
	}
	committed = 1;
	rc = 0;
	secs = wsis_clock_s() - t0;
	bytes_out = indexer_disk_size(gen.path);
	if (!o->quiet) {
		printf("wsis-indexer: %zu passages from %zu input bytes\n", list.count, bytes_in);
		indexer_report_parts(&list);
		printf("wsis-indexer: index %llu bytes (%.2fx input)%s, %.3f s, %.2f MB/s\n",
		    bytes_out, bytes_in ? (double)bytes_out / (double)bytes_in : 0.0,
		    o->compact || o->jobs > 1 ? ", compacted" : "", secs,
		    secs > 0 ? (double)bytes_in / 1e6 / secs : 0.0);
		printf("wsis-indexer: %s -> %s\n", gen.out, gen.target);
	}
out_gen:
	wsis_gen_end(&gen, committed);
out_list:
	wsis_passage_list_free(&list);
	return rc;
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
		{ "quiet", no_argument, NULL, 'q' },
		{ "query", required_argument, NULL, 'Q' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	indexer_opts_t o = { .limit = 10, .jobs = 1, .termlists = 1 };
	char *end;
	int c;

	/* a write past RLIMIT_FSIZE fails with EFBIG instead of killing us */
	signal(SIGXFSZ, SIG_IGN);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:qhV", longopts, NULL)) != -1) {
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
