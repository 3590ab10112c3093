/* tap.h - a minimal TAP producer for the unit tests (header-only).
 * Each test program calls ok()/is_int()/is_str() and ends with
 * `return tap_done();`, which prints the plan and returns non-zero when
 * anything failed. */
#ifndef WSIS_TAP_H
#define WSIS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static int __attribute__((format(printf, 2, 3), unused))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

#define is_int(got, want, ...) tap_is_int((long long)(got), (long long)(want), __VA_ARGS__)
static int __attribute__((unused, format(printf, 3, 4)))
tap_is_int(long long got, long long want, const char *what, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, what);
	vsnprintf(msg, sizeof msg, what, ap);
	va_end(ap);
	if (!ok(got == want, "%s", msg))
		printf("#   got %lld, want %lld\n", got, want);
	return got == want;
}

#define is_str(got, want, ...) tap_is_str((got), (want), __VA_ARGS__)
static int __attribute__((unused, format(printf, 3, 4)))
tap_is_str(const char *got, const char *want, const char *what, ...)
{
	char msg[512];
	va_list ap;
	int same;

	va_start(ap, what);
	vsnprintf(msg, sizeof msg, what, ap);
	va_end(ap);
	same = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	if (!ok(same, "%s", msg))
		printf("#   got  \"%s\"\n#   want \"%s\"\n", got ? got : "(null)",
		    want ? want : "(null)");
	return same;
}

static int __attribute__((unused))
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
