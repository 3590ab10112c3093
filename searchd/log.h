/* log.h - wsis-searchd's log: stderr or syslog, with levels.  log_msg() is
 * thread-safe (one write per line); the query log is the loop's. */
#ifndef SEARCHD_LOG_H
#define SEARCHD_LOG_H

enum { LOG_LEVEL_ERROR = 0, LOG_LEVEL_WARNING, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* target "stderr" or "syslog"; returns 0 or -1 for an unknown target. */
int  log_open(const char *target, int level);
void log_close(void);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The query log, one line a request, from the event loop's thread only.
 * Its lines are written together -- when LOG_QUERY_BUFFER bytes wait, and
 * at each log_flush(), which the loop calls every LOG_QUERY_DELAY_MS and
 * at exit -- instead of with one write() each (a system call a request is
 * a large share of what a cached reply costs).  So a query line may follow, by
 * up to that delay, a line another thread logged after it.  To syslog,
 * each line goes at once. */
#define LOG_QUERY_BUFFER   65536
#define LOG_QUERY_DELAY_MS 100
void log_query(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_flush(void);

#define log_error(...)   log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_LEVEL_WARNING, __VA_ARGS__)
#define log_info(...)    log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)   log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
