/* rawsock.c - a test tool: sends its standard input to a socket as raw
 * bytes and prints what comes back, so tests can speak the protocol byte by
 * byte (split writes, garbage, half-closes) without any other program.
 *
 *   rawsock [-t HOST:PORT | -u PATH] [-c CHUNK] [-d DELAY_MS] [-n] [-W MS]
 *           [-R BYTES] [-H] [-T TIMEOUT_S] [-G] [-X]
 *   -c CHUNK   write at most CHUNK bytes at a time (default: all at once)
 *   -d MS      sleep MS milliseconds between chunks
 *   -n         do not half-close after sending (wait for the server to close)
 *   -W MS      after sending, wait MS ms before reading (slow reader)
 *   -R BYTES   a TCP receive buffer of BYTES (SO_RCVBUF, set before
 *              connecting: the window the server may fill stays small)
 *   -H         hold: read nothing between chunks either (with -d, the
 *              replies pile up in the socket until everything is sent)
 *   -T S       give up after S seconds without the server closing: exit 3
 *   -G         wait for the server's first line (its greeting) before
 *              sending, and print it
 *   -X         vanish: once everything is sent (and -W has passed), close
 *              with a reset (linger 0) and read nothing more; exit 0
 * Exit: 0 when the server closed, 3 on timeout, 2 on a connection error.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "hostport.h"

static int
rawsock_connect_tcp(const char *spec, int rcvbuf)
{
	wsis_hostport_t hp;
	struct addrinfo hints, *res, *ai;
	int fd = -1;

	if (wsis_hostport_parse(spec, 0, &hp, NULL, 0) != 0)
		return -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(hp.host, hp.port, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, 0);
		if (fd >= 0 && rcvbuf > 0)
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static int
rawsock_connect_unix(const char *path)
{
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || strlen(path) >= sizeof sun.sun_path)
		return -1;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
rawsock_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Prints whatever the server sent so far (non-blocking). */
static int
rawsock_drain(int fd, int wait_ms)
{
	char buf[65536];
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	while (poll(&p, 1, wait_ms) > 0) {
		n = read(fd, buf, sizeof buf);
		if (n <= 0)
			return n == 0 ? 1 : -1;
		fwrite(buf, 1, (size_t)n, stdout);
		wait_ms = 0;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *tcp = "127.0.0.1:7711", *unix_path = NULL;
	size_t chunk = 0, len = 0, cap = 65536, off;
	long delay = 0, wait_ms = 0, timeout = 10;
	int halfclose = 1, vanish = 0, greeting = 0, c, fd, closed = 0, rcvbuf = 0, hold = 0;
	char *data = malloc(cap);
	ssize_t n;
	time_t start;

	while ((c = getopt(argc, argv, "t:u:c:d:nW:R:HT:GX")) != -1) {
		switch (c) {
		case 't': tcp = optarg; break;
		case 'u': unix_path = optarg; break;
		case 'c': chunk = strtoul(optarg, NULL, 10); break;
		case 'd': delay = strtol(optarg, NULL, 10); break;
		case 'n': halfclose = 0; break;
		case 'W': wait_ms = strtol(optarg, NULL, 10); break;
		case 'R': rcvbuf = (int)strtol(optarg, NULL, 10); break;
		case 'H': hold = 1; break;
		case 'T': timeout = strtol(optarg, NULL, 10); break;
		case 'G': greeting = 1; break;
		case 'X': vanish = 1; break;
		default: return 2;
		}
	}
	while (data != NULL && (n = read(STDIN_FILENO, data + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap)
			data = realloc(data, cap *= 2);
	}
	if (data == NULL)
		return 2;
	fd = unix_path ? rawsock_connect_unix(unix_path) : rawsock_connect_tcp(tcp, rcvbuf);
	if (fd < 0) {
		fprintf(stderr, "rawsock: cannot connect: %s\n", strerror(errno));
		free(data);
		return 2;
	}
	if (greeting) {
		struct pollfd p = { fd, POLLIN, 0 };
		char ch;

		/* byte by byte up to the line's end: nothing after it is taken */
		while (poll(&p, 1, (int)(timeout * 1000)) > 0 && read(fd, &ch, 1) == 1) {
			fputc(ch, stdout);
			if (ch == '\n')
				break;
		}
	}
	if (chunk == 0)
		chunk = len ? len : 1;
	for (off = 0; off < len && !closed;) {
		size_t k = len - off < chunk ? len - off : chunk;
		n = send(fd, data + off, k, MSG_NOSIGNAL);
		if (n < 0)
			break;   /* the server closed on us: read what it said */
		off += (size_t)n;
		if (delay > 0) {
			rawsock_sleep_ms(delay);
			if (!hold)
				closed = rawsock_drain(fd, 0) != 0;
		}
	}
	if (vanish) {
		struct linger lg = { 1, 0 };

		if (wait_ms > 0)
			rawsock_sleep_ms(wait_ms);
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		close(fd);
		free(data);
		return 0;
	}
	if (halfclose)
		shutdown(fd, SHUT_WR);
	if (wait_ms > 0)
		rawsock_sleep_ms(wait_ms);
	start = time(NULL);
	while (!closed) {
		int r = rawsock_drain(fd, 200);
		if (r != 0)
			break;
		if (time(NULL) - start >= timeout) {
			fflush(stdout);
			close(fd);
			free(data);
			return 3;
		}
	}
	fflush(stdout);
	close(fd);
	free(data);
	return 0;
}
