/* eval.h - a test collection's queries and judgments, and the two measures
 * the collections test reports, with trec_eval's definitions:
 *  - average precision (AP; its mean over the queries is MAP): the sum of
 *    the precision at the rank of each relevant document retrieved, divided
 *    by the number of relevant documents judged for the query;
 *  - nDCG@k (trec_eval's ndcg_cut_k): the gain of a document is its grade
 *    (linear, not 2^grade - 1), discounted by log2(rank + 1), over the same
 *    sum for the judged documents in the ideal order.
 * A document is relevant when its grade is above 0; unjudged documents count
 * as not relevant.  A ranked list is taken in the order given (no re-sorting
 * by score, so no tie-breaking by document id as trec_eval does). */
#ifndef WSIS_TESTS_EVAL_H
#define WSIS_TESTS_EVAL_H

#include <stddef.h>

typedef struct {
	char *doc;     /* document id */
	int   grade;   /* 0 (or below): judged not relevant */
} eval_judgment_t;

typedef struct {
	char            *id;       /* query id, as in queries.tsv and qrels */
	char            *text;     /* query text, verbatim */
	eval_judgment_t *judged;   /* its judgments, in file order */
	size_t           njudged;
	size_t           nrelevant;/* judgments with grade > 0 */
} eval_query_t;

typedef struct {
	eval_query_t *q;
	size_t        n;
} eval_queries_t;

/* Reads `queries_path` (query id TAB text, a line) and `qrels_path` (TREC
 * qrels: query id, iteration, document id, grade) into *out, which the
 * caller frees with eval_queries_free().  Judgments of a query that has no
 * text are an error.  Returns 0, or -1 with "file:line: what" in err. */
int eval_load(const char *queries_path, const char *qrels_path,
    eval_queries_t *out, char *err, size_t errlen);
void eval_queries_free(eval_queries_t *qs);

/* The grade of document `doc` for query `q`; 0 when it was not judged. */
int eval_grade(const eval_query_t *q, const char *doc);

/* AP of the ranked ids ranked[0..n) for q (0 when q has no relevant
 * document). */
double eval_ap(const eval_query_t *q, char *const *ranked, size_t n);

/* nDCG@k of the ranked ids for q (0 when q has no relevant document). */
double eval_ndcg(const eval_query_t *q, char *const *ranked, size_t n, size_t k);

#endif
