/* clock.h - elapsed time, for durations (never the time of day). */
#ifndef WSIS_CLOCK_H
#define WSIS_CLOCK_H

/* Seconds on the monotonic clock, from an arbitrary start. */
double wsis_clock_s(void);
/* This process's CPU seconds so far, user and system, all its threads. */
double wsis_clock_cpu_s(void);

#endif
