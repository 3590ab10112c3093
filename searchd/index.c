/* index.c - the index the daemon serves, its generations and reloads
 * (index.h). */
#include "index.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "shards.h"
#include "sprinter.h"


/* Opens the shards, local paths resolved now: a reader keeps the
 * generation it opened even when the symlink moves on.  The indexer keeps
 * the newest two generations: when a third arrives between resolving the
 * symlink and opening what it named, that generation is gone, and the
 * open is tried again on what the symlink names now (as long as it moves
 * on: a path that fails twice fails). */
#define INDEX_OPEN_TRIES 5

/* The first wait before a shard taken out is tried again; each failed
 * try doubles it, up to shard-retry-max. */
#define INDEX_RETRY_FIRST_MS 500

/* A shard's state.  Only a remote shard is ever taken out: a local one
 * that fails is the index's error, as it always was. */
typedef struct {
	atomic_int        up;           /* queries go to it */
	/* under the index's lock */
	unsigned long     failures;     /* times it was taken out */
	unsigned long     retries;      /* tries that found it still down */
	unsigned          backoff_ms;   /* the wait before the next try */
	double            next_try;     /* when (index_now()) */
	char              error[200];   /* why it was taken out, or last failed */
} index_shard_t;

struct index {
	char             *shards_buf;   /* settings' list, cut at the commas */
	const char       *shards[WSIS_SHARDS_MAX];
	size_t            nshards;
	char             *stub_items[WSIS_SHARDS_MAX];  /* shards read from stubs */
	size_t            nstub_items;
	index_shard_t     state[WSIS_SHARDS_MAX];
	unsigned          connect_ms, timeout_ms, retry_max_ms;
	int               fail_whole;   /* shard-failure = fail */
	/* one more each time a shard is taken out or back: a handle set for
	 * another sets its shards again */
	atomic_ulong      shard_epoch;
	/* written under `lock`; the generation is also read without it */
	pthread_mutex_t   lock;
	atomic_ulong      generation;   /* one more for each reload */
	unsigned long     documents;
	char              gen_name[256];
	/* the thread that tries the shards taken out (index_retry_main) */
	pthread_t         retrier;
	pthread_cond_t    wake;         /* with `lock`, on CLOCK_MONOTONIC */
	int               retrier_on, stopping;
};

struct index_handle {
	wsis_db_t        *db;
	unsigned long     gen;          /* the generation db belongs to */
	unsigned long     epoch;        /* the shard_epoch its shards follow */
};

static double
index_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Which shards a database should search now: the local ones and the
 * remote ones that are up.  Returns how many. */
static size_t
index_live_mask(index_t *idx, unsigned char *live)
{
	size_t i, n = 0;

	for (i = 0; i < idx->nshards; i++) {
		live[i] = !wsis_shards_is_remote(idx->shards[i]) ||
		    atomic_load(&idx->state[i].up);
		n += live[i];
	}
	return n;
}

/* Takes shard i out (a remote one that failed: `why`); the retrier tries
 * it again after INDEX_RETRY_FIRST_MS.  Nothing when it is out already or
 * is local.  Returns 1 when shard i is a remote one (out now), else 0. */
static int
index_shard_down(index_t *idx, size_t i, const char *why)
{
	index_shard_t *sh;

	if (i >= idx->nshards || !wsis_shards_is_remote(idx->shards[i]))
		return 0;
	sh = &idx->state[i];
	pthread_mutex_lock(&idx->lock);
	if (atomic_load(&sh->up)) {
		atomic_store(&sh->up, 0);
		sh->failures++;
		sh->backoff_ms = INDEX_RETRY_FIRST_MS;
		sh->next_try = index_now() + INDEX_RETRY_FIRST_MS / 1000.0;
		snprintf(sh->error, sizeof sh->error, "%s", why != NULL ? why : "failed");
		atomic_fetch_add(&idx->shard_epoch, 1);
		log_warning("shard %s taken out: %s; %s until it answers again",
		    idx->shards[i], sh->error, idx->fail_whole ?
		    "queries fail (shard-failure = fail)" : "replies are partial");
		pthread_cond_signal(&idx->wake);
	}
	pthread_mutex_unlock(&idx->lock);
	return 1;
}

/* The retrier: tries each shard taken out when its wait is over, off the
 * event loop and the workers, with the connect and query timeouts; one
 * that answers is taken back (the workers follow before their next job),
 * one that does not waits twice as long, at most shard-retry-max. */
static void *
index_retry_main(void *arg)
{
	index_t *idx = arg;
	size_t i, due;
	double now, first;
	struct timespec ts;
	wsis_status_t st;
	char *msg;

	pthread_mutex_lock(&idx->lock);
	while (!idx->stopping) {
		now = index_now();
		due = WSIS_SHARD_NONE;
		first = 0;
		for (i = 0; i < idx->nshards; i++) {
			if (atomic_load(&idx->state[i].up))
				continue;
			if (idx->state[i].next_try <= now) {
				due = i;
				break;
			}
			if (first == 0 || idx->state[i].next_try < first)
				first = idx->state[i].next_try;
		}
		if (due == WSIS_SHARD_NONE) {
			if (first == 0)
				pthread_cond_wait(&idx->wake, &idx->lock);
			else {
				ts.tv_sec = (time_t)first;
				ts.tv_nsec = (long)((first - (double)ts.tv_sec) * 1e9);
				pthread_cond_timedwait(&idx->wake, &idx->lock, &ts);
			}
			continue;
		}
		pthread_mutex_unlock(&idx->lock);
		msg = NULL;
		st = wsis_shard_probe(idx->shards[due], idx->connect_ms, idx->timeout_ms,
		    NULL, &msg);
		pthread_mutex_lock(&idx->lock);
		if (st == WSIS_OK) {
			atomic_store(&idx->state[due].up, 1);
			atomic_fetch_add(&idx->shard_epoch, 1);
			log_info("shard %s answers again: taken back", idx->shards[due]);
		} else {
			index_shard_t *sh = &idx->state[due];

			sh->retries++;
			snprintf(sh->error, sizeof sh->error, "%s",
			    msg != NULL ? msg : wsis_status_to_string(st));
			sh->backoff_ms = sh->backoff_ms * 2 > idx->retry_max_ms ?
			    idx->retry_max_ms : sh->backoff_ms * 2;
			sh->next_try = index_now() + sh->backoff_ms / 1000.0;
			log_debug("shard %s still down (%s): next try in %u ms",
			    idx->shards[due], sh->error, sh->backoff_ms);
		}
		free(msg);
	}
	pthread_mutex_unlock(&idx->lock);
	return NULL;
}

/* Opens the shards of `paths` that are live now; a remote one that fails
 * is taken out and the others opened again.  Returns the database, or
 * NULL with the status and message of the failure (or of no shard left). */
static wsis_db_t *
index_open_live(index_t *idx, const char *const *paths, unsigned long *epoch,
    wsis_status_t *st, char **msg)
{
	unsigned char live[WSIS_SHARDS_MAX];
	wsis_db_t *db = NULL;
	size_t failed;

	for (;;) {
		*epoch = atomic_load(&idx->shard_epoch);
		if (index_live_mask(idx, live) == 0) {
			*st = WSIS_ENETWORK;
			free(*msg);
			*msg = strdup("no shard answers");
			return NULL;
		}
		free(*msg);
		*msg = NULL;
		*st = wsis_db_open_live(paths, idx->nshards, live, idx->connect_ms,
		    idx->timeout_ms, &db, &failed, msg);
		if (*st == WSIS_OK)
			return db;
		if (!index_shard_down(idx, failed, *msg))
			return NULL;
	}
}

/* A stub file's shards (Xapian's stub format: "auto PATH", "glass PATH",
 * "remote HOST:PORT", a path relative to the stub's directory), read
 * here so that each is a shard of its own, opened with the shard
 * timeouts, that can be taken out alone; appended to idx->shards.
 * Returns 1 when `path` is such a stub and its shards were added, 0 when
 * it is no stub file or holds another kind of line (Xapian then opens it
 * as one database), -1 with err on failure. */
static int
index_read_stub(index_t *idx, const char *path, char *err, size_t errlen)
{
	char line[1024], dir[4096], *item, *p, *end;
	const char *slash;
	size_t first = idx->nstub_items, added = 0, len;
	struct stat st;
	FILE *f;
	int remote, bad = 0;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (f = fopen(path, "r")) == NULL)
		return 0;
	slash = strrchr(path, '/');
	snprintf(dir, sizeof dir, "%.*s", slash != NULL ? (int)(slash - path) : 1,
	    slash != NULL ? path : ".");
	while (!bad && fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if ((p = strchr(line, ' ')) == NULL) {
			bad = 1;
			break;
		}
		*p++ = '\0';
		remote = strcmp(line, "remote") == 0;
		if ((!remote && strcmp(line, "auto") != 0 && strcmp(line, "glass") != 0) ||
		    *p == '\0' || (remote && *p == ':')) {
			bad = 1;   /* another backend, or a program: Xapian's to open */
			break;
		}
		if (idx->nshards + added + 1 > WSIS_SHARDS_MAX) {
			fclose(f);
			snprintf(err, errlen, "%s: more than %d shards in the index list", path,
			    WSIS_SHARDS_MAX);
			return -1;
		}
		len = strlen(p) + strlen(dir) + 8;
		if ((item = malloc(len)) == NULL) {
			fclose(f);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (remote)
			snprintf(item, len, "tcp:%s", p);
		else if (*p == '/')
			snprintf(item, len, "%s", p);
		else
			snprintf(item, len, "%s/%s", dir, p);
		end = item + strlen(item);
		while (end > item && end[-1] == ' ')
			*--end = '\0';
		idx->stub_items[idx->nstub_items++] = item;
		added++;
	}
	fclose(f);
	if (bad || added == 0) {
		while (idx->nstub_items > first)
			free(idx->stub_items[--idx->nstub_items]);
		return 0;
	}
	return 1;
}

/* Cuts `list` (settings' index: shards separated by commas, empty ones
 * skipped) into idx->shards, a stub file's shards in its place.  Returns
 * 0, or -1 with a message in err. */
static int
index_split(index_t *idx, const char *list, char *err, size_t errlen)
{
	const char *items[WSIS_SHARDS_MAX];
	size_t n, i, k;
	int rc;

	if (wsis_shards_split(list, &idx->shards_buf, items, WSIS_SHARDS_MAX, &n,
	    err, errlen) != 0)
		return -1;
	idx->nshards = 0;
	for (i = 0; i < n; i++) {
		size_t before = idx->nstub_items;

		rc = wsis_shards_is_remote(items[i]) ? 0 :
		    index_read_stub(idx, items[i], err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (idx->nshards == WSIS_SHARDS_MAX) {
				snprintf(err, errlen, "more than %d shards in the index list",
				    WSIS_SHARDS_MAX);
				return -1;
			}
			idx->shards[idx->nshards++] = items[i];
		} else
			for (k = before; k < idx->nstub_items; k++)
				idx->shards[idx->nshards++] = idx->stub_items[k];
	}
	if (idx->nshards == 0) {
		snprintf(err, errlen, "no index given (--index DIR)");
		return -1;
	}
	return 0;
}

/* Opens every live shard (see INDEX_OPEN_TRIES); *epoch gets the shard
 * epoch it follows.  Returns the database, its
 * generation's name in `name` (the first shard's directory) when not
 * NULL, or NULL with a message in err. */
static wsis_db_t *
index_open(index_t *idx, char *name, size_t namelen, unsigned long *epoch, char *err,
    size_t errlen)
{
	char *resolved[WSIS_SHARDS_MAX] = { 0 }, *before[WSIS_SHARDS_MAX] = { 0 };
	const char *paths[WSIS_SHARDS_MAX];
	wsis_db_t *db = NULL;
	char *msg = NULL;
	wsis_status_t st = WSIS_EINVAL;
	size_t i;
	int tries, moved;

	for (tries = 0; tries < INDEX_OPEN_TRIES; tries++) {
		moved = 0;
		for (i = 0; i < idx->nshards; i++) {
			free(before[i]);
			before[i] = resolved[i];
			resolved[i] = NULL;
			if (!wsis_shards_is_remote(idx->shards[i]))
				resolved[i] = realpath(idx->shards[i], NULL);
			paths[i] = resolved[i] ? resolved[i] : idx->shards[i];
			if (tries > 0 && resolved[i] != NULL &&
			    (before[i] == NULL || strcmp(before[i], resolved[i]) != 0))
				moved = 1;
		}
		if (tries > 0 && !moved)
			break;
		free(msg);
		msg = NULL;
		db = index_open_live(idx, paths, epoch, &st, &msg);
		if (st == WSIS_OK)
			break;
		log_debug("opening %s failed (%s); trying what %s names now",
		    paths[0], msg ? msg : wsis_status_to_string(st), idx->shards[0]);
	}
	if (st != WSIS_OK)
		snprintf(err, errlen, "cannot open index %s: %s", idx->shards[0],
		    msg ? msg : wsis_status_to_string(st));
	else if (name != NULL) {
		const char *base = strrchr(paths[0], '/');
		snprintf(name, namelen, "%s", base ? base + 1 : paths[0]);
	}
	free(msg);
	for (i = 0; i < idx->nshards; i++) {
		free(resolved[i]);
		free(before[i]);
	}
	return st == WSIS_OK ? db : NULL;
}

/* The shard settings: timeouts, what a failure does.  Returns 0, or -1
 * with a message in err. */
static int
index_settings(index_t *idx, const settings_t *s, char *err, size_t errlen)
{
	const char *mode = s->shard_failure != NULL ? s->shard_failure : "partial";

	idx->connect_ms = s->shard_connect_timeout_ms;
	idx->timeout_ms = s->shard_timeout_ms;
	idx->retry_max_ms = s->shard_retry_max_ms < INDEX_RETRY_FIRST_MS ?
	    INDEX_RETRY_FIRST_MS : s->shard_retry_max_ms;
	if (strcmp(mode, "partial") == 0)
		idx->fail_whole = 0;
	else if (strcmp(mode, "fail") == 0)
		idx->fail_whole = 1;
	else {
		snprintf(err, errlen, "shard-failure: '%.100s' is neither partial nor fail", mode);
		return -1;
	}
	return 0;
}

index_t *
index_new(const settings_t *s, char *err, size_t errlen)
{
	index_t *idx = calloc(1, sizeof *idx);
	pthread_condattr_t ca;
	wsis_db_t *db;
	unsigned long epoch;
	size_t i;

	if (idx == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < WSIS_SHARDS_MAX; i++)
		atomic_init(&idx->state[i].up, 1);
	atomic_init(&idx->shard_epoch, 0);
	atomic_init(&idx->generation, 0);
	pthread_mutex_init(&idx->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&idx->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (index_settings(idx, s, err, errlen) != 0 ||
	    index_split(idx, s->index, err, errlen) != 0 ||
	    (db = index_open(idx, idx->gen_name, sizeof idx->gen_name, &epoch, err,
	    errlen)) == NULL) {
		index_free(idx);
		return NULL;
	}
	wsis_db_doccount(db, &idx->documents);
	wsis_db_free(db);
	for (i = 0; i < idx->nshards; i++)
		if (wsis_shards_is_remote(idx->shards[i])) {
			if (pthread_create(&idx->retrier, NULL, index_retry_main, idx) != 0) {
				snprintf(err, errlen, "cannot start the shard retrier thread");
				index_free(idx);
				return NULL;
			}
			idx->retrier_on = 1;
			break;
		}
	return idx;
}

void
index_free(index_t *idx)
{
	if (idx == NULL)
		return;
	if (idx->retrier_on) {
		pthread_mutex_lock(&idx->lock);
		idx->stopping = 1;
		pthread_cond_signal(&idx->wake);
		pthread_mutex_unlock(&idx->lock);
		pthread_join(idx->retrier, NULL);
	}
	pthread_cond_destroy(&idx->wake);
	pthread_mutex_destroy(&idx->lock);
	while (idx->nstub_items > 0)
		free(idx->stub_items[--idx->nstub_items]);
	free(idx->shards_buf);
	free(idx);
}

int
index_check(const settings_t *s, char *err, size_t errlen)
{
	index_t *idx = index_new(s, err, errlen);

	index_free(idx);
	return idx != NULL ? 0 : -1;
}

unsigned long
index_generation(index_t *idx)
{
	return atomic_load(&idx->generation);
}

unsigned long
index_documents(index_t *idx)
{
	unsigned long n;

	pthread_mutex_lock(&idx->lock);
	n = idx->documents;
	pthread_mutex_unlock(&idx->lock);
	return n;
}

void
index_gen_name(index_t *idx, char *out, size_t outlen)
{
	pthread_mutex_lock(&idx->lock);
	snprintf(out, outlen, "%s", idx->gen_name);
	pthread_mutex_unlock(&idx->lock);
}

void
index_bump(index_t *idx)
{
	pthread_mutex_lock(&idx->lock);
	atomic_fetch_add(&idx->generation, 1);
	pthread_mutex_unlock(&idx->lock);
}

index_handle_t *
index_handle_new(void)
{
	index_handle_t *h = calloc(1, sizeof *h);

	if (h != NULL)
		h->gen = ULONG_MAX;   /* no generation: the first get opens */
	return h;
}

void
index_handle_free(index_handle_t *h)
{
	if (h == NULL)
		return;
	wsis_db_free(h->db);
	free(h);
}

/* Makes h's database search the shards that are up now: one taken back
 * is opened again, one taken out closed; one that cannot be opened is
 * taken out. */
static void
index_handle_follow(index_t *idx, index_handle_t *h)
{
	unsigned char live[WSIS_SHARDS_MAX];
	size_t failed;
	unsigned long epoch;

	while ((epoch = atomic_load(&idx->shard_epoch)) != h->epoch) {
		index_live_mask(idx, live);
		if (wsis_db_set_live(h->db, live, &failed) == WSIS_OK) {
			h->epoch = epoch;
			return;
		}
		if (!index_shard_down(idx, failed, wsis_db_error(h->db))) {
			log_error("shards: %s", wsis_db_error(h->db));
			return;
		}
	}
}

wsis_db_t *
index_handle_get(index_t *idx, index_handle_t *h, unsigned long *gen)
{
	unsigned long want = atomic_load(&idx->generation);
	char name[256], err[512];
	unsigned long docs = 0, epoch = 0;
	wsis_db_t *fresh;

	if (h->db != NULL && h->gen == want) {
		index_handle_follow(idx, h);
		(void)wsis_db_error_shard(NULL, NULL);
		*gen = h->gen;
		return h->db;
	}
	fresh = index_open(idx, name, sizeof name, &epoch, err, sizeof err);
	if (fresh != NULL) {
		wsis_db_doccount(fresh, &docs);
		pthread_mutex_lock(&idx->lock);
		idx->documents = docs;
		snprintf(idx->gen_name, sizeof idx->gen_name, "%s", name);
		pthread_mutex_unlock(&idx->lock);
		wsis_db_free(h->db);
		h->db = fresh;
		h->gen = want;
		h->epoch = epoch;
	} else {
		log_error("%s", err);
	}
	if (h->db != NULL)
		index_handle_follow(idx, h);
	/* only a failure of the command about to run names a shard */
	(void)wsis_db_error_shard(NULL, NULL);
	*gen = h->gen;
	return h->db;
}

int
index_handle_failed(index_t *idx, index_handle_t *h, const char *why)
{
	int network = 0;
	size_t i = wsis_db_error_shard(h->db, &network);

	if (!network)
		return 0;
	/* the other remote shards' connections may be out of step after the
	 * failed query: opened anew before the next one */
	wsis_db_close_remote(h->db);
	h->epoch = ULONG_MAX;
	if (i != WSIS_SHARD_NONE)
		index_shard_down(idx, i, why);
	return 1;
}

size_t
index_handle_missing(index_t *idx, index_handle_t *h, const char **names, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < idx->nshards; i++)
		if (!wsis_db_is_live(h->db, i)) {
			if (n < max)
				names[n] = idx->shards[i];
			n++;
		}
	return n;
}

int
index_fail_whole(index_t *idx)
{
	return idx->fail_whole;
}

size_t
index_shard_count(index_t *idx)
{
	return idx->nshards;
}

size_t
index_shards_down(index_t *idx)
{
	size_t i, n = 0;

	for (i = 0; i < idx->nshards; i++)
		n += !atomic_load(&idx->state[i].up);
	return n;
}

void
index_shard_info(index_t *idx, size_t i, index_shard_info_t *info)
{
	const index_shard_t *sh = &idx->state[i];

	memset(info, 0, sizeof *info);
	if (i >= idx->nshards)
		return;
	info->name = idx->shards[i];
	info->remote = wsis_shards_is_remote(idx->shards[i]);
	pthread_mutex_lock(&idx->lock);
	info->up = atomic_load(&sh->up);
	info->failures = sh->failures;
	info->retries = sh->retries;
	info->retry_in_ms = 0;
	if (!info->up) {
		double left = sh->next_try - index_now();

		info->retry_in_ms = left > 0 ? (unsigned long)(left * 1000) : 0;
	}
	snprintf(info->error, sizeof info->error, "%s", sh->failures > 0 ? sh->error : "");
	pthread_mutex_unlock(&idx->lock);
}

void
index_shards_json(index_t *idx, wsis_sprinter_t *sp)
{
	index_shard_info_t info;
	size_t i;

	wsis_sp_begin_list(sp);
	for (i = 0; i < idx->nshards; i++) {
		index_shard_info(idx, i, &info);
		wsis_sp_begin_map(sp);
		wsis_sp_map_key(sp, "shard");
		wsis_sp_string(sp, info.name);
		wsis_sp_map_key(sp, "state");
		wsis_sp_string(sp, info.up ? "up" : "down");
		wsis_sp_map_key(sp, "failures");
		wsis_sp_uint(sp, info.failures);
		if (!info.up) {
			wsis_sp_map_key(sp, "retries");
			wsis_sp_uint(sp, info.retries);
			wsis_sp_map_key(sp, "retry_in_ms");
			wsis_sp_uint(sp, info.retry_in_ms);
		}
		if (info.error[0] != '\0') {
			wsis_sp_map_key(sp, "last_error");
			wsis_sp_string(sp, info.error);
		}
		wsis_sp_end(sp);
	}
	wsis_sp_end(sp);
}

int
index_reload(index_t *idx, index_handle_t *h, wsis_buf_t *out, char *err, size_t errlen)
{
	char name[256], why[512];
	unsigned long docs = 0, epoch = 0;
	wsis_db_t *fresh = index_open(idx, name, sizeof name, &epoch, why, sizeof why);
	wsis_sprinter_t sp;
	if (fresh == NULL) {
		snprintf(err, errlen, "reload failed: %.230s", why);
		log_error("%s; still serving the index opened before", err);
		return -1;
	}
	wsis_db_doccount(fresh, &docs);
	pthread_mutex_lock(&idx->lock);
	h->gen = atomic_fetch_add(&idx->generation, 1) + 1;
	wsis_sp_json_init(&sp, out);
	wsis_sp_begin_map(&sp);
	wsis_sp_map_key(&sp, "reloaded");
	wsis_sp_bool(&sp, 1);
	wsis_sp_map_key(&sp, "documents");
	wsis_sp_uint(&sp, docs);
	wsis_sp_map_key(&sp, "generation");
	wsis_sp_string(&sp, name);
	wsis_sp_map_key(&sp, "changed");
	wsis_sp_bool(&sp, strcmp(name, idx->gen_name) != 0);
	wsis_sp_end(&sp);
	wsis_sp_finish(&sp);
	idx->documents = docs;
	snprintf(idx->gen_name, sizeof idx->gen_name, "%s", name);
	pthread_mutex_unlock(&idx->lock);
	wsis_db_free(h->db);
	h->db = fresh;
	h->epoch = epoch;
	log_info("index reopened: %s, %lu passages", name, docs);
	return 0;
}
