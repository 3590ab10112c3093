/* eval.c - queries, judgments and measures of a test collection (eval.h). */
#include "eval.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"

static eval_query_t *
eval_find(eval_queries_t *qs, const char *id)
{
	size_t i;

	for (i = 0; i < qs->n; i++)
		if (strcmp(qs->q[i].id, id) == 0)
			return &qs->q[i];
	return NULL;
}

/* Strips the line terminator (LF or CRLF) in place; returns the length. */
static size_t
eval_chomp(char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	return len;
}

static int
eval_read_queries(const char *path, eval_queries_t *qs, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *tab;
	size_t cap = 0, lineno = 0, alloc = 0;
	ssize_t got;
	int rc = -1;

	if (f == NULL)
		return wsis_errmsg(err, errlen, "%s: %s", path, strerror(errno));
	while ((got = getline(&line, &cap, f)) >= 0) {
		eval_query_t *q;

		lineno++;
		if (eval_chomp(line, (size_t)got) == 0)
			continue;
		tab = strchr(line, '\t');
		if (tab == NULL || tab == line) {
			wsis_errmsg(err, errlen, "%s:%zu: expected query id TAB text", path, lineno);
			goto out;
		}
		*tab = '\0';
		if (eval_find(qs, line) != NULL) {
			wsis_errmsg(err, errlen, "%s:%zu: query %s given twice", path, lineno, line);
			goto out;
		}
		if (qs->n == alloc) {
			size_t na = alloc ? alloc * 2 : 256;
			eval_query_t *nq = realloc(qs->q, na * sizeof *nq);
			if (nq == NULL)
				goto nomem;
			qs->q = nq;
			alloc = na;
		}
		q = &qs->q[qs->n];
		memset(q, 0, sizeof *q);
		q->id = strdup(line);
		q->text = strdup(tab + 1);
		qs->n++;
		if (q->id == NULL || q->text == NULL)
			goto nomem;
	}
	if (ferror(f)) {
		wsis_errmsg(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	wsis_errmsg(err, errlen, "out of memory");
out:
	free(line);
	fclose(f);
	return rc;
}

static int
eval_read_qrels(const char *path, eval_queries_t *qs, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t got;
	int rc = -1;

	if (f == NULL)
		return wsis_errmsg(err, errlen, "%s: %s", path, strerror(errno));
	while ((got = getline(&line, &cap, f)) >= 0) {
		char *field[4], *save = NULL, *end;
		eval_query_t *q;
		eval_judgment_t *nj;
		long grade;
		size_t i, n = 0;

		lineno++;
		if (eval_chomp(line, (size_t)got) == 0)
			continue;
		for (char *t = strtok_r(line, " \t", &save); t != NULL;
		    t = strtok_r(NULL, " \t", &save)) {
			if (n == 4) {
				n++;
				break;
			}
			field[n++] = t;
		}
		if (n != 4) {
			wsis_errmsg(err, errlen, "%s:%zu: expected 4 fields: query 0 doc grade",
			    path, lineno);
			goto out;
		}
		errno = 0;
		grade = strtol(field[3], &end, 10);
		if (errno != 0 || *end != '\0' || grade < -100 || grade > 100) {
			wsis_errmsg(err, errlen, "%s:%zu: bad grade '%s'", path, lineno, field[3]);
			goto out;
		}
		q = eval_find(qs, field[0]);
		if (q == NULL) {
			wsis_errmsg(err, errlen, "%s:%zu: query %s is not in the queries", path,
			    lineno, field[0]);
			goto out;
		}
		for (i = 0; i < q->njudged; i++)
			if (strcmp(q->judged[i].doc, field[2]) == 0)
				break;
		if (i < q->njudged) {
			wsis_errmsg(err, errlen, "%s:%zu: query %s judges document %s twice", path,
			    lineno, field[0], field[2]);
			goto out;
		}
		nj = realloc(q->judged, (q->njudged + 1) * sizeof *nj);
		if (nj == NULL)
			goto nomem;
		q->judged = nj;
		nj[q->njudged].doc = strdup(field[2]);
		nj[q->njudged].grade = (int)grade;
		if (nj[q->njudged].doc == NULL)
			goto nomem;
		q->njudged++;
		if (grade > 0)
			q->nrelevant++;
	}
	if (ferror(f)) {
		wsis_errmsg(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	wsis_errmsg(err, errlen, "out of memory");
out:
	free(line);
	fclose(f);
	return rc;
}

int
eval_load(const char *queries_path, const char *qrels_path, eval_queries_t *out,
    char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (eval_read_queries(queries_path, out, err, errlen) != 0 ||
	    eval_read_qrels(qrels_path, out, err, errlen) != 0) {
		eval_queries_free(out);
		return -1;
	}
	return 0;
}

void
eval_queries_free(eval_queries_t *qs)
{
	size_t i, j;

	if (qs == NULL)
		return;
	for (i = 0; i < qs->n; i++) {
		for (j = 0; j < qs->q[i].njudged; j++)
			free(qs->q[i].judged[j].doc);
		free(qs->q[i].judged);
		free(qs->q[i].id);
		free(qs->q[i].text);
	}
	free(qs->q);
	qs->q = NULL;
	qs->n = 0;
}

int
eval_grade(const eval_query_t *q, const char *doc)
{
	size_t i;

	for (i = 0; i < q->njudged; i++)
		if (strcmp(q->judged[i].doc, doc) == 0)
			return q->judged[i].grade;
	return 0;
}

double
eval_ap(const eval_query_t *q, char *const *ranked, size_t n)
{
	double sum = 0;
	size_t i, hits = 0;

	if (q->nrelevant == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (eval_grade(q, ranked[i]) > 0) {
			hits++;
			sum += (double)hits / (double)(i + 1);
		}
	return sum / (double)q->nrelevant;
}

static int
eval_by_grade_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x < y) - (x > y);
}

double
eval_ndcg(const eval_query_t *q, char *const *ranked, size_t n, size_t k)
{
	double dcg = 0, ideal = 0;
	int *grades;
	size_t i, m = 0;

	if (q->nrelevant == 0)
		return 0;
	for (i = 0; i < n && i < k; i++) {
		int g = eval_grade(q, ranked[i]);
		if (g > 0)
			dcg += g / log2((double)i + 2);
	}
	grades = malloc(q->nrelevant * sizeof *grades);
	if (grades == NULL)
		return NAN;
	for (i = 0; i < q->njudged; i++)
		if (q->judged[i].grade > 0)
			grades[m++] = q->judged[i].grade;
	qsort(grades, m, sizeof *grades, eval_by_grade_desc);
	for (i = 0; i < m && i < k; i++)
		ideal += grades[i] / log2((double)i + 2);
	free(grades);
	return dcg / ideal;
}
