// wsis-xapian.cc - the C interface to Xapian (see wsis-xapian.h).
//
// The only C++ file of the project.  Every exported function catches every
// exception (Xapian's, std::bad_alloc, and `...`) and turns it into a status
// plus a message kept on the handle.

#include "wsis-xapian.h"
#include "answertype.h"
#include "hostport.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

// The English stemmer with a memo of the words it has stemmed.  Snippets,
// the mentions audit and the indexer stem every word of every passage they
// see, and the same words come back all the time: a hash lookup instead of
// the Snowball algorithm.  Used by one thread at a time, like every handle;
// bounded: when full it starts again empty.
class MemoStem : public Xapian::StemImplementation {
	Xapian::Stem stem_{"english"};
	std::unordered_map<std::string, std::string> memo_;
	size_t max_;

public:
	explicit MemoStem(size_t max) : max_(max) { memo_.reserve(max < 4096 ? max : 4096); }

	std::string operator()(const std::string &word) override
	{
		auto it = memo_.find(word);
		if (it != memo_.end())
			return it->second;
		std::string s = stem_(word);
		if (memo_.size() >= max_)
			memo_.clear();
		memo_.emplace(word, s);
		return s;
	}

	std::string get_description() const override { return "english, memoized"; }
};

// Words remembered by a reader's stemmer and by the indexer's.  The
// indexer's memo is small on purpose: with room for 262,144 words it grew
// out of the CPU's caches on the 32 MB corpus, and wsis-indexer took 16%
// more CPU time than with 4,096 (six runs each, pinned side by side); the
// frequent words, which are most of a text, still find their stem here.
const size_t READER_STEM_MEMO = 32768;
const size_t WRITER_STEM_MEMO = 4096;

Xapian::Stem
memo_stem(size_t max)
{
	return Xapian::Stem(new MemoStem(max));
}

} // namespace

struct wsis_stemmer {
	Xapian::Stem stem = memo_stem(READER_STEM_MEMO);
	std::string  error;
};

struct wsis_wdb {
	Xapian::WritableDatabase db;
	Xapian::TermGenerator    tg;
	std::string              error;
};

struct wsis_doc {
	Xapian::Document doc;
	Xapian::termpos  next_pos = 0;   // where the next indexed text starts
	std::string      data;           // cached copy for wsis_doc_get_data
	std::string      error;
};

struct wsis_db {
	std::vector<std::string> shards;
	Xapian::Database         db;        // the live shards combined
	// each shard opened on its own (wsis_db_open_live), so that one may
	// be left out of db; `live` says which are in it
	std::vector<Xapian::Database> parts;
	std::vector<unsigned char>    live;
	unsigned                 connect_ms = 10000, timeout_ms = 10000;
	wsis_stemmer             stemmer;   // the query parser's, snippets', audits'
	std::string              error;
};

struct wsis_query {
	Xapian::Query q;
	bool          plain = false;   // rank with Xapian's BM25 defaults
	// WSIS_QUERY_SPELLING: the text and flags to parse again, with
	// correction, when the search finds a word in no document
	std::string   text;
	unsigned      flags = 0;
	mutable bool  spelled = false;
	mutable std::string corrected;
};

struct wsis_results {
	Xapian::MSet      mset;
	Xapian::Stem      stem;             // its database's (one thread)
	// the query's words (unprefixed or stemmed 'Z' terms) and their number
	std::unordered_map<std::string, int> words;
	bool              stemmed = false;  // some of them are 'Z' terms
	std::vector<std::string> stems;     // those, without the 'Z'
	unsigned char     first[32] = {};   // the first bytes of the words
	unsigned          offset = 0;
	// the matches of a counting pass apart from the page's (counted)
	bool              counted = false;
	Xapian::doccount  lower = 0, upper = 0, estimate = 0;
	std::vector<std::string> data;   // documents' data, fetched lazily
	std::vector<bool> have;
	// the terms whose positions are a query word's (wsis_results_positions):
	// the unstemmed words, and the index's words of each stem
	bool              pos_ready = false, pos_ok = false;
	std::vector<std::pair<std::string, int>> pos_terms;
	// the positions of the word last asked about (wsis_results_word_at)
	Xapian::docid     at_did = 0;
	std::string       at_term;
	std::vector<Xapian::termpos> at_pos;
	// what explains a score (wsis_results_explain())
	Xapian::Database  db;
	Xapian::Query     ranked;          // the query the page was ranked by
	bool              plain = false;   // by Xapian's BM25 defaults
	std::vector<Xapian::Query> expansion;   // its expansion words
	std::string       expansion_words;
	std::string       error;
};

namespace {

// Gap between two texts indexed into one document, so no phrase spans them.
const Xapian::termpos TEXT_GAP = 100;

char *
dup_string(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));
	if (p != nullptr) {
		std::memcpy(p, s.data(), s.size());
		p[s.size()] = '\0';
	}
	return p;
}

void
set_errmsg(char **errmsg, const std::string &msg)
{
	if (errmsg != nullptr)
		*errmsg = dup_string(msg);
}

// The context of the last Xapian::NetworkError classified on this thread:
// for a remote sub-database "remote:tcp(HOST:PORT)", which names the shard
// (wsis_db_error_shard()).
thread_local std::string network_context;
thread_local bool network_failed = false;   // any NetworkError, named or not

// Maps the exception being handled to a status and a message.  Called only
// from inside a catch block.
wsis_status_t
classify(std::string &msg)
{
	try {
		throw;
	} catch (const Xapian::NetworkError &e) {
		network_failed = true;
		network_context = e.get_context();
		msg = e.get_description();
		return WSIS_ENETWORK;
	} catch (const Xapian::DatabaseModifiedError &e) {
		msg = e.get_description();
		return WSIS_EMODIFIED;
	} catch (const Xapian::DatabaseLockError &e) {
		msg = e.get_description();
		return WSIS_ELOCKED;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		msg = e.get_description();
		return WSIS_ENOTFOUND;
	} catch (const Xapian::DatabaseCorruptError &e) {
		msg = e.get_description();
		return WSIS_ECORRUPT;
	} catch (const Xapian::DatabaseVersionError &e) {
		msg = e.get_description();
		return WSIS_ECORRUPT;
	} catch (const Xapian::DatabaseOpeningError &e) {
		msg = e.get_description();
		return WSIS_ENOTFOUND;
	} catch (const Xapian::DatabaseCreateError &e) {
		msg = e.get_description();
		return WSIS_EIO;
	} catch (const Xapian::DatabaseError &e) {
		msg = e.get_description();
		return WSIS_EIO;
	} catch (const Xapian::QueryParserError &e) {
		msg = e.get_description();
		return WSIS_EQUERY;
	} catch (const Xapian::DocNotFoundError &e) {
		msg = e.get_description();
		return WSIS_ENOTFOUND;
	} catch (const Xapian::FeatureUnavailableError &e) {
		msg = e.get_description();
		if (msg.find("no termlist") != std::string::npos)
			msg += " (an index served by xapian-tcpsrv needs its term lists:"
			    " build it without wsis-indexer --no-termlists)";
		return WSIS_EINTERNAL;
	} catch (const Xapian::InvalidArgumentError &e) {
		msg = e.get_description();
		return WSIS_EINVAL;
	} catch (const Xapian::RangeError &e) {
		msg = e.get_description();
		return WSIS_EINVAL;
	} catch (const Xapian::Error &e) {
		msg = e.get_description();
		return WSIS_EINTERNAL;
	} catch (const std::bad_alloc &) {
		msg = "out of memory";
		return WSIS_ENOMEM;
	} catch (const std::exception &e) {
		msg = e.what();
		return WSIS_EINTERNAL;
	} catch (...) {
		msg = "unknown exception";
		return WSIS_EINTERNAL;
	}
}

// Runs `body` and converts any exception into a status stored in `err`.
template <typename F>
wsis_status_t
guard(std::string &err, F body)
{
	try {
		err.clear();
		return body();
	} catch (...) {
		try {
			return classify(err);
		} catch (...) {
			return WSIS_ENOMEM;  // even the message could not be stored
		}
	}
}

// Same for functions whose handle does not exist yet: the message goes to
// *errmsg.
template <typename F>
wsis_status_t
guard_new(char **errmsg, F body)
{
	std::string err;
	wsis_status_t st = guard(err, body);
	if (st != WSIS_OK)
		try {
			set_errmsg(errmsg, err);
		} catch (...) {
		}
	return st;
}

// Opens one shard: a path, or "tcp:HOST:PORT" with Remote::open's
// timeouts (ms): `timeout_ms` for each read and write of a query,
// `connect_ms` for the connection and its greeting.
Xapian::Database
open_shard(const std::string &spec, unsigned connect_ms = 10000,
    unsigned timeout_ms = 10000)
{
	if (spec.compare(0, 4, "tcp:") == 0) {
		wsis_hostport_t hp;
		char why[512];
		if (wsis_hostport_parse(spec.c_str() + 4, 0, &hp, why, sizeof why) != 0)
			throw Xapian::InvalidArgumentError(std::string("remote shard "
			    "tcp:HOST:PORT: ") + why);
		return Xapian::Remote::open(hp.host, hp.port_num, timeout_ms, connect_ms);
	}
	return Xapian::Database(spec);
}

// The error context Xapian gives a remote shard "tcp:HOST:PORT":
// "remote:tcp(HOST:PORT)" (HOST as Remote::open was given it); "" for a
// local one.
std::string
shard_context(const std::string &spec)
{
	wsis_hostport_t hp;
	char why[512];

	if (spec.compare(0, 4, "tcp:") != 0 ||
	    wsis_hostport_parse(spec.c_str() + 4, 0, &hp, why, sizeof why) != 0)
		return std::string();
	return std::string("remote:tcp(") + hp.host + ":" + std::to_string(hp.port_num) + ")";
}

// Makes d->db the combination of the shards `want` names, opening those
// d->parts lacks and closing the others.  On a shard that cannot be opened
// throws, with *failed its index; d->live then says what d->db holds.
void
combine_parts(wsis_db &d)
{
	Xapian::Database all;

	for (size_t i = 0; i < d.shards.size(); i++)
		if (d.live[i])
			all.add_database(d.parts[i]);
	d.db = all;
}

void
combine_live(wsis_db &d, const unsigned char *want, size_t *failed)
{
	size_t n = d.shards.size();

	for (size_t i = 0; i < n; i++) {
		if (want[i] && !d.live[i]) {
			*failed = i;
			try {
				d.parts[i] = open_shard(d.shards[i], d.connect_ms, d.timeout_ms);
			} catch (...) {
				combine_parts(d);
				throw;
			}
			d.live[i] = 1;
		} else if (!want[i] && d.live[i]) {
			d.parts[i] = Xapian::Database();
			d.live[i] = 0;
		}
	}
	*failed = WSIS_SHARD_NONE;
	combine_parts(d);
}

// Words too common to narrow an AND query; kept inside phrases.
const char *const stopwords[] = {
	"a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "do",
	"does", "for", "from", "had", "has", "have", "how", "in", "is", "it",
	"its", "many", "much", "of", "on", "or", "should", "that", "the",
	"their", "there", "these", "this", "to", "was", "we", "were", "what",
	"when", "where", "which", "who", "why", "will", "with", "would",
};

const Xapian::SimpleStopper &
stopper()
{
	static const Xapian::SimpleStopper s(std::begin(stopwords), std::end(stopwords));
	return s;
}

// Whether a word of the query (an unprefixed term, or a stemmed 'Z' one)
// is in no document: the MSet has every query term's frequency from the
// search, so this reads nothing more from the index.
bool
has_unknown_word(const Xapian::MSet &mset, const Xapian::Query &q)
{
	for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
		const std::string &term = *t;
		if (term.empty())
			continue;
		bool word = term[0] == 'Z' || !(term[0] >= 'A' && term[0] <= 'Z');
		if (word && mset.get_termfreq(term) == 0)
			return true;
	}
	return false;
}

// Whether c is a byte of a word as the query parser reads one: an ASCII
// letter or digit, '_', or a byte of a UTF-8 character.
bool
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c >= 0x80;
}

// The most words of a query corrected.
const size_t MAX_CORRECTIONS = 8;

// Whether a term may be offered as a correction: a word of three or more
// lowercase ASCII letters (prefixed terms, stems and fields, begin with a
// capital).  Corrections are suggested for words of five or more letters
// only (lib/exec.c), and Xapian's candidates are within two edits of them;
// identifiers, numbers and addresses ("rcu_read_lock", "0x1f", "3.11"),
// two thirds of the large benchmark corpus's words, are never typed wrong
// on purpose and only slowed the build.
bool
spelling_word(const std::string &term)
{
	if (term.size() < 3)
		return false;
	for (char c : term)
		if (c < 'a' || c > 'z')
			return false;
	return true;
}

// The edit distance of a and b (insertions, deletions, substitutions and
// swaps of two neighbours, as Xapian's spelling suggestions count them),
// or more than `max` when it is.
unsigned
spelling_distance(const std::string &a, const std::string &b, unsigned max)
{
	size_t n = a.size(), m = b.size();
	if ((n > m ? n - m : m - n) > max || n > 64 || m > 64)
		return max + 1;
	unsigned d[3][65];   // rows i - 2, i - 1 and i
	for (size_t j = 0; j <= m; j++)
		d[0][j] = d[1][j] = static_cast<unsigned>(j);
	for (size_t i = 1; i <= n; i++) {
		unsigned *cur = d[i % 3], *prev = d[(i + 2) % 3], *pprev = d[(i + 1) % 3];
		unsigned low = cur[0] = static_cast<unsigned>(i);
		for (size_t j = 1; j <= m; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = std::min({ prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost });
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				v = std::min(v, pprev[j - 2] + 1);
			cur[j] = v;
			low = std::min(low, v);
		}
		if (low > max)
			return max + 1;
	}
	return d[n % 3][m];
}

// The nearest word of the index to each of `words` (lowercase ASCII, not in
// the index), within two edits, the most frequent of the nearest, "" when
// none: the index's words of three or more lowercase ASCII letters (the
// words of texts, titles, synonyms and context fields) that begin with the
// word's first or second letter, so the index keeps no spelling table of
// its own and a correction reads a twelfth of its words or so: typos after
// the first letter, the first two letters swapped and a letter added in
// front are found; a first letter replaced or dropped is not.
std::vector<std::string>
spelling_nearest(const Xapian::Database &db, const std::vector<std::string> &words)
{
	const unsigned MAX_EDITS = 2;
	std::vector<std::string> best(words.size());
	std::vector<unsigned> dist(words.size(), MAX_EDITS + 1);
	std::vector<Xapian::termcount> freq(words.size(), 0);
	for (char c = 'a'; c <= 'z'; c++) {
		std::vector<size_t> ask;
		for (size_t k = 0; k < words.size(); k++)
			if (words[k][0] == c || (words[k].size() > 1 && words[k][1] == c))
				ask.push_back(k);
		if (ask.empty())
			continue;
		const std::string prefix(1, c);
		for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
			const std::string &term = *t;
			if (!spelling_word(term))
				continue;
			for (size_t k : ask) {
				unsigned d = spelling_distance(words[k], term, MAX_EDITS);
				if (d > MAX_EDITS || d > dist[k] || d == 0)
					continue;
				Xapian::termcount f = db.get_collection_freq(term);
				if (d < dist[k] || f > freq[k] || (f == freq[k] && term < best[k])) {
					dist[k] = d;
					freq[k] = f;
					best[k] = term;
				}
			}
		}
	}
	return best;
}

// The words of `text` that no document holds in any form (neither as
// written nor by their stem), replaced by the index's nearest
// word: a word the index holds is never replaced.  Only words of five or
// more ASCII letters standing alone are looked at (not a field's name or
// value, not part of an identifier or a wildcard); "did you mean" leaves
// short words, numbers and addresses as typed.
std::string
correct_unknown_words(const Xapian::Database &db, Xapian::Stem &stem, const std::string &text)
{
	// the runs of letters to replace: [start, end) and the word
	struct run { size_t i, j; std::string w; };
	std::vector<run> unknown;
	size_t i = 0, n = text.size();

	while (i < n) {
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && ((text[j] >= 'a' && text[j] <= 'z') ||
		    (text[j] >= 'A' && text[j] <= 'Z')))
			j++;
		unsigned char before = i > 0 ? static_cast<unsigned char>(text[i - 1]) : ' ';
		unsigned char after = j < n ? static_cast<unsigned char>(text[j]) : ' ';
		bool alone = !word_byte(before) && before != ':' && !word_byte(after) &&
		    after != ':' && after != '*';
		std::string w = text.substr(i, j - i);
		for (char &ch : w)
			if (ch >= 'A' && ch <= 'Z')
				ch = static_cast<char>(ch - 'A' + 'a');
		if (alone && w.size() >= 5 && unknown.size() < MAX_CORRECTIONS &&
		    db.get_termfreq(w) == 0 && db.get_termfreq("Z" + stem(w)) == 0)
			unknown.push_back({ i, j, w });
		i = j;
	}
	if (unknown.empty())
		return text;
	std::vector<std::string> words;
	for (const run &r : unknown)
		words.push_back(r.w);
	std::vector<std::string> near = spelling_nearest(db, words);
	std::string out;
	size_t at = 0;
	for (size_t k = 0; k < unknown.size(); k++) {
		out.append(text, at, unknown[k].i - at);
		out += near[k].empty() ? text.substr(unknown[k].i, unknown[k].j - unknown[k].i) :
		    near[k];
		at = unknown[k].j;
	}
	out.append(text, at, std::string::npos);
	return out;
}

// Wildcards expand to at most this many terms (the most frequent ones).
const Xapian::termcount MAX_WILDCARD_EXPANSION = 200;

} // namespace

extern "C" {

const char *
wsis_status_to_string(wsis_status_t status)
{
	switch (status) {
	case WSIS_OK:        return "success";
	case WSIS_ENOMEM:    return "out of memory";
	case WSIS_EINVAL:    return "invalid argument";
	case WSIS_ENOTFOUND: return "not found";
	case WSIS_EQUERY:    return "query syntax error";
	case WSIS_EMODIFIED: return "database modified, reopen";
	case WSIS_EIO:       return "input/output error";
	case WSIS_ECORRUPT:  return "database corrupt or not a database";
	case WSIS_ELOCKED:   return "database locked by another writer";
	case WSIS_ENETWORK:  return "remote shard unreachable";
	case WSIS_EINTERNAL: return "internal error";
	}
	return "unknown status";
}

/* ---- writing ---- */

// A database written by this process only, in one go, never updated in
// place needs term lists (what Xapian keeps to replace or delete a
// document) only for expansion, which reads the top hits' words, and for
// xapian-tcpsrv, which hands out documents with them; building them is a
// third of Xapian's indexing work: WSIS_WDB_NO_TERMLISTS leaves them out.
wsis_status_t
wsis_wdb_create(const char *path, unsigned flags, wsis_wdb_t **out, char **errmsg)
{
	if (path == nullptr || out == nullptr || (flags & ~(WSIS_WDB_NO_TERMLISTS | WSIS_WDB_PLAIN)))
		return WSIS_EINVAL;
	bool plain = (flags & WSIS_WDB_PLAIN) != 0;
	bool termlists = plain || (flags & WSIS_WDB_NO_TERMLISTS) == 0;
	return guard_new(errmsg, [&]() {
		wsis_wdb *w = new wsis_wdb;
		try {
			w->db = Xapian::WritableDatabase(path,
			    Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS |
			    (termlists ? 0 : Xapian::DB_NO_TERMLIST));
			w->tg.set_stemmer(plain ? Xapian::Stem("english") :
			    memo_stem(WRITER_STEM_MEMO));
			w->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
			w->tg.set_database(w->db);
		} catch (...) {
			delete w;
			throw;
		}
		*out = w;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_wdb_index_text(wsis_wdb_t *wdb, wsis_doc_t *doc, const char *text,
    const char *prefix)
{
	if (wdb == nullptr || doc == nullptr || text == nullptr)
		return WSIS_EINVAL;
	return guard(wdb->error, [&]() {
		wdb->tg.set_document(doc->doc);
		wdb->tg.set_termpos(doc->next_pos);
		wdb->tg.index_text(text, 1, prefix != nullptr ? prefix : "");
		doc->next_pos = wdb->tg.get_termpos() + TEXT_GAP;
		doc->doc = wdb->tg.get_document();
		return WSIS_OK;
	});
}

wsis_status_t
wsis_wdb_add(wsis_wdb_t *wdb, wsis_doc_t *doc, unsigned *docid)
{
	if (wdb == nullptr || doc == nullptr)
		return WSIS_EINVAL;
	return guard(wdb->error, [&]() {
		Xapian::docid id = wdb->db.add_document(doc->doc);
		if (docid != nullptr)
			*docid = id;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_wdb_set_metadata(wsis_wdb_t *wdb, const char *key, const char *value)
{
	if (wdb == nullptr || key == nullptr || *key == '\0' || value == nullptr)
		return WSIS_EINVAL;
	return guard(wdb->error, [&]() {
		wdb->db.set_metadata(key, value);
		return WSIS_OK;
	});
}

wsis_status_t
wsis_wdb_commit(wsis_wdb_t *wdb)
{
	if (wdb == nullptr)
		return WSIS_EINVAL;
	return guard(wdb->error, [&]() {
		wdb->db.commit();
		return WSIS_OK;
	});
}

wsis_status_t
wsis_wdb_close(wsis_wdb_t *wdb, char **errmsg)
{
	if (wdb == nullptr)
		return WSIS_EINVAL;
	wsis_status_t st = guard(wdb->error, [&]() {
		wdb->db.commit();
		wdb->db.close();
		return WSIS_OK;
	});
	if (st != WSIS_OK)
		try {
			set_errmsg(errmsg, wdb->error);
		} catch (...) {
		}
	wsis_wdb_free(wdb);
	return st;
}

void
wsis_wdb_free(wsis_wdb_t *wdb)
{
	if (wdb == nullptr)
		return;
	try {
		delete wdb;   // Xapian's destructor may flush; it never throws
	} catch (...) {
	}
}

const char *
wsis_wdb_error(const wsis_wdb_t *wdb)
{
	return wdb != nullptr ? wdb->error.c_str() : "no database handle";
}

wsis_status_t
wsis_compact(const char *src, const char *dst, char **errmsg)
{
	if (src == nullptr || dst == nullptr)
		return WSIS_EINVAL;
	return guard_new(errmsg, [&]() {
		Xapian::Database db(src);
		// FULL, as xapian-compact does by default: the served index is
		// never updated in place, so its blocks are packed full
		db.compact(dst, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
		return WSIS_OK;
	});
}

wsis_status_t
wsis_compact_merge(const char *const *src, size_t n, const char *dst, char **errmsg)
{
	if (src == nullptr || n == 0 || dst == nullptr)
		return WSIS_EINVAL;
	return guard_new(errmsg, [&]() {
		Xapian::Database db;
		for (size_t i = 0; i < n; i++)
			db.add_database(Xapian::Database(src[i]));
		db.compact(dst, Xapian::Compactor::FULL);
		return WSIS_OK;
	});
}

/* ---- documents ---- */

wsis_status_t
wsis_doc_new(wsis_doc_t **out)
{
	if (out == nullptr)
		return WSIS_EINVAL;
	wsis_doc *d = new (std::nothrow) wsis_doc;
	if (d == nullptr)
		return WSIS_ENOMEM;
	*out = d;
	return WSIS_OK;
}

wsis_status_t
wsis_doc_begin_context(wsis_doc_t *doc)
{
	if (doc == nullptr)
		return WSIS_EINVAL;
	if (doc->next_pos < WSIS_CONTEXT_POS)
		doc->next_pos = WSIS_CONTEXT_POS;
	return WSIS_OK;
}

wsis_status_t
wsis_doc_add_boolean_term(wsis_doc_t *doc, const char *term)
{
	if (doc == nullptr || term == nullptr || *term == '\0')
		return WSIS_EINVAL;
	return guard(doc->error, [&]() {
		doc->doc.add_boolean_term(term);
		return WSIS_OK;
	});
}

wsis_status_t
wsis_doc_add_term(wsis_doc_t *doc, const char *term, unsigned wdf_inc)
{
	if (doc == nullptr || term == nullptr || *term == '\0')
		return WSIS_EINVAL;
	return guard(doc->error, [&]() {
		doc->doc.add_term(term, wdf_inc);
		return WSIS_OK;
	});
}

wsis_status_t
wsis_doc_set_value(wsis_doc_t *doc, unsigned slot, const char *value)
{
	if (doc == nullptr || value == nullptr)
		return WSIS_EINVAL;
	return guard(doc->error, [&]() {
		doc->doc.add_value(slot, value);
		return WSIS_OK;
	});
}

wsis_status_t
wsis_doc_set_number(wsis_doc_t *doc, unsigned slot, double number)
{
	if (doc == nullptr)
		return WSIS_EINVAL;
	return guard(doc->error, [&]() {
		doc->doc.add_value(slot, Xapian::sortable_serialise(number));
		return WSIS_OK;
	});
}

wsis_status_t
wsis_doc_set_data(wsis_doc_t *doc, const char *data, size_t len)
{
	if (doc == nullptr || (data == nullptr && len > 0))
		return WSIS_EINVAL;
	return guard(doc->error, [&]() {
		doc->data.assign(data != nullptr ? data : "", len);
		doc->doc.set_data(doc->data);
		return WSIS_OK;
	});
}

wsis_status_t
wsis_doc_get_data(const wsis_doc_t *doc, const char **data, size_t *len)
{
	if (doc == nullptr || data == nullptr || len == nullptr)
		return WSIS_EINVAL;
	wsis_doc_t *d = const_cast<wsis_doc_t *>(doc);
	return guard(d->error, [&]() {
		d->data = d->doc.get_data();
		*data = d->data.c_str();
		*len = d->data.size();
		return WSIS_OK;
	});
}

wsis_status_t
wsis_doc_term_count(const wsis_doc_t *doc, unsigned *count)
{
	if (doc == nullptr || count == nullptr)
		return WSIS_EINVAL;
	wsis_doc_t *d = const_cast<wsis_doc_t *>(doc);
	return guard(d->error, [&]() {
		*count = d->doc.termlist_count();
		return WSIS_OK;
	});
}

void
wsis_doc_free(wsis_doc_t *doc)
{
	delete doc;
}

const char *
wsis_doc_error(const wsis_doc_t *doc)
{
	return doc != nullptr ? doc->error.c_str() : "no document handle";
}

/* ---- reading ---- */

wsis_status_t
wsis_db_open(const char *const *shards, size_t n, wsis_db_t **out, char **errmsg)
{
	std::vector<unsigned char> all(n, 1);
	size_t failed;

	return wsis_db_open_live(shards, n, n > 0 ? all.data() : nullptr, 10000, 10000,
	    out, &failed, errmsg);
}

/* ---- shards, each opened on its own ---- */

wsis_status_t
wsis_db_open_live(const char *const *shards, size_t n, const unsigned char *live,
    unsigned connect_ms, unsigned timeout_ms, wsis_db_t **out, size_t *failed,
    char **errmsg)
{
	if (failed != nullptr)
		*failed = WSIS_SHARD_NONE;
	if (shards == nullptr || n == 0 || live == nullptr || out == nullptr ||
	    failed == nullptr) {
		set_errmsg(errmsg, "no database to open");
		return WSIS_EINVAL;
	}
	for (size_t i = 0; i < n; i++)
		if (shards[i] == nullptr || *shards[i] == '\0') {
			set_errmsg(errmsg, "empty database path");
			return WSIS_EINVAL;
		}
	return guard_new(errmsg, [&]() {
		wsis_db *d = new wsis_db;
		try {
			for (size_t i = 0; i < n; i++)
				d->shards.emplace_back(shards[i]);
			d->parts.resize(n);
			d->live.assign(n, 0);
			d->connect_ms = connect_ms;
			d->timeout_ms = timeout_ms;
			combine_live(*d, live, failed);
		} catch (...) {
			delete d;
			throw;
		}
		*out = d;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_db_set_live(wsis_db_t *db, const unsigned char *live, size_t *failed)
{
	if (failed != nullptr)
		*failed = WSIS_SHARD_NONE;
	if (db == nullptr || live == nullptr || failed == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		combine_live(*db, live, failed);
		return WSIS_OK;
	});
}

int
wsis_db_is_live(const wsis_db_t *db, size_t i)
{
	return db != nullptr && i < db->live.size() && db->live[i];
}

size_t
wsis_db_error_shard(const wsis_db_t *db, int *network)
{
	size_t found = WSIS_SHARD_NONE;

	if (network != nullptr)
		*network = network_failed;
	try {
		if (db != nullptr && !network_context.empty())
			for (size_t i = 0; i < db->shards.size(); i++)
				if (shard_context(db->shards[i]) == network_context) {
					found = i;
					break;
				}
		network_context.clear();
	} catch (...) {
	}
	network_failed = false;
	return found;
}

void
wsis_db_close_remote(wsis_db_t *db)
{
	if (db == nullptr)
		return;
	try {
		for (size_t i = 0; i < db->shards.size(); i++)
			if (db->live[i] && db->shards[i].compare(0, 4, "tcp:") == 0) {
				db->parts[i] = Xapian::Database();
				db->live[i] = 0;
			}
		combine_parts(*db);
	} catch (...) {
		db->error = "out of memory";
	}
}

wsis_status_t
wsis_shard_probe(const char *spec, unsigned connect_ms, unsigned timeout_ms,
    unsigned long *docs, char **errmsg)
{
	if (spec == nullptr || *spec == '\0') {
		set_errmsg(errmsg, "empty database path");
		return WSIS_EINVAL;
	}
	return guard_new(errmsg, [&]() {
		Xapian::Database d = open_shard(spec, connect_ms, timeout_ms);
		unsigned long n = d.get_doccount();
		if (docs != nullptr)
			*docs = n;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_db_reopen(wsis_db_t *db)
{
	if (db == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		db->db.reopen();
		return WSIS_OK;
	});
}

wsis_status_t
wsis_db_doccount(wsis_db_t *db, unsigned long *count)
{
	if (db == nullptr || count == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		*count = db->db.get_doccount();
		return WSIS_OK;
	});
}

wsis_status_t
wsis_db_get_metadata(wsis_db_t *db, const char *key, char **value)
{
	if (db == nullptr || key == nullptr || *key == '\0' || value == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		std::string v = db->db.get_metadata(key);
		if (v.empty())
			return WSIS_ENOTFOUND;
		char *p = dup_string(v);
		if (p == nullptr)
			return WSIS_ENOMEM;
		*value = p;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_db_get_by_id(wsis_db_t *db, const char *id, char **data, size_t *len)
{
	if (db == nullptr || id == nullptr || data == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		std::string term = std::string(WSIS_PREFIX_ID) + id;
		Xapian::PostingIterator it = db->db.postlist_begin(term);
		if (it == db->db.postlist_end(term)) {
			db->error = std::string("no passage with id '") + id + "'";
			return WSIS_ENOTFOUND;
		}
		std::string d = db->db.get_document(*it).get_data();
		d.resize(std::min(d.size(), d.find('\0')));   // the JSON alone
		char *p = dup_string(d);
		if (p == nullptr)
			return WSIS_ENOMEM;
		*data = p;
		if (len != nullptr)
			*len = d.size();
		return WSIS_OK;
	});
}

void
wsis_db_free(wsis_db_t *db)
{
	delete db;
}

const char *
wsis_db_error(const wsis_db_t *db)
{
	return db != nullptr ? db->error.c_str() : "no database handle";
}

namespace {

// A query parser for `flags`, with the fields and ranges of the index; its
// Xapian flags in *xf.
void
setup_parser(Xapian::QueryParser &qp, wsis_db &db, unsigned flags, unsigned *xf)
{
	qp.set_database(db.db);
	qp.set_stemmer(db.stemmer.stem);
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	if (!(flags & WSIS_QUERY_PLAIN))
		qp.set_stopper(&stopper());
	qp.set_max_expansion(MAX_WILDCARD_EXPANSION,
	    Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
	qp.set_default_op((flags & WSIS_QUERY_DEFAULT_AND) ? Xapian::Query::OP_AND
	    : Xapian::Query::OP_OR);
	qp.add_boolean_prefix("part", WSIS_PREFIX_PART);
	qp.add_boolean_prefix("id", WSIS_PREFIX_ID);
	qp.add_prefix("section", WSIS_PREFIX_SECTION);
	qp.add_prefix("chapter", WSIS_PREFIX_CHAPTER);
	qp.add_prefix("title", WSIS_PREFIX_TITLE);
	// release(): the parser owns them
	qp.add_rangeprocessor((new Xapian::NumberRangeProcessor(WSIS_SLOT_PARA,
	    "para:"))->release());
	qp.add_rangeprocessor((new Xapian::NumberRangeProcessor(WSIS_SLOT_DAY,
	    "day:"))->release());
	qp.add_boolean_prefix("para", WSIS_PREFIX_PARA);
	qp.add_boolean_prefix("day", WSIS_PREFIX_DAY);
	qp.add_boolean_prefix("cites", WSIS_PREFIX_CITES);

	*xf = 0;
	if (flags & WSIS_QUERY_BOOLEAN)
		*xf |= Xapian::QueryParser::FLAG_BOOLEAN;
	if (flags & WSIS_QUERY_PHRASE)
		*xf |= Xapian::QueryParser::FLAG_PHRASE;
	if (flags & WSIS_QUERY_WILDCARD)
		*xf |= Xapian::QueryParser::FLAG_WILDCARD;
	if (flags & WSIS_QUERY_LOVEHATE)
		*xf |= Xapian::QueryParser::FLAG_LOVEHATE;
}

}  // namespace

wsis_status_t
wsis_query_parse(wsis_db_t *db, const char *text, unsigned flags, wsis_query_t **out)
{
	if (db == nullptr || text == nullptr || out == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		Xapian::QueryParser qp;
		unsigned xf;
		setup_parser(qp, *db, flags, &xf);

		wsis_query *q = new wsis_query;
		try {
			q->q = qp.parse_query(text, xf);
			q->plain = (flags & WSIS_QUERY_PLAIN) != 0;
			// Spelling correction looks through the index's words for
			// every word: it waits for the search to tell whether a
			// word is in no document (wsis_db_search()).
			if (flags & WSIS_QUERY_SPELLING) {
				q->text = text;
				q->flags = flags;
			}
		} catch (...) {
			delete q;
			throw;
		}
		*out = q;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_query_describe(const wsis_query_t *q, char **out)
{
	if (q == nullptr || out == nullptr)
		return WSIS_EINVAL;
	std::string err;
	return guard(err, [&]() {
		char *p = dup_string(q->q.get_description());
		if (p == nullptr)
			return WSIS_ENOMEM;
		*out = p;
		return WSIS_OK;
	});
}

const char *
wsis_query_text(const wsis_query_t *q)
{
	if (q == nullptr || !(q->flags & WSIS_QUERY_SPELLING))
		return nullptr;
	return q->text.c_str();
}

const char *
wsis_query_corrected(const wsis_query_t *q)
{
	if (q == nullptr || q->corrected.empty())
		return nullptr;
	return q->corrected.c_str();
}

namespace {

// The number of distinct terms of q.
unsigned
unique_terms(const Xapian::Query &q)
{
	unsigned n = 0;
	for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
		n++;
	return n;
}

}  // namespace

wsis_status_t
wsis_query_term_count(const wsis_query_t *q, unsigned *count)
{
	if (q == nullptr || count == nullptr)
		return WSIS_EINVAL;
	std::string err;
	return guard(err, [&]() {
		*count = unique_terms(q->q);
		return WSIS_OK;
	});
}

static Xapian::doccount search_max_matches(const Xapian::Database &db, const Xapian::Query &q,
    bool *conj);

wsis_status_t
wsis_query_limit_terms(wsis_db_t *db, wsis_query_t *q, unsigned max, int *limited)
{
	if (db == nullptr || q == nullptr || limited == nullptr || max == 0)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		unsigned n = unique_terms(q->q);
		*limited = 0;
		if (n <= max)
			return WSIS_OK;
		if (q->q.get_type() != Xapian::Query::OP_OR) {
			*limited = -1;
			return WSIS_OK;
		}
		// The subqueries that match the fewest passages, ties in the
		// query's order: chosen here once, from the index's frequencies,
		// so that ranking, counting and COUNT all search the same query
		// (Xapian's OP_ELITE_SET chooses by weight, and a pass that
		// computes no weights chooses otherwise).
		std::vector<std::pair<Xapian::doccount, size_t>> freq;
		for (size_t i = 0; i < q->q.get_num_subqueries(); i++) {
			bool conj;
			freq.emplace_back(search_max_matches(db->db, q->q.get_subquery(i), &conj), i);
		}
		std::stable_sort(freq.begin(), freq.end(),
		    [](const std::pair<Xapian::doccount, size_t> &a,
		    const std::pair<Xapian::doccount, size_t> &b) { return a.first < b.first; });
		if (freq.size() > max)
			freq.resize(max);
		std::sort(freq.begin(), freq.end(),
		    [](const std::pair<Xapian::doccount, size_t> &a,
		    const std::pair<Xapian::doccount, size_t> &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
		std::vector<Xapian::Query> subs;
		for (const auto &f : freq)
			subs.push_back(q->q.get_subquery(f.second));
		q->q = Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
		*limited = 1;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_query_filter(wsis_query_t *q, const wsis_query_t *filter)
{
	if (q == nullptr || filter == nullptr)
		return WSIS_EINVAL;
	std::string err;
	return guard(err, [&]() {
		if (filter->q.empty())
			return WSIS_OK;
		Xapian::Query base = q->q.empty() ? Xapian::Query::MatchAll : q->q;
		q->q = Xapian::Query(Xapian::Query::OP_FILTER, base, filter->q);
		return WSIS_OK;
	});
}

wsis_status_t
wsis_query_new_all(wsis_query_t **out)
{
	if (out == nullptr)
		return WSIS_EINVAL;
	std::string err;
	return guard(err, [&]() {
		wsis_query *q = new wsis_query;
		q->q = Xapian::Query::MatchAll;
		*out = q;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_query_negate(wsis_query_t *q)
{
	if (q == nullptr)
		return WSIS_EINVAL;
	std::string err;
	return guard(err, [&]() {
		q->q = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, q->q);
		return WSIS_OK;
	});
}

int
wsis_query_is_empty(const wsis_query_t *q)
{
	return q == nullptr || q->q.empty();
}

void
wsis_query_free(wsis_query_t *q)
{
	delete q;
}

// Passages `q` matches at least, from its terms' frequencies alone (a few
// lookups, no matching): a term's is its frequency, an OR's or SYNONYM's
// the most of its parts', and whatever else 0.
static Xapian::doccount
search_min_matches(const Xapian::Database &db, const Xapian::Query &q)
{
	Xapian::doccount most = 0, n;
	size_t i;

	switch (q.get_type()) {
	case Xapian::Query::LEAF_TERM:
		return db.get_termfreq(*q.get_terms_begin());
	case Xapian::Query::LEAF_MATCH_ALL:
		return db.get_doccount();
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_SYNONYM:
	case Xapian::Query::OP_MAX:
		for (i = 0; i < q.get_num_subqueries(); i++)
			if ((n = search_min_matches(db, q.get_subquery(i))) > most)
				most = n;
		return most;
	case Xapian::Query::OP_AND_MAYBE:
	case Xapian::Query::OP_SCALE_WEIGHT:
		return q.get_num_subqueries() > 0 ? search_min_matches(db, q.get_subquery(0)) : 0;
	default:
		return 0;
	}
}

// Passages `q` can match at most, from its terms' frequencies alone: a
// term's is its frequency, an OR's the sum of its parts', an AND's or a
// phrase's the least of them, and what cannot be bounded so the database's
// size.  *conj is set when `q` ranks as a conjunction (AND, a phrase, or a
// FILTER of one).
static Xapian::doccount
search_max_matches(const Xapian::Database &db, const Xapian::Query &q, bool *conj)
{
	Xapian::doccount docs = db.get_doccount(), n, bound;
	size_t i, k = q.get_num_subqueries();
	bool sub;

	*conj = false;
	switch (q.get_type()) {
	case Xapian::Query::LEAF_TERM:
		return db.get_termfreq(*q.get_terms_begin());
	case Xapian::Query::LEAF_MATCH_NOTHING:
		return 0;
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_XOR:
	case Xapian::Query::OP_SYNONYM:
	case Xapian::Query::OP_MAX:
	case Xapian::Query::OP_ELITE_SET:
		for (bound = 0, i = 0; i < k && bound < docs; i++)
			bound += std::min(docs - bound, search_max_matches(db, q.get_subquery(i), &sub));
		return bound;
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_FILTER:
	case Xapian::Query::OP_PHRASE:
	case Xapian::Query::OP_NEAR:
		for (bound = docs, i = 0; i < k; i++) {
			if ((n = search_max_matches(db, q.get_subquery(i), &sub)) < bound)
				bound = n;
			if (i == 0)
				*conj = sub;   // a filter ranks as what it filters
		}
		if (q.get_type() != Xapian::Query::OP_FILTER)
			*conj = true;
		return bound;
	case Xapian::Query::OP_AND_NOT:
	case Xapian::Query::OP_AND_MAYBE:
	case Xapian::Query::OP_SCALE_WEIGHT:
		return k > 0 ? search_max_matches(db, q.get_subquery(0), conj) : 0;
	default:
		return docs;
	}
}

// Counting in the ranking pass, weights and all, costs less than a second
// pass when there are few matches to count, or when the ranking visits
// them all anyway: a conjunction's (a phrase's, a filter's) matches are
// found by reading its candidates, whose weights cannot be pruned until
// they match.
static const Xapian::doccount SEARCH_ONE_PASS_MAX = 300;
static const Xapian::doccount SEARCH_ONE_PASS_CONJ_MAX = 3000;

namespace {

// The ranking's weighting: BM25 with the parameters of Robertson, Lucene
// and SQLite FTS5 (k1 1.2, b 0.75); Xapian's own (k1 1, b 0.5) are the
// baseline's.  Every scheme Xapian ships was measured on Cranfield, CISI
// and the WSIS suite (README, Relevance): IneB2 (divergence from
// randomness) ranks the collections a little better, but its length
// normalisation puts a heading ("2.1. Enhanced Cooperation") above the
// paragraph under it, a passage winning on its length alone.
const Xapian::Weight &
rank_weight()
{
	static const Xapian::BM25Weight w(1.2, 0, 1, 0.75, 0.5);
	return w;
}

// Pseudo-relevance feedback: of the words in at least RANK_EXPAND_MIN_DOCS
// of the first RANK_FEEDBACK_DOCS hits (a word of one passage is that
// passage's, not the topic's), the RANK_EXPAND_TERMS at most that Xapian's
// expansion (Robertson's selection value over an RSet of those hits) rates
// best.  They re-rank and never match: the query
// becomes OP_AND_MAYBE(query, words), so the hits and their count are the
// query's own.  Their weights share RANK_EXPAND_MASS of the query's
// (RM3's interpolation), in proportion to their selection values.
// Only a query of RANK_EXPAND_MIN_WORDS words or more is expanded: a
// described need or a pasted sentence names a topic whose words its best
// hits share, while two or three words are precise as typed and their top
// hits a weak sample (expanded, queries of the WSIS suite lost their first
// result; README, Relevance).
const Xapian::doccount RANK_FEEDBACK_DOCS = 10;
// Xapian's ESet reads every word of the feedback hits and looks up each
// distinct one's frequency: the hits are taken while their lengths add up
// to at most this many words (RANK_EXPAND_MIN_DOCS of them at least), so
// long passages cost what short ones do.  Ten passages of the relevance
// suites (WSIS paragraphs, Cranfield and CISI abstracts) stay well below.
const Xapian::termcount RANK_FEEDBACK_WORDS = 8000;
const Xapian::termcount RANK_EXPAND_TERMS = 20;
const unsigned RANK_EXPAND_MIN_DOCS = 2;
const double RANK_EXPAND_MASS = 0.5;
const unsigned RANK_EXPAND_MIN_WORDS = 4;

// Whether an index term is a word of the text: unprefixed, or a stem (of
// an unprefixed word: 'Z' and a lower-case letter).
bool
rank_is_word(const std::string &t)
{
	if (t.empty())
		return false;
	if (t[0] == 'Z')
		return t.size() > 1 && !(t[1] >= 'A' && t[1] <= 'Z');
	return !(t[0] >= 'A' && t[0] <= 'Z');
}

// An index term as a person reads it: "women", "stem:woman",
// "section:digit" (the section's stemmed words), "title:…", "chapter:…".
std::string
rank_term_name(const std::string &t)
{
	bool stem = !t.empty() && t[0] == 'Z';
	std::string w = stem ? t.substr(1) : t;
	static const struct { const char *prefix, *name; } fields[] = {
		{ WSIS_PREFIX_SECTION, "section:" }, { WSIS_PREFIX_CHAPTER, "chapter:" },
		{ WSIS_PREFIX_TITLE, "title:" },
	};
	for (const auto &f : fields)
		if (w.compare(0, strlen(f.prefix), f.prefix) == 0 && w.size() > strlen(f.prefix) &&
		    !(w[strlen(f.prefix)] >= 'A' && w[strlen(f.prefix)] <= 'Z'))
			return std::string(f.name) + w.substr(strlen(f.prefix));
	return stem ? "stem:" + w : w;
}

// Xapian asks it of every term of the feedback passages' term lists before
// weighing the term, so it looks at the term's bytes in place and allocates
// nothing.
class rank_expand_decider : public Xapian::ExpandDecider {
	std::unordered_map<std::string, bool> query_;
	std::vector<std::string> often_;   // sorted: in enough of the hits
	bool feedback_ = false;            // often_ is known
public:
	explicit rank_expand_decider(const Xapian::Query &q) {
		for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
			query_.emplace(*t, true);
	}
	// Keeps the words in at least `min` of the documents `docs`: their term
	// lists (each sorted by term, read once: a round trip on a remote
	// shard) walked side by side.  From then on only those are accepted,
	// so Xapian looks up the frequencies of those words alone (each a
	// round trip to every remote shard).
	void feedback(const Xapian::Database &db, const std::vector<Xapian::docid> &docs,
	    unsigned min) {
		struct list { Xapian::TermIterator it, end; std::string term; };
		std::vector<list> lists;
		for (Xapian::docid d : docs) {
			list l { db.termlist_begin(d), db.termlist_end(d), std::string() };
			if (l.it != l.end) {
				l.term = *l.it;
				lists.push_back(std::move(l));
			}
		}
		while (!lists.empty()) {
			const std::string *least = &lists[0].term;
			for (const auto &l : lists)
				if (l.term < *least)
					least = &l.term;
			std::string t = *least;
			unsigned in = 0;
			for (size_t i = 0; i < lists.size();) {
				if (lists[i].term != t) {
					i++;
					continue;
				}
				in++;
				if (++lists[i].it == lists[i].end) {
					lists[i] = std::move(lists.back());
					lists.pop_back();
				} else {
					lists[i].term = *lists[i].it;
					i++;
				}
			}
			if (in >= min && word(t))
				often_.push_back(std::move(t));
		}
		feedback_ = true;
	}
	bool operator()(const std::string &t) const override {
		if (feedback_ && !std::binary_search(often_.begin(), often_.end(), t))
			return false;
		return word(t) && query_.count(t) == 0;
	}
	// words of the text, their stems, and the words of the free-text
	// fields (section, chapter, title) and theirs: not the boolean terms
	static bool word(const std::string &t) {
		static const size_t prefix_len[] = { strlen(WSIS_PREFIX_SECTION),
		    strlen(WSIS_PREFIX_CHAPTER), strlen(WSIS_PREFIX_TITLE) };
		static const char *const prefix[] = { WSIS_PREFIX_SECTION,
		    WSIS_PREFIX_CHAPTER, WSIS_PREFIX_TITLE };
		const char *w = t.data();
		size_t n = t.size();

		if (n > 0 && w[0] == 'Z') {
			w++;
			n--;
		}
		for (size_t i = 0; i < 3; i++)
			if (n >= prefix_len[i] && memcmp(w, prefix[i], prefix_len[i]) == 0) {
				w += prefix_len[i];
				n -= prefix_len[i];
				break;
			}
		// letters and numbers are no topic; nor are digits or boolean terms
		if (n < 2 || !((w[0] >= 'a' && w[0] <= 'z') || (w[0] & 0x80)))
			return false;
		if (n <= 6)
			for (const char *s : stopwords)
				if (strlen(s) == n && memcmp(w, s, n) == 0)
					return false;
		return true;
	}
};

// The words expansion adds to q, each scaled (rank_weight's weights);
// none when the index keeps no term lists (wsis-indexer --no-termlists).
std::vector<Xapian::Query>
rank_expansion(const Xapian::Database &db, const Xapian::Query &q, std::string *words)
{
	std::vector<Xapian::Query> out;
	unsigned nq = 0;
	for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
		nq += rank_is_word(*t);
	if (nq < RANK_EXPAND_MIN_WORDS)
		return out;
	Xapian::Enquire first(db);
	first.set_query(q);
	first.set_weighting_scheme(rank_weight());
	// The first hits by score to nine decimals, then by docid: shards sum a
	// score's parts in another order, so its last bits differ, and hits
	// tied in one index would come in another order over its shards.
	Xapian::MSet top = first.get_mset(0, RANK_FEEDBACK_DOCS * 3);
	if (top.size() < RANK_EXPAND_MIN_DOCS)
		return out;
	std::vector<std::pair<double, Xapian::docid>> first_hits;
	for (auto m = top.begin(); m != top.end(); ++m)
		first_hits.emplace_back(std::floor(m.get_weight() * 1e9 + 0.5), *m);
	std::sort(first_hits.begin(), first_hits.end(),
	    [](const std::pair<double, Xapian::docid> &a, const std::pair<double, Xapian::docid> &b) {
		return a.first != b.first ? a.first > b.first : a.second < b.second;
	});
	Xapian::RSet rset;
	std::vector<Xapian::docid> fed;
	Xapian::totallength fed_words = 0;
	for (const auto &h : first_hits) {
		Xapian::termcount len = db.get_doclength(h.second);
		if (fed.size() == RANK_FEEDBACK_DOCS || (fed.size() >= RANK_EXPAND_MIN_DOCS &&
		    fed_words + len > RANK_FEEDBACK_WORDS))
			break;
		rset.add_document(h.second);
		fed.push_back(h.second);
		fed_words += len;
	}
	rank_expand_decider decide(q);
	Xapian::ESet eset;
	try {
		decide.feedback(db, fed, RANK_EXPAND_MIN_DOCS);
		// exact frequencies: N shards rank as one index of them does
		eset = first.get_eset(RANK_EXPAND_TERMS, rset,
		    Xapian::Enquire::USE_EXACT_TERMFREQ, &decide);
	} catch (const Xapian::FeatureUnavailableError &) {
		return out;   // no term lists: rank by the query alone
	}
	std::vector<std::pair<std::string, double>> keep;
	double sum = 0;
	for (auto t = eset.begin(); t != eset.end(); ++t) {
		keep.emplace_back(*t, t.get_weight());
		sum += t.get_weight();
	}
	if (keep.empty() || sum <= 0)
		return out;
	for (const auto &k : keep) {
		out.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(k.first),
		    RANK_EXPAND_MASS * nq * k.second / sum);
		if (!words->empty())
			*words += ' ';
		*words += rank_term_name(k.first);
	}
	return out;
}

// A question that asks for a kind of answer (answertype.h) favours the
// passages stating one: they get RANK_ANSWER_SHARE of the query's best
// score as a weight of their own, enough to lift an answer over passages
// that only share more of the question's words, too little to lift a
// passage that shares few of them.
const double RANK_ANSWER_SHARE = 0.25;

// The query `ranked` with that weight for the passages stating a kind of
// answer in `kinds`; `ranked` itself when no passage matches it.
Xapian::Query
rank_answer(const Xapian::Database &db, const Xapian::Query &ranked, unsigned kinds)
{
	std::vector<Xapian::Query> terms;
	for (unsigned k = 1; k <= WSIS_ANSWER_ALL; k <<= 1)
		if ((kinds & k) && wsis_answer_term(k) != nullptr)
			terms.emplace_back(wsis_answer_term(k));
	if (terms.empty())
		return ranked;
	Xapian::Enquire first(db);
	first.set_query(ranked);
	first.set_weighting_scheme(rank_weight());
	Xapian::MSet top = first.get_mset(0, 1);
	if (top.empty() || top.begin().get_weight() <= 0)
		return ranked;
	Xapian::Query bonus(Xapian::Query::OP_FILTER,
	    Xapian::Query((new Xapian::FixedWeightPostingSource(
	    RANK_ANSWER_SHARE * top.begin().get_weight()))->release()),
	    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
	return Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranked, bonus);
}

}  // namespace

wsis_status_t
wsis_db_search(wsis_db_t *db, const wsis_query_t *q, const wsis_search_opts_t *opts,
    wsis_results_t **out)
{
	if (db == nullptr || q == nullptr || opts == nullptr || out == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		Xapian::Enquire enq(db->db);
		enq.set_query(q->q);
		if (opts->doc_order)
			enq.set_sort_by_value(WSIS_SLOT_ORDER, false);
		else
			// Ties keep document order: docids follow it.
			enq.set_docid_order(Xapian::Enquire::ASCENDING);
		// The page is ranked counting only to its end and the one match
		// past it, so that Xapian's pruning (skipping what cannot enter the
		// page) keeps its speed.  Counting further, up to check_at_least,
		// is a second pass over the same query unweighted (BoolWeight),
		// which computes no weights for the matches it counts.  It runs
		// only when it can make the total exact: not when the page's own
		// count is exact already, nor when the terms' frequencies show
		// check_at_least matches.  A page of no hits is the count alone.
		// When the frequencies bound the matches to a few, or to a few
		// thousand of a conjunction, the ranking pass counts them itself
		// (SEARCH_ONE_PASS_MAX).
		//
		// Xapian's time limit only ever lowers check_at_least to the
		// page's end (multimatch.cc), and a count it cuts short comes back
		// with its lower bound below its upper bound (not exact).  It costs
		// a POSIX timer (three system calls), so it is armed only on a
		// pass that counts past the page; it never cuts the page itself.
		unsigned long long page_end = (unsigned long long)opts->offset + opts->limit;
		Xapian::doccount page_check = page_end + 1 >= opts->check_at_least ?
		    opts->check_at_least : static_cast<Xapian::doccount>(page_end + 1);
		bool count = opts->check_at_least > page_check &&
		    search_min_matches(db->db, q->q) < opts->check_at_least;
		bool conj = false;
		if (count && opts->limit > 0) {
			Xapian::doccount most = search_max_matches(db->db, q->q, &conj);
			if (most <= SEARCH_ONE_PASS_MAX ||
			    (conj && most <= SEARCH_ONE_PASS_CONJ_MAX)) {
				count = false;   // one pass: the page counts them
				page_check = opts->check_at_least;
				if (opts->time_limit_ms > 0)
					enq.set_time_limit(opts->time_limit_ms / 1000.0);
			}
		}
		auto count_matches = [&]() {
			Xapian::Enquire counter(db->db);
			counter.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, 0));
			counter.set_weighting_scheme(Xapian::BoolWeight());
			if (opts->time_limit_ms > 0)
				counter.set_time_limit(opts->time_limit_ms / 1000.0);
			return counter.get_mset(0, 0, opts->check_at_least);
		};
		// the baseline (plain) keeps Xapian's BM25 (k1 1, b 0.5)
		Xapian::Query ranked = q->q;
		std::vector<Xapian::Query> expansion;
		std::string words;
		if (!q->plain) {
			enq.set_weighting_scheme(rank_weight());
			if (opts->expand && !opts->doc_order && opts->limit > 0 &&
			    !q->q.empty() && q->q.get_type() != Xapian::Query::LEAF_MATCH_ALL) {
				expansion = rank_expansion(db->db, q->q, &words);
				if (!expansion.empty()) {
					ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q->q,
					    Xapian::Query(Xapian::Query::OP_OR,
					    expansion.begin(), expansion.end()));
					enq.set_query(ranked);
				}
			}
			if (opts->answer != 0 && !opts->doc_order && opts->limit > 0 &&
			    !q->q.empty()) {
				ranked = rank_answer(db->db, ranked, opts->answer);
				enq.set_query(ranked);
			}
		}
		wsis_results *r = new wsis_results;
		try {
			r->db = db->db;
			r->plain = q->plain;
			r->ranked = ranked;
			r->expansion = std::move(expansion);
			r->expansion_words = std::move(words);
			r->stem = db->stemmer.stem;
			for (auto t = q->q.get_unique_terms_begin();
			    t != q->q.get_unique_terms_end(); ++t) {
				const std::string &term = *t;
				if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z'))
					continue;   // a field or filter term
				if (term[0] == 'Z') {
					r->stemmed = true;
					r->stems.push_back(term.substr(1));
				}
				r->words.emplace(term, static_cast<int>(r->words.size()));
				unsigned char c = static_cast<unsigned char>(term[term[0] == 'Z']);
				r->first[c >> 3] |= static_cast<unsigned char>(1u << (c & 7));
			}
			r->offset = opts->offset;
			if (count && opts->limit == 0) {
				r->mset = count_matches();
			} else {
				r->mset = enq.get_mset(opts->offset, opts->limit, page_check);
				if (count && r->mset.get_matches_lower_bound() !=
				    r->mset.get_matches_upper_bound() &&
				    r->mset.get_matches_lower_bound() < opts->check_at_least) {
					Xapian::MSet c = count_matches();
					// a count the time limit cut may know less
					// than the page's own bounds
					r->counted = true;
					r->lower = std::max(c.get_matches_lower_bound(),
					    r->mset.get_matches_lower_bound());
					r->upper = std::min(c.get_matches_upper_bound(),
					    r->mset.get_matches_upper_bound());
					r->estimate = std::min(r->upper, std::max(r->lower,
					    c.get_matches_estimated()));
				}
			}
			if ((q->flags & WSIS_QUERY_SPELLING) && !q->spelled) {
				q->spelled = true;
				// "did you mean" only when some word is in no
				// document, and for those words only
				if (has_unknown_word(r->mset, q->q)) {
					std::string c = correct_unknown_words(db->db,
					    db->stemmer.stem, q->text);
					if (c != q->text)
						q->corrected = c;
				}
			}
			r->data.resize(r->mset.size());
			r->have.assign(r->mset.size(), false);
		} catch (...) {
			delete r;
			throw;
		}
		*out = r;
		return WSIS_OK;
	});
}

namespace {

// The clauses of q whose weights add up to a match's: the subqueries of
// an OR, AND or AND_MAYBE, the left side of a FILTER or AND_NOT (the rest
// weighs nothing), else q itself.
void
explain_clauses(const Xapian::Query &q, std::vector<Xapian::Query> *out)
{
	switch (q.get_type()) {
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_AND_MAYBE:
	case Xapian::Query::OP_XOR:
		for (size_t i = 0; i < q.get_num_subqueries(); i++)
			explain_clauses(q.get_subquery(i), out);
		break;
	case Xapian::Query::OP_FILTER:
		// the answer kinds' weight (rank_answer) is a filtered
		// posting source: one clause, for the passages it filters
		if (q.get_subquery(0).get_type() == Xapian::Query::LEAF_POSTING_SOURCE) {
			out->push_back(q);
			break;
		}
		explain_clauses(q.get_subquery(0), out);
		break;
	case Xapian::Query::OP_AND_NOT:
		explain_clauses(q.get_subquery(0), out);
		break;
	default:
		out->push_back(q);
	}
}

// A clause as a person reads it: its word, or its kind and words.
std::string
explain_label(const Xapian::Query &q)
{
	if (q.get_type() == Xapian::Query::LEAF_TERM && q.get_terms_begin() != q.get_terms_end())
		return rank_term_name(*q.get_terms_begin());
	std::string kind;
	if (q.get_type() == Xapian::Query::OP_FILTER) {
		// rank_answer's: "answer: date time"
		std::string kinds;
		for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
			if ((*t).compare(0, 2, "XA") == 0)
				kinds += (kinds.empty() ? "" : " ") + (*t).substr(2);
		return "answer: " + kinds;
	}
	switch (q.get_type()) {
	case Xapian::Query::OP_PHRASE:         kind = "phrase"; break;
	case Xapian::Query::OP_NEAR:           kind = "near"; break;
	case Xapian::Query::OP_SYNONYM:        kind = "any of"; break;
	case Xapian::Query::OP_SCALE_WEIGHT:   kind = "scaled"; break;
	case Xapian::Query::LEAF_MATCH_ALL:    return "all passages";
	default:                               kind = "clause"; break;
	}
	std::string words;
	for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
		words += (words.empty() ? "" : " ") + rank_term_name(*t);
	return kind + ": " + words;
}


}  // namespace

wsis_status_t
wsis_results_explain(wsis_results_t *r, size_t i, const char *id, wsis_score_part_t **parts,
    size_t *n)
{
	if (r == nullptr || id == nullptr || parts == nullptr || n == nullptr ||
	    i >= r->mset.size())
		return WSIS_EINVAL;
	*parts = nullptr;
	*n = 0;
	return guard(r->error, [&]() {
		// the hit alone, by its id term: a MatchDecider would see a
		// shard's own docids, and a remote shard takes none
		const Xapian::Query only(std::string(WSIS_PREFIX_ID) + id);
		std::vector<Xapian::Query> clauses;
		explain_clauses(r->ranked, &clauses);
		std::vector<std::pair<std::string, double>> found;
		std::vector<bool> expansion;
		for (const Xapian::Query &c : clauses) {
			Xapian::Enquire e(r->db);
			e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, c, only));
			if (!r->plain)
				e.set_weighting_scheme(rank_weight());
			Xapian::MSet m = e.get_mset(0, 1);
			if (m.empty() || m.begin().get_weight() == 0)
				continue;
			bool ex = false;
			for (const Xapian::Query &x : r->expansion)
				ex |= x.get_description() == c.get_description();
			found.emplace_back(ex ? rank_term_name(*c.get_terms_begin()) : explain_label(c),
			    m.begin().get_weight());
			expansion.push_back(ex);
		}
		if (found.empty())
			return WSIS_OK;
		wsis_score_part_t *p = static_cast<wsis_score_part_t *>(
		    calloc(found.size(), sizeof *p));
		if (p == nullptr)
			return WSIS_ENOMEM;
		for (size_t k = 0; k < found.size(); k++) {
			p[k].what = dup_string(found[k].first);
			if (p[k].what == nullptr) {
				wsis_score_parts_free(p, k);
				return WSIS_ENOMEM;
			}
			p[k].weight = found[k].second;
			p[k].expansion = expansion[k];
		}
		*parts = p;
		*n = found.size();
		return WSIS_OK;
	});
}

void
wsis_score_parts_free(wsis_score_part_t *parts, size_t n)
{
	for (size_t k = 0; parts != nullptr && k < n; k++)
		free(parts[k].what);
	free(parts);
}

const char *
wsis_results_expansion(const wsis_results_t *r)
{
	return r != nullptr ? r->expansion_words.c_str() : "";
}

size_t
wsis_results_size(const wsis_results_t *r)
{
	return r != nullptr ? r->mset.size() : 0;
}

void
wsis_results_total(const wsis_results_t *r, unsigned long *total, int *exact)
{
	if (r == nullptr) {
		if (total != nullptr)
			*total = 0;
		if (exact != nullptr)
			*exact = 1;
		return;
	}
	Xapian::doccount lo = r->counted ? r->lower : r->mset.get_matches_lower_bound();
	Xapian::doccount hi = r->counted ? r->upper : r->mset.get_matches_upper_bound();
	if (total != nullptr)
		*total = lo == hi ? lo : r->counted ? r->estimate : r->mset.get_matches_estimated();
	if (exact != nullptr)
		*exact = lo == hi;
}

unsigned long
wsis_results_lower_bound(const wsis_results_t *r)
{
	if (r == nullptr)
		return 0;
	return r->counted ? r->lower : r->mset.get_matches_lower_bound();
}

wsis_status_t
wsis_results_get(wsis_results_t *r, size_t i, wsis_hit_t *hit)
{
	if (r == nullptr || hit == nullptr || i >= r->mset.size())
		return WSIS_EINVAL;
	return guard(r->error, [&]() {
		Xapian::MSetIterator it = r->mset[static_cast<Xapian::doccount>(i)];
		if (!r->have[i]) {
			r->data[i] = it.get_document().get_data();
			r->have[i] = true;
		}
		hit->docid = *it;
		hit->rank = r->offset + static_cast<unsigned>(i) + 1;
		hit->score = it.get_weight();
		// the JSON, then a long passage's word table after a NUL
		const std::string &d = r->data[i];
		size_t nul = d.find('\0');
		hit->data = d.c_str();
		hit->data_len = nul == std::string::npos ? d.size() : nul;
		hit->wordmap = nul == std::string::npos || nul + 1 == d.size() ? nullptr :
		    reinterpret_cast<const unsigned char *>(d.data() + nul + 1);
		hit->wordmap_len = hit->wordmap != nullptr ? d.size() - nul - 1 : 0;
		return WSIS_OK;
	});
}

namespace {

// Whether document did holds terms[0..n) at consecutive positions starting
// below WSIS_CONTEXT_POS.
bool
phrase_before_context(const Xapian::Database &db, Xapian::docid did,
    const std::vector<Xapian::Query> &terms)
{
	std::vector<std::vector<Xapian::termpos>> pos(terms.size());
	for (size_t k = 0; k < terms.size(); k++) {
		const std::string t = *terms[k].get_unique_terms_begin();
		pos[k].assign(db.positionlist_begin(did, t), db.positionlist_end(did, t));
	}
	for (Xapian::termpos p : pos[0]) {
		if (p >= WSIS_CONTEXT_POS)
			break;
		size_t k = 1;
		while (k < pos.size() && std::binary_search(pos[k].begin(), pos[k].end(),
		    static_cast<Xapian::termpos>(p + k)))
			k++;
		if (k == pos.size())
			return true;
	}
	return false;
}

} // namespace

wsis_status_t
wsis_results_phrase(wsis_results_t *r, const char *const *words, const size_t *lens,
    size_t n, const char *const *ids, unsigned char *held)
{
	if (r == nullptr || words == nullptr || lens == nullptr || ids == nullptr ||
	    held == nullptr || n < 2)
		return WSIS_EINVAL;
	return guard(r->error, [&]() {
		Xapian::doccount size = r->mset.size();
		std::fill(held, held + size, 0);
		if (size == 0)
			return WSIS_OK;
		std::vector<Xapian::Query> terms, page;
		for (size_t k = 0; k < n; k++) {
			// spelled as TermGenerator spells a word: lowercased, the
			// typographic apostrophe as '
			std::string w = Xapian::Unicode::tolower(std::string(words[k], lens[k]));
			for (size_t p; (p = w.find("\xe2\x80\x99")) != std::string::npos;)
				w.replace(p, 3, "'");
			if (w.empty())
				return WSIS_OK;
			terms.emplace_back(w);
		}
		for (Xapian::doccount i = 0; i < size; i++)
			page.emplace_back(std::string(WSIS_PREFIX_ID) + ids[i]);
		Xapian::Enquire enq(r->db);
		enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
		    Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
		    static_cast<Xapian::termcount>(n)),
		    Xapian::Query(Xapian::Query::OP_OR, page.begin(), page.end())));
		enq.set_weighting_scheme(Xapian::BoolWeight());
		enq.set_docid_order(Xapian::Enquire::ASCENDING);
		Xapian::MSet m = enq.get_mset(0, size, size);
		// a match in a context field does not count: one of the passage's
		// own texts must hold the phrase, at positions below them
		std::vector<Xapian::docid> found;
		for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
			if (phrase_before_context(r->db, *it, terms))
				found.push_back(*it);
		std::sort(found.begin(), found.end());
		for (Xapian::doccount i = 0; i < size; i++)
			held[i] = std::binary_search(found.begin(), found.end(), *r->mset[i]);
		return WSIS_OK;
	});
}

namespace {

// The most index words looked up for the stems of a query.
const size_t POS_MAX_TERMS = 64;

// r->pos_terms: each unstemmed query word, and for each stemmed one ('Z'
// + stem) the unprefixed words of the index with that stem, found among
// those that begin as the stem does (may_stem_to()).
void
positions_terms(wsis_results *r)
{
	r->pos_ready = true;
	r->pos_ok = false;
	for (const auto &w : r->words) {
		const std::string &t = w.first;
		if (t[0] != 'Z') {
			r->pos_terms.emplace_back(t, w.second);
			continue;
		}
		std::string stem = t.substr(1);
		if (stem.size() < 3 || stem == "die" || stem == "lie" || stem == "tie")
			return;   // too many words begin so, or "dying" does not
		std::string prefix = stem.substr(0, stem.size() - 1);
		for (auto a = r->db.allterms_begin(prefix); a != r->db.allterms_end(prefix); ++a) {
			const std::string &u = *a;
			if (r->pos_terms.size() >= POS_MAX_TERMS)
				return;
			if (r->stem(u) == stem)
				r->pos_terms.emplace_back(u, w.second);
		}
	}
	r->pos_ok = true;
}

} // namespace

wsis_status_t
wsis_results_positions(wsis_results_t *r, size_t i, size_t words, unsigned **word,
    int **id, size_t *n)
{
	if (r == nullptr || word == nullptr || id == nullptr || n == nullptr ||
	    i >= r->mset.size())
		return WSIS_EINVAL;
	*word = nullptr;
	*id = nullptr;
	*n = 0;
	return guard(r->error, [&]() {
		if (!r->pos_ready)
			positions_terms(r);
		if (!r->pos_ok)
			return WSIS_ENOTFOUND;
		Xapian::docid did = *r->mset[static_cast<Xapian::doccount>(i)];
		std::vector<std::pair<unsigned, int>> found;
		for (const auto &t : r->pos_terms) {
			for (auto p = r->db.positionlist_begin(did, t.first);
			    p != r->db.positionlist_end(did, t.first); ++p) {
				// the text is indexed first, its word k at position k + 1
				if (*p == 0 || *p > words)
					break;
				found.emplace_back(*p - 1, t.second);
			}
		}
		std::sort(found.begin(), found.end());
		if (found.empty())
			return WSIS_OK;
		unsigned *w = static_cast<unsigned *>(std::malloc(found.size() * sizeof *w));
		int *d = static_cast<int *>(std::malloc(found.size() * sizeof *d));
		if (w == nullptr || d == nullptr) {
			std::free(w);
			std::free(d);
			return WSIS_ENOMEM;
		}
		for (size_t k = 0; k < found.size(); k++) {
			w[k] = found[k].first;
			d[k] = found[k].second;
		}
		*word = w;
		*id = d;
		*n = found.size();
		return WSIS_OK;
	});
}

wsis_status_t
wsis_results_word_at(wsis_results_t *r, size_t i, const char *word, size_t len, size_t k,
    int *at)
{
	if (r == nullptr || word == nullptr || at == nullptr || i >= r->mset.size())
		return WSIS_EINVAL;
	*at = 0;
	return guard(r->error, [&]() {
		// spelled as TermGenerator spells a word: lowercased, the
		// typographic apostrophe as '
		std::string w = Xapian::Unicode::tolower(std::string(word, len));
		for (size_t p; (p = w.find("\xe2\x80\x99")) != std::string::npos;)
			w.replace(p, 3, "'");
		if (w.empty() || k + 1 >= WSIS_CONTEXT_POS)
			return WSIS_OK;
		Xapian::docid did = *r->mset[static_cast<Xapian::doccount>(i)];
		if (did != r->at_did || w != r->at_term) {
			r->at_pos.assign(r->db.positionlist_begin(did, w),
			    r->db.positionlist_end(did, w));
			r->at_did = did;
			r->at_term = w;
		}
		*at = std::binary_search(r->at_pos.begin(), r->at_pos.end(),
		    static_cast<Xapian::termpos>(k + 1));
		return WSIS_OK;
	});
}

int
wsis_results_may_match(const wsis_results_t *r, const char *word, size_t len)
{
	if (r == nullptr || word == nullptr || len == 0)
		return 0;
	unsigned char c = static_cast<unsigned char>(word[0]);
	if (c >= 0x80)
		return 1;
	if (c >= 'A' && c <= 'Z')
		c = static_cast<unsigned char>(c - 'A' + 'a');
	return (r->first[c >> 3] >> (c & 7)) & 1;
}

namespace {

// Whether lowercased word w may have one of `stems` as its stem.  Snowball's
// English stemmer keeps the start of a word and changes at most the last
// letter of what it keeps ("cries" is "cri", "relational" "relat"), but for
// "dying", "lying" and "tying" ("die", "lie", "tie"); it is checked over the
// 81,943 distinct words of the benchmark's corpora and the relevance
// collections (tests/test-xapian.c has the cases).  A word that begins with
// no stem less its last letter is not stemmed: most words of a snippet passed
// wsis_results_may_match() and were, and the stemmer's memo, too large for
// the CPU's caches, cost a large-corpus query 1% of its time.
bool
may_stem_to(const std::string &w, const std::vector<std::string> &stems)
{
	if (w.size() >= 4 && w.compare(w.size() - 4, 4, "ying") == 0)
		return true;
	for (const std::string &s : stems) {
		size_t k = s.empty() ? 0 : s.size() - 1;
		if (w.size() >= k && w.compare(0, k, s, 0, k) == 0)
			return true;
	}
	return false;
}

} // namespace

int
wsis_results_match_word(wsis_results_t *r, const char *word, size_t len)
{
	if (r == nullptr || word == nullptr || len == 0 || r->words.empty())
		return -1;
	try {
		std::string w(word, len);
		bool ascii = true;
		for (char &c : w) {
			if (c >= 'A' && c <= 'Z')
				c = static_cast<char>(c - 'A' + 'a');
			else if (static_cast<unsigned char>(c) >= 0x80)
				ascii = false;
		}
		if (!ascii) {
			w = Xapian::Unicode::tolower(w);
			// the typographic apostrophe is indexed as '
			for (size_t p; (p = w.find("\xe2\x80\x99")) != std::string::npos;)
				w.replace(p, 3, "'");
		}
		if (!wsis_results_may_match(r, w.data(), w.size()))
			return -1;
		auto it = r->words.find(w);
		if (it == r->words.end() && r->stemmed && may_stem_to(w, r->stems))
			it = r->words.find("Z" + r->stem(w));
		return it != r->words.end() ? it->second : -1;
	} catch (...) {
		return -1;
	}
}

void
wsis_results_free(wsis_results_t *r)
{
	delete r;
}

const char *
wsis_results_error(const wsis_results_t *r)
{
	return r != nullptr ? r->error.c_str() : "no results handle";
}

wsis_status_t
wsis_stemmer_new(wsis_stemmer_t **out)
{
	if (out == nullptr)
		return WSIS_EINVAL;
	std::string err;
	return guard(err, [&]() {
		*out = new wsis_stemmer;
		return WSIS_OK;
	});
}

wsis_status_t
wsis_stemmer_stem(wsis_stemmer_t *st, const char *word, size_t len, char *out,
    size_t outlen)
{
	if (st == nullptr || word == nullptr || out == nullptr || outlen == 0)
		return WSIS_EINVAL;
	return guard(st->error, [&]() {
		std::string s = st->stem(std::string(word, len));
		size_t n = s.size() < outlen - 1 ? s.size() : outlen - 1;
		std::memcpy(out, s.data(), n);
		out[n] = '\0';
		return WSIS_OK;
	});
}

void
wsis_stemmer_free(wsis_stemmer_t *st)
{
	delete st;
}

wsis_stemmer_t *
wsis_db_stemmer(wsis_db_t *db)
{
	return db != nullptr ? &db->stemmer : nullptr;
}

// ---- completions -----------------------------------------------------------

wsis_status_t
wsis_db_complete(wsis_db_t *db, const char *prefix, size_t max, size_t max_scan,
    wsis_terms_t *out)
{
	if (db == nullptr || prefix == nullptr || out == nullptr)
		return WSIS_EINVAL;
	return guard(db->error, [&]() {
		std::vector<std::pair<unsigned long, std::string>> found;
		std::string pre(prefix);
		size_t seen = 0;

		if (!pre.empty() && max > 0)
			for (Xapian::TermIterator t = db->db.allterms_begin(pre);
			    t != db->db.allterms_end(pre) && (max_scan == 0 || seen < max_scan);
			    ++t, ++seen)
				found.emplace_back((unsigned long)t.get_termfreq(), *t);
		// most frequent first, then in term order (stable: they came so)
		std::stable_sort(found.begin(), found.end(),
		    [](const std::pair<unsigned long, std::string> &a,
		    const std::pair<unsigned long, std::string> &b) { return a.first > b.first; });
		if (found.size() > max)
			found.resize(max);
		wsis_terms_t r = { nullptr, 0 };
		if (!found.empty()) {
			r.items = static_cast<wsis_term_t *>(calloc(found.size(), sizeof *r.items));
			if (r.items == nullptr)
				return WSIS_ENOMEM;
		}
		for (const auto &f : found) {
			r.items[r.count].term = dup_string(f.second);
			if (r.items[r.count].term == nullptr) {
				wsis_terms_free(&r);
				return WSIS_ENOMEM;
			}
			r.items[r.count++].freq = f.first;
		}
		*out = r;
		return WSIS_OK;
	});
}

void
wsis_terms_free(wsis_terms_t *t)
{
	if (t == nullptr)
		return;
	for (size_t i = 0; i < t->count; i++)
		free(t->items[i].term);
	free(t->items);
	t->items = nullptr;
	t->count = 0;
}

} // extern "C"
