/* shards.c - the comma-separated index list (shards.h). */
#include "shards.h"

#include <stdlib.h>
#include <string.h>

#include "errmsg.h"

int
wsis_shards_split(const char *list, char **storage, const char **items,
    size_t max, size_t *count, char *err, size_t errlen)
{
	char *p, *comma;

	*count = 0;
	*storage = strdup(list != NULL ? list : "");
	if (*storage == NULL)
		return wsis_errmsg(err, errlen, "out of memory");
	for (p = *storage; p != NULL; p = comma != NULL ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		if (*p == '\0')
			continue;
		if (*count == max)
			return wsis_errmsg(err, errlen, "more than %zu shards in the "
			    "index list", max);
		items[(*count)++] = p;
	}
	return 0;
}

int
wsis_shards_is_remote(const char *shard)
{
	return strncmp(shard, "tcp:", 4) == 0;
}
