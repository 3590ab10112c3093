/* hostport.h - a network address as people write it on a command line or
 * in a config file: "HOST:PORT" or "[IPV6]:PORT"; where the caller allows
 * it, "HOST" or "[IPV6]" alone, and a Unix socket as "unix:PATH" or a path
 * starting with '/'.  One parser for the daemon's listeners, the client,
 * the load generator, the test tools and remote shards ("tcp:HOST:PORT").
 *
 * Pure: no I/O, no name lookup, no allocation.  An IPv6 address must be in
 * brackets ("::1:7711" could be an address or an address and a port).  A
 * host is any run of bytes without blanks, control bytes, brackets or '/'
 * (a name or a numeric address: the caller resolves it); a port is one to
 * five ASCII digits.  A port alone ("7711") is WSIS_HOSTPORT_LOOPBACK and
 * that port, whatever the flags: a program's addresses are local unless a
 * host is written. */
#ifndef WSIS_HOSTPORT_H
#define WSIS_HOSTPORT_H

#include <stddef.h>
#include <sys/un.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a caller accepts beyond HOST:PORT with a port from 1 to 65535. */
#define WSIS_HOSTPORT_PORT_ZERO     0x1  /* port 0: a listener the system gives a port */
#define WSIS_HOSTPORT_PORT_OPTIONAL 0x2  /* HOST alone: port[] stays "" */
#define WSIS_HOSTPORT_UNIX          0x4  /* "unix:PATH" and "/PATH" */

#define WSIS_HOSTPORT_LOOPBACK "127.0.0.1"  /* the host of a bare port */
#define WSIS_HOSTPORT_HOST_MAX 255       /* bytes of a host, brackets not counted */

typedef struct {
	int      is_unix;   /* 1: a Unix socket, `path` set; 0: host and port */
	char     host[WSIS_HOSTPORT_HOST_MAX + 1];  /* without brackets */
	char     port[6];   /* decimal without leading zeros, for getaddrinfo();
	                     * "" when none was written */
	unsigned port_num;  /* the same as a number; 0 when none was written */
	char     path[sizeof ((struct sockaddr_un *)0)->sun_path];
} wsis_hostport_t;

/* Parses `spec` into *out (zeroed first).  `flags` is an OR of the
 * WSIS_HOSTPORT_* above.  Returns 0, or -1 with a message for people in
 * err[0..errlen) that quotes the spec (control bytes are refused before
 * anything is quoted). */
int wsis_hostport_parse(const char *spec, unsigned flags, wsis_hostport_t *out,
    char *err, size_t errlen);

/* An address as the logs name it, in the syntax wsis_hostport_parse()
 * reads: "HOST:PORT" for IPv4, "[V6]:PORT" for IPv6, "unix" for anything
 * else, after `prefix` ("" or "http:"); cut to outlen - 1 bytes. */
struct sockaddr;
void wsis_hostport_format(const struct sockaddr *sa, const char *prefix, char *out,
    size_t outlen);

#ifdef __cplusplus
}
#endif

#endif
