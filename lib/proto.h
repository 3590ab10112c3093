/* proto.h - the wsis-searchd wire protocol (doc/PROTOCOL.md), shared by the
 * daemon and the client.
 *
 * Parsers are pure functions over a byte buffer, in the shape
 * parse(buf, len, &out, &consumed): no I/O, no globals, no allocation.  What
 * they return points into `buf` (valid while the caller keeps those bytes).
 * Nothing a peer sends is trusted: request lines are bounded by max_line,
 * reply payload lengths by WSIS_PROTO_MAX_PAYLOAD.
 *
 * Writers append to a wsis_buf_t; on any failure the buffer is left exactly
 * as it was.
 */
#ifndef WSIS_PROTO_H
#define WSIS_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define WSIS_PROTO_NAME          "WSIS"
#define WSIS_PROTO_VERSION_MAJOR 1   /* incompatible changes bump this */
#define WSIS_PROTO_VERSION_MINOR 2   /* additions (commands, options, keys) */

#define WSIS_PROTO_DEFAULT_MAX_LINE 8192u     /* request line, with its \n */
#define WSIS_PROTO_MAX_STATUS_LINE  1024u     /* reply status line, with \n */
#define WSIS_PROTO_MAX_PAYLOAD      (64u * 1024u * 1024u) /* OK <n>: n cap */
#define WSIS_PROTO_MAX_ERRMSG       400u      /* ERR message bytes written */
#define WSIS_PROTO_MAX_PARTS        8u        /* part= given at most this often */
#define WSIS_PROTO_NUMBER_MAX       UINT32_MAX/* numbers: 1-10 digits, <= this */
#define WSIS_PROTO_DEFAULT_LIMIT    10u
#define WSIS_PROTO_DEFAULT_CONTEXT  60u       /* MENTIONS context= bytes */
#define WSIS_PROTO_MSG_SIZE         160u      /* wsis_proto_request_t.message */
#define WSIS_PROTO_MAX_IGNORED      8u        /* ignored parameters named */

/* What a parser or writer returns.  Only WSIS_PROTO_OK is 0. */
typedef enum {
	WSIS_PROTO_OK = 0,
	WSIS_PROTO_NEED_MORE,          /* no complete line / payload yet */
	/* request parser (each also fills req->code and req->message) */
	WSIS_PROTO_ERR_TOO_LONG,       /* 413: line longer than max_line; fatal */
	WSIS_PROTO_ERR_ENCODING,       /* 400: NUL, control byte, invalid UTF-8 */
	WSIS_PROTO_ERR_SYNTAX,         /* 400: empty line, bad quoting, missing
	                                *      or unexpected argument, bad value */
	WSIS_PROTO_ERR_NUMBER,         /* 400: not a number from 0 to 2^32-1 */
	WSIS_PROTO_ERR_OPTION,         /* 400: unknown, repeated or misplaced option */
	WSIS_PROTO_ERR_UNKNOWN_COMMAND,/* 401 */
	/* reply parser: the connection cannot be trusted any more */
	WSIS_PROTO_ERR_BAD_REPLY,      /* not OK/ERR/WSIS framing */
	WSIS_PROTO_ERR_TOO_LARGE,      /* payload length above WSIS_PROTO_MAX_PAYLOAD */
	/* writers */
	WSIS_PROTO_ERR_ARG,            /* an argument cannot be written */
	WSIS_PROTO_ERR_NOMEM
} wsis_proto_status_t;

/* A static, readable name for a status ("line too long", ...). */
const char *wsis_proto_status_to_string(wsis_proto_status_t st);

/* Reply error codes (doc/PROTOCOL.md, "Errors"). */
enum {
	WSIS_PROTO_CODE_BAD_REQUEST     = 400,
	WSIS_PROTO_CODE_UNKNOWN_COMMAND = 401,
	WSIS_PROTO_CODE_FORBIDDEN       = 403,
	WSIS_PROTO_CODE_NOT_FOUND       = 404,
	WSIS_PROTO_CODE_IDLE_TIMEOUT    = 408,
	WSIS_PROTO_CODE_LINE_TOO_LONG   = 413,
	WSIS_PROTO_CODE_QUERY_SYNTAX    = 422,
	WSIS_PROTO_CODE_BUSY            = 429,
	WSIS_PROTO_CODE_INTERNAL        = 500,
	WSIS_PROTO_CODE_UNAVAILABLE     = 503,
	WSIS_PROTO_CODE_QUERY_TIMEOUT   = 504,
	WSIS_PROTO_CODE_VERSION         = 505,
	WSIS_PROTO_CODE_REPLY_TOO_LARGE = 507
};

/* The short reason for a code ("bad request"), "error" for one not listed. */
const char *wsis_proto_code_reason(int code);
/* Non-zero when the server closes the connection after sending `code`
 * (408, 413, 503, 505). */
int wsis_proto_code_closes(int code);

typedef enum {
	WSIS_PROTO_CMD_NONE = 0,       /* the line named no known command */
	WSIS_PROTO_CMD_HELLO,
	WSIS_PROTO_CMD_SEARCH,
	WSIS_PROTO_CMD_COUNT,
	WSIS_PROTO_CMD_MENTIONS,
	WSIS_PROTO_CMD_DOC,
	WSIS_PROTO_CMD_STATS,
	WSIS_PROTO_CMD_PING,
	WSIS_PROTO_CMD_RELOAD,
	WSIS_PROTO_CMD_QUIT,
	WSIS_PROTO_CMD_CITES,
	WSIS_PROTO_CMD_SUGGEST
} wsis_proto_cmd_t;

/* "SEARCH", ...; "" for WSIS_PROTO_CMD_NONE or an unknown value.  The
 * commands, with the options each accepts and its text argument, are the
 * command table's (command.h). */
const char *wsis_proto_cmd_name(wsis_proto_cmd_t cmd);

/* Bits of wsis_proto_request_t.opts: which options the line gave. */
enum {
	WSIS_PROTO_OPT_VERSION = 1u << 0,  /* HELLO version=N */
	WSIS_PROTO_OPT_OFFSET  = 1u << 1,
	WSIS_PROTO_OPT_LIMIT   = 1u << 2,
	WSIS_PROTO_OPT_SORT    = 1u << 3,
	WSIS_PROTO_OPT_PART    = 1u << 4,  /* repeatable: any of the parts */
	WSIS_PROTO_OPT_SECTION = 1u << 5,
	WSIS_PROTO_OPT_PARA    = 1u << 6,
	WSIS_PROTO_OPT_DAY     = 1u << 7,
	WSIS_PROTO_OPT_CONTEXT = 1u << 8,  /* MENTIONS */
	WSIS_PROTO_OPT_EXACT   = 1u << 9,  /* MENTIONS exact=0|1 */
	WSIS_PROTO_OPT_EXPLAIN = 1u << 10, /* SEARCH explain=0|1 */
	WSIS_PROTO_OPT_EXPAND  = 1u << 11, /* SEARCH expand=0|1 */
	WSIS_PROTO_OPT_TEXT    = 1u << 12, /* SEARCH, MENTIONS text=N|all */
	WSIS_PROTO_OPT_ALL     = (1u << 13) - 1
};

/* An option's name as a request line writes it ("offset"), NULL when `bit`
 * is not one WSIS_PROTO_OPT_* bit. */
const char *wsis_proto_opt_name(unsigned bit);

typedef enum {
	WSIS_PROTO_SORT_RELEVANCE = 0,
	WSIS_PROTO_SORT_DOC
} wsis_proto_sort_t;

/* Bytes inside a buffer; not NUL-terminated. */
typedef struct {
	const char *ptr;   /* NULL when absent */
	size_t      len;
} wsis_proto_str_t;

/* One parsed request line.  Strings point into the parsed buffer.  Fields
 * of options the line did not give keep the defaults of
 * wsis_proto_request_init(); check `opts` to tell them apart.  After an
 * error `cmd` still names the command when the line got that far (for
 * logs and counters); act on the return value, never on `cmd` alone. */
typedef struct {
	wsis_proto_cmd_t  cmd;
	unsigned          opts;        /* WSIS_PROTO_OPT_* given */
	uint32_t          version;     /* HELLO version= (protocol major) */
	uint32_t          offset;      /* default 0 */
	uint32_t          limit;       /* default 10; the server caps it */
	wsis_proto_sort_t sort;        /* default relevance */
	wsis_proto_str_t  parts[WSIS_PROTO_MAX_PARTS];
	size_t            nparts;
	wsis_proto_str_t  section;
	uint32_t          para_min, para_max;  /* inclusive, when OPT_PARA */
	uint32_t          day_min, day_max;    /* inclusive, when OPT_DAY */
	uint32_t          context;     /* default 60; the server caps it */
	int               exact;       /* MENTIONS: the words as typed only (default 0) */
	int               explain;     /* SEARCH: what made each hit's score (default 0) */
	int               expand;      /* SEARCH: expansion from the top hits, when
	                                * OPT_EXPAND (else the server's setting) */
	uint32_t          hit_text;    /* SEARCH, MENTIONS text=N: bytes of each
	                                * passage's text, when OPT_TEXT (else the
	                                * server's setting) */
	int               hit_text_all;/* text=all: each passage's text whole */
	/* The rest of the line: the query (SEARCH, COUNT, MENTIONS), the id
	 * (DOC), the client's name (HELLO).  Trimmed; len 0 when none. */
	wsis_proto_str_t  text;
	/* HTTP only (httpreq.h): the names of the query parameters the
	 * command does not take, which were ignored, each once, the first
	 * WSIS_PROTO_MAX_IGNORED of them; nignored counts them all.  A line
	 * has none: the protocol refuses an unknown option. */
	const char       *ignored[WSIS_PROTO_MAX_IGNORED];
	size_t            nignored;

	/* Set when the parser returns an error: the reply is
	 * "ERR <code> <message>", and when `close` is set the server closes
	 * the connection after sending it. */
	int               code;
	int               close;
	char              message[WSIS_PROTO_MSG_SIZE];
} wsis_proto_request_t;

/* Zeroes *req and sets cmd and the defaults (limit 10, context 60, sort by
 * relevance).  For a client about to call wsis_proto_write_request(). */
void wsis_proto_request_init(wsis_proto_request_t *req, wsis_proto_cmd_t cmd);

/* Parses the first request line of buf[0..len).
 *   WSIS_PROTO_OK: *req holds the request; *consumed is the line's length
 *     with its terminator; the next request starts at buf + *consumed.
 *   WSIS_PROTO_NEED_MORE: no complete line yet (and fewer than max_line
 *     bytes); *consumed is 0.  Call again when more bytes arrived.
 *   WSIS_PROTO_ERR_*: req->code, req->message and req->close say what to
 *     reply.  *consumed is the bad line's length, so the server can reply
 *     and go on with the next line; for WSIS_PROTO_ERR_TOO_LONG
 *     (req->close set) *consumed is len: the server replies and closes.
 * `max_line` is the longest line accepted, terminator included; 0 means
 * WSIS_PROTO_DEFAULT_MAX_LINE.  `buf` may be NULL when len is 0. */
wsis_proto_status_t wsis_proto_parse_request(const char *buf, size_t len,
    size_t max_line, wsis_proto_request_t *req, size_t *consumed);

/* The pieces of the request parser, for a front end that fills a request
 * without a line (httpreq.h): each checks and fails exactly as the parser
 * does on a line, filling req->code, req->message and req->close. */
struct wsis_command;

/* Fails the request: sets code (413 for WSIS_PROTO_ERR_TOO_LONG, 401 for
 * WSIS_PROTO_ERR_UNKNOWN_COMMAND, else 400), close and the message, and
 * returns `st`. */
wsis_proto_status_t wsis_proto_request_fail(wsis_proto_request_t *req,
    wsis_proto_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks s[0..n) as bytes of a request line: no NUL, no control byte but
 * TAB, valid UTF-8.  Messages name the byte as at + its offset. */
wsis_proto_status_t wsis_proto_check_bytes(const char *s, size_t n, size_t at,
    wsis_proto_request_t *req);

/* Applies option name[0..nlen) = v[0..vlen) for command `c`: an unknown
 * option, one `c` does not take, one given twice (but part=), a bad value.
 * String values (part=, section=) point into v. */
wsis_proto_status_t wsis_proto_set_option(wsis_proto_request_t *req,
    const struct wsis_command *c, const char *name, size_t nlen,
    const char *v, size_t vlen);

/* Checks req->text against `c`: none where it takes none, some where it
 * needs some. */
wsis_proto_status_t wsis_proto_check_text(wsis_proto_request_t *req,
    const struct wsis_command *c);

/* Appends `req` as one request line that wsis_proto_parse_request() parses
 * back to the same command, options and text.  Only the options in
 * req->opts are written, with the arguments the command accepts.
 * The text is written after "--", trimmed, with each LF, CR, VT and FF
 * folded into a space (a query is whitespace-separated words, so this keeps
 * its meaning; TAB is kept); other control bytes, NUL and invalid UTF-8 in
 * the text, and
 * string option values that are empty or hold '"' or a control byte, give
 * WSIS_PROTO_ERR_ARG.  A line longer than max_line (0: the default) gives
 * WSIS_PROTO_ERR_TOO_LONG.  On error, `err` (may be NULL) gets a message. */
wsis_proto_status_t wsis_proto_write_request(wsis_buf_t *out,
    const wsis_proto_request_t *req, size_t max_line, char *err, size_t errlen);

/* ---- replies ----------------------------------------------------------- */

/* "WSIS <major>.<minor> <software>\n".  `software` ("wsis-searchd/0.1.0")
 * has control bytes replaced by spaces. */
wsis_proto_status_t wsis_proto_write_greeting(wsis_buf_t *out,
    const char *software);

/* The head of an OK reply, "OK <len>\n", written into `head` (at least
 * WSIS_PROTO_OK_HEAD_MAX bytes, not NUL-terminated): its length, or 0 when
 * len is past WSIS_PROTO_MAX_PAYLOAD.  The reply is the head, the payload
 * and "\n": a writer holding the payload may send the three as they are. */
#define WSIS_PROTO_OK_HEAD_MAX 24
size_t wsis_proto_ok_head(char *head, size_t len);

/* "OK <len>\n" + payload + "\n".  The payload is any bytes (a JSON
 * document); WSIS_PROTO_ERR_TOO_LARGE past WSIS_PROTO_MAX_PAYLOAD. */
wsis_proto_status_t wsis_proto_write_ok(wsis_buf_t *out, const char *payload,
    size_t len);

/* "ERR <code> <msg>\n".  `code` must be 100..999 (WSIS_PROTO_ERR_ARG
 * otherwise); `msg` NULL or "" writes the code's reason.  The message is
 * cleaned: control bytes become spaces, invalid UTF-8 becomes '?', and it
 * is cut to WSIS_PROTO_MAX_ERRMSG bytes. */
wsis_proto_status_t wsis_proto_write_error(wsis_buf_t *out, int code,
    const char *msg);

typedef enum {
	WSIS_PROTO_REPLY_OK = 1,
	WSIS_PROTO_REPLY_ERR,
	WSIS_PROTO_REPLY_GREETING
} wsis_proto_reply_kind_t;

/* One parsed reply; strings point into the parsed buffer. */
typedef struct {
	wsis_proto_reply_kind_t kind;
	wsis_proto_str_t payload;     /* OK: the payload (len may be 0) */
	int              code;        /* ERR: 100..999 */
	wsis_proto_str_t message;     /* ERR: the message (may be empty) */
	unsigned         major, minor;/* GREETING: protocol version */
	wsis_proto_str_t software;    /* GREETING: "wsis-searchd/0.1.0" */
} wsis_proto_reply_t;

/* Parses the first reply (or the greeting) in buf[0..len).
 *   WSIS_PROTO_OK: *reply is filled; *consumed bytes belong to it.
 *   WSIS_PROTO_NEED_MORE: the status line or the payload is incomplete.
 *   WSIS_PROTO_ERR_BAD_REPLY, WSIS_PROTO_ERR_TOO_LARGE: the stream is not
 *     a wsis-searchd reply stream; the client must close the connection.
 * A payload length is never trusted past WSIS_PROTO_MAX_PAYLOAD, and a
 * status line past WSIS_PROTO_MAX_STATUS_LINE bytes is an error. */
wsis_proto_status_t wsis_proto_parse_reply(const char *buf, size_t len,
    wsis_proto_reply_t *reply, size_t *consumed);

#endif
