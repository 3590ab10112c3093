/* input.c - reading what wsis-indexer indexes.
 *
 * A path is a file or a directory walked recursively (entries sorted with
 * strcmp, hidden names skipped, symbolic links followed, each directory
 * visited once so link loops end).  The format comes from the extension:
 *
 *   .txt .text          plain text, one passage per paragraph; a file that
 *                       wsis_segment_is_wsis() recognises goes to
 *                       wsis_segment_wsis() instead
 *   .md .markdown       the same, plus ATX headings ("# ...") as passages
 *                       that set the "section" field of what follows
 *                       (fenced code blocks kept whole)
 *   .jsonl .ndjson      one wsis_passage_from_json() record per line
 *
 * each optionally followed by ".gz" (read through zlib).  Files are read
 * whole, checked for UTF-8 (an error with opts->strict, else a warning and
 * U+FFFD repairs), and cut in one linear pass.
 */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <zlib.h>

#include "buf.h"
#include "json.h"
#include "segment.h"
#include "utf8.h"

/* One file, uncompressed, may not exceed this (a bound on gzip bombs). */
#define INPUT_MAX_FILE ((size_t)1 << 30)
/* One JSON Lines record may not exceed this. */
#define INPUT_MAX_LINE ((size_t)16 << 20)

typedef enum {
	INPUT_NONE = 0,
	INPUT_TEXT,
	INPUT_MARKDOWN,
	INPUT_JSONL
} input_format_t;

static const struct {
	const char     *ext;
	input_format_t  format;
} input_exts[] = {
	{ "txt", INPUT_TEXT },
	{ "text", INPUT_TEXT },
	{ "md", INPUT_MARKDOWN },
	{ "markdown", INPUT_MARKDOWN },
	{ "jsonl", INPUT_JSONL },
	{ "ndjson", INPUT_JSONL },
};

typedef struct {
	dev_t dev;
	ino_t ino;
	int   used;
} input_dir_id_t;

/* State of one wsis_input_read_path() call. */
typedef struct {
	const wsis_input_opts_t *opts;
	wsis_passage_list_t     *out;
	size_t                  *bytes_in;
	char                    *err;
	size_t                   errlen;
	size_t                   nfiles;	/* indexable files read */
	input_dir_id_t          *dirs;		/* directories visited (a hash set) */
	size_t                   ndirs;
	size_t                   cdirs;		/* slots, a power of two */
	wsis_input_files_t      *list;		/* listing only: files go here */
} input_ctx_t;

/* One file being read. */
typedef struct {
	const char     *path;	/* to open and to name in messages */
	char           *idbase;	/* id prefix: relative path without ".gz" */
	char           *part;	/* file name without extensions */
	input_format_t  format;
	int             gz;
} input_file_t;

static int __attribute__((format(printf, 2, 3)))
input_fail(input_ctx_t *ic, const char *fmt, ...)
{
	va_list ap;

	if (ic->err != NULL && ic->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(ic->err, ic->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
input_nomem(input_ctx_t *ic)
{
	return input_fail(ic, "out of memory");
}

static void __attribute__((format(printf, 2, 3)))
input_warn(input_ctx_t *ic, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (ic->opts == NULL || ic->opts->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ic->opts->warn(ic->opts->ctx, msg);
}

/*
 * The format of file name `name` ("notes.md.gz"), whether it is
 * compressed, and the length of its stem ("notes").
 */
static input_format_t
input_format(const char *name, int *gz, size_t *stem)
{
	size_t len = strlen(name), i;
	const char *dot;

	*gz = 0;
	if (len > 3 && strcasecmp(name + len - 3, ".gz") == 0) {
		*gz = 1;
		len -= 3;
	}
	dot = NULL;
	for (i = len; i > 0; i--) {
		if (name[i - 1] == '.') {
			dot = name + i - 1;
			break;
		}
	}
	if (dot == NULL || dot == name)
		return INPUT_NONE;
	for (i = 0; i < sizeof input_exts / sizeof input_exts[0]; i++) {
		if (strlen(input_exts[i].ext) == len - (size_t)(dot + 1 - name) &&
		    strncasecmp(dot + 1, input_exts[i].ext, len -
		    (size_t)(dot + 1 - name)) == 0) {
			*stem = (size_t)(dot - name);
			return input_exts[i].format;
		}
	}
	return INPUT_NONE;
}

/* ---- reading bytes ----------------------------------------------------- */

static int
input_read_plain(input_ctx_t *ic, const char *path, wsis_buf_t *b)
{
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return input_fail(ic, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1) {
		input_fail(ic, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (st.st_size > 0 && (unsigned long long)st.st_size > INPUT_MAX_FILE) {
		input_fail(ic, "%s: larger than %zu MiB", path,
		    INPUT_MAX_FILE >> 20);
		goto fail;
	}
	/* One spare byte so the read that sees the end needs no realloc. */
	if (wsis_buf_reserve(b, st.st_size > 0 ? (size_t)st.st_size + 1 :
	    65536) != 0) {
		input_nomem(ic);
		goto fail;
	}
	for (;;) {
		if (b->cap - b->len - 1 == 0 &&
		    wsis_buf_reserve(b, 65536 + b->len / 2) != 0) {
			input_nomem(ic);
			goto fail;
		}
		n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			input_fail(ic, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > INPUT_MAX_FILE) {
			input_fail(ic, "%s: larger than %zu MiB", path,
			    INPUT_MAX_FILE >> 20);
			goto fail;
		}
	}
	b->data[b->len] = '\0';
	close(fd);
	return 0;

fail:
	close(fd);
	return -1;
}

static int
input_gz_fail(input_ctx_t *ic, const char *path, gzFile gz)
{
	const char *msg;
	int errnum;

	msg = gzerror(gz, &errnum);
	if (errnum == Z_ERRNO)
		msg = strerror(errno);
	/* zlib puts the path in front of its message: we do that already. */
	else if (msg != NULL && strncmp(msg, path, strlen(path)) == 0 &&
	    strncmp(msg + strlen(path), ": ", 2) == 0)
		msg += strlen(path) + 2;
	return input_fail(ic, "%s: gzip: %s", path,
	    msg != NULL && *msg != '\0' ? msg : "read error");
}

static int
input_read_gz(input_ctx_t *ic, const char *path, wsis_buf_t *b)
{
	size_t avail;
	gzFile gz;
	int n, errnum;

	errno = 0;
	if ((gz = gzopen(path, "rb")) == NULL)
		return input_fail(ic, "%s: %s", path,
		    errno != 0 ? strerror(errno) : "cannot open");
	if (gzbuffer(gz, 128 * 1024) != 0) {
		gzclose(gz);
		return input_nomem(ic);
	}
	for (;;) {
		if ((b->data == NULL || b->cap - b->len - 1 == 0) &&
		    wsis_buf_reserve(b, 65536 + b->len / 2) != 0) {
			input_nomem(ic);
			goto fail;
		}
		avail = b->cap - b->len - 1;
		if (avail > INT_MAX / 2)
			avail = INT_MAX / 2;
		n = gzread(gz, b->data + b->len, (unsigned)avail);
		if (n < 0) {
			input_gz_fail(ic, path, gz);
			goto fail;
		}
		if (gzdirect(gz)) {
			input_fail(ic, "%s: gzip: not in gzip format", path);
			goto fail;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > INPUT_MAX_FILE) {
			input_fail(ic, "%s: larger than %zu MiB uncompressed",
			    path, INPUT_MAX_FILE >> 20);
			goto fail;
		}
	}
	/* Z_BUF_ERROR here: the file ends in the middle of a gzip stream. */
	(void)gzerror(gz, &errnum);
	if (errnum != Z_OK) {
		input_gz_fail(ic, path, gz);
		goto fail;
	}
	b->data[b->len] = '\0';
	gzclose(gz);
	return 0;

fail:
	gzclose(gz);
	return -1;
}

/* ---- cutting text into passages ------------------------------------------ */

static int
input_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

/* Appends s with every run of whitespace turned into one space, adding a
 * space first when b already holds text; never leaves a trailing space. */
static int
input_collapse(wsis_buf_t *b, const char *s, size_t len)
{
	size_t i;
	int space;
	char *d;

	if (wsis_buf_reserve(b, len + 1) != 0)
		return -1;
	d = b->data + b->len;
	space = b->len > 0;
	for (i = 0; i < len; i++) {
		if (input_is_space((unsigned char)s[i])) {
			space = 1;
			continue;
		}
		if (space && d != b->data)
			*d++ = ' ';
		space = 0;
		*d++ = s[i];
	}
	b->len = (size_t)(d - b->data);
	b->data[b->len] = '\0';
	return 0;
}

/* Appends passage "<idbase>:<n>" with text t (and field section). */
static wsis_passage_t *
input_add(input_ctx_t *ic, const input_file_t *f, size_t n,
    const char *part, const wsis_buf_t *t, const char *section)
{
	wsis_buf_t id = WSIS_BUF_INIT;
	wsis_passage_t *p;

	if (wsis_buf_printf(&id, "%s:%zu", f->idbase, n) != 0) {
		input_nomem(ic);
		return NULL;
	}
	p = wsis_passage_list_add(ic->out, id.data, part, t->data, t->len);
	wsis_buf_free(&id);
	if (p == NULL ||
	    (section != NULL && wsis_passage_add_field(p, "section", section) != 0)) {
		input_nomem(ic);
		return NULL;
	}
	return p;
}

/* For Markdown: whether a line opens or closes a fenced code block
 * (``` or ~~~ after at most three spaces); *ch gets the fence character. */
static int
input_md_fence(const char *s, size_t len, char *ch)
{
	size_t i = 0;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (len - i >= 3 && (s[i] == '`' || s[i] == '~') &&
	    s[i + 1] == s[i] && s[i + 2] == s[i]) {
		*ch = s[i];
		return 1;
	}
	return 0;
}

/*
 * For Markdown: whether a line is an ATX heading (at most three spaces,
 * one to six '#', then a space, a tab or the end of the line).  Sets
 * *text and *tlen to its text without the '#'s of either end.
 */
static int
input_md_heading(const char *s, size_t len, const char **text, size_t *tlen)
{
	size_t i = 0, hashes = 0, end;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	while (i < len && s[i] == '#' && hashes < 7) {
		i++;
		hashes++;
	}
	if (hashes == 0 || hashes > 6)
		return 0;
	if (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
		return 0;
	end = len;
	while (end > i && input_is_space((unsigned char)s[end - 1]))
		end--;
	/* An optional closing sequence of '#'s, after a space. */
	{
		size_t e = end;

		while (e > i && s[e - 1] == '#')
			e--;
		if (e == i || input_is_space((unsigned char)s[e - 1]))
			end = e;
	}
	*text = s + i;
	*tlen = end - i;
	return 1;
}

static int
input_is_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!input_is_space((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/*
 * Plain text and Markdown: one passage per paragraph (lines up to a blank
 * one, whitespace collapsed), ids "<idbase>:<n>" from 1.  In Markdown an
 * ATX heading line ends the paragraph before it, is a passage of its own
 * and sets the "section" field of itself and of what follows; inside a
 * ``` or ~~~ fenced block neither '#' lines nor blank lines count.
 */
static int
input_paragraphs(input_ctx_t *ic, const input_file_t *f, const char *buf,
    size_t len)
{
	wsis_buf_t para = WSIS_BUF_INIT, section = WSIS_BUF_INIT;
	int markdown = f->format == INPUT_MARKDOWN, has_section = 0;
	size_t pos = 0, n = 0, llen, tlen;
	const char *line, *nl, *text;
	char fence = 0, ch;
	int rc = -1;

	while (pos <= len) {
		line = buf + pos;
		nl = pos < len ? memchr(line, '\n', len - pos) : NULL;
		llen = nl != NULL ? (size_t)(nl - line) : len - pos;
		pos += llen + 1;	/* past the end when there is no '\n' */

		/* Blank lines end a paragraph, except in a fenced block. */
		if (fence == 0 && input_is_blank(line, llen)) {
			if (para.len > 0) {
				if (input_add(ic, f, ++n, f->part, &para,
				    has_section ? section.data : NULL) == NULL)
					goto out;
				wsis_buf_reset(&para);
			}
			continue;
		}
		if (markdown && input_md_fence(line, llen, &ch)) {
			if (fence == 0)
				fence = ch;
			else if (fence == ch)
				fence = 0;
		} else if (markdown && fence == 0 &&
		    input_md_heading(line, llen, &text, &tlen)) {
			if (para.len > 0) {
				if (input_add(ic, f, ++n, f->part, &para,
				    has_section ? section.data : NULL) == NULL)
					goto out;
				wsis_buf_reset(&para);
			}
			wsis_buf_reset(&section);
			if (input_collapse(&section, text, tlen) != 0) {
				input_nomem(ic);
				goto out;
			}
			has_section = section.len > 0;
			if (has_section && input_add(ic, f, ++n, f->part,
			    &section, section.data) == NULL)
				goto out;
			continue;
		}
		if (input_collapse(&para, line, llen) != 0) {
			input_nomem(ic);
			goto out;
		}
	}
	if (para.len > 0 && input_add(ic, f, ++n, f->part, &para,
	    has_section ? section.data : NULL) == NULL)
		goto out;
	rc = 0;

out:
	wsis_buf_free(&para);
	wsis_buf_free(&section);
	return rc;
}

/* Copies a parsed record into the list. */
static int
input_add_record(input_ctx_t *ic, const input_file_t *f,
    const wsis_passage_t *r)
{
	wsis_passage_t *p;
	size_t i;

	p = wsis_passage_list_add(ic->out, r->id,
	    r->part != NULL ? r->part : f->part, r->text, strlen(r->text));
	if (p == NULL)
		return input_nomem(ic);
	if (r->title != NULL && wsis_passage_set_title(p, r->title) != 0)
		return input_nomem(ic);
	for (i = 0; i < r->nfields; i++) {
		if (wsis_passage_add_field(p, r->fields[i].name,
		    r->fields[i].value) != 0)
			return input_nomem(ic);
	}
	return 0;
}

/* JSON Lines: one record per non-blank line. */
static int
input_jsonl(input_ctx_t *ic, const input_file_t *f, const char *buf,
    size_t len)
{
	wsis_passage_t rec;
	char jerr[256];
	size_t pos = 0, lineno = 0, llen;
	const char *line, *nl;
	int rc;

	while (pos < len) {
		line = buf + pos;
		nl = memchr(line, '\n', len - pos);
		llen = nl != NULL ? (size_t)(nl - line) : len - pos;
		pos += llen + 1;
		lineno++;
		if (llen > INPUT_MAX_LINE)
			return input_fail(ic, "%s:%zu: line longer than %zu MiB",
			    f->path, lineno, INPUT_MAX_LINE >> 20);
		if (input_is_blank(line, llen))
			continue;
		if (wsis_passage_from_json(line, llen, &rec, jerr,
		    sizeof jerr) != 0)
			return input_fail(ic, "%s:%zu: %s", f->path, lineno, jerr);
		rc = input_add_record(ic, f, &rec);
		wsis_passage_clear(&rec);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Reads one file of a known format and appends its passages. */
static int
input_file(input_ctx_t *ic, input_file_t *f)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	const char *text, *nul;
	char serr[512], *fixed;
	size_t len, bad;
	int rc = -1;

	if ((f->gz ? input_read_gz(ic, f->path, &b) :
	    input_read_plain(ic, f->path, &b)) != 0)
		goto out;
	ic->nfiles++;
	if (ic->bytes_in != NULL)
		*ic->bytes_in += b.len;
	if (b.data == NULL && wsis_buf_reserve(&b, 0) != 0) {
		input_nomem(ic);
		goto out;
	}

	/* NUL is valid UTF-8 but no text file holds one (UTF-16 does). */
	if ((nul = memchr(b.data, '\0', b.len)) != NULL) {
		input_fail(ic, "%s: NUL byte at byte %zu (not a UTF-8 text file?)",
		    f->path, (size_t)(nul - b.data));
		goto out;
	}
	bad = wsis_utf8_valid_prefix(b.data, b.len);
	if (bad < b.len) {
		if (ic->opts != NULL && ic->opts->strict) {
			input_fail(ic, "%s: invalid UTF-8 at byte %zu", f->path, bad);
			goto out;
		}
		input_warn(ic, "%s: invalid UTF-8 at byte %zu, replaced",
		    f->path, bad);
		if ((fixed = wsis_utf8_repair(b.data, b.len, NULL)) == NULL) {
			input_nomem(ic);
			goto out;
		}
		/* No NUL in the input, so none in the repaired copy. */
		wsis_buf_free(&b);
		b.data = fixed;
		b.len = strlen(fixed);
		b.cap = b.len + 1;
	}

	text = b.data;
	len = b.len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;	/* a byte order mark */
		len -= 3;
	}
	if (f->format == INPUT_TEXT && wsis_segment_is_wsis(text, len)) {
		serr[0] = '\0';
		if (wsis_segment_wsis(text, len, ic->out, serr,
		    sizeof serr) != 0) {
			input_fail(ic, "%s: %s", f->path,
			    serr[0] != '\0' ? serr : "cannot segment");
			goto out;
		}
	} else if (f->format == INPUT_JSONL) {
		if (input_jsonl(ic, f, text, len) != 0)
			goto out;
	} else if (input_paragraphs(ic, f, text, len) != 0)
		goto out;
	rc = 0;

out:
	wsis_buf_free(&b);
	return rc;
}

/* ---- files and directories ---------------------------------------------- */

/* Sets up f for file `name` (the last component) at `path`, its id prefix
 * being `rel` without ".gz".  Returns 0, 1 for an unknown format, -1. */
static int
input_file_init(input_ctx_t *ic, input_file_t *f, const char *path,
    const char *name, const char *rel)
{
	size_t stem, rlen;

	memset(f, 0, sizeof *f);
	f->path = path;
	if ((f->format = input_format(name, &f->gz, &stem)) == INPUT_NONE)
		return 1;
	rlen = strlen(rel) - (f->gz ? 3 : 0);
	if ((f->idbase = strndup(rel, rlen)) == NULL ||
	    (f->part = strndup(name, stem)) == NULL) {
		free(f->idbase);
		return input_nomem(ic);
	}
	return 0;
}

static void
input_file_free(input_file_t *f)
{
	free(f->idbase);
	free(f->part);
}

static size_t
input_dir_hash(dev_t dev, ino_t ino)
{
	unsigned long long h;

	h = (unsigned long long)ino * 0x9E3779B97F4A7C15ULL ^
	    (unsigned long long)dev * 0xC2B2AE3D27D4EB4FULL;
	return (size_t)(h ^ (h >> 29));
}

/* Inserts into the open-addressing table (cdirs a power of two). */
static int
input_dir_insert(input_dir_id_t *t, size_t cap, dev_t dev, ino_t ino)
{
	size_t j = input_dir_hash(dev, ino) & (cap - 1);

	for (; t[j].used; j = (j + 1) & (cap - 1)) {
		if (t[j].dev == dev && t[j].ino == ino)
			return 1;
	}
	t[j].dev = dev;
	t[j].ino = ino;
	t[j].used = 1;
	return 0;
}

/* Records a directory; returns 1 when it was already visited. */
static int
input_visit(input_ctx_t *ic, const struct stat *st)
{
	input_dir_id_t *t;
	size_t i, ncap;

	if (ic->ndirs * 2 >= ic->cdirs) {
		ncap = ic->cdirs ? ic->cdirs * 2 : 64;
		if ((t = calloc(ncap, sizeof *t)) == NULL)
			return input_nomem(ic);
		for (i = 0; i < ic->cdirs; i++) {
			if (ic->dirs[i].used)
				input_dir_insert(t, ncap, ic->dirs[i].dev,
				    ic->dirs[i].ino);
		}
		free(ic->dirs);
		ic->dirs = t;
		ic->cdirs = ncap;
	}
	if (input_dir_insert(ic->dirs, ic->cdirs, st->st_dev, st->st_ino))
		return 1;
	ic->ndirs++;
	return 0;
}

static int
input_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory `dir`, hidden ones left out, sorted. */
static int
input_list_dir(input_ctx_t *ic, const char *dir, char ***names, size_t *count)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0, i;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return input_fail(ic, "%s: %s", dir, strerror(errno));
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				input_fail(ic, "%s: %s", dir, strerror(errno));
				goto fail;
			}
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
				input_nomem(ic);
				goto fail;
			}
			v = nv;
		}
		if ((v[n] = strdup(de->d_name)) == NULL) {
			input_nomem(ic);
			goto fail;
		}
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof *v, input_cmp_names);
	*names = v;
	*count = n;
	return 0;

fail:
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	closedir(d);
	return -1;
}

/* Listing: records f (taking its strings) with its size. */
static int
input_list_add(input_ctx_t *ic, input_file_t *f, const struct stat *st)
{
	wsis_input_files_t *l = ic->list;
	wsis_input_file_t *e, *items;
	size_t ncap;

	if (l->count == l->cap) {
		ncap = l->cap ? l->cap * 2 : 64;
		if ((items = realloc(l->items, ncap * sizeof *items)) == NULL)
			return input_nomem(ic);
		l->items = items;
		l->cap = ncap;
	}
	e = &l->items[l->count];
	memset(e, 0, sizeof *e);
	if ((e->path = strdup(f->path)) == NULL)
		return input_nomem(ic);
	e->idbase = f->idbase;
	e->part = f->part;
	f->idbase = f->part = NULL;
	e->format = (int)f->format;
	e->gz = f->gz;
	e->size = st->st_size > 0 ? (unsigned long long)st->st_size : 0;
	e->ordinal = (unsigned)l->count;
	l->bytes += e->size;
	l->count++;
	ic->nfiles++;
	return 0;
}

/* Joins a directory and a name with one '/'. */
static char *
input_join(const char *dir, const char *name)
{
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t dl = strlen(dir);

	if (wsis_buf_append(&b, dir, dl) != 0 ||
	    (dl > 0 && dir[dl - 1] != '/' && wsis_buf_putc(&b, '/') != 0) ||
	    wsis_buf_puts(&b, name) != 0) {
		wsis_buf_free(&b);
		return NULL;
	}
	return wsis_buf_detach(&b);
}

/* Reads every indexable file under `dir` (`rel` from the root, "" there). */
static int
input_walk(input_ctx_t *ic, const char *dir, const char *rel)
{
	char **names = NULL, *path = NULL, *crel = NULL;
	struct stat st, lst;
	input_file_t f;
	size_t n = 0, i;
	int rc = -1, r;

	if (input_list_dir(ic, dir, &names, &n) != 0) {
		if (ic->list == NULL || ic->opts == NULL || ic->opts->strict ||
		    ic->opts->skip == NULL)
			return -1;
		ic->opts->skip(ic->opts->ctx, ic->err);
		return 0;
	}
	for (i = 0; i < n; i++) {
		free(path);
		free(crel);
		path = input_join(dir, names[i]);
		crel = rel[0] != '\0' ? input_join(rel, names[i]) :
		    strdup(names[i]);
		if (path == NULL || crel == NULL) {
			input_nomem(ic);
			goto out;
		}
		if (stat(path, &st) != 0) {
			/* a link to nothing is an unreadable file: skipped and
			 * counted when the caller takes skips, else a warning,
			 * fatal with strict */
			if (errno == ENOENT && lstat(path, &lst) == 0 &&
			    S_ISLNK(lst.st_mode)) {
				input_fail(ic, "%s: a dangling symbolic link", path);
				if (ic->opts != NULL && ic->opts->strict)
					goto out;
				if (ic->opts != NULL && ic->opts->skip != NULL)
					ic->opts->skip(ic->opts->ctx, ic->err);
				else
					input_warn(ic, "%s, skipped", ic->err);
				continue;
			}
			input_fail(ic, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			if ((r = input_visit(ic, &st)) < 0)
				goto out;
			if (r == 0 && input_walk(ic, path, crel) != 0)
				goto out;
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if ((r = input_file_init(ic, &f, path, names[i], crel)) < 0)
			goto out;
		if (r > 0)
			continue;	/* not a format we read */
		r = ic->list != NULL ? input_list_add(ic, &f, &st) :
		    input_file(ic, &f);
		input_file_free(&f);
		if (r != 0)
			goto out;
	}
	rc = 0;

out:
	free(path);
	free(crel);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Reads `path` (a file or a directory) through ic: its passages, or with
 * ic->list its files. */
static int
input_path(input_ctx_t *ic, const char *path)
{
	input_file_t f;
	struct stat st;
	const char *name;
	char *root = NULL;
	size_t len;
	int rc = -1, r;

	if (path == NULL || path[0] == '\0')
		return input_fail(ic, "empty path");
	if (stat(path, &st) != 0)
		return input_fail(ic, "%s: %s", path, strerror(errno));

	if (S_ISDIR(st.st_mode)) {
		/* "corpus/" names its files "corpus/a.txt", not "corpus//a.txt". */
		if ((root = strdup(path)) == NULL)
			return input_nomem(ic);
		len = strlen(root);
		while (len > 1 && root[len - 1] == '/')
			root[--len] = '\0';
		if (input_visit(ic, &st) != 0 || input_walk(ic, root, "") != 0)
			goto out;
		if (ic->nfiles == 0) {
			input_fail(ic, "no indexable files under %s", path);
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		input_fail(ic, "%s: not a regular file or directory", path);
		goto out;
	}
	name = strrchr(path, '/');
	name = name != NULL ? name + 1 : path;
	if ((r = input_file_init(ic, &f, path, name, name)) != 0) {
		if (r > 0)
			input_fail(ic, "%s: unsupported file type (not .txt, "
			    ".text, .md, .markdown, .jsonl or .ndjson, "
			    "optionally .gz)", path);
		goto out;
	}
	rc = ic->list != NULL ? input_list_add(ic, &f, &st) : input_file(ic, &f);
	input_file_free(&f);

out:
	free(root);
	return rc;
}

int
wsis_input_read_path(const char *path, const wsis_input_opts_t *opts,
    wsis_passage_list_t *out, size_t *bytes_in, char *err, size_t errlen)
{
	input_ctx_t ic;
	int rc;

	memset(&ic, 0, sizeof ic);
	ic.opts = opts;
	ic.out = out;
	ic.bytes_in = bytes_in;
	ic.err = err;
	ic.errlen = errlen;
	rc = input_path(&ic, path);
	free(ic.dirs);
	return rc;
}

int
wsis_input_list(const char *path, const wsis_input_opts_t *opts,
    wsis_input_files_t *out, char *err, size_t errlen)
{
	input_ctx_t ic;
	size_t before = out->count, i;
	int rc;

	memset(&ic, 0, sizeof ic);
	ic.opts = opts;
	ic.err = err;
	ic.errlen = errlen;
	ic.list = out;
	rc = input_path(&ic, path);
	free(ic.dirs);
	/* ordinals continue across the paths of one listing */
	for (i = before; i < out->count; i++)
		out->items[i].ordinal = (unsigned)i;
	return rc;
}

void
wsis_input_files_free(wsis_input_files_t *files)
{
	size_t i;

	if (files == NULL)
		return;
	for (i = 0; i < files->count; i++) {
		free(files->items[i].path);
		free(files->items[i].idbase);
		free(files->items[i].part);
	}
	free(files->items);
	memset(files, 0, sizeof *files);
}

/* ---- streaming ------------------------------------------------------------ */

/* A file read in chunks: buf[start, end) is what has been read and not
 * yet consumed. */
typedef struct {
	int                fd;
	gzFile             gz;
	char              *buf;
	size_t             start, end, cap;
	int                eof;
	int                failed;	/* a read error (in ic's err) ended it */
	wsis_input_pos_t  *pos;
} input_reader_t;

#define INPUT_CHUNK ((size_t)1 << 20)

static int input_reader_read(input_ctx_t *ic, input_reader_t *r,
    const char *path, size_t want);

/* Reads more, growing the buffer up to `want` bytes held.  Returns 0 (eof
 * set at the end of the file; a read error sets failed and eof, its
 * message in ic, what was read before it kept), or -1 out of memory. */
static int
input_reader_more(input_ctx_t *ic, input_reader_t *r, const char *path,
    size_t want)
{
	int rc = input_reader_read(ic, r, path, want);

	if (rc == -2) {
		r->failed = r->eof = 1;
		rc = 0;
	}
	if (r->buf != NULL)
		r->buf[r->end] = '\0';
	return rc;
}

/* input_reader_more() without the error handling: -2 on a read error. */
static int
input_reader_read(input_ctx_t *ic, input_reader_t *r, const char *path,
    size_t want)
{
	size_t room;
	ssize_t n;
	char *nb;
	int errnum;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (want + 1 > r->cap) {
		if ((nb = realloc(r->buf, want + 1)) == NULL)
			return input_nomem(ic);
		r->buf = nb;
		r->cap = want + 1;
	}
	while (!r->eof && r->end < want) {
		room = r->cap - 1 - r->end;
		if (room > INPUT_CHUNK)
			room = INPUT_CHUNK;
		if (r->gz != NULL) {
			n = gzread(r->gz, r->buf + r->end, (unsigned)room);
			if (n < 0)
				return input_gz_fail(ic, path, r->gz) - 1;
			if (gzdirect(r->gz))
				return input_fail(ic, "%s: gzip: not in gzip format",
				    path) - 1;
			if (n == 0) {
				(void)gzerror(r->gz, &errnum);
				if (errnum != Z_OK)
					return input_gz_fail(ic, path, r->gz) - 1;
			}
			r->pos->disk = (unsigned long long)gzoffset(r->gz);
		} else {
			n = read(r->fd, r->buf + r->end, room);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1)
				return input_fail(ic, "%s: %s", path,
				    strerror(errno)) - 1;
			r->pos->disk += (unsigned long long)n;
		}
		if (n == 0)
			r->eof = 1;
		r->end += (size_t)n;
		r->pos->text += (unsigned long long)n;
	}
	return 0;
}

/* The next line (without its '\n') in *line, *len; *toolong when it
 * passed WSIS_INPUT_MAX_LINE (then *len is 0 and the line is dropped).
 * Returns 1, 0 at the end of the file, -1 on a read error. */
static int
input_reader_line(input_ctx_t *ic, input_reader_t *r, const char *path,
    char **line, size_t *len, int *toolong)
{
	char *nl;
	size_t scanned = 0;

	*toolong = 0;
	for (;;) {
		nl = r->end > r->start + scanned ? memchr(r->buf + r->start +
		    scanned, '\n', r->end - r->start - scanned) : NULL;
		if (nl != NULL) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			r->start += *len + 1;
			if (*len > WSIS_INPUT_MAX_LINE)
				*toolong = 1;
			if (*toolong)
				*len = 0;
			return 1;
		}
		if (r->eof) {
			if (r->end == r->start)
				return 0;
			*line = r->buf + r->start;
			*len = r->end - r->start;
			r->start = r->end;
			if (*len > WSIS_INPUT_MAX_LINE)
				*toolong = 1;
			if (*toolong)
				*len = 0;
			return 1;
		}
		if (r->end - r->start > WSIS_INPUT_MAX_LINE) {
			*toolong = 1;	/* drop what is held, look for the end */
			r->start = r->end;
		}
		scanned = r->end - r->start;
		if (input_reader_more(ic, r, path, r->end - r->start +
		    INPUT_CHUNK) != 0)
			return -1;
	}
}

/* State of one wsis_input_read_file() call. */
typedef struct {
	input_ctx_t        ic;
	input_file_t       f;
	wsis_input_emit_t  emit;
	void              *ctx;
	wsis_passage_list_t batch;
	int                stopped;	/* emit asked to stop */
	/* plain text and Markdown: the paragraph being gathered */
	wsis_buf_t         para, section;
	int                has_section;
	char               fence;
	size_t             n;
} input_stream_t;

/* Hands the batch's passages to emit, in order. */
static int
input_stream_flush(input_stream_t *s)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < s->batch.count; i++) {
		if (rc == 0 && s->emit(s->ctx, &s->batch.items[i]) != 0) {
			s->stopped = 1;
			rc = -1;
		}
		wsis_passage_clear(&s->batch.items[i]);
	}
	s->batch.count = 0;
	return rc;
}

/* A bad record: skipped (with opts->skip), else the read's error. */
static int __attribute__((format(printf, 2, 3)))
input_stream_bad(input_stream_t *s, const char *fmt, ...)
{
	const wsis_input_opts_t *o = s->ic.opts;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->ic.err, s->ic.errlen, fmt, ap);
	va_end(ap);
	if (o == NULL || o->strict || o->skip == NULL)
		return -1;
	o->skip(o->ctx, s->ic.err);
	return 0;
}

/* Mends a line: NUL bytes and invalid UTF-8 become U+FFFD.  *out is the
 * line itself when it is good, else a malloc'ed copy in *copy.  Returns 0,
 * or -1 (strict, or out of memory). */
static int
input_stream_mend(input_stream_t *s, size_t lineno, char *line, size_t len,
    char **copy)
{
	const wsis_input_opts_t *o = s->ic.opts;
	wsis_buf_t b = WSIS_BUF_INIT;
	size_t bad, nul, i;
	const char *why;
	char *fixed;

	*copy = NULL;
	nul = len;
	for (i = 0; i < len; i++)
		if (line[i] == '\0') {
			nul = i;
			break;
		}
	bad = wsis_utf8_valid_prefix(line, len);
	if (nul == len && bad == len)
		return 0;
	why = nul < bad ? "NUL byte" : "invalid UTF-8";
	if (nul < bad)
		bad = nul;
	snprintf(s->ic.err, s->ic.errlen, "%s:%zu: %s at byte %zu%s", s->f.path,
	    lineno, why, bad, o != NULL && o->strict ? "" : ", replaced");
	if (o == NULL || o->strict)
		return -1;
	if (o->repaired != NULL)
		o->repaired(o->ctx, s->ic.err);
	else if (o->warn != NULL)
		o->warn(o->ctx, s->ic.err);
	if (nul < len) {
		for (i = 0; i < len; i++)
			if ((line[i] == '\0' ? wsis_buf_append(&b, "\xEF\xBF\xBD",
			    3) : wsis_buf_putc(&b, line[i])) != 0) {
				wsis_buf_free(&b);
				return input_nomem(&s->ic);
			}
		fixed = wsis_utf8_repair(b.data, b.len, NULL);
		wsis_buf_free(&b);
	} else
		fixed = wsis_utf8_repair(line, len, NULL);
	if (fixed == NULL)
		return input_nomem(&s->ic);
	*copy = fixed;
	return 0;
}

/* In a JSON line, each \u0000 escape (refused by the parser: a C string
 * cannot hold it) becomes \ufffd, in place.  Returns how many. */
static size_t
input_json_nul_escapes(char *s, size_t len)
{
	size_t i, n = 0;
	int instr = 0;

	for (i = 0; i < len; i++) {
		if (!instr) {
			instr = s[i] == '"';
			continue;
		}
		if (s[i] == '"') {
			instr = 0;
		} else if (s[i] == '\\' && i + 1 < len) {
			if (s[i + 1] == 'u' && i + 5 < len &&
			    memcmp(s + i + 2, "0000", 4) == 0) {
				memcpy(s + i + 2, "fffd", 4);
				n++;
			}
			i++;	/* the escaped character */
		}
	}
	return n;
}

static int
input_stream_jsonl(input_stream_t *s, size_t lineno, char *line, size_t len)
{
	const wsis_input_opts_t *o = s->ic.opts;
	wsis_passage_t rec;
	char jerr[256];
	int rc;

	if (input_is_blank(line, len))
		return 0;
	if (input_json_nul_escapes(line, len) > 0) {
		snprintf(s->ic.err, s->ic.errlen, "%s:%zu: \\u0000%s", s->f.path,
		    lineno, o != NULL && o->strict ? " is not allowed" :
		    " replaced by U+FFFD");
		if (o == NULL || o->strict)
			return -1;
		if (o->repaired != NULL)
			o->repaired(o->ctx, s->ic.err);
	}
	if (wsis_passage_from_json(line, len, &rec, jerr, sizeof jerr) != 0)
		return input_stream_bad(s, "%s:%zu: %s", s->f.path, lineno, jerr);
	s->ic.out = &s->batch;
	rc = input_add_record(&s->ic, &s->f, &rec);
	wsis_passage_clear(&rec);
	return rc;
}

/* Plain text and Markdown, a line at a time: input_paragraphs() as a
 * machine fed lines. */
static int
input_stream_para_end(input_stream_t *s)
{
	if (s->para.len == 0)
		return 0;
	s->ic.out = &s->batch;
	if (input_add(&s->ic, &s->f, ++s->n, s->f.part, &s->para,
	    s->has_section ? s->section.data : NULL) == NULL)
		return -1;
	wsis_buf_reset(&s->para);
	return 0;
}

static int
input_stream_text(input_stream_t *s, const char *line, size_t len)
{
	const char *text;
	size_t tlen;
	char ch;

	if (s->fence == 0 && input_is_blank(line, len))
		return input_stream_para_end(s);
	if (s->f.format == INPUT_MARKDOWN && input_md_fence(line, len, &ch)) {
		if (s->fence == 0)
			s->fence = ch;
		else if (s->fence == ch)
			s->fence = 0;
	} else if (s->f.format == INPUT_MARKDOWN && s->fence == 0 &&
	    input_md_heading(line, len, &text, &tlen)) {
		if (input_stream_para_end(s) != 0)
			return -1;
		wsis_buf_reset(&s->section);
		if (input_collapse(&s->section, text, tlen) != 0)
			return input_nomem(&s->ic);
		s->has_section = s->section.len > 0;
		s->ic.out = &s->batch;
		if (s->has_section && input_add(&s->ic, &s->f, ++s->n, s->f.part,
		    &s->section, s->section.data) == NULL)
			return -1;
		return 0;
	}
	if (input_collapse(&s->para, line, len) != 0)
		return input_nomem(&s->ic);
	return 0;
}

/* The WSIS review: a small .txt read whole and cut by segment.c. */
static int
input_stream_wsis(input_stream_t *s, char *text, size_t len)
{
	char serr[512], *fixed = NULL;
	int rc;

	if (input_stream_mend(s, 0, text, len, &fixed) != 0)
		return -1;
	if (fixed != NULL) {
		text = fixed;
		len = strlen(fixed);
	}
	serr[0] = '\0';
	rc = wsis_segment_wsis(text, len, &s->batch, serr, sizeof serr);
	if (rc != 0)
		input_fail(&s->ic, "%s: %s", s->f.path,
		    serr[0] != '\0' ? serr : "cannot segment");
	free(fixed);
	return rc;
}

int
wsis_input_read_file(const wsis_input_file_t *f,
    const wsis_input_opts_t *opts, wsis_input_emit_t emit, void *ctx,
    wsis_input_pos_t *pos, char *err, size_t errlen)
{
	input_stream_t s;
	input_reader_t r;
	wsis_input_pos_t ownpos = { 0, 0, 0 };
	char *line, *fixed;
	size_t len, lineno = 0;
	int rc = -1, got, toolong;

	memset(&s, 0, sizeof s);
	memset(&r, 0, sizeof r);
	s.ic.opts = opts;
	s.ic.err = err;
	s.ic.errlen = errlen;
	s.f.path = f->path;
	s.f.idbase = f->idbase;
	s.f.part = f->part;
	s.f.format = (input_format_t)f->format;
	s.f.gz = f->gz;
	s.emit = emit;
	s.ctx = ctx;
	r.fd = -1;
	r.pos = pos != NULL ? pos : &ownpos;
	r.pos->disk = r.pos->text = r.pos->line = 0;

	if (f->gz) {
		errno = 0;
		if ((r.gz = gzopen(f->path, "rb")) == NULL) {
			rc = input_stream_bad(&s, "%s: %s", f->path,
			    errno != 0 ? strerror(errno) : "cannot open");
			goto out;
		}
		if (gzbuffer(r.gz, 128 * 1024) != 0) {
			input_nomem(&s.ic);
			goto out;
		}
	} else if ((r.fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1) {
		rc = input_stream_bad(&s, "%s: %s", f->path, strerror(errno));
		goto out;
	}

	/* a .txt that may be the WSIS review is read whole first */
	if (s.f.format == INPUT_TEXT) {
		if (input_reader_more(&s.ic, &r, f->path, WSIS_INPUT_WHOLE + 1) != 0)
			goto out;
		line = r.buf;
		len = r.end;
		if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			line += 3;
			len -= 3;
		}
		if (r.eof && !r.failed && wsis_segment_is_wsis(line, len)) {
			if (input_stream_wsis(&s, line, len) != 0 ||
			    input_stream_flush(&s) != 0)
				goto out;
			rc = 0;
			goto out;
		}
	}
	for (;;) {
		got = input_reader_line(&s.ic, &r, f->path, &line, &len, &toolong);
		if (got < 0)
			goto out;
		if (got == 0)
			break;
		lineno++;
		r.pos->line = lineno;
		if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			line += 3;
			len -= 3;
		}
		if (toolong) {
			if (input_stream_bad(&s, "%s:%zu: line longer than %zu MiB",
			    f->path, lineno, WSIS_INPUT_MAX_LINE >> 20) != 0)
				goto out;
			continue;
		}
		if (input_stream_mend(&s, lineno, line, len, &fixed) != 0)
			goto out;
		if (fixed != NULL) {
			line = fixed;
			len = strlen(fixed);
		}
		got = s.f.format == INPUT_JSONL ?
		    input_stream_jsonl(&s, lineno, line, len) :
		    input_stream_text(&s, line, len);
		free(fixed);
		if (got != 0 || input_stream_flush(&s) != 0)
			goto out;
	}
	if (input_stream_para_end(&s) != 0 || input_stream_flush(&s) != 0)
		goto out;
	rc = 0;
	if (!r.failed)
		goto out;

	/* what was read stands; the rest of the file is a skipped record */
	{
		char why[1024];

		snprintf(why, sizeof why, "%s", err);
		if (input_stream_para_end(&s) != 0 || input_stream_flush(&s) != 0)
			goto out;
		rc = input_stream_bad(&s, "%s (line %zu on: the rest of the file "
		    "skipped)", why, lineno + 1);
	}
out:
	if (s.stopped)
		rc = -1;
	wsis_passage_list_free(&s.batch);
	wsis_buf_free(&s.para);
	wsis_buf_free(&s.section);
	free(r.buf);
	if (r.gz != NULL)
		gzclose(r.gz);
	if (r.fd != -1)
		close(r.fd);
	return rc;
}
