/* args.h - wsis-search's command line: the commands, the options, the
 * server address, and the request they make.
 *
 * args_parse() checks everything a request needs before anything is
 * sent: numbers and ranges, option/command combinations, the address, and
 * (through wsis_proto_write_request) the query's bytes and length.
 */
#ifndef WSIS_CLIENT_ARGS_H
#define WSIS_CLIENT_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "command.h"
#include "proto.h"
#include "remote.h"

enum { ARGS_COLOR_AUTO, ARGS_COLOR_ALWAYS, ARGS_COLOR_NEVER };

/* The parsed command line. */
typedef struct {
	const wsis_command_t *cmd;       /* of the command table: client ones */
	remote_addr_t        addr;       /* --socket, --server, $WSIS_SERVER */
	unsigned             timeout_s;  /* --timeout; 0: none */
	int                  json;       /* --json */
	int                  csv;        /* --csv (mentions) */
	int                  color;      /* ARGS_COLOR_* */
	wsis_proto_request_t req;        /* the request; strings in argv */
	wsis_buf_t           text;       /* the query: operands joined */
	wsis_buf_t           line;       /* the request line to send */
} args_t;

typedef enum {
	ARGS_RUN = 0,   /* *a is ready: connect and send a->line */
	ARGS_DONE,      /* --help or --version was printed: exit 0 */
	ARGS_USAGE      /* a message is on stderr: exit 2 */
} args_status_t;

/* Parses argv into *a (free with args_free() whatever it returns). */
args_status_t args_parse(int argc, char **argv, args_t *a);
void args_free(args_t *a);

/* A number from 0 to 2^32-1 in s[0..len): ASCII digits only (no sign,
 * blank or anything else).  Returns 0 or -1. */
int args_parse_u32(const char *s, size_t len, uint32_t *out);
/* A range N, A..B, A.. or ..B (open ends: 0, 2^32-1), A <= B. */
int args_parse_range(const char *s, uint32_t *lo, uint32_t *hi);

#endif
