/* log.c - stderr or syslog logging (log.h). */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static int log_level = LOG_LEVEL_INFO;
static int log_syslog;

/* The process id, asked of the kernel once per process: glibc does not
 * cache it, and with a query line per request it would be a system call
 * per request.  The daemon forks after start-up: the child forgets the
 * parent's (pthread_atfork, in log_open()).  Workers log too: atomics. */
static pid_t log_cached_pid;

static void
log_forget_pid(void)
{
	__atomic_store_n(&log_cached_pid, 0, __ATOMIC_RELAXED);
}

static pid_t
log_pid(void)
{
	pid_t pid = __atomic_load_n(&log_cached_pid, __ATOMIC_RELAXED);

	if (pid == 0) {
		pid = getpid();
		__atomic_store_n(&log_cached_pid, pid, __ATOMIC_RELAXED);
	}
	return pid;
}

int
log_open(const char *target, int level)
{
	static int atfork;

	log_level = level;
	if (!atfork)
		atfork = pthread_atfork(NULL, NULL, log_forget_pid) == 0;
	if (strcmp(target, "syslog") == 0) {
		openlog("wsis-searchd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		log_syslog = 1;
		return 0;
	}
	log_syslog = 0;
	return strcmp(target, "stderr") == 0 ? 0 : -1;
}

void
log_close(void)
{
	if (log_syslog)
		closelog();
}

/* Formats one line (prefix, message, control bytes blanked, a newline when
 * not for syslog) into line; returns its length. */
static size_t
log_format(int level, char *line, size_t size, const char *fmt, va_list ap)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	size_t n = 0, len;

	if (!log_syslog) {
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = strftime(line, size, "%Y-%m-%dT%H:%M:%S", &tm);
		n += (size_t)snprintf(line + n, size - n, ".%03ldZ wsis-searchd[%d] %s: ",
		    ts.tv_nsec / 1000000, (int)log_pid(), names[level]);
	}
	vsnprintf(line + n, size - n, fmt, ap);
	/* no control bytes from clients reach the log */
	for (char *p = line + n; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	len = strlen(line);
	if (!log_syslog && len + 1 < size) {
		line[len++] = '\n';
		line[len] = '\0';
	}
	return len;
}

static void
log_write(const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(STDERR_FILENO, p, len);
		if (w <= 0)
			return;   /* nowhere left to report it */
		p += w;
		len -= (size_t)w;
	}
}

/* The query lines waiting for log_flush(); the loop thread's only. */
static char   query_buf[LOG_QUERY_BUFFER];
static size_t query_len;

/* One line at `level`: to syslog, or to stderr at once (one write: lines of
 * threads never interleave), or into query_buf when `held`. */
static void
log_vline(int level, int held, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char line[2048];
	size_t len;

	if (level > log_level)
		return;
	len = log_format(level, line, sizeof line, fmt, ap);
	if (log_syslog) {
		syslog(prio[level], "%s", line);
	} else if (!held) {
		log_write(line, len);
	} else {
		if (query_len + len > sizeof query_buf)
			log_flush();
		memcpy(query_buf + query_len, line, len);
		query_len += len;
	}
}

void
log_msg(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(level, 0, fmt, ap);
	va_end(ap);
}

void
log_query(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_LEVEL_INFO, 1, fmt, ap);
	va_end(ap);
}

void
log_flush(void)
{
	log_write(query_buf, query_len);
	query_len = 0;
}
