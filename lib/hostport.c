/* hostport.c - "HOST:PORT", "[IPV6]:PORT" and Unix socket paths
 * (hostport.h). */
#include "hostport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "errmsg.h"

/* 1 to 5 ASCII digits; the value in *v. */
static int
hostport_port(const char *s, size_t len, unsigned *v)
{
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	*v = 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return 0;
}

/* No blanks, control bytes, brackets or '/' in a host, and at least one
 * byte. */
static int
hostport_host_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == '[' || c == ']' || c == '/')
			return 0;
	}
	return 1;
}

static int
hostport_unix(const char *spec, wsis_hostport_t *out, char *err, size_t errlen)
{
	const char *path = spec[0] == '/' ? spec : spec + 5;
	size_t n = strlen(path);

	if (n == 0)
		return wsis_errmsg(err, errlen, "unix: needs a socket path");
	if (n >= sizeof out->path)
		return wsis_errmsg(err, errlen, "socket path longer than %zu bytes",
		    sizeof out->path - 1);
	out->is_unix = 1;
	memcpy(out->path, path, n + 1);
	return 0;
}

int
wsis_hostport_parse(const char *spec, unsigned flags, wsis_hostport_t *out,
    char *err, size_t errlen)
{
	const char *host, *port = NULL, *colon, *end;
	size_t hostlen, portlen = 0, n = strlen(spec), i;
	unsigned lowest = flags & WSIS_HOSTPORT_PORT_ZERO ? 0 : 1;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return wsis_errmsg(err, errlen, "empty address");
	for (i = 0; i < n; i++)
		if ((unsigned char)spec[i] < ' ' || spec[i] == 0x7f)
			return wsis_errmsg(err, errlen, "control character in the "
			    "address");
	if ((flags & WSIS_HOSTPORT_UNIX) &&
	    (strncmp(spec, "unix:", 5) == 0 || spec[0] == '/'))
		return hostport_unix(spec, out, err, errlen);
	/* digits alone are a port on the loopback address, never a host */
	if (strspn(spec, "0123456789") == n) {
		if (hostport_port(spec, n, &out->port_num) != 0 ||
		    out->port_num < lowest || out->port_num > 65535)
			return wsis_errmsg(err, errlen, "\"%s\": the port must be a "
			    "number from %u to 65535", spec, lowest);
		snprintf(out->host, sizeof out->host, "%s", WSIS_HOSTPORT_LOOPBACK);
		snprintf(out->port, sizeof out->port, "%u", out->port_num);
		return 0;
	}

	if (spec[0] == '[') {
		if ((end = strchr(spec, ']')) == NULL)
			return wsis_errmsg(err, errlen, "\"%s\": no ']' after the "
			    "IPv6 address", spec);
		host = spec + 1;
		hostlen = (size_t)(end - host);
		if (end[1] == ':') {
			port = end + 2;
			portlen = strlen(port);
		} else if (end[1] != '\0') {
			return wsis_errmsg(err, errlen, "\"%s\": expected ':PORT' "
			    "after ']'", spec);
		}
	} else {
		host = spec;
		colon = strchr(spec, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			return wsis_errmsg(err, errlen, "\"%s\": write an IPv6 "
			    "address in brackets, as in [::1]:7711", spec);
		if (colon != NULL) {
			hostlen = (size_t)(colon - spec);
			port = colon + 1;
			portlen = strlen(port);
		} else {
			hostlen = n;
		}
	}
	if (!hostport_host_ok(host, hostlen))
		return wsis_errmsg(err, errlen, "\"%s\": no valid host name", spec);
	if (hostlen > WSIS_HOSTPORT_HOST_MAX)
		return wsis_errmsg(err, errlen, "host name longer than %d bytes",
		    WSIS_HOSTPORT_HOST_MAX);
	memcpy(out->host, host, hostlen);
	out->host[hostlen] = '\0';
	if (port == NULL) {
		if (!(flags & WSIS_HOSTPORT_PORT_OPTIONAL))
			return wsis_errmsg(err, errlen, "\"%s\": expected HOST:PORT",
			    spec);
		return 0;
	}
	if (hostport_port(port, portlen, &out->port_num) != 0 ||
	    out->port_num < lowest || out->port_num > 65535)
		return wsis_errmsg(err, errlen, "\"%s\": the port must be a number "
		    "from %u to 65535", spec, lowest);
	snprintf(out->port, sizeof out->port, "%u", out->port_num);
	return 0;
}

void
wsis_hostport_format(const struct sockaddr *sa, const char *prefix, char *out,
    size_t outlen)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in4 = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
		port = ntohs(in4->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		port = ntohs(in6->sin6_port);
	} else {
		snprintf(out, outlen, "%sunix", prefix);
		return;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(out, outlen, "%s[%s]:%u", prefix, host, port);
	else
		snprintf(out, outlen, "%s%s:%u", prefix, host, port);
}
