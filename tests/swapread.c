/* swapread.c - a test tool: a reader of a served index in a tight loop,
 * while something else swaps generations in (tests/test-indexer.sh).
 *
 *   swapread INDEX STOPFILE
 *
 * Until STOPFILE exists: opens INDEX/iamglass (Xapian's version file) and
 * closes it, as fast as it can; every 64th turn it opens INDEX as a
 * database through lib/'s wrapper and reads its passage count.  A swap
 * that is not atomic (the symlink removed, then made again) leaves an
 * instant where INDEX names nothing: the file opens catch that instant,
 * the database opens what a daemon worker does.  Prints
 * "opens=N dbopens=M failures=F" and, for the first failure, why.
 * Exit: 0 when nothing failed, 1 otherwise, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wsis-xapian.h"

int
main(int argc, char **argv)
{
	char path[4096], first[4200] = "";
	unsigned long opens = 0, dbopens = 0, failures = 0, turn;
	const char *shards[1];

	if (argc != 3 || snprintf(path, sizeof path, "%s/iamglass", argv[1]) >=
	    (int)sizeof path) {
		fprintf(stderr, "usage: swapread INDEX STOPFILE\n");
		return 2;
	}
	shards[0] = argv[1];
	for (turn = 0; access(argv[2], F_OK) != 0; turn++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		opens++;
		if (fd < 0) {
			if (failures++ == 0)
				snprintf(first, sizeof first, "open %s: %s", path, strerror(errno));
		} else {
			close(fd);
		}
		if (turn % 64 == 0) {
			wsis_db_t *db = NULL;
			unsigned long n = 0;
			char *err = NULL;
			wsis_status_t st = wsis_db_open(shards, 1, &db, &err);

			dbopens++;
			if (st == WSIS_OK)
				st = wsis_db_doccount(db, &n);
			if ((st != WSIS_OK || n == 0) && failures++ == 0)
				snprintf(first, sizeof first, "database %s: %s (%lu passages)",
				    argv[1], err != NULL ? err : wsis_status_to_string(st), n);
			free(err);
			wsis_db_free(db);
		}
	}
	printf("opens=%lu dbopens=%lu failures=%lu%s%s\n", opens, dbopens, failures,
	    failures ? " first: " : "", first);
	return failures == 0 ? 0 : 1;
}
