/* test-shards.c - lib/shards.c: splitting the index list, its limit, and
 * telling remote shards from local ones. */
#include <stdlib.h>
#include <string.h>

#include "shards.h"
#include "tap.h"

/* Splits `list` with room for `max` and returns the items joined by '|'
 * ("" for none), or "ERR: message". */
static const char *
split(const char *list, size_t max)
{
	static char out[512];
	const char *items[8];
	char *storage = NULL, err[128];
	size_t n = 99, i;

	out[0] = '\0';
	if (wsis_shards_split(list, &storage, items, max, &n, err, sizeof err) != 0) {
		snprintf(out, sizeof out, "ERR: %s", err);
	} else {
		for (i = 0; i < n; i++) {
			if (i > 0)
				strcat(out, "|");
			strcat(out, items[i]);
		}
	}
	free(storage);
	return out;
}

int
main(void)
{
	is_str(split("idx", 8), "idx", "one shard");
	is_str(split("idx,tcp:10.0.0.2:7000", 8), "idx|tcp:10.0.0.2:7000",
	    "a local and a remote shard");
	is_str(split("a,b,c", 8), "a|b|c", "three");
	is_str(split(",a,,b,", 8), "a|b", "empty items are skipped");
	is_str(split("", 8), "", "an empty list: no shards, no error");
	is_str(split(",,,", 8), "", "only commas: no shards");
	is_str(split(NULL, 8), "", "no list at all: no shards");
	is_str(split("a b,/x/y", 8), "a b|/x/y", "blanks and slashes are kept");
	is_str(split("a,b,c", 3), "a|b|c", "exactly the limit");
	is_str(split("a,b,c,d", 3), "ERR: more than 3 shards in the index list",
	    "one over the limit");
	is_str(split("a,b,c,,,", 3), "a|b|c", "empty items do not count");

	ok(wsis_shards_is_remote("tcp:127.0.0.1:7000"), "tcp: is remote");
	ok(!wsis_shards_is_remote("idx"), "a relative path is local");
	ok(!wsis_shards_is_remote("/srv/tcp:x"), "an absolute path is local");
	ok(!wsis_shards_is_remote("tcp"), "\"tcp\" is a local directory");
	return tap_done();
}
