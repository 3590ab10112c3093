/* apidoc.h - the documents that describe the HTTP API to programs:
 * /opensearch.xml (an OpenSearch 1.1 description: the search page's, the
 * JSON API's and the suggestions' URL templates) and /openapi.json (an
 * OpenAPI 3.1 description of every route, doc/openapi.json built in). */
#ifndef SEARCHD_APIDOC_H
#define SEARCHD_APIDOC_H

#include <stddef.h>

#include "buf.h"

/* doc/openapi.json, its doc_openapi_json_len bytes (searchd/webfiles.c,
 * made from it by web/embed.sh). */
extern const unsigned char doc_openapi_json[];
extern const size_t doc_openapi_json_len;

/* Whether host[0..len) is a Host field's value fit to go in a URL as it
 * is: a name, an IPv4 address or a bracketed IPv6 one, and a port; at
 * most 255 bytes. */
int apidoc_host_ok(const char *host, size_t len);

/* Appends the OpenSearch description whose URLs begin with `base`
 * ("http://127.0.0.1:7780", no '/' at its end; it is XML-escaped).
 * Returns 0 or -1 (out of memory). */
int apidoc_opensearch(const char *base, wsis_buf_t *out);

#endif
