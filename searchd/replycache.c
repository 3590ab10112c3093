/* replycache.c - the reply cache's policy (replycache.h). */
#include "replycache.h"

#include <stdint.h>
#include <stdlib.h>

#include "command.h"
#include "portal.h"

struct replycache {
	cache_t          *cache;
	unsigned long     gen;          /* the generation the entries belong to */
	double            limit_us;     /* the query time limit (0: none) */
};

/* `mb` MiB in bytes, SIZE_MAX where that does not fit. */
static size_t
replycache_mib(unsigned mb)
{
	size_t most = SIZE_MAX >> 20;

	return mb > most ? SIZE_MAX : (size_t)mb << 20;
}

replycache_t *
replycache_new(const settings_t *s)
{
	replycache_t *rc = calloc(1, sizeof *rc);

	if (rc == NULL)
		return NULL;
	rc->cache = cache_new(replycache_mib(s->cache_mb));
	if (rc->cache == NULL) {
		free(rc);
		return NULL;
	}
	rc->limit_us = s->query_time_limit_ms * 1000.0;
	return rc;
}

void
replycache_free(replycache_t *rc)
{
	if (rc == NULL)
		return;
	cache_free(rc->cache);
	free(rc);
}

/* The cache follows the generation served now.  Generations only grow, so
 * entries of an older one can never be served again: they go at once
 * instead of waiting to be looked up or evicted. */
static void
replycache_follow(replycache_t *rc, unsigned long gen)
{
	if (gen != rc->gen) {
		cache_clear(rc->cache);
		rc->gen = gen;
	}
}

int
replycache_answer(replycache_t *rc, job_t *job, unsigned long gen)
{
	const char *val;
	size_t vlen;
	unsigned long hits;

	/* the key is derived from the request (the command table says what
	 * is cacheable), so the native line and the HTTP request that mean
	 * the same share an entry */
	if (!cache_enabled(rc->cache) ||
	    wsis_cmd_cache_key(&job->req, job->gzip, &job->cache_key) != 0)
		return 0;
	/* a page is other bytes than the command's JSON */
	if (job->page != NULL && (wsis_buf_puts(&job->cache_key, " page ") != 0 ||
	    wsis_buf_puts(&job->cache_key, job->page->path) != 0)) {
		wsis_buf_reset(&job->cache_key);
		return 0;
	}
	replycache_follow(rc, gen);
	if (!cache_get(rc->cache, job->cache_key.data, job->cache_key.len, gen, &val, &vlen,
	    &hits))
		return 0;
	if (wsis_buf_append(&job->out, val, vlen) != 0)
		return 0;
	job->hits = hits;
	job->gen = gen;
	job->failed = 0;
	job->from_cache = 1;
	job->started_us = job->done_us = pool_now_us();
	return 1;
}

void
replycache_keep(replycache_t *rc, const job_t *job, unsigned long gen)
{
	replycache_follow(rc, gen);
	if (job->from_cache || job->failed || job->partial || job->cache_key.len == 0 || job->gen != gen)
		return;
	/* a query the time limit stopped counting holds an estimated total
	 * where a quieter run counts exactly: keep only runs well inside it */
	if (rc->limit_us > 0 && job->done_us - job->started_us >= 0.9 * rc->limit_us)
		return;
	cache_put(rc->cache, job->cache_key.data, job->cache_key.len, gen,
	    job->out.data ? job->out.data : "", job->out.len, job->hits);
}

void
replycache_counters(replycache_t *rc, cache_counters_t *out)
{
	cache_counters(rc->cache, out);
}
