/* test-hostport.c - lib/hostport.c: a table of addresses each caller's
 * flags accept or refuse, what a good one parses into, and the message a
 * bad one gets. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "hostport.h"
#include "tap.h"

#define ZERO WSIS_HOSTPORT_PORT_ZERO
#define OPT  WSIS_HOSTPORT_PORT_OPTIONAL
#define UNIX WSIS_HOSTPORT_UNIX

static const struct good {
	const char *spec;
	unsigned    flags;
	const char *host, *port, *path;   /* path: a Unix socket */
} goods[] = {
	{ "127.0.0.1:7711", 0, "127.0.0.1", "7711", NULL },
	{ "localhost:1", 0, "localhost", "1", NULL },
	{ "example.org:65535", 0, "example.org", "65535", NULL },
	{ "[::1]:7711", 0, "::1", "7711", NULL },
	{ "[fe80::1%eth0]:80", 0, "fe80::1%eth0", "80", NULL },
	{ "10.0.0.2:07000", 0, "10.0.0.2", "7000", NULL },
	{ "127.0.0.1:0", ZERO, "127.0.0.1", "0", NULL },
	{ "[::]:0", ZERO, "::", "0", NULL },
	{ "127.0.0.1", OPT, "127.0.0.1", "", NULL },
	{ "[::1]", OPT, "::1", "", NULL },
	{ "host:99", OPT, "host", "99", NULL },
	{ "unix:/run/wsis.sock", UNIX, NULL, NULL, "/run/wsis.sock" },
	{ "unix:rel.sock", UNIX, NULL, NULL, "rel.sock" },
	{ "/tmp/s", UNIX | OPT, NULL, NULL, "/tmp/s" },
	{ "7711", 0, "127.0.0.1", "7711", NULL },
	{ "7711", OPT | UNIX, "127.0.0.1", "7711", NULL },
	{ "0", ZERO, "127.0.0.1", "0", NULL },
	{ "00080", 0, "127.0.0.1", "80", NULL },
};

static const struct bad {
	const char *spec;
	unsigned    flags;
	const char *why;     /* a part of the message */
} bads[] = {
	{ "", 0, "empty address" },
	{ "a\tb:1", 0, "control character" },
	{ "a:1\x7f", 0, "control character" },
	{ ":7711", 0, "no valid host name" },
	{ "[]:7711", 0, "no valid host name" },
	{ "a b:1", 0, "no valid host name" },
	{ "a/b:1", 0, "no valid host name" },
	{ "127.0.0.1:0", 0, "from 1 to 65535" },
	{ "127.0.0.1:65536", 0, "from 1 to 65535" },
	{ "127.0.0.1:65536", ZERO, "from 0 to 65535" },
	{ "127.0.0.1:99999", ZERO, "from 0 to 65535" },
	{ "127.0.0.1:000001", 0, "from 1 to 65535" },
	{ "127.0.0.1:", 0, "from 1 to 65535" },
	{ "127.0.0.1:-1", ZERO, "from 0 to 65535" },
	{ "127.0.0.1:+80", 0, "from 1 to 65535" },
	{ "127.0.0.1: 80", 0, "from 1 to 65535" },
	{ "127.0.0.1:80x", 0, "from 1 to 65535" },
	{ "127.0.0.1:80 ", 0, "from 1 to 65535" },
	{ "127.0.0.1", 0, "expected HOST:PORT" },
	{ "[::1]", 0, "expected HOST:PORT" },
	{ "[::1:7711", 0, "no ']'" },
	{ "::1]:7711", 0, "in brackets" },
	{ "::1:7711", 0, "in brackets" },
	{ "::1:7711", ZERO | OPT | UNIX, "in brackets" },
	{ "[::1]7711", 0, "expected ':PORT' after ']'" },
	{ "[::1]:7711x", 0, "from 1 to 65535" },
	{ "[::1]]:7711", 0, "expected ':PORT' after ']'" },
	{ "[[::1]]:7711", 0, "expected ':PORT' after ']'" },
	{ "/tmp/s", 0, "no valid host name" },
	{ "unix:/tmp/s", 0, "from 1 to 65535" },
	{ "unix:", UNIX, "needs a socket path" },
	{ "0", 0, "from 1 to 65535" },
	{ "65536", ZERO | OPT, "from 0 to 65535" },
	{ "123456", OPT, "from 1 to 65535" },
};

static void
test_good(void)
{
	wsis_hostport_t hp;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		const struct good *g = &goods[i];
		int rc = wsis_hostport_parse(g->spec, g->flags, &hp, err, sizeof err);

		if (!ok(rc == 0, "\"%s\" (flags %u) parses", g->spec, g->flags)) {
			printf("#   %s\n", err);
			continue;
		}
		if (g->path != NULL) {
			ok(hp.is_unix && strcmp(hp.path, g->path) == 0,
			    "\"%s\": the socket %s", g->spec, g->path);
			continue;
		}
		ok(!hp.is_unix && strcmp(hp.host, g->host) == 0 &&
		    strcmp(hp.port, g->port) == 0, "\"%s\": host %s, port \"%s\"",
		    g->spec, g->host, g->port);
		is_int(hp.port_num, g->port[0] ? atoi(g->port) : 0, "\"%s\": port_num",
		    g->spec);
	}
}

static void
test_bad(void)
{
	wsis_hostport_t hp;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		const struct bad *b = &bads[i];

		err[0] = '\0';
		if (!ok(wsis_hostport_parse(b->spec, b->flags, &hp, err, sizeof err) == -1 &&
		    strstr(err, b->why) != NULL, "refused (flags %u): %s", b->flags,
		    b->why))
			printf("#   got \"%s\"\n", err);
	}
}

/* The limits: a host of 255 bytes fits, 256 do not; a socket path of
 * sizeof sun_path - 1 bytes fits, one more does not. */
static void
test_lengths(void)
{
	wsis_hostport_t hp;
	char spec[600], err[256];
	size_t plen = sizeof hp.path;

	memset(spec, 'h', WSIS_HOSTPORT_HOST_MAX);
	strcpy(spec + WSIS_HOSTPORT_HOST_MAX, ":80");
	ok(wsis_hostport_parse(spec, 0, &hp, err, sizeof err) == 0 &&
	    strlen(hp.host) == WSIS_HOSTPORT_HOST_MAX, "a host of 255 bytes");
	memset(spec, 'h', WSIS_HOSTPORT_HOST_MAX + 1);
	strcpy(spec + WSIS_HOSTPORT_HOST_MAX + 1, ":80");
	ok(wsis_hostport_parse(spec, 0, &hp, err, sizeof err) == -1 &&
	    strstr(err, "longer than 255") != NULL, "a host of 256 bytes: %s", err);
	memset(spec, 'h', 500);
	strcpy(spec + 500, ":80");
	ok(wsis_hostport_parse(spec, 0, &hp, err, sizeof err) == -1,
	    "an overlong spec is refused, its message cut to the buffer");
	ok(wsis_hostport_parse(spec, 0, &hp, NULL, 0) == -1, "no message buffer");

	spec[0] = '/';
	memset(spec + 1, 's', plen - 2);
	spec[plen - 1] = '\0';
	ok(wsis_hostport_parse(spec, UNIX, &hp, err, sizeof err) == 0 &&
	    strlen(hp.path) == plen - 1, "a socket path of %zu bytes", plen - 1);
	spec[plen - 1] = 's';
	spec[plen] = '\0';
	ok(wsis_hostport_parse(spec, UNIX, &hp, err, sizeof err) == -1 &&
	    strstr(err, "socket path longer") != NULL, "one byte more: %s", err);
}

/* A peer's address as the query log names it. */
static void
test_format(void)
{
	struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons(7711) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(80) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	char out[64];

	inet_pton(AF_INET, "127.0.0.1", &in4.sin_addr);
	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	wsis_hostport_format((struct sockaddr *)&in4, "", out, sizeof out);
	is_str(out, "127.0.0.1:7711", "format: an IPv4 peer");
	wsis_hostport_format((struct sockaddr *)&in6, "http:", out, sizeof out);
	is_str(out, "http:[::1]:80", "format: an IPv6 peer, in brackets, after a prefix");
	wsis_hostport_format((struct sockaddr *)&un, "", out, sizeof out);
	is_str(out, "unix", "format: a Unix socket peer");
	wsis_hostport_format((struct sockaddr *)&in4, "", out, 6);
	is_str(out, "127.0", "format: cut to the buffer");
}

int
main(void)
{
	test_format();
	test_good();
	test_bad();
	test_lengths();
	return tap_done();
}
