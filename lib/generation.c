/* generation.c - atomic index generations (generation.h). */
#include "generation.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define GEN_PREFIX "gen-"

static int
gen_unlink_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int
wsis_gen_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return nftw(path, gen_unlink_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* a + b + c, malloc'ed. */
static char *
gen_join(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

/* The generation number in a name "gen-000042", or -1. */
static long
gen_number(const char *name)
{
	char *end;
	long n;

	if (strncmp(name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0)
		return -1;
	name += strlen(GEN_PREFIX);
	if (*name < '0' || *name > '9')
		return -1;
	n = strtol(name, &end, 10);
	return *end == '\0' ? n : -1;
}

/* The generation the symlink `out` points at ("gen-000042"), or NULL. */
static char *
gen_current(const char *out)
{
	char target[PATH_MAX];
	ssize_t n = readlink(out, target, sizeof target - 1);
	const char *base;

	if (n <= 0)
		return NULL;
	target[n] = '\0';
	base = strrchr(target, '/');
	return strdup(base ? base + 1 : target);
}

int
wsis_gen_begin(wsis_gen_t *g, const char *out, char *err, size_t errlen)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	long max = 0;
	char name[32], *lock = NULL;
	const char *base;
	size_t n;

	memset(g, 0, sizeof *g);
	g->lock_fd = -1;
	g->out = strdup(out);
	if (g->out == NULL)
		goto nomem;
	n = strlen(g->out);
	while (n > 1 && g->out[n - 1] == '/')
		g->out[--n] = '\0';
	if (lstat(g->out, &st) == 0 && !S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "%s exists and is not an index written by "
		    "wsis-indexer (a symlink to a generation); remove it or choose "
		    "another -o", g->out);
		goto fail;
	}
	g->gens = gen_join(g->out, ".gens", "");
	if (g->gens == NULL)
		goto nomem;
	if (mkdir(g->gens, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", g->gens, strerror(errno));
		goto fail;
	}
	lock = gen_join(g->gens, "/.lock", "");
	if (lock == NULL)
		goto nomem;
	g->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (g->lock_fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", lock, strerror(errno));
		goto fail;
	}
	if (flock(g->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen, "another wsis-indexer is writing %s", g->out);
		goto fail;
	}
	d = opendir(g->gens);
	if (d == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", g->gens, strerror(errno));
		goto fail;
	}
	while ((de = readdir(d)) != NULL) {
		long k = gen_number(de->d_name);
		if (k > max)
			max = k;
	}
	closedir(d);
	snprintf(name, sizeof name, GEN_PREFIX "%06ld", max + 1);
	g->path = gen_join(g->gens, "/", name);
	base = strrchr(g->gens, '/');
	g->target = gen_join(base ? base + 1 : g->gens, "/", name);
	if (g->path == NULL || g->target == NULL)
		goto nomem;
	/* a crashed build may have left this name behind */
	wsis_gen_remove_tree(g->path);
	free(lock);
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	free(lock);
	wsis_gen_end(g, 1);
	return -1;
}

/* Removes every generation but `keep1` and `keep2`. */
static void
gen_cleanup(const char *gens, const char *keep1, const char *keep2)
{
	DIR *d = opendir(gens);
	struct dirent *de;
	char *path;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		/* generations and the leftovers of crashed builds */
		if (strncmp(de->d_name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0)
			continue;
		if ((keep1 && strcmp(de->d_name, keep1) == 0) ||
		    (keep2 && strcmp(de->d_name, keep2) == 0))
			continue;
		path = gen_join(gens, "/", de->d_name);
		if (path != NULL)
			wsis_gen_remove_tree(path);
		free(path);
	}
	closedir(d);
}

int
wsis_gen_commit(wsis_gen_t *g, char *err, size_t errlen)
{
	char *tmp, *prev;
	const char *name = strrchr(g->path, '/') + 1;
	int fd;

	tmp = gen_join(g->out, ".new", "");
	if (tmp == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* make the generation durable before it becomes visible */
	fd = open(g->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	prev = gen_current(g->out);
	unlink(tmp);
	if (symlink(g->target, tmp) != 0 || rename(tmp, g->out) != 0) {
		snprintf(err, errlen, "cannot point %s at %s: %s", g->out, g->path,
		    strerror(errno));
		unlink(tmp);
		free(tmp);
		free(prev);
		return -1;
	}
	gen_cleanup(g->gens, name, prev);
	free(tmp);
	free(prev);
	return 0;
}

void
wsis_gen_end(wsis_gen_t *g, int committed)
{
	if (!committed && g->path != NULL)
		wsis_gen_remove_tree(g->path);
	if (g->lock_fd >= 0)
		close(g->lock_fd);
	free(g->out);
	free(g->gens);
	free(g->path);
	free(g->target);
	memset(g, 0, sizeof *g);
	g->lock_fd = -1;
}
