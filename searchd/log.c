/* log.c - stderr or syslog logging (log.h). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static int log_level = LOG_LEVEL_INFO;
static int log_syslog;

int
log_open(const char *target, int level)
{
	log_level = level;
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

void
log_msg(int level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char line[2048];
	int n = 0;
	va_list ap;

	if (level > log_level)
		return;
	if (!log_syslog) {
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = (int)strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
		n += snprintf(line + n, sizeof line - (size_t)n, ".%03ldZ wsis-searchd[%d] %s: ",
		    ts.tv_nsec / 1000000, (int)getpid(), names[level]);
	}
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	/* no control bytes from clients reach the log */
	for (char *p = line + n; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	if (log_syslog) {
		syslog(prio[level], "%s", line);
	} else {
		size_t len = strlen(line);
		if (len + 1 < sizeof line) {
			line[len++] = '\n';
			line[len] = '\0';
		}
		/* one write: lines from several threads never interleave */
		if (write(STDERR_FILENO, line, len) < 0) {
			/* nowhere left to report it */
		}
	}
}
