/* test-input.c - lib/input.c: every format, gzip, directory walking and
 * every error the indexer can show for its input.
 *
 * Fixtures: tests/data/input/ (good/, bad/, nothing/); gzip files, bad
 * UTF-8, links and large inputs are made at run time in a mkdtemp dir. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "input.h"
#include "passage.h"
#include "segment.h"
#include "tap.h"

#define PATHLEN 4096

static const char *srcdir;
static char tmpdir[1024];
static char warnings[4096];
static int nwarnings;

static void
collect_warning(void *ctx, const char *msg)
{
	(void)ctx;
	nwarnings++;
	snprintf(warnings, sizeof warnings, "%s", msg);
}

/* Reads path into a fresh list (the caller frees it). */
static int
read_path(const char *path, int strict, wsis_passage_list_t *list,
    size_t *bytes, char *err, size_t errlen)
{
	wsis_input_opts_t opts = { strict, collect_warning, NULL };
	size_t dummy = 0;

	memset(list, 0, sizeof *list);
	warnings[0] = '\0';
	nwarnings = 0;
	err[0] = '\0';
	return wsis_input_read_path(path, &opts, list, bytes ? bytes : &dummy,
	    err, errlen);
}

static const char *
fixture(char *buf, const char *rel)
{
	snprintf(buf, PATHLEN, "%s/tests/data/input/%s", srcdir, rel);
	return buf;
}

static const char *
tmp(char *buf, const char *rel)
{
	snprintf(buf, PATHLEN, "%s/%s", tmpdir, rel);
	return buf;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void
write_gz(const char *path, const void *data, size_t len)
{
	gzFile gz = gzopen(path, "wb");

	if (gz == NULL || gzwrite(gz, data, (unsigned)len) != (int)len ||
	    gzclose(gz) != Z_OK) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static void
make_dir(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		printf("Bail out! mkdir %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static long long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static const wsis_passage_t *
find(const wsis_passage_list_t *list, const char *id)
{
	long i = wsis_passage_list_find(list, id);

	return i >= 0 ? &list->items[i] : NULL;
}

static const char *
text_of(const wsis_passage_list_t *list, const char *id)
{
	const wsis_passage_t *p = find(list, id);

	return p != NULL ? p->text : NULL;
}

static const char *
field_of(const wsis_passage_list_t *list, const char *id, const char *name)
{
	const wsis_passage_t *p = find(list, id);

	return p != NULL ? wsis_passage_field(p, name) : NULL;
}

/* A test that err starts with `prefix` (usually a path) followed by `rest`. */
static void
is_error(const char *err, const char *prefix, const char *rest,
    const char *what)
{
	char want[PATHLEN + 512];

	snprintf(want, sizeof want, "%s%s", prefix, rest);
	is_str(err, want, "%s", what);
}

/* ---- formats ------------------------------------------------------------ */

static void
test_good_dir(void)
{
	static const char *ids[] = {
		"n1",
		"notes.md:1", "notes.md:2", "notes.md:3", "notes.md:4",
		"notes.md:5", "notes.md:6", "notes.md:7",
		"r1", "42", "r3",
		"sub/a.txt:1", "sub/a.txt:2",
		"sub/b.text:1", "sub/b.text:2",
	};
	static const char *files[] = {
		"good/extra.ndjson", "good/notes.md", "good/records.jsonl",
		"good/sub/a.txt", "good/sub/b.text",
	};
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256];
	long long want_bytes = 0;
	size_t bytes = 0, i;
	int order = 1;

	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		want_bytes += file_size(fixture(path, files[i]));
	is_int(read_path(fixture(path, "good"), 1, &list, &bytes, err,
	    sizeof err), 0, "reads tests/data/input/good: %s", err);
	is_int(list.count, sizeof ids / sizeof ids[0], "passage count");
	for (i = 0; i < list.count && i < sizeof ids / sizeof ids[0]; i++) {
		if (strcmp(list.items[i].id, ids[i]) != 0) {
			printf("# item %zu is %s, want %s\n", i, list.items[i].id,
			    ids[i]);
			order = 0;
		}
	}
	ok(order, "files in strcmp order, passages in file order");
	is_int(bytes, want_bytes, "bytes_in counts every file read");
	is_int(nwarnings, 0, "no warnings");
	is_int(wsis_passage_list_check_unique(&list, err, sizeof err), 0,
	    "ids unique");

	/* Plain text. */
	is_str(text_of(&list, "sub/a.txt:1"), "Alpha line one alpha line two",
	    "text: lines joined, whitespace collapsed");
	is_str(text_of(&list, "sub/a.txt:2"), "Beta.",
	    "text: whitespace-only line separates, no final newline needed");
	is_str(find(&list, "sub/a.txt:1")->part, "a", "text: part is the name");
	ok(find(&list, "sub/a.txt:1")->nfields == 0, "text: no fields");
	is_str(text_of(&list, "sub/b.text:1"), "Windows line endings here.",
	    "text: CRLF lines");
	is_str(text_of(&list, "sub/b.text:2"), "Second", "text: .text extension");

	/* Markdown. */
	is_str(text_of(&list, "notes.md:1"), "Introduction", "md: heading passage");
	is_str(field_of(&list, "notes.md:1", "section"), "Introduction",
	    "md: heading passage has its section");
	is_str(text_of(&list, "notes.md:2"), "First paragraph spans two lines.",
	    "md: paragraph");
	is_str(field_of(&list, "notes.md:2", "section"), "Introduction",
	    "md: section on following paragraphs");
	is_str(text_of(&list, "notes.md:3"), "Second paragraph.",
	    "md: a heading line ends a paragraph");
	is_str(text_of(&list, "notes.md:4"), "Details",
	    "md: closing #'s removed");
	is_str(field_of(&list, "notes.md:5", "section"), "Details",
	    "md: next heading changes the section");
	is_str(text_of(&list, "notes.md:6"),
	    "```sh # not a heading still code ```",
	    "md: '#' in a fenced block is no heading, blank lines kept");
	is_str(text_of(&list, "notes.md:7"), "#hashtag is not a heading either.",
	    "md: '#word' is no heading");
	is_str(find(&list, "notes.md:7")->part, "notes", "md: part");

	/* JSON Lines. */
	is_str(text_of(&list, "r1"), "Record one", "jsonl: text");
	is_str(find(&list, "r1")->title, "T1", "jsonl: title");
	is_str(find(&list, "r1")->part, "records", "jsonl: part defaults to name");
	is_str(field_of(&list, "r1", "day"), "2", "jsonl: number field");
	is_str(field_of(&list, "r1", "final"), "true", "jsonl: boolean field");
	ok(field_of(&list, "r1", "gone") == NULL, "jsonl: null field skipped");
	is_str(field_of(&list, "r1", "who"), "me", "jsonl: string field");
	is_str(find(&list, "42")->part, "custom", "jsonl: integer id, own part");
	is_str(find(&list, "r3")->part, "from-fields", "jsonl: part from fields");
	is_str(find(&list, "n1")->part, "extra", "ndjson: part");

	ok(find(&list, "x.txt:1") == NULL && find(&list, ".hidden.txt:1") == NULL &&
	    find(&list, ".hiddendir/x.txt:1") == NULL, "hidden entries skipped");
	wsis_passage_list_free(&list);

	/* A trailing slash changes nothing. */
	snprintf(path, sizeof path, "%s/tests/data/input/good/", srcdir);
	is_int(read_path(path, 1, &list, NULL, err, sizeof err), 0,
	    "reads good/ with a trailing slash");
	ok(list.count == sizeof ids / sizeof ids[0] &&
	    find(&list, "sub/a.txt:1") != NULL, "same ids");
	wsis_passage_list_free(&list);

	/* A file given by name: its ids start with the file name. */
	is_int(read_path(fixture(path, "good/sub/a.txt"), 1, &list, &bytes, err,
	    sizeof err), 0, "reads one file");
	ok(list.count == 2 && strcmp(list.items[0].id, "a.txt:1") == 0 &&
	    strcmp(list.items[1].id, "a.txt:2") == 0, "ids from the file name");
	wsis_passage_list_free(&list);

	/* Appending to a list that already holds passages. */
	read_path(fixture(path, "good/sub/a.txt"), 1, &list, NULL, err,
	    sizeof err);
	is_int(wsis_input_read_path(fixture(path, "good/sub/b.text"), NULL,
	    &list, NULL, err, sizeof err), 0, "NULL opts and bytes_in accepted");
	is_int(list.count, 4, "passages appended");
	wsis_passage_list_free(&list);
}

static void
test_gzip(void)
{
	static const char md[] = "# Head\n\nBody text.\n";
	static const char jl[] = "{\"id\":\"z1\",\"text\":\"zipped\"}\n";
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256], *big;
	size_t bytes = 0, i, n = 400000;
	long long sz;
	FILE *f;

	make_dir(tmp(path, "gz"));
	write_gz(tmp(path, "gz/notes2.md.gz"), md, sizeof md - 1);
	write_gz(tmp(path, "gz/recs.jsonl.gz"), jl, sizeof jl - 1);
	is_int(read_path(tmp(path, "gz"), 1, &list, &bytes, err, sizeof err), 0,
	    "reads a directory of .gz files: %s", err);
	is_int(list.count, 3, "gz: passages");
	is_str(text_of(&list, "notes2.md:2"), "Body text.",
	    "gz: id drops .gz, Markdown read");
	is_str(field_of(&list, "notes2.md:2", "section"), "Head", "gz: section");
	is_str(find(&list, "notes2.md:1")->part, "notes2", "gz: part");
	is_str(find(&list, "z1")->part, "recs", "gz: jsonl part");
	is_int(bytes, sizeof md - 1 + sizeof jl - 1,
	    "gz: bytes_in counts uncompressed bytes");
	wsis_passage_list_free(&list);

	/* Truncated: a stream cut in half. */
	big = malloc(n);
	for (i = 0; i < n; i++)
		big[i] = (i % 61 == 60) ? '\n' : (char)('a' + (i * 7919) % 26);
	write_gz(tmp(path, "gz-trunc.txt.gz"), big, n);
	sz = file_size(path);
	ok(sz > 100 && truncate(path, sz / 2) == 0, "made a truncated gzip");
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
	    "truncated gzip is an error");
	is_error(err, path, ": gzip: unexpected end of file",
	    "truncated gzip message names the file");
	wsis_passage_list_free(&list);

	/* Corrupt: garbage in the middle of the deflate data. */
	write_gz(tmp(path, "gz-corrupt.txt.gz"), big, n);
	sz = file_size(path);
	f = fopen(path, "r+b");
	if (f != NULL) {
		fseek(f, sz / 2, SEEK_SET);
		for (i = 0; i < 64; i++)
			fputc(0xFF, f);
		fclose(f);
	}
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
	    "corrupt gzip is an error");
	{
		char want[PATHLEN + 16];

		snprintf(want, sizeof want, "%s: gzip: ", path);
		ok(strncmp(err, want, strlen(want)) == 0 && strlen(err) >
		    strlen(want), "corrupt gzip message names the file: %s", err);
	}
	wsis_passage_list_free(&list);

	/* Corrupt checksum only: the data inflates but the CRC is wrong. */
	write_gz(tmp(path, "gz-crc.txt.gz"), md, sizeof md - 1);
	sz = file_size(path);
	f = fopen(path, "r+b");
	if (f != NULL) {
		int c;

		fseek(f, sz - 8, SEEK_SET);
		c = fgetc(f);
		fseek(f, sz - 8, SEEK_SET);
		fputc(c ^ 0x55, f);
		fclose(f);
	}
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
	    "gzip with a bad CRC is an error");
	is_error(err, path, ": gzip: incorrect data check", "bad CRC message");
	wsis_passage_list_free(&list);

	/* Not gzip at all. */
	write_file(tmp(path, "plain.txt.gz"), "just text\n", 10);
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
	    "a .gz that is not gzip is an error");
	is_error(err, path, ": gzip: not in gzip format", "not-gzip message");
	wsis_passage_list_free(&list);
	free(big);
}

static void
test_jsonl_errors(void)
{
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256];
	static const char bom[] = "\xEF\xBB\xBF{\"id\":\"b\",\"text\":\"t\"}"
	    "\r\n\r\n";
	char *line;
	size_t n = ((size_t)16 << 20) + 1;
	FILE *f;

	is_int(read_path(fixture(path, "bad/malformed.jsonl"), 0, &list, NULL,
	    err, sizeof err), -1, "malformed JSON line");
	is_error(err, path, ":2: byte 13: expected ',' or '}'",
	    "message has the file, line and byte");
	wsis_passage_list_free(&list);

	is_int(read_path(fixture(path, "bad/noid.jsonl"), 0, &list, NULL,
	    err, sizeof err), -1, "record without id");
	is_error(err, path, ":2: byte 21: missing \"id\"", "missing id message");
	wsis_passage_list_free(&list);

	is_int(read_path(fixture(path, "bad/dup.jsonl"), 0, &list, NULL,
	    err, sizeof err), 0, "duplicate ids are read (not checked here)");
	is_int(list.count, 3, "all three records");
	is_int(wsis_passage_list_check_unique(&list, err, sizeof err), -1,
	    "check_unique finds the duplicate");
	is_str(err, "duplicate id 'same'", "duplicate id message");
	wsis_passage_list_free(&list);

	/* A line over 16 MiB. */
	make_dir(tmp(path, "long"));
	line = malloc(n + 1);
	memset(line, ' ', n);
	line[n] = '\n';
	f = fopen(tmp(path, "long/long.jsonl"), "wb");
	if (f != NULL) {
		fwrite(line, 1, n + 1, f);
		fclose(f);
	}
	free(line);
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
	    "a 16 MiB + 1 line is refused");
	is_error(err, path, ":1: line longer than 16 MiB", "long line message");
	wsis_passage_list_free(&list);
	unlink(path);

	/* A byte order mark and blank lines are fine. */
	write_file(tmp(path, "bom.jsonl"), bom, sizeof bom - 1);
	is_int(read_path(path, 1, &list, NULL, err, sizeof err), 0,
	    "BOM and CRLF accepted: %s", err);
	is_str(text_of(&list, "b"), "t", "record after a BOM");
	wsis_passage_list_free(&list);
}

static void
test_utf8(void)
{
	static const char txt[] = "Hello\n\nW\xC3\x28rld\n";
	static const char jl[] = "{\"id\":\"u1\",\"text\":\"fine\"}\n"
	    "{\"id\":\"u2\",\"text\":\"bad \xFF here\"}\n";
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256];

	make_dir(tmp(path, "utf"));
	write_file(tmp(path, "utf/bad.txt"), txt, sizeof txt - 1);
	is_int(read_path(path, 1, &list, NULL, err, sizeof err), -1,
	    "strict: invalid UTF-8 is an error");
	is_error(err, path, ": invalid UTF-8 at byte 8", "strict message");
	wsis_passage_list_free(&list);

	is_int(read_path(path, 0, &list, NULL, err, sizeof err), 0,
	    "non-strict: invalid UTF-8 is read");
	is_int(nwarnings, 1, "one warning");
	is_error(warnings, path, ": invalid UTF-8 at byte 8, replaced",
	    "warning message");
	is_str(text_of(&list, "bad.txt:2"), "W\xEF\xBF\xBD(rld",
	    "repaired with U+FFFD");
	wsis_passage_list_free(&list);

	write_file(tmp(path, "utf/bad.jsonl"), jl, sizeof jl - 1);
	is_int(read_path(path, 1, &list, NULL, err, sizeof err), -1,
	    "strict: invalid UTF-8 in JSON Lines is an error");
	is_error(err, path, ": invalid UTF-8 at byte 49", "offset in the file");
	wsis_passage_list_free(&list);
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), 0,
	    "non-strict: JSON Lines repaired before parsing");
	is_str(text_of(&list, "u2"), "bad \xEF\xBF\xBD here", "record repaired");
	is_error(warnings, path, ": invalid UTF-8 at byte 49, replaced",
	    "JSON Lines warning");
	wsis_passage_list_free(&list);

	write_file(tmp(path, "utf/nul.txt"), "abc\0def", 7);
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
	    "a NUL byte is an error");
	is_error(err, path, ": NUL byte at byte 3 (not a UTF-8 text file?)",
	    "NUL message");
	wsis_passage_list_free(&list);
}

/* ---- paths -------------------------------------------------------------- */

static void
test_path_errors(void)
{
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256], msg[PATHLEN + 64];

	make_dir(tmp(path, "empty"));
	is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
	    "empty directory");
	is_error(err, "no indexable files under ", path, "empty directory message");
	wsis_passage_list_free(&list);

	is_int(read_path(fixture(path, "nothing"), 0, &list, NULL, err,
	    sizeof err), -1, "directory without indexable files");
	is_error(err, "no indexable files under ", path,
	    "nothing-indexable message");
	wsis_passage_list_free(&list);

	is_int(read_path(fixture(path, "bad/unknown.xyz"), 0, &list, NULL, err,
	    sizeof err), -1, "unknown extension named explicitly");
	snprintf(msg, sizeof msg, "%s: unsupported file type", path);
	ok(strncmp(err, msg, strlen(msg)) == 0, "unsupported message: %s", err);
	wsis_passage_list_free(&list);

	is_int(read_path(tmp(path, "nope"), 0, &list, NULL, err, sizeof err), -1,
	    "missing path");
	snprintf(msg, sizeof msg, ": %s", strerror(ENOENT));
	is_error(err, path, msg, "missing path message");
	wsis_passage_list_free(&list);

	write_file(tmp(path, "secret.txt"), "secret\n", 7);
	if (geteuid() == 0) {
		ok(1, "# SKIP unreadable file (running as root)");
		ok(1, "# SKIP unreadable file message (running as root)");
	} else {
		chmod(path, 0);
		is_int(read_path(path, 0, &list, NULL, err, sizeof err), -1,
		    "unreadable file");
		snprintf(msg, sizeof msg, ": %s", strerror(EACCES));
		is_error(err, path, msg, "unreadable file message");
		wsis_passage_list_free(&list);
	}
}

static void
test_links(void)
{
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256];

	make_dir(tmp(path, "loop"));
	make_dir(tmp(path, "loop/x"));
	write_file(tmp(path, "loop/a.txt"), "only once\n", 10);
	ok(symlink(".", tmp(path, "loop/self")) == 0 &&
	    symlink("..", tmp(path, "loop/x/back")) == 0 &&
	    symlink("nowhere", tmp(path, "loop/dangling.txt")) == 0,
	    "made link loops and a dangling link");
	is_int(read_path(tmp(path, "loop"), 0, &list, NULL, err, sizeof err), 0,
	    "a directory with link loops ends: %s", err);
	is_int(list.count, 1, "each directory read once");
	is_str(list.count > 0 ? list.items[0].id : NULL, "a.txt:1", "the one file");
	is_int(nwarnings, 1, "dangling link warned about");
	is_error(warnings, tmp(path, "loop/dangling.txt"),
	    ": a dangling symbolic link, skipped", "dangling link warning");
	wsis_passage_list_free(&list);
	is_int(read_path(tmp(path, "loop"), 1, &list, NULL, err, sizeof err), -1,
	    "strict: a dangling link is an error");
	is_error(err, tmp(path, "loop/dangling.txt"), ": a dangling symbolic link",
	    "strict: the dangling link named");
	wsis_passage_list_free(&list);
}

/* Thousands of files, tens of MB: must stay linear. */
static void
test_many_files(void)
{
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256], name[64], para[4096];
	size_t bytes = 0, i, want = 0;
	struct timespec t0, t1;
	double secs;

	for (i = 0; i + 1 < sizeof para; i++)
		para[i] = (i % 80 == 79) ? '\n' : (i % 7 == 6 ? ' ' : 'w');
	para[sizeof para - 1] = '\n';
	make_dir(tmp(path, "many"));
	for (i = 0; i < 2000; i++) {
		snprintf(name, sizeof name, "many/d%02zu", i % 20);
		make_dir(tmp(path, name));
		snprintf(name, sizeof name, "many/d%02zu/f%04zu.txt", i % 20, i);
		write_file(tmp(path, name), para, sizeof para);
		want += sizeof para;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(read_path(tmp(path, "many"), 1, &list, &bytes, err, sizeof err),
	    0, "reads 2000 files: %s", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# %zu bytes in %zu passages read in %.3f s\n", bytes, list.count,
	    secs);
	is_int(bytes, want, "bytes_in");
	is_int(list.count, 2000, "one passage per file");
	is_str(list.count > 0 ? list.items[0].id : NULL, "d00/f0000.txt:1",
	    "first id");
	is_str(list.count > 0 ? list.items[list.count - 1].id : NULL,
	    "d19/f1999.txt:1", "last id");
	wsis_passage_list_free(&list);
}

/* The WSIS review goes to lib/segment.c, once that module recognises it. */
static void
test_wsis_dispatch(void)
{
	wsis_passage_list_t list;
	char path[PATHLEN], err[PATHLEN + 256], *buf;
	long long sz;
	FILE *f;
	size_t n = 0;
	int is_wsis;

	snprintf(path, sizeof path, "%s/corpus/wsis-review-zero-draft-2015.txt",
	    srcdir);
	sz = file_size(path);
	if (sz <= 0 || (buf = malloc((size_t)sz)) == NULL) {
		ok(1, "# SKIP corpus file not found");
		return;
	}
	if ((f = fopen(path, "rb")) != NULL) {
		n = fread(buf, 1, (size_t)sz, f);
		fclose(f);
	}
	is_wsis = wsis_segment_is_wsis(buf, n);
	free(buf);
	if (!is_wsis) {
		ok(1, "# SKIP lib/segment.c does not recognise the review yet");
		return;
	}
	is_int(read_path(path, 1, &list, NULL, err, sizeof err), 0,
	    "reads the WSIS review: %s", err);
	ok(find(&list, "draft:38") != NULL, "segmented: has draft:38");
	wsis_passage_list_free(&list);
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	if ((srcdir = getenv("top_srcdir")) == NULL || srcdir[0] == '\0')
		srcdir = ".";
	snprintf(tmpdir, sizeof tmpdir, "%s/wsis-test-input-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_good_dir();
	test_gzip();
	test_jsonl_errors();
	test_utf8();
	test_path_errors();
	test_links();
	test_many_files();
	test_wsis_dispatch();
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
