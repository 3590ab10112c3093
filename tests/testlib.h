/* testlib.h - small helpers more than one unit test uses. */
#ifndef TESTS_TESTLIB_H
#define TESTS_TESTLIB_H

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Matches the words of a space-separated list, case-blind, as written (a
 * highlight.h matcher); the id is the word's place in the list. */
static int __attribute__((unused))
list_word(const char *list, const char *w, size_t n)
{
	const char *p = list;
	int id = 0;

	while (*p != '\0') {
		size_t k = strcspn(p, " ");
		if (k == n && strncasecmp(p, w, n) == 0)
			return id;
		id++;
		p += k;
		while (*p == ' ')
			p++;
	}
	return -1;
}

#ifdef WSIS_EXEC_H
/* Runs one request line through wsis_exec() with the default limits, the
 * reply in `out`.  Returns 0, or -1 (an error reply is printed). */
static int __attribute__((unused))
exec_line(wsis_db_t *db, const char *line, wsis_buf_t *out)
{
	wsis_exec_limits_t lim = WSIS_EXEC_LIMITS_DEFAULT;
	wsis_proto_request_t req;
	wsis_exec_error_t err;
	size_t consumed = 0;

	wsis_buf_reset(out);
	if (wsis_proto_parse_request(line, strlen(line), 0, &req, &consumed) != WSIS_PROTO_OK)
		return -1;
	if (wsis_exec(db, &req, &lim, out, &err, NULL) != 0) {
		printf("# %s: ERR %d %s\n", line, err.code, err.message);
		return -1;
	}
	return 0;
}
#endif

#endif
