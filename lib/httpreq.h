/* httpreq.h - an HTTP API request (a route's command, the decoded query
 * string, the path's argument) filled straight into a wsis_proto_request_t,
 * checked as the native parser checks the line that says the same.  Pure:
 * no I/O, no globals, no allocation.
 */
#ifndef WSIS_HTTPREQ_H
#define WSIS_HTTPREQ_H

#include <stddef.h>

#include "command.h"
#include "proto.h"
#include "qstring.h"

/* A path argument ("/doc/{id}") is at most this many bytes, decoded. */
#define WSIS_HTTPREQ_MAX_ARG 512

/* Fills *req for command `c` (wsis_cmd_by_route) from the query string
 * `qs` (NULL: none) and, for a prefix route, the path's argument
 * arg[0..arglen), percent-decoded (NULL for other routes).
 *
 * The parameters are q= (the text argument, where the command takes one;
 * only the first q= counts) and the command's options by their protocol
 * names (limit=, offset=, sort=, part= repeated, section=, para=, day=,
 * context=, exact=), in any order; a prefix route takes none.  Any other
 * parameter (a prefix route's every one) is ignored: its name goes in
 * req->ignored (each name once), its value is not looked at.  Each value
 * is checked as the protocol checks that option, and the request fails as
 * wsis_proto_parse_request() fails on the line
 *     NAME name=value ... -- q\n
 * (values with a space quoted): the same status, code, message and close,
 * the line's length against `max_line` (0: WSIS_PROTO_DEFAULT_MAX_LINE)
 * included.  Failures the line cannot have (an empty value, a quote or
 * control byte in one, a bad path argument) give WSIS_PROTO_ERR_OPTION or WSIS_PROTO_ERR_SYNTAX
 * with code 400.
 *
 * q's LF, CR and TAB are made spaces in place (a query is words), so `qs`
 * is written to.  Lifetime: req's strings (text, parts, section, ignored)
 * point into qs's storage and into `arg`; they are valid until
 * wsis_qstring_free(qs) and while `arg` is kept. */
wsis_proto_status_t wsis_httpreq_parse(const wsis_command_t *c,
    wsis_qstring_t *qs, const char *arg, size_t arglen, size_t max_line,
    wsis_proto_request_t *req);

#endif
