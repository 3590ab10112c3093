/* index.c - the index the daemon serves, its generations and reloads
 * (index.h). */
#include "index.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct index {
	char             *shards_buf;   /* settings' list, cut at the commas */
	const char       *shards[WSIS_SHARDS_MAX];
	size_t            nshards;
	/* written under `lock`; the generation is also read without it */
	pthread_mutex_t   lock;
	atomic_ulong      generation;   /* one more for each reload */
	unsigned long     documents;
	char              gen_name[256];
};

struct index_handle {
	wsis_db_t        *db;
	unsigned long     gen;          /* the generation db belongs to */
};

/* Cuts `list` (settings' index: shards separated by commas, empty ones
 * skipped) into idx->shards.  Returns 0, or -1 with a message in err. */
static int
index_split(index_t *idx, const char *list, char *err, size_t errlen)
{
	if (wsis_shards_split(list, &idx->shards_buf, idx->shards, WSIS_SHARDS_MAX,
	    &idx->nshards, err, errlen) != 0)
		return -1;
	if (idx->nshards == 0) {
		snprintf(err, errlen, "no index given (--index DIR)");
		return -1;
	}
	return 0;
}

/* Opens every shard (see INDEX_OPEN_TRIES).  Returns the database, its
 * generation's name in `name` (the first shard's directory) when not
 * NULL, or NULL with a message in err. */
static wsis_db_t *
index_open(index_t *idx, char *name, size_t namelen, char *err, size_t errlen)
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
		st = wsis_db_open(paths, idx->nshards, &db, &msg);
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

index_t *
index_new(const settings_t *s, char *err, size_t errlen)
{
	index_t *idx = calloc(1, sizeof *idx);
	wsis_db_t *db;

	if (idx == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (index_split(idx, s->index, err, errlen) != 0 ||
	    (db = index_open(idx, idx->gen_name, sizeof idx->gen_name, err, errlen)) == NULL) {
		free(idx->shards_buf);
		free(idx);
		return NULL;
	}
	wsis_db_doccount(db, &idx->documents);
	wsis_db_free(db);
	pthread_mutex_init(&idx->lock, NULL);
	atomic_init(&idx->generation, 0);
	return idx;
}

void
index_free(index_t *idx)
{
	if (idx == NULL)
		return;
	pthread_mutex_destroy(&idx->lock);
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

wsis_db_t *
index_handle_get(index_t *idx, index_handle_t *h, unsigned long *gen)
{
	unsigned long want = atomic_load(&idx->generation);
	char name[256], err[512];
	unsigned long docs = 0;
	wsis_db_t *fresh;

	if (h->db != NULL && h->gen == want) {
		*gen = h->gen;
		return h->db;
	}
	fresh = index_open(idx, name, sizeof name, err, sizeof err);
	if (fresh != NULL) {
		wsis_db_doccount(fresh, &docs);
		pthread_mutex_lock(&idx->lock);
		idx->documents = docs;
		snprintf(idx->gen_name, sizeof idx->gen_name, "%s", name);
		pthread_mutex_unlock(&idx->lock);
		wsis_db_free(h->db);
		h->db = fresh;
		h->gen = want;
	} else {
		log_error("%s", err);
	}
	*gen = h->gen;
	return h->db;
}

int
index_reload(index_t *idx, index_handle_t *h, wsis_buf_t *out, char *err, size_t errlen)
{
	char name[256], why[512];
	wsis_db_t *fresh = index_open(idx, name, sizeof name, why, sizeof why);
	unsigned long docs = 0;
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
	log_info("index reopened: %s, %lu passages", name, docs);
	return 0;
}
