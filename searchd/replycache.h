/* replycache.h - the reply cache's policy: which replies are kept, under
 * what key, and when they go.  The entries themselves are in cache.h's
 * LRU map.  Loop thread only.
 *
 * SEARCH, COUNT, MENTIONS and DOC are cached, keyed by the request written
 * back canonically (so a native line and an HTTP request that mean the same
 * share an entry), plus "gzip" for a gzip reply.  Entries belong to the
 * index generation served when they were kept; when the served generation
 * moves on, every entry goes. */
#ifndef SEARCHD_REPLYCACHE_H
#define SEARCHD_REPLYCACHE_H

#include "cache.h"
#include "pool.h"
#include "settings.h"

typedef struct replycache replycache_t;

/* A cache of s->cache_mb MiB (0: off) for replies of queries that ran
 * within s->query_time_limit_ms.  NULL when out of memory;
 * replycache_free() frees it (NULL does nothing). */
replycache_t *replycache_new(const settings_t *s);
void replycache_free(replycache_t *rc);

/* Answers `job` from the cache for the generation served now (`gen`).
 * Returns 1 when it did: the reply is in job->out, with its hits, its
 * generation and from_cache set.  Returns 0 when a worker must run it;
 * the job then carries its key (job->cache_key) for replycache_keep(). */
int replycache_answer(replycache_t *rc, job_t *job, unsigned long gen);

/* Keeps the reply of `job`, one a worker ran, when it is the full answer
 * of the generation served now (`gen`): not failed, with a key, run on
 * `gen`, and in less than 90% of the query time limit (a query the limit
 * stopped counting holds an estimated total). */
void replycache_keep(replycache_t *rc, const job_t *job, unsigned long gen);

void replycache_counters(replycache_t *rc, cache_counters_t *out);

#endif
