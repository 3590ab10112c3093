/* client.c - wsis-search: the command-line client of wsis-searchd.
 *
 *   wsis-search [options] QUERY...          SEARCH (ranked hits)
 *   wsis-search [options] count QUERY...    COUNT (or --count)
 *   wsis-search [options] mentions QUERY... MENTIONS (every occurrence)
 *   wsis-search [options] doc ID            DOC (one passage, whole)
 *   wsis-search [options] cites [TEXT]      CITES (the citation index)
 *   wsis-search [options] stats | ping      STATS, PING
 *
 * The command line becomes a checked request line (args.c) before
 * anything is sent; the reply is read under a time limit (remote.c),
 * parsed as JSON (lib/json.c) and printed as text (output.c) or as the
 * server's own JSON (--json).
 *
 * Exit status: 0 success (a search or count with hits), 1 a search or
 * count without hits, 2 a usage, connection or server error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "buf.h"
#include "clock.h"
#include "json.h"
#include "audit.h"
#include "cites.h"
#include "output.h"
#include "proto.h"
#include "remote.h"

enum {
	CLIENT_EXIT_OK = 0,
	CLIENT_EXIT_NO_HITS = 1,
	CLIENT_EXIT_ERROR = 2
};

#define CLIENT_ERRLEN 1024

static int
client_use_color(int mode)
{
	const char *term = getenv("TERM");

	if (mode != ARGS_COLOR_AUTO)
		return mode == ARGS_COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && term != NULL && term[0] != '\0' &&
	    strcmp(term, "dumb") != 0 && getenv("NO_COLOR") == NULL;
}

static double
client_now_ms(void)
{
	return wsis_clock_s() * 1e3;
}

/* The payload as it came, on one line: in a valid JSON document LF and CR
 * can only be white space between tokens. */
static int
client_raw_json(wsis_buf_t *out, const char *p, size_t len)
{
	size_t i, start = out->len;

	if (wsis_buf_append(out, p, len) != 0 || wsis_buf_putc(out, '\n') != 0)
		return -1;
	for (i = start; i + 1 < out->len; i++)
		if (out->data[i] == '\n' || out->data[i] == '\r')
			out->data[i] = ' ';
	return 0;
}

/* The count that decides the exit status: SEARCH and COUNT's "total",
 * MENTIONS' "total_passages" (when the server sends it). */
static int
client_total(wsis_proto_cmd_t cmd, const wsis_json_t *reply, double *total,
    char *err, size_t errlen)
{
	*total = 1;
	if (cmd == WSIS_PROTO_CMD_SEARCH || cmd == WSIS_PROTO_CMD_COUNT)
		return output_total(reply, "total", total, err, errlen);
	if ((cmd == WSIS_PROTO_CMD_MENTIONS || cmd == WSIS_PROTO_CMD_CITES) &&
	    wsis_json_get(reply, "total_passages") != NULL)
		return output_total(reply, "total_passages", total, err, errlen);
	return 0;
}

/* Formats the reply into out; returns an exit status. */
static int
client_print(const args_t *a, const wsis_json_t *reply,
    const wsis_proto_reply_t *raw, double rtt_ms, wsis_buf_t *out)
{
	char err[CLIENT_ERRLEN] = "out of memory";
	double total;
	int rc;

	rc = client_total(a->cmd->id, reply, &total, err, sizeof err);
	if (rc == 0 && a->json) {
		rc = client_raw_json(out, raw->payload.ptr, raw->payload.len);
	} else if (rc == 0) {
		switch (a->cmd->id) {
		case WSIS_PROTO_CMD_SEARCH:
			rc = output_search(out, reply, client_use_color(a->color),
			    &total, err, sizeof err);
			break;
		case WSIS_PROTO_CMD_COUNT:
			rc = output_count(out, reply, &total, err, sizeof err);
			break;
		case WSIS_PROTO_CMD_MENTIONS:
			rc = a->csv ? audit_csv(out, reply, err, sizeof err) :
			    audit_text(out, reply, client_use_color(a->color), err, sizeof err);
			break;
		case WSIS_PROTO_CMD_CITES:
			rc = a->csv ? cites_csv(out, reply, err, sizeof err) :
			    cites_text(out, reply, err, sizeof err);
			break;
		case WSIS_PROTO_CMD_DOC:
			rc = output_doc(out, reply, err, sizeof err);
			break;
		case WSIS_PROTO_CMD_STATS:
			rc = output_stats(out, reply, err, sizeof err);
			break;
		default:
			rc = output_ping(out, reply, rtt_ms, err, sizeof err);
			break;
		}
	}
	if (rc != 0) {
		output_error("%s", err);
		return CLIENT_EXIT_ERROR;
	}
	return total > 0 ? CLIENT_EXIT_OK : CLIENT_EXIT_NO_HITS;
}

/* Connects, sends the request line, prints the reply; an exit status. */
static int
client_run(const args_t *a)
{
	char err[CLIENT_ERRLEN];
	wsis_buf_t out = WSIS_BUF_INIT;
	wsis_proto_reply_t reply;
	wsis_json_t *json = NULL;
	remote_t r;
	double t0, rtt;
	int rc = CLIENT_EXIT_ERROR;

	if (remote_open(&r, &a->addr, a->timeout_s == 0 ? -1 :
	    (int)a->timeout_s * 1000, err, sizeof err) != 0) {
		output_error("%s", err);
		return CLIENT_EXIT_ERROR;
	}
	t0 = client_now_ms();
	if (remote_call(&r, a->line.data, a->line.len, &reply, err,
	    sizeof err) != 0) {
		output_error("%s", err);
		goto out;
	}
	rtt = client_now_ms() - t0;
	if (reply.kind == WSIS_PROTO_REPLY_ERR) {
		remote_error_text(&reply, err, sizeof err);
		output_error("%s", err);
		goto out;
	}
	if (wsis_json_parse(reply.payload.ptr, reply.payload.len, &json, err,
	    sizeof err) != 0) {
		output_error("malformed JSON in the reply: %s", err);
		goto out;
	}
	output_partial(json);
	rc = client_print(a, json, &reply, rtt, &out);
	if (rc != CLIENT_EXIT_ERROR && out.len > 0 &&
	    (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0)) {
		output_error("cannot write the output: %s", strerror(errno));
		rc = CLIENT_EXIT_ERROR;
	}
out:
	wsis_json_free(json);
	wsis_buf_free(&out);
	remote_close(&r);
	return rc;
}

int
main(int argc, char **argv)
{
	args_t a;
	int rc;

	switch (args_parse(argc, argv, &a)) {
	case ARGS_RUN:
		rc = client_run(&a);
		break;
	case ARGS_DONE:
		rc = fflush(stdout) == 0 ? CLIENT_EXIT_OK : CLIENT_EXIT_ERROR;
		break;
	default:
		rc = CLIENT_EXIT_ERROR;
		break;
	}
	args_free(&a);
	return rc;
}
