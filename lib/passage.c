/* passage.c - one searchable passage and a list of them. */
#include "passage.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sprinter.h"

static char *
passage_strndup(const char *s, size_t len)
{
	char *d;

	if (len == SIZE_MAX || (d = malloc(len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* A copy of s, or NULL for NULL.  Sets *failed when out of memory. */
static char *
passage_strdup(const char *s, int *failed)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = passage_strndup(s, strlen(s))) == NULL)
		*failed = 1;
	return d;
}

wsis_passage_t *
wsis_passage_list_add(wsis_passage_list_t *list, const char *id,
    const char *part, const char *text, size_t text_len)
{
	wsis_passage_t *p, *items;
	size_t ncap;
	int failed = 0;

	if (list->count == list->cap) {
		ncap = list->cap ? list->cap * 2 : 64;
		if (ncap < list->cap || ncap > SIZE_MAX / sizeof *items)
			return NULL;
		items = realloc(list->items, ncap * sizeof *items);
		if (items == NULL)
			return NULL;
		list->items = items;
		list->cap = ncap;
	}
	p = &list->items[list->count];
	memset(p, 0, sizeof *p);
	p->id = passage_strdup(id, &failed);
	p->part = passage_strdup(part, &failed);
	p->text = passage_strndup(text != NULL ? text : "",
	    text != NULL ? text_len : 0);
	if (failed || p->text == NULL) {
		wsis_passage_clear(p);
		return NULL;
	}
	list->count++;
	return p;
}

int
wsis_passage_set_title(wsis_passage_t *p, const char *title)
{
	int failed = 0;
	char *t;

	t = passage_strdup(title, &failed);
	if (failed)
		return -1;
	free(p->title);
	p->title = t;
	return 0;
}

int
wsis_passage_add_field(wsis_passage_t *p, const char *name, const char *value)
{
	wsis_field_t *f;
	size_t ncap, nlen, vlen;
	char *n, *v;

	if (name == NULL || value == NULL)
		return -1;
	if (p->nfields == p->cfields) {
		ncap = p->cfields ? p->cfields * 2 : 4;
		if (ncap < p->cfields || ncap > SIZE_MAX / sizeof *f)
			return -1;
		f = realloc(p->fields, ncap * sizeof *f);
		if (f == NULL)
			return -1;
		p->fields = f;
		p->cfields = ncap;
	}
	/* One block: the name, then the value (freed with the name). */
	nlen = strlen(name);
	vlen = strlen(value);
	if (nlen > SIZE_MAX - 2 - vlen || (n = malloc(nlen + vlen + 2)) == NULL)
		return -1;
	memcpy(n, name, nlen + 1);
	v = n + nlen + 1;
	memcpy(v, value, vlen + 1);
	p->fields[p->nfields].name = n;
	p->fields[p->nfields].value = v;
	p->nfields++;
	return 0;
}

const char *
wsis_passage_field(const wsis_passage_t *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nfields; i++) {
		if (strcmp(p->fields[i].name, name) == 0)
			return p->fields[i].value;
	}
	return NULL;
}

long
wsis_passage_list_find(const wsis_passage_list_t *list, const char *id)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (list->items[i].id != NULL && strcmp(list->items[i].id, id) == 0)
			return (long)i;
	}
	return -1;
}

/* FNV-1a, 64 bits. */
static uint64_t
passage_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

int
wsis_passage_list_check_unique(const wsis_passage_list_t *list, char *err,
    size_t errlen)
{
	size_t *slots, nslots, mask, i, j;
	const char *id;

	if (list->count == 0)
		return 0;
	/* Open addressing, load factor at most one half; slots hold index+1. */
	nslots = 16;
	while (nslots < list->count * 2) {
		if (nslots > SIZE_MAX / 2 / sizeof *slots)
			goto nomem;
		nslots *= 2;
	}
	if ((slots = calloc(nslots, sizeof *slots)) == NULL)
		goto nomem;
	mask = nslots - 1;
	for (i = 0; i < list->count; i++) {
		id = list->items[i].id != NULL ? list->items[i].id : "";
		j = (size_t)passage_hash(id) & mask;
		while (slots[j] != 0) {
			const char *other = list->items[slots[j] - 1].id;

			if (strcmp(other != NULL ? other : "", id) == 0) {
				free(slots);
				if (err != NULL && errlen > 0)
					snprintf(err, errlen, "duplicate id '%s'", id);
				return -1;
			}
			j = (j + 1) & mask;
		}
		slots[j] = i + 1;
	}
	free(slots);
	return 0;

nomem:
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "out of memory");
	return -1;
}

void
wsis_passage_clear(wsis_passage_t *p)
{
	size_t i;

	if (p == NULL)
		return;
	free(p->id);
	free(p->part);
	free(p->title);
	free(p->text);
	free(p->citations);
	for (i = 0; i < p->nfields; i++)
		free(p->fields[i].name);   /* and the value, in its block */
	free(p->fields);
	memset(p, 0, sizeof *p);
}

void
wsis_passage_list_free(wsis_passage_list_t *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->count; i++)
		wsis_passage_clear(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}

/* ---- a passage in a reply ------------------------------------------------ */

/* The value of field `name` as a number, when it is digits (at most nine,
 * so any fits); -1 otherwise. */
static long
passage_number(const char *v)
{
	long n = 0;
	size_t i;

	if (v == NULL || *v == '\0' || strlen(v) > 9)
		return -1;
	for (i = 0; v[i] != '\0'; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/* Whether field f is one of the members a passage has at its top level:
 * para and day as numbers (when they are), section and heading. */
static int
passage_top_field(const wsis_field_t *f)
{
	if (strcmp(f->name, "para") == 0 || strcmp(f->name, "day") == 0)
		return passage_number(f->value) >= 0;
	return strcmp(f->name, "section") == 0 || strcmp(f->name, "heading") == 0;
}

/* The first field called `name`, when it goes at the top level. */
static const wsis_field_t *
passage_top(const wsis_passage_t *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nfields; i++)
		if (strcmp(p->fields[i].name, name) == 0)
			return passage_top_field(&p->fields[i]) ? &p->fields[i] : NULL;
	return NULL;
}

/* Whether field i of p goes in the "fields" object: not at the top level,
 * and the first of its name (a repeated name's first value is the field,
 * as wsis_passage_field() reads it; a map holds each key once). */
static int
passage_in_fields(const wsis_passage_t *p, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (strcmp(p->fields[k].name, p->fields[i].name) == 0)
			return 0;
	return !passage_top_field(&p->fields[i]);
}

void
wsis_passage_put(wsis_sprinter_t *sp, const wsis_passage_t *p, wsis_passage_more_t more,
    void *arg)
{
	static const char *const top[] = { "para", "section", "heading", "day" };
	const wsis_field_t *f;
	size_t i, k, others = 0;

	wsis_sp_map_key(sp, "id");
	wsis_sp_string(sp, p->id);
	if (more != NULL)
		more(sp, WSIS_PASSAGE_AFTER_ID, arg);
	wsis_sp_map_key(sp, "part");
	wsis_sp_string(sp, p->part != NULL ? p->part : "");
	for (k = 0; k < sizeof top / sizeof top[0]; k++) {
		if ((f = passage_top(p, top[k])) == NULL)
			continue;
		wsis_sp_map_key(sp, f->name);
		if (f->name[0] == 'p' || f->name[0] == 'd')
			wsis_sp_uint(sp, (unsigned long)passage_number(f->value));
		else
			wsis_sp_string(sp, f->value);
	}
	if (p->title != NULL) {
		wsis_sp_map_key(sp, "title");
		wsis_sp_string(sp, p->title);
	}
	for (i = 0; i < p->nfields; i++)
		others += passage_in_fields(p, i);
	if (others > 0) {
		wsis_sp_map_key(sp, "fields");
		wsis_sp_begin_map(sp);
		for (i = 0; i < p->nfields; i++)
			if (passage_in_fields(p, i)) {
				wsis_sp_map_key(sp, p->fields[i].name);
				wsis_sp_string(sp, p->fields[i].value);
			}
		wsis_sp_end(sp);
	}
	/* what it cites, as the index stores it (citations.h): nothing
	 * stored is nothing cited */
	wsis_sp_map_key(sp, "citations");
	if (p->citations != NULL)
		wsis_sp_raw(sp, p->citations, strlen(p->citations));
	else
		wsis_sp_raw(sp, "[]", 2);
	if (more != NULL)
		more(sp, WSIS_PASSAGE_BEFORE_TEXT, arg);
	if (p->text != NULL) {
		wsis_sp_map_key(sp, "text");
		wsis_sp_string(sp, p->text);
	} else if (more != NULL) {
		more(sp, WSIS_PASSAGE_TEXT, arg);
	}
}

static int
passage_blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

size_t
wsis_passage_text_cut(const char *text, size_t len, size_t max)
{
	size_t c = max, k;

	if (len <= max)
		return len;
	/* text[c] begins the first character past the bound */
	while (c > 0 && ((unsigned char)text[c] & 0xC0) == 0x80)
		c--;
	/* before the word it is in, and the blanks before that word */
	for (k = c; k > 0 && !passage_blank(text[k]); k--)
		;
	while (k > 0 && passage_blank(text[k - 1]))
		k--;
	return k > 0 ? k : c;
}
