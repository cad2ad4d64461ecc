/*
 * loss.c - counters of dropped and lost records, and their exit report.
 */
#include "loss.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static uint64_t dropped[BENCH_DROP_REASON_COUNT];
static uint64_t lost;
static char lost_reason[256];

static const char *const drop_reasons[BENCH_DROP_REASON_COUNT] = {
	[BENCH_DROP_BUFFER_FULL] = "buffer full, BENCH_BUFFER_POLICY=drop",
	[BENCH_DROP_SIGNAL] = "signal re-entry",
	[BENCH_DROP_DEPTH] = "call stack deeper than BENCH_MAX_DEPTH",
	[BENCH_DROP_TIMING_DEPTH] = "BENCH_TIME blocks nested deeper than 64",
	[BENCH_DROP_THREAD_EXIT] = "called after the thread's exit handlers",
	[BENCH_DROP_ABI] = "site descriptor of another ABI version",
	[BENCH_DROP_NO_MEMORY] = "no memory for the thread's buffer",
	[BENCH_DROP_SPOOL_READ] = "spool file could not be read back",
	[BENCH_DROP_AFTER_EXIT] = "made after the final write at exit",
	[BENCH_DROP_EARLY] = "made while the program was being loaded: ifunc resolvers",
	[BENCH_DROP_UNLOADED] = "made by a library unloaded before they could be written",
};

void bench_loss_drop(enum bench_drop_reason reason)
{
	__atomic_fetch_add(&dropped[reason], 1, __ATOMIC_RELAXED);
}

void bench_loss_drop_n(enum bench_drop_reason reason, uint64_t n)
{
	__atomic_fetch_add(&dropped[reason], n, __ATOMIC_RELAXED);
}

uint64_t bench_loss_dropped(enum bench_drop_reason reason)
{
	return __atomic_load_n(&dropped[reason], __ATOMIC_RELAXED);
}

void bench_loss_unwritten(uint64_t records, const char *reason)
{
	/* Callers hold the drain lock: no concurrent update. */
	if (!lost_reason[0] && reason)
		snprintf(lost_reason, sizeof(lost_reason), "%s", reason);
	lost += records;
}

uint64_t bench_loss_lost(void)
{
	return lost;
}

static void report_line(int fd, uint64_t count, const char *what, const char *reason)
{
	char line[512];
	int len;

	len = snprintf(line, sizeof(line), "bench: %llu record%s %s (%s)\n",
		       (unsigned long long)count, count == 1 ? "" : "s", what, reason);
	if (len > 0 && write(fd, line, (size_t)len < sizeof(line) ? (size_t)len : sizeof(line) - 1) < 0)
		return; /* nowhere left to report to */
}

void bench_loss_report(int fd)
{
	size_t i;

	if (lost)
		report_line(fd, lost, "lost", lost_reason[0] ? lost_reason : "write error");
	for (i = 0; i < BENCH_DROP_REASON_COUNT; i++) {
		uint64_t n = bench_loss_dropped(i);

		if (n)
			report_line(fd, n, "dropped", drop_reasons[i]);
	}
}

void bench_loss_reset(void)
{
	memset(dropped, 0, sizeof(dropped));
	lost = 0;
	lost_reason[0] = 0;
}
