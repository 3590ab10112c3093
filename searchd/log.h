/* log.h - wsis-searchd's log: stderr or syslog, with levels.  Thread-safe
 * (one write per line). */
#ifndef SEARCHD_LOG_H
#define SEARCHD_LOG_H

enum { LOG_LEVEL_ERROR = 0, LOG_LEVEL_WARNING, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* target "stderr" or "syslog"; returns 0 or -1 for an unknown target. */
int  log_open(const char *target, int level);
void log_close(void);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...)   log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_LEVEL_WARNING, __VA_ARGS__)
#define log_info(...)    log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)   log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
