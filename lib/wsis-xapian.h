/* wsis-xapian.h - the C interface to Xapian.  The only C++ in the project is
 * its implementation, wsis-xapian.cc; no C file includes a Xapian header.
 *
 * Conventions (after notmuch):
 *  - every function returns a wsis_status_t (WSIS_OK is 0) and gives results
 *    through out-parameters, which are untouched on failure;
 *  - every Xapian or C++ exception is caught at this boundary; its text is kept
 *    on the handle and read with wsis_*_error(), valid until the next call on
 *    that handle; functions that create a handle return the text through
 *    `char **errmsg` instead (malloc'ed, the caller frees; may be NULL);
 *  - a handle is used by one thread at a time; handles are never shared
 *    between threads (each searchd worker opens its own wsis_db_t);
 *  - who frees what is written beside each function; every *_free(NULL)
 *    does nothing.
 */
#ifndef WSIS_XAPIAN_H
#define WSIS_XAPIAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	WSIS_OK = 0,
	WSIS_ENOMEM,     /* out of memory */
	WSIS_EINVAL,     /* an argument is invalid (NULL, out of range) */
	WSIS_ENOTFOUND,  /* no such database, document or key */
	WSIS_EQUERY,     /* the query string could not be parsed */
	WSIS_EMODIFIED,  /* the database changed under a reader: reopen, retry */
	WSIS_EIO,        /* reading or writing failed (disk full, permissions) */
	WSIS_ECORRUPT,   /* not a database, or a damaged one */
	WSIS_ELOCKED,    /* another writer holds the database lock */
	WSIS_ENETWORK,   /* a remote shard could not be reached */
	WSIS_EINTERNAL   /* any other exception: a bug, the text says more */
} wsis_status_t;

/* A static, readable name for a status ("out of memory", ...). */
const char *wsis_status_to_string(wsis_status_t status);

/* Value slots and term prefixes written by the indexer and read by queries.
 * Slots 0, 1 and 5 are unused: the id, part and section are terms, which
 * is what queries filter on. */
enum {
	WSIS_SLOT_ORDER = 2,    /* document order, sortable number */
	WSIS_SLOT_PARA = 3,     /* paragraph number, sortable number */
	WSIS_SLOT_DAY = 4       /* programme/question day, sortable number */
};
#define WSIS_PREFIX_ID      "Q"    /* unique id term: "Qdraft:38" */
#define WSIS_PREFIX_PART    "XP"   /* boolean: "XPdraft" */
#define WSIS_PREFIX_PARA    "XN"   /* boolean: "XN38" */
#define WSIS_PREFIX_DAY     "XD"   /* boolean: "XD2" */
#define WSIS_PREFIX_SECTION "XS"   /* free text of the section name */
#define WSIS_PREFIX_CHAPTER "XC"   /* free text of the chapter name */
#define WSIS_PREFIX_TITLE   "S"    /* free text of the title / heading */
#define WSIS_PREFIX_CITES   "XR"   /* boolean: a cited text's key, and key#N for
                                      its paragraph N (citations.h); "XR_" on
                                      every passage that cites anything */

/* ---- writing ---------------------------------------------------------- */

typedef struct wsis_wdb wsis_wdb_t;   /* a database being written */
typedef struct wsis_doc wsis_doc_t;   /* a document being built or read */

/* Flags of wsis_wdb_create(). */
#define WSIS_WDB_NO_TERMLISTS 1u /* no term lists: a smaller index, faster
                                   to build, but no expansion (of
                                   wsis_search_opts_t) and no xapian-tcpsrv */
#define WSIS_WDB_PLAIN     2u   /* Xapian's defaults (term lists, the plain
                                   stemmer): the benchmark's minimal indexer */

/* Creates a new, empty database at `path`, which must not exist yet.
 * On success *out is a handle the caller frees with wsis_wdb_close() (keeps
 * what was committed) or wsis_wdb_free() (drops what was not).  The
 * database is built once and never updated in place (a new index is a new
 * generation): it keeps term lists, which expansion reads (the words of
 * the top hits) and xapian-tcpsrv needs, unless `flags` has
 * WSIS_WDB_NO_TERMLISTS.  Its stemmer remembers the words it has seen. */
wsis_status_t wsis_wdb_create(const char *path, unsigned flags, wsis_wdb_t **out,
    char **errmsg);

/* Indexes `text` into `doc` with the English stemmer and positions, under
 * `prefix` ("" for the body).  Successive calls on one document continue the
 * positions after a gap, so a phrase never spans two calls.  The index
 * keeps no spelling table: "did you mean" looks for the nearest of the
 * index's own words (wsis_query_corrected()). */
wsis_status_t wsis_wdb_index_text(wsis_wdb_t *wdb, wsis_doc_t *doc,
    const char *text, const char *prefix);

/* Adds `doc` (still owned by the caller) as the next document; docids follow
 * the order of the calls, so the same input gives the same index. */
wsis_status_t wsis_wdb_add(wsis_wdb_t *wdb, wsis_doc_t *doc, unsigned *docid);

wsis_status_t wsis_wdb_set_metadata(wsis_wdb_t *wdb, const char *key, const char *value);
wsis_status_t wsis_wdb_commit(wsis_wdb_t *wdb);
/* Commits and frees the handle (even when the commit fails). */
wsis_status_t wsis_wdb_close(wsis_wdb_t *wdb, char **errmsg);
/* Frees the handle without a commit of its own (Xapian may still flush
 * pending changes): a writer that gives up treats the directory as garbage
 * and removes it, as wsis-indexer does with a failed generation. */
void wsis_wdb_free(wsis_wdb_t *wdb);
const char *wsis_wdb_error(const wsis_wdb_t *wdb);

/* Writes a compacted copy of the database at `src` into `dst` (which must
 * not exist): smaller and faster, read-only from then on. */
wsis_status_t wsis_compact(const char *src, const char *dst, char **errmsg);
/* Merges the `n` databases at `src` into one compacted database at `dst`
 * (which must not exist); documents keep the order of the sources, so
 * shards built in parallel from consecutive ranges merge into the index a
 * single build would have written. */
wsis_status_t wsis_compact_merge(const char *const *src, size_t n, const char *dst,
    char **errmsg);

/* ---- documents -------------------------------------------------------- */

/* A new empty document; the caller frees it with wsis_doc_free(). */
wsis_status_t wsis_doc_new(wsis_doc_t **out);
/* The texts indexed after this call (context fields, citations as words)
 * take positions from WSIS_CONTEXT_POS on, apart from the passage's own
 * text, title and their forms before it: a phrase found there is not the
 * passage's own (wsis_results_phrase()). */
#define WSIS_CONTEXT_POS 0x40000000u
wsis_status_t wsis_doc_begin_context(wsis_doc_t *doc);
/* A term with no position (filters, ids): "XPdraft", "Qdraft:38". */
wsis_status_t wsis_doc_add_boolean_term(wsis_doc_t *doc, const char *term);
/* A weighted term with no position (wdf `wdf_inc`). */
wsis_status_t wsis_doc_add_term(wsis_doc_t *doc, const char *term, unsigned wdf_inc);
wsis_status_t wsis_doc_set_value(wsis_doc_t *doc, unsigned slot, const char *value);
/* Stores `number` so that it sorts and range-filters numerically. */
wsis_status_t wsis_doc_set_number(wsis_doc_t *doc, unsigned slot, double number);
/* The document's data blob (the passage as JSON); copied. */
wsis_status_t wsis_doc_set_data(wsis_doc_t *doc, const char *data, size_t len);
/* Points *data at the document's data, owned by `doc` (valid until it is
 * changed or freed). */
wsis_status_t wsis_doc_get_data(const wsis_doc_t *doc, const char **data, size_t *len);
/* Number of distinct terms in the document. */
wsis_status_t wsis_doc_term_count(const wsis_doc_t *doc, unsigned *count);
void wsis_doc_free(wsis_doc_t *doc);
const char *wsis_doc_error(const wsis_doc_t *doc);

/* ---- reading ---------------------------------------------------------- */

typedef struct wsis_db wsis_db_t;          /* one or more shards, read-only */
typedef struct wsis_query wsis_query_t;    /* a parsed query */
typedef struct wsis_results wsis_results_t;/* one page of ranked results */

/* Opens `n` shards as one database.  A shard is a path (a directory, or a
 * symlink to one, as wsis-indexer -o writes) or "tcp:HOST:PORT" for a
 * xapian-tcpsrv serving it.  The caller frees *out with wsis_db_free(). */
wsis_status_t wsis_db_open(const char *const *shards, size_t n, wsis_db_t **out,
    char **errmsg);
/* Shards each opened on their own, so that one that fails can be left out
 * and taken back later.  `live[i]` (n of them) says which of shards[] the
 * database searches: the others are not opened.  A remote shard is opened
 * with Xapian::Remote::open's timeouts in milliseconds: `connect_ms` for
 * the connection, `timeout_ms` for each read or write after it.  On
 * failure *failed is the index of the shard that could not be opened
 * (WSIS_SHARD_NONE when the failure is no shard's) and there is no *out.
 * wsis_db_open() is this with every shard live and 10 s timeouts. */
#define WSIS_SHARD_NONE ((size_t)-1)
wsis_status_t wsis_db_open_live(const char *const *shards, size_t n,
    const unsigned char *live, unsigned connect_ms, unsigned timeout_ms,
    wsis_db_t **out, size_t *failed, char **errmsg);
/* Makes `db` search the shards live[] names (as many as it was opened
 * with): opens those it lacks, closes the others.  On failure *failed is
 * the shard that could not be opened, and db searches the others it had
 * or could open (wsis_db_is_live() says which). */
wsis_status_t wsis_db_set_live(wsis_db_t *db, const unsigned char *live, size_t *failed);
int wsis_db_is_live(const wsis_db_t *db, size_t i);
/* The shard of `db` that the last network error on this thread came from
 * (a remote shard's error context, "remote:tcp(HOST:PORT)", names it), or
 * WSIS_SHARD_NONE; *network (may be NULL) is non-zero when there was a
 * network error at all, named or not.  Forgets that error (db NULL: only
 * forgets it). */
size_t wsis_db_error_shard(const wsis_db_t *db, int *network);
/* Closes every remote shard of `db` (wsis_db_set_live() opens them again):
 * after a network error in a query the other remote shards' connections
 * may hold replies never read, and must not be used again. */
void wsis_db_close_remote(wsis_db_t *db);

/* Opens `spec` (a shard as wsis_db_open_live() takes it) alone and reads
 * its document count into *docs (may be NULL): is it answering? */
wsis_status_t wsis_shard_probe(const char *spec, unsigned connect_ms, unsigned timeout_ms,
    unsigned long *docs, char **errmsg);

/* Reopens the same shards at their newest committed revision. */
wsis_status_t wsis_db_reopen(wsis_db_t *db);
wsis_status_t wsis_db_doccount(wsis_db_t *db, unsigned long *count);
/* Metadata value for `key`, malloc'ed into *value (the caller frees);
 * WSIS_ENOTFOUND when unset. */
wsis_status_t wsis_db_get_metadata(wsis_db_t *db, const char *key, char **value);
/* The data of the document with the unique id `id` (term WSIS_PREFIX_ID+id),
 * malloc'ed into *data (the caller frees); WSIS_ENOTFOUND when none. */
wsis_status_t wsis_db_get_by_id(wsis_db_t *db, const char *id, char **data, size_t *len);
void wsis_db_free(wsis_db_t *db);
const char *wsis_db_error(const wsis_db_t *db);

/* Query parsing flags. */
enum {
	WSIS_QUERY_DEFAULT_AND = 1 << 0, /* loose words must all match (else any) */
	WSIS_QUERY_BOOLEAN     = 1 << 1, /* AND OR NOT NEAR ADJ ( ) */
	WSIS_QUERY_PHRASE      = 1 << 2, /* "quoted phrases" */
	WSIS_QUERY_WILDCARD    = 1 << 3, /* cyber* */
	WSIS_QUERY_LOVEHATE    = 1 << 4, /* +must -mustnot */
	WSIS_QUERY_SPELLING    = 1 << 5, /* compute a corrected query string */
	WSIS_QUERY_PLAIN       = 1 << 6  /* Xapian's defaults: no stopwords, and
	                                    BM25 ranks with Xapian's k1 1, b 0.5
	                                    instead of the usual k1 1.2, b 0.75 */
};
#define WSIS_QUERY_STANDARD (WSIS_QUERY_BOOLEAN | WSIS_QUERY_PHRASE | \
    WSIS_QUERY_WILDCARD | WSIS_QUERY_LOVEHATE)

/* Parses `text` (already normalized, see normalize.h) against `db`; field
 * prefixes part:, para:, day:, section:, chapter:, title: and ranges
 * para:30..40, day:1..2 are understood.  WSIS_EQUERY with the parser's
 * message on the db handle when it fails.  The caller frees *out. */
wsis_status_t wsis_query_parse(wsis_db_t *db, const char *text, unsigned flags,
    wsis_query_t **out);
/* Xapian's description of the query, malloc'ed (the caller frees). */
wsis_status_t wsis_query_describe(const wsis_query_t *q, char **out);
/* The spelling-corrected query string if WSIS_QUERY_SPELLING found one,
 * else NULL; owned by the query.  It is looked for by the first
 * wsis_db_search() of the query, and only when a word of it is in no
 * document (the search's term statistics tell, without another read); it
 * is the parsed text with each word that no document holds in any form
 * (five ASCII letters or more, alone) replaced by the nearest of the
 * index's words (within two edits, the most frequent of the nearest): a
 * word the index holds is never replaced. */
const char *wsis_query_corrected(const wsis_query_t *q);
/* The text the query was parsed from, when parsed with
 * WSIS_QUERY_SPELLING (what wsis_query_corrected() corrects), else NULL;
 * owned by the query. */
const char *wsis_query_text(const wsis_query_t *q);
/* Number of distinct terms the query holds (after wildcard expansion only
 * at search time). */
wsis_status_t wsis_query_term_count(const wsis_query_t *q, unsigned *count);
/* A query of more than `max` distinct terms is costly as an OR (a posting
 * list each): when `q` has more and is an OR at the top, it becomes an OR
 * of the `max` subqueries that match the fewest passages of `db` (the
 * most selective: the rare words say the most), *limited 1; when it has
 * more and is not an OR, it is left as it is, *limited -1; else *limited
 * 0.  The choice is made once, so every pass over the query agrees. */
wsis_status_t wsis_query_limit_terms(wsis_db_t *db, wsis_query_t *q, unsigned max,
    int *limited);
/* Restricts `q` to the documents that match `filter` (another parsed
 * query, such as "part:draft para:30..40"), which does not weigh in the
 * ranking.  An empty `q` becomes every document that matches `filter`.
 * `filter` stays the caller's. */
wsis_status_t wsis_query_filter(wsis_query_t *q, const wsis_query_t *filter);
/* A query that matches every document; the caller frees it. */
wsis_status_t wsis_query_new_all(wsis_query_t **out);
/* Makes `q` match every document that `q` did not match. */
wsis_status_t wsis_query_negate(wsis_query_t *q);
/* Non-zero when the query holds nothing to match (an empty string). */
int wsis_query_is_empty(const wsis_query_t *q);
void wsis_query_free(wsis_query_t *q);

typedef struct {
	unsigned offset;        /* first rank to return, 0-based */
	unsigned limit;         /* at most this many hits */
	int      doc_order;     /* non-zero: sort by document order, not score */
	unsigned check_at_least;/* count matches until this many are seen: the
	                         * total is exact when there are fewer */
	unsigned time_limit_ms; /* 0: none; else stop counting past the page
	                         * (check_at_least) after this long */
	int      expand;        /* non-zero: re-rank with words of the top
	                         * hits (pseudo-relevance feedback) */
	unsigned answer;        /* WSIS_ANSWER_* the question asks for
	                         * (answertype.h): passages stating one rank
	                         * higher */
} wsis_search_opts_t;

typedef struct {
	unsigned    docid;
	unsigned    rank;       /* 1-based, over the whole result list */
	double      score;
	const char *data;       /* the passage as JSON; owned by the results */
	size_t      data_len;
	/* a long passage's word table (wordmap.h) stored after the JSON and
	 * a NUL, else NULL and 0; owned by the results */
	const unsigned char *wordmap;
	size_t      wordmap_len;
} wsis_hit_t;

/* Runs `q` on `db`.  The caller frees *out with wsis_results_free(); it keeps
 * no reference to q, but must be freed before db. */
wsis_status_t wsis_db_search(wsis_db_t *db, const wsis_query_t *q,
    const wsis_search_opts_t *opts, wsis_results_t **out);
/* Hits on this page. */
size_t wsis_results_size(const wsis_results_t *r);
/* Matches in all: an estimate unless *exact is set. */
void wsis_results_total(const wsis_results_t *r, unsigned long *total, int *exact);
/* Matches there are at least (the total itself when it is exact). */
unsigned long wsis_results_lower_bound(const wsis_results_t *r);
/* One part of a hit's score (wsis_results_explain()). */
typedef struct {
	char  *what;       /* the term ("women"), stem ("stem:countri") or
	                    * clause ("phrase: human rights") */
	double weight;     /* its share of the score: the parts add up to it */
	int    expansion;  /* a word of the top hits (wsis_search_opts_t.expand) */
} wsis_score_part_t;
/* What hit i's score is made of: each clause of the ranked query that the
 * passage matches and its weight, in the query's order, expansion words
 * last.  `id` is hit i's passage id: each clause is searched filtered by
 * it, which works the same over shards, local or remote.  *parts (an array
 * of *n, NULL when 0) is the caller's to free with wsis_score_parts_free().
 * Costs a small search per clause: for explain=1, not for every query. */
wsis_status_t wsis_results_explain(wsis_results_t *r, size_t i, const char *id,
    wsis_score_part_t **parts, size_t *n);
void wsis_score_parts_free(wsis_score_part_t *parts, size_t n);
/* The words expansion added to the ranking, space-separated ("" when none);
 * owned by r. */
const char *wsis_results_expansion(const wsis_results_t *r);

/* Hit i of this page (0 <= i < size). */
wsis_status_t wsis_results_get(wsis_results_t *r, size_t i, wsis_hit_t *hit);
/* Which hits of this page hold the phrase words[0..n) (each lens[k] bytes,
 * the words as the index holds them: wsis_normalize()d, n >= 2) at
 * consecutive positions of its own text, title or one of their synonym or
 * compound forms (before WSIS_CONTEXT_POS: not a context field): Xapian's
 * OP_PHRASE over the position lists, filtered to the page by its ids
 * (ids[i], hit i's, WSIS_PREFIX_ID terms), then the few passages it finds
 * checked for a match before WSIS_CONTEXT_POS; no text is read, so the cost
 * does not grow with the passages.
 * held[i] is set to 1 or 0 for each hit i of the page (size entries). */
wsis_status_t wsis_results_phrase(wsis_results_t *r, const char *const *words,
    const size_t *lens, size_t n, const char *const *ids, unsigned char *held);
/* Where hit i's text (its first `words` words: wordmap.h) holds words of
 * the query: *word (ascending word numbers, the k-th word wsis_word_next()
 * finds being k) and *id (the numbers wsis_results_match_word() gives),
 * *n of each, the caller's to free() (NULL when 0).  From the index's
 * positions of the query's words and of the words the index holds that
 * stem as a stemmed query word does, so no text is read.  WSIS_ENOTFOUND
 * when the query's words cannot be told so (a stem with too many forms in
 * the index, no positions): the caller cuts the text whole. */
wsis_status_t wsis_results_positions(wsis_results_t *r, size_t i, size_t words,
    unsigned **word, int **id, size_t *n);
/* Whether hit i's text holds the word word[0..len) (as the indexer wrote
 * it: wsis_normalize()d; lowercased here as the index is) at position k + 1,
 * where words.h's word k stands when the index's positions and words.h's
 * words agree (wordmap.h); *at is 1 or 0.  For the mentions audit of a long
 * passage (mentions.h), which asks it of the words around which it reads:
 * the positions of the last word asked about are kept, so asking about
 * the same word again costs no second read of its position list. */
wsis_status_t wsis_results_word_at(wsis_results_t *r, size_t i, const char *word,
    size_t len, size_t k, int *at);
/* Which word of the query the passage word word[0..len) is: the same
 * number >= 0 for the same query term, or -1.  Compared as the index
 * compares: lowercased (Unicode), then as written (an unstemmed term: a
 * capitalised or quoted query word) or by its English stem.  For snippets
 * (highlight.h). */
int wsis_results_match_word(wsis_results_t *r, const char *word, size_t len);
/* A quick test before that one: 0 when no word beginning as word[0..len)
 * does can match (the English stem keeps a word's first letter, and so do
 * the spellings of normalize.h), 1 when it may. */
int wsis_results_may_match(const wsis_results_t *r, const char *word, size_t len);
void wsis_results_free(wsis_results_t *r);
const char *wsis_results_error(const wsis_results_t *r);

/* ---- stemming -------------------------------------------------------- */

typedef struct wsis_stemmer wsis_stemmer_t;   /* the English stemmer */

/* A stemmer; the caller frees it with wsis_stemmer_free().  One thread at
 * a time, like every handle.  It remembers the stems of the last tens of
 * thousands of words it was given (the same words come back all the time). */
wsis_status_t wsis_stemmer_new(wsis_stemmer_t **out);
/* The stem of word[0..len) (lowercase it first), written into out (size
 * outlen, NUL-terminated, cut if longer). */
wsis_status_t wsis_stemmer_stem(wsis_stemmer_t *st, const char *word, size_t len,
    char *out, size_t outlen);
void wsis_stemmer_free(wsis_stemmer_t *st);
/* The stemmer of a database handle (its query parser's and snippets'),
 * with what it remembers; borrowed: it lives as long as db, is not freed by
 * the caller, and is used on db's thread only. */
wsis_stemmer_t *wsis_db_stemmer(wsis_db_t *db);

/* ---- completions ------------------------------------------------------ */

/* A word of the index and the number of passages that hold it. */
typedef struct {
	char         *term;    /* malloc'ed, NUL-terminated */
	unsigned long freq;
} wsis_term_t;

/* A list of terms; the caller frees it with wsis_terms_free(). */
typedef struct {
	wsis_term_t *items;
	size_t       count;
} wsis_terms_t;

/* The words of the index that begin with `prefix` (unprefixed terms: the
 * words of the texts as the indexer wrote them, lowercase), at most `max`,
 * the most frequent first (passages holding each; ties in term order).
 * At most `max_scan` terms are looked at (0: every one), in term order, so
 * that a prefix of one letter costs a bounded time.  On success *out (which
 * the caller frees with wsis_terms_free()) holds them, none when no word
 * begins so; on failure it is untouched.  An empty prefix gives none. */
wsis_status_t wsis_db_complete(wsis_db_t *db, const char *prefix, size_t max, size_t max_scan,
    wsis_terms_t *out);
/* Frees what *t holds and empties it; NULL does nothing. */
void wsis_terms_free(wsis_terms_t *t);

#ifdef __cplusplus
}
#endif

#endif
