/* replay.c - runs a fuzz target's saved inputs as an ordinary test.
 *
 * Linked with one tests/fuzz/fuzz-NAME.c (see fuzz.h), built by plain
 * `make check` with any compiler and no libFuzzer.  With no arguments it
 * feeds LLVMFuzzerTestOneInput() every file in
 * $top_srcdir/tests/fuzz/seeds/NAME/ and $top_srcdir/tests/fuzz/regressions/NAME/,
 * with arguments every file named and every file in each directory named
 * (so `tests/fuzz/replay-segment crash-1234` reproduces one crash).  Each
 * input is copied into a buffer of exactly its size, as libFuzzer does, so
 * a sanitizer build catches reads past its end.  Prints TAP: one line per
 * input; a failed check or a crash aborts, which fails the test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_n;
static int replay_failed;

static void
replay_fail(const char *what, const char *path)
{
	replay_n++;
	replay_failed++;
	printf("not ok %d - %s: %s: %s\n", replay_n, fuzz_target_name, path, what);
}

/* Feeds one file to the target. */
static void
replay_file(const char *path, const char *label)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t size = 0, cap = 0, got;
	unsigned char chunk[65536];

	if (f == NULL) {
		replay_fail(strerror(errno), path);
		return;
	}
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (size + got > cap) {
			unsigned char *nd;
			cap = (size + got) * 2;
			nd = realloc(data, cap);
			if (nd == NULL) {
				free(data);
				fclose(f);
				replay_fail("out of memory", path);
				return;
			}
			data = nd;
		}
		memcpy(data + size, chunk, got);
		size += got;
	}
	if (ferror(f)) {
		free(data);
		fclose(f);
		replay_fail("read error", path);
		return;
	}
	fclose(f);
	{
		/* exactly `size` bytes, so an overread is caught */
		unsigned char *exact = malloc(size ? size : 1);
		if (exact == NULL) {
			free(data);
			replay_fail("out of memory", path);
			return;
		}
		if (size > 0)
			memcpy(exact, data, size);
		free(data);
		/* say which input runs, in case it crashes */
		printf("# %s: %s (%zu bytes)\n", fuzz_target_name, label, size);
		fflush(stdout);
		LLVMFuzzerTestOneInput(exact, size);
		free(exact);
	}
	replay_n++;
	printf("ok %d - %s: %s\n", replay_n, fuzz_target_name, label);
	fflush(stdout);
}

static int
replay_skip_name(const struct dirent *d)
{
	return d->d_name[0] != '.' && strcmp(d->d_name, "README") != 0;
}

/* Feeds every regular file of `dir` (sorted by name); 0 when `dir` does
 * not exist and `optional` is set. */
static int
replay_dir(const char *dir, const char *label, int optional)
{
	struct dirent **names;
	int n, i, count = 0;

	n = scandir(dir, &names, replay_skip_name, alphasort);
	if (n < 0) {
		if (!optional || errno != ENOENT)
			replay_fail(strerror(errno), dir);
		return 0;
	}
	for (i = 0; i < n; i++) {
		char path[4096], lab[4096];
		struct stat st;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		snprintf(lab, sizeof lab, "%s/%s", label, names[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			replay_file(path, lab);
			count++;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

static int
replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		replay_fail(strerror(errno), path);
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return replay_dir(path, path, 0);
	replay_file(path, path);
	return 1;
}

int
main(int argc, char **argv)
{
	int i, count = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			count += replay_path(argv[i]);
	} else {
		const char *top = getenv("top_srcdir");
		char dir[4096], label[256];

		if (top == NULL)
			top = ".";
		snprintf(dir, sizeof dir, "%s/tests/fuzz/seeds/%s", top,
		    fuzz_target_name);
		snprintf(label, sizeof label, "seeds/%s", fuzz_target_name);
		count += replay_dir(dir, label, 0);
		snprintf(dir, sizeof dir, "%s/tests/fuzz/regressions/%s", top,
		    fuzz_target_name);
		snprintf(label, sizeof label, "regressions/%s", fuzz_target_name);
		count += replay_dir(dir, label, 1);
	}
	if (count == 0 && replay_failed == 0)
		replay_fail("no inputs", argc > 1 ? argv[1] : "seeds");
	printf("1..%d\n", replay_n);
	return replay_failed ? 1 : 0;
}
