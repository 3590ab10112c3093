/* build.c - wsis-indexer's build: list the inputs, stream them through
 * jobs into a new generation, swap it in (indexer.h).
 *
 * Memory stays bounded whatever the corpus: a file is read a record at a
 * time (lib/input.c), each passage goes to Xapian as it comes, and a job
 * commits every BUILD_BATCH_BYTES of text it added, or its share of
 * --memory when that is less, or when the process nears --memory.
 * Xapian 1.4 flushes by document count only (every 10,000 documents by
 * default): by size, long documents stay under the bound, and a small
 * batch keeps Xapian's pending changes (maps of terms and postings) small
 * enough for the CPU's caches, which makes the whole build faster than
 * larger batches, for short passages and long documents alike.  Ids are
 * checked in a set of hashes.
 *
 * --jobs N gives each job a contiguous share of the files by size: each
 * reads, cuts and indexes its own into a database of its own, and the
 * databases merge by compaction in job order, so docids are those of one
 * build.  A document's order value is (file ordinal << 32) + its place in
 * the file, the same in every build.  A duplicate id across two shares
 * shows only once both are done: the build then runs again in one job, so
 * the later record is the one skipped, as in one build.
 *
 * --shards N writes N databases, shard-1 ... shard-N, in the generation
 * directory, and a stub XAPIANDB naming them: the k-th passage indexed
 * (from 0) goes to shard (k mod N) + 1, so the combined docid
 * ((local - 1) * N + shard) is k + 1, as in one index. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "docbuild.h"
#include "generation.h"
#include "input.h"
#include "indexer.h"
#include "wsis-xapian.h"

#define ERRLEN 1024
#define BUILD_PARTS 64
/* What a build needs besides Xapian's pending changes: the program, its
 * libraries, a .txt read whole (WSIS_INPUT_WHOLE), a long line. */
#define BUILD_OVERHEAD_MB 20
/* Xapian's pending changes take up to this many bytes a byte of text. */
#define BUILD_XAPIAN_FACTOR 32
/* The text a job adds between two commits at most: Xapian's changes for
 * it take a few MB, the size of a CPU's caches, not of --memory. */
#define BUILD_BATCH_BYTES (512u << 10)

typedef struct {
	char              *name;
	unsigned long long count;
} build_part_t;

typedef struct {
	const indexer_opts_t     *o;
	const wsis_input_files_t *files;
	size_t                    first, last;	/* files [first, last) */
	unsigned                  ndb;		/* databases: 1 or --shards */
	char                    **paths;
	wsis_wdb_t              **wdb;
	idset_t                  *ids;
	progress_t               *prog;
	unsigned long long        flush_bytes, pending, checked;
	unsigned long long        rss_limit;	/* bytes: commit past it */
	unsigned long long        indexed, skipped, repaired, bytes_in;
	char                      first_skip[ERRLEN];
	build_part_t              parts[BUILD_PARTS];
	size_t                    nparts;
	/* the file being read */
	const wsis_input_file_t  *file;
	unsigned long long        nfile;	/* passages emitted from it */
	wsis_input_pos_t          pos;
	unsigned long long        shown_disk, shown_passages;
	int                       failed;
	char                      err[ERRLEN];
	pthread_t                 thread;
} build_job_t;

static void
build_say(const build_job_t *j, const char *kind, const char *msg)
{
	if (!j->o->quiet)
		fprintf(stderr, "%swsis-indexer: warning: %s%s\n",
		    j->prog->tty ? "\r\033[K" : "", msg, kind);
}

static void
build_warn(void *ctx, const char *msg)
{
	build_say(ctx, "", msg);
}

static void
build_repaired(void *ctx, const char *msg)
{
	build_job_t *j = ctx;

	j->repaired++;
	build_say(j, "", msg);
}

static void
build_skip(void *ctx, const char *msg)
{
	build_job_t *j = ctx;

	if (j->skipped++ == 0)
		snprintf(j->first_skip, sizeof j->first_skip, "%s", msg);
	build_say(j, j->o->strict ? "" : " (skipped)", msg);
}

static int
build_fail(build_job_t *j, const char *msg)
{
	if (!j->failed)
		snprintf(j->err, sizeof j->err, "%s", msg);
	j->failed = 1;
	return -1;
}

static void
build_count_part(build_job_t *j, const char *part)
{
	size_t i;

	part = part != NULL ? part : "";
	for (i = 0; i < j->nparts; i++)
		if (strcmp(j->parts[i].name, part) == 0) {
			j->parts[i].count++;
			return;
		}
	if (j->nparts < BUILD_PARTS &&
	    (j->parts[j->nparts].name = strdup(part)) != NULL)
		j->parts[j->nparts++].count = 1;
}

static int
build_commit(build_job_t *j)
{
	char msg[ERRLEN];
	unsigned k;

	for (k = 0; k < j->ndb; k++)
		if (wsis_wdb_commit(j->wdb[k]) != WSIS_OK) {
			snprintf(msg, sizeof msg, "cannot write %s: %s", j->paths[k],
			    wsis_wdb_error(j->wdb[k]));
			return build_fail(j, msg);
		}
	j->pending = 0;
	return 0;
}

/* The process's resident memory in bytes (0 when unknown). */
static unsigned long long
build_rss(void)
{
	static long page;
	char buf[128];
	unsigned long long size = 0, rss = 0;
	ssize_t n;
	int fd;

	if (page == 0)
		page = sysconf(_SC_PAGESIZE);
	if ((fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%llu %llu", &size, &rss) != 2)
		return 0;
	return rss * (unsigned long long)page;
}

/* Commits when the text added since the last commit passes the job's
 * batch, or, checked every 64 KB of text, when the process is near its
 * memory bound: then it also gives what was freed back to the system
 * (a batch's commit frees memory the next batch reuses). */
static int
build_maybe_commit(build_job_t *j)
{
	int now = j->pending >= j->flush_bytes, near = 0;

	if (!now && j->pending - j->checked >= 65536) {
		j->checked = j->pending;
		now = near = j->pending >= 65536 && build_rss() > j->rss_limit;
	}
	if (!now)
		return 0;
	if (build_commit(j) != 0)
		return -1;
	j->checked = 0;
	if (near)
		malloc_trim(0);
	return 0;
}

static void
build_progress(build_job_t *j)
{
	unsigned long long disk = j->pos.disk;

	if (disk > j->file->size)
		disk = j->file->size;
	progress_add(j->prog, disk - j->shown_disk, j->indexed - j->shown_passages);
	j->shown_disk = disk;
	j->shown_passages = j->indexed;
}

/* One passage of the file being read: checked, indexed, freed. */
static int
build_emit(void *ctx, wsis_passage_t *p)
{
	build_job_t *j = ctx;
	char msg[ERRLEN];
	unsigned long long order = ((unsigned long long)j->file->ordinal << 32) +
	    j->nfile++;
	unsigned k;
	int r;

	if ((r = idset_add(j->ids, p->id)) < 0)
		return build_fail(j, "out of memory");
	if (r > 0) {
		if (j->pos.line > 0)
			snprintf(msg, sizeof msg, "%s:%llu: duplicate id '%s'", j->file->path,
			    j->pos.line, p->id);
		else
			snprintf(msg, sizeof msg, "%s: duplicate id '%s'", j->file->path,
			    p->id);
		if (j->o->strict)
			return build_fail(j, msg);
		build_skip(j, msg);
		return 0;
	}
	k = (unsigned)(j->indexed % j->ndb);
	if ((j->o->plain ? wsis_docbuild_add_plain : wsis_docbuild_add)(j->wdb[k],
	    p, order, msg, sizeof msg) != WSIS_OK)
		return build_fail(j, msg);
	j->indexed++;
	build_count_part(j, p->part);
	j->pending += strlen(p->text) + (p->title != NULL ? strlen(p->title) : 0) + 64;
	if (build_maybe_commit(j) != 0)
		return -1;
	if ((j->indexed & 63) == 0)
		build_progress(j);
	return 0;
}

/* A job: its files into its databases. */
static void *
build_job_run(void *arg)
{
	build_job_t *j = arg;
	wsis_input_opts_t in = { j->o->strict, build_warn, j, build_repaired,
	    build_skip };
	char err[ERRLEN], *msg = NULL;
	wsis_status_t st;
	unsigned k;
	size_t i;

	for (k = 0; k < j->ndb; k++) {
		st = wsis_wdb_create(j->paths[k], j->o->plain ? WSIS_WDB_PLAIN :
		    j->o->termlists ? 0 : WSIS_WDB_NO_TERMLISTS, &j->wdb[k], &msg);
		if (st != WSIS_OK) {
			snprintf(err, sizeof err, "cannot create %s: %s", j->paths[k],
			    msg ? msg : wsis_status_to_string(st));
			free(msg);
			build_fail(j, err);
			return NULL;
		}
	}
	for (i = j->first; i < j->last; i++) {
		j->file = &j->files->items[i];
		j->nfile = 0;
		j->shown_disk = 0;
		if (wsis_input_read_file(j->file, &in, build_emit, j, &j->pos, err,
		    sizeof err) != 0) {
			if (!j->failed)
				build_fail(j, err);
			return NULL;
		}
		j->bytes_in += j->pos.text;
		j->pos.disk = j->file->size;
		build_progress(j);
	}
	for (k = 0; k < j->ndb; k++) {
		st = wsis_wdb_close(j->wdb[k], &msg);
		j->wdb[k] = NULL;
		if (st != WSIS_OK && !j->failed) {
			snprintf(err, sizeof err, "cannot write %s: %s", j->paths[k],
			    msg ? msg : wsis_status_to_string(st));
			build_fail(j, err);
		}
		free(msg);
		msg = NULL;
	}
	return NULL;
}

static void
build_job_clear(build_job_t *j)
{
	unsigned k;
	size_t i;

	for (k = 0; k < j->ndb; k++) {
		if (j->wdb != NULL)
			wsis_wdb_free(j->wdb[k]);
		if (j->paths != NULL)
			free(j->paths[k]);
	}
	free(j->wdb);
	free(j->paths);
	idset_free(j->ids);
	for (i = 0; i < j->nparts; i++)
		free(j->parts[i].name);
}

static char *
build_path(const char *a, const char *b, unsigned k)
{
	size_t n = strlen(a) + strlen(b) + 16;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%s%s%u", a, b, k);
	return s;
}

/* The stub that opens the shards as one database. */
static int
build_stub(const char *dir, unsigned n, char *err, size_t errlen)
{
	char *path = build_path(dir, "/XAPIANDB", 0);
	FILE *f;
	unsigned k;
	int rc = -1;

	if (path == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	path[strlen(path) - 1] = '\0';	/* the 0 build_path appended */
	if ((f = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	for (k = 1; k <= n; k++)
		fprintf(f, "auto shard-%u\n", k);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(path);
	return rc;
}

/* What a build did, for the summary. */
typedef struct {
	unsigned long long indexed, skipped, repaired, bytes_in;
	char               first_skip[ERRLEN];
	build_part_t       parts[BUILD_PARTS];
	size_t             nparts;
} build_sum_t;

static void
build_sum_add(build_sum_t *s, build_job_t *j)
{
	size_t i, k;

	s->indexed += j->indexed;
	s->repaired += j->repaired;
	s->bytes_in += j->bytes_in;
	if (s->skipped == 0 && j->skipped > 0)
		snprintf(s->first_skip, sizeof s->first_skip, "%s", j->first_skip);
	s->skipped += j->skipped;
	for (i = 0; i < j->nparts; i++) {
		for (k = 0; k < s->nparts; k++)
			if (strcmp(s->parts[k].name, j->parts[i].name) == 0)
				break;
		if (k < s->nparts) {
			s->parts[k].count += j->parts[i].count;
		} else if (s->nparts < BUILD_PARTS) {
			s->parts[s->nparts] = j->parts[i];
			j->parts[i].name = NULL;
			s->nparts++;
		}
	}
}

/*
 * Writes the files into generation directory `dst` with `jobs` jobs.
 * Returns 0; 1 when a duplicate id spans two jobs' shares (nothing kept:
 * run again with one job); -1 after printing why.
 */
static int
build_run(const char *dst, const wsis_input_files_t *files, unsigned jobs,
    const indexer_opts_t *o, progress_t *prog, build_sum_t *sum)
{
	unsigned nshards = o->shards > 0 ? o->shards : 1, k, started = 0, d;
	int direct = o->shards == 0 && jobs == 1 && !o->compact;
	unsigned long long budget, acc = 0, bound;
	build_job_t *job;
	idset_t *all = NULL;
	char err[ERRLEN], *msg = NULL;
	const char **srcs = NULL;
	wsis_status_t st;
	size_t i, dups;
	int rc = -1;

	if (jobs > files->count)
		jobs = (unsigned)files->count;
	if (o->shards > 0)
		jobs = 1;	/* one reader: the k-th passage picks the shard */
	if ((job = calloc(jobs, sizeof *job)) == NULL) {
		fprintf(stderr, "wsis-indexer: out of memory\n");
		return -1;
	}
	budget = (unsigned long long)(o->memory_mb > BUILD_OVERHEAD_MB + 8 ?
	    o->memory_mb - BUILD_OVERHEAD_MB : 8) << 20;
	if (o->shards > 0 && mkdir(dst, 0755) != 0) {
		fprintf(stderr, "wsis-indexer: cannot create %s: %s\n", dst,
		    strerror(errno));
		goto out;
	}
	for (k = 0, i = 0; k < jobs; k++) {
		build_job_t *j = &job[k];

		j->o = o;
		j->files = files;
		j->prog = prog;
		j->ndb = nshards;
		j->flush_bytes = budget / jobs / nshards / BUILD_XAPIAN_FACTOR;
		if (j->flush_bytes > BUILD_BATCH_BYTES)
			j->flush_bytes = BUILD_BATCH_BYTES;
		/* each job's commit needs room of its own on top */
		j->rss_limit = ((unsigned long long)o->memory_mb << 20) / 8 *
		    (jobs > 4 ? 2 : 7 - jobs);
		j->ids = idset_new();
		j->paths = calloc(nshards, sizeof *j->paths);
		j->wdb = calloc(nshards, sizeof *j->wdb);
		if (j->ids == NULL || j->paths == NULL || j->wdb == NULL) {
			fprintf(stderr, "wsis-indexer: out of memory\n");
			goto out;
		}
		/* a contiguous share of the bytes, at least one file */
		j->first = i;
		bound = files->bytes * (k + 1) / jobs;
		do
			acc += files->items[i++].size;
		while (i < files->count - (jobs - 1 - k) && acc < bound);
		if (k + 1 == jobs)
			i = files->count;
		j->last = i;
		for (d = 0; d < nshards; d++) {
			j->paths[d] = o->shards > 0 ? build_path(dst, "/shard-", d + 1) :
			    direct ? strdup(dst) : build_path(dst, ".part-", k);
			if (j->paths[d] == NULL) {
				fprintf(stderr, "wsis-indexer: out of memory\n");
				goto out;
			}
			if (o->shards > 0 && o->compact)	/* compacted below */
				j->paths[d][strlen(dst)] = '.';
		}
	}
	if (jobs == 1) {
		build_job_run(&job[0]);
		started = 0;
	} else {
		for (k = 0; k < jobs; k++, started++)
			if (pthread_create(&job[k].thread, NULL, build_job_run,
			    &job[k]) != 0) {
				build_fail(&job[k], "cannot start a thread");
				break;
			}
		for (k = 0; k < started; k++)
			pthread_join(job[k].thread, NULL);
	}
	for (k = 0; k < jobs; k++)
		if (job[k].failed) {
			fprintf(stderr, "%swsis-indexer: %s\n", prog->tty &&
			    !o->quiet ? "\r\033[K" : "", job[k].err);
			goto out;
		}
	/* a duplicate across two shares: the earlier share's record wins */
	if (jobs > 1) {
		if ((all = idset_new()) == NULL) {
			fprintf(stderr, "wsis-indexer: out of memory\n");
			goto out;
		}
		for (k = 0; k < jobs; k++) {
			if (idset_merge(all, job[k].ids, &dups) != 0) {
				fprintf(stderr, "wsis-indexer: out of memory\n");
				goto out;
			}
			if (dups > 0) {
				rc = 1;
				goto out;
			}
		}
	}
	if (!direct && o->shards == 0) {
		if ((srcs = calloc(jobs, sizeof *srcs)) == NULL) {
			fprintf(stderr, "wsis-indexer: out of memory\n");
			goto out;
		}
		for (k = 0; k < jobs; k++)
			srcs[k] = job[k].paths[0];
		st = wsis_compact_merge(srcs, jobs, dst, &msg);
		if (st != WSIS_OK) {
			fprintf(stderr, "wsis-indexer: cannot %s into %s: %s\n",
			    jobs > 1 ? "merge the jobs' databases" : "compact", dst,
			    msg ? msg : wsis_status_to_string(st));
			free(msg);
			goto out;
		}
	}
	if (o->shards > 0 && o->compact) {
		for (d = 0; d < nshards; d++) {
			char *to = build_path(dst, "/shard-", d + 1);

			st = to != NULL ? wsis_compact(job[0].paths[d], to, &msg) : WSIS_ENOMEM;
			if (st != WSIS_OK) {
				fprintf(stderr, "wsis-indexer: cannot compact %s: %s\n",
				    job[0].paths[d], msg ? msg : wsis_status_to_string(st));
				free(msg);
				free(to);
				goto out;
			}
			free(to);
		}
	}
	if (o->shards > 0 && build_stub(dst, nshards, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-indexer: %s\n", err);
		goto out;
	}
	for (k = 0; k < jobs; k++)
		build_sum_add(sum, &job[k]);
	rc = 0;
out:
	for (k = 0; k < jobs; k++) {
		for (d = 0; d < job[k].ndb && job[k].paths != NULL; d++)
			if (job[k].paths[d] != NULL && !direct &&
			    strcmp(job[k].paths[d], dst) != 0 &&
			    !(o->shards > 0 && !o->compact))
				wsis_gen_remove_tree(job[k].paths[d]);
		build_job_clear(&job[k]);
	}
	idset_free(all);
	free(srcs);
	free(job);
	return rc;
}

/* Bytes under `path` (a file or a tree). */
static unsigned long long
build_disk_size(const char *path)
{
	struct stat st;
	unsigned long long total = 0;
	struct dirent *de;
	DIR *d;

	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return (unsigned long long)st.st_size;
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char sub[4096];

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
		total += build_disk_size(sub);
	}
	closedir(d);
	return total;
}

static void
build_report(const build_sum_t *s, const wsis_gen_t *gen, const indexer_opts_t *o,
    double secs)
{
	unsigned long long out = build_disk_size(gen->path);
	size_t i;

	printf("wsis-indexer: %llu passages from %llu input bytes\n", s->indexed,
	    s->bytes_in);
	for (i = 0; i < s->nparts; i++)
		printf("  %-24s %6llu passages\n", s->parts[i].name, s->parts[i].count);
	if (s->nparts == BUILD_PARTS)
		printf("  (more parts not listed)\n");
	printf("wsis-indexer: index %llu bytes (%.2fx input)%s, %.3f s, %.2f MB/s\n",
	    out, s->bytes_in ? (double)out / (double)s->bytes_in : 0.0,
	    o->compact || o->jobs > 1 ? ", compacted" : "", secs,
	    secs > 0 ? (double)s->bytes_in / 1e6 / secs : 0.0);
	if (o->shards > 0)
		printf("wsis-indexer: %u shards, shard-1 ... shard-%u\n", o->shards,
		    o->shards);
	printf("wsis-indexer: %s -> %s\n", gen->out, gen->target);
}

/* What listing the inputs skipped (unreadable directories, dangling
 * links): counted with the records skipped. */
typedef struct {
	const indexer_opts_t *o;
	unsigned long long    skipped;
	char                  first_skip[ERRLEN];
} build_list_t;

static void
build_list_skip(void *ctx, const char *msg)
{
	build_list_t *l = ctx;

	if (l->skipped++ == 0)
		snprintf(l->first_skip, sizeof l->first_skip, "%s", msg);
	if (!l->o->quiet)
		fprintf(stderr, "wsis-indexer: warning: %s (skipped)\n", msg);
}

int
indexer_build(char **paths, int npaths, const indexer_opts_t *o)
{
	build_list_t list = { o, 0, "" };
	wsis_input_opts_t lo = { o->strict, NULL, &list, NULL, build_list_skip };
	wsis_input_files_t files = { 0 };
	build_sum_t sum;
	progress_t prog;
	wsis_gen_t gen;
	char err[ERRLEN];
	double t0 = wsis_clock_s();
	int i, r, rc = INDEXER_EXIT_FAIL, committed = 0;

	memset(&sum, 0, sizeof sum);
	for (i = 0; i < npaths; i++)
		if (wsis_input_list(paths[i], &lo, &files, err, sizeof err) != 0) {
			fprintf(stderr, "wsis-indexer: %s\n", err);
			goto out_files;
		}
	if (wsis_gen_begin(&gen, o->out, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-indexer: %s\n", err);
		goto out_files;
	}
	progress_init(&prog, files.bytes, o->quiet);
	r = build_run(gen.path, &files, o->jobs, o, &prog, &sum);
	if (r == 1) {
		if (!o->quiet)
			fprintf(stderr, "wsis-indexer: an id repeats across the jobs' "
			    "shares of the input: indexing again in one job\n");
		wsis_gen_remove_tree(gen.path);
		progress_end(&prog);
		progress_init(&prog, files.bytes, o->quiet);
		r = build_run(gen.path, &files, 1, o, &prog, &sum);
	}
	progress_end(&prog);
	if (r != 0)
		goto out_gen;
	if (list.skipped > 0) {
		snprintf(sum.first_skip, sizeof sum.first_skip, "%s", list.first_skip);
		sum.skipped += list.skipped;
	}
	if (sum.indexed == 0) {
		fprintf(stderr, "wsis-indexer: nothing to index%s%s\n",
		    sum.skipped ? ": every record skipped, the first: " : "",
		    sum.skipped ? sum.first_skip : "");
		goto out_gen;
	}
	if (wsis_gen_commit(&gen, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-indexer: %s\n", err);
		goto out_gen;
	}
	committed = 1;
	rc = sum.skipped > 0 ? INDEXER_EXIT_SKIPPED : INDEXER_EXIT_OK;
	if (!o->quiet)
		build_report(&sum, &gen, o, wsis_clock_s() - t0);
	if (!o->quiet && (sum.skipped > 0 || sum.repaired > 0))
		fprintf(stderr, "wsis-indexer: %llu indexed, %llu skipped, %llu "
		    "repaired%s%s\n", sum.indexed, sum.skipped, sum.repaired,
		    sum.skipped ? "; the first skipped: " : "",
		    sum.skipped ? sum.first_skip : "");
out_gen:
	wsis_gen_end(&gen, committed);
out_files:
	for (i = 0; (size_t)i < sum.nparts; i++)
		free(sum.parts[i].name);
	wsis_input_files_free(&files);
	return rc;
}
