/*
 * clock.h - the time source of every record: invariant TSC ticks when the
 * CPU has them, else CLOCK_MONOTONIC nanoseconds; converted to seconds and
 * wall-clock time only off the hot path.
 */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H

#include "internal.h"

#include <stdint.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define BENCH_HAVE_TSC 1
#else
#define BENCH_HAVE_TSC 0
#endif

enum bench_clock_source {
	BENCH_CLOCK_MONOTONIC,
	BENCH_CLOCK_TSC,
};

/* Read on every record; written once by bench_clock_init. */
extern int bench_clock_uses_tsc;

static inline uint64_t bench_clock_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Ticks of the record clock: the only clock read on the hot path. */
static inline uint64_t bench_clock_ticks(void)
{
#if BENCH_HAVE_TSC
	if (likely(bench_clock_uses_tsc))
		return __rdtsc();
#endif
	return bench_clock_monotonic_ns();
}

/* Thread CPU time, for sites with BENCH_SITE_CPU (a system call). */
static inline uint64_t bench_clock_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Whether this CPU has a TSC that ticks at a constant rate in every
 * P-/C-state (CPUID 0x80000007 EDX bit 8). */
int bench_clock_cpu_has_invariant_tsc(void);

/* Picks the source (want_tsc = 0 forces CLOCK_MONOTONIC) and takes the
 * anchor that ticks are later converted from.  Cheap: no calibration. */
void bench_clock_init(int want_tsc);
enum bench_clock_source bench_clock_source(void);
const char *bench_clock_name(void);

/* Refines the tick period against CLOCK_MONOTONIC over everything since
 * bench_clock_init; called at each flush, so the baseline grows with the
 * run.  The first time, and when final != 0, it first waits until the
 * baseline is long enough for a precise period (at most a few ms, only in
 * very short runs). */
void bench_clock_calibrate(int final);
/* The writer thread's calibration: waits at most until a 200 us baseline
 * (only at the first), so that threads waiting for it to drain a full ring
 * do not wait for the full baseline inside their timed calls. */
void bench_clock_refine(void);
/* How long until the baseline is long enough for bench_clock_calibrate
 * not to wait: the writer sleeps that long before its first drain. */
uint64_t bench_clock_baseline_missing_ns(void);

/*
 * Wall-clock time is a continuous, piecewise-linear function of ticks.  A
 * refined period starts a new piece at the tick it was measured at, where
 * the previous piece ends, and leaves the earlier pieces as they were: a
 * tick converts to the same time whenever it is formatted.  With one line
 * redrawn at every refinement, a call formatted after one and its children
 * formatted before it came out shifted against each other (by ~the run's
 * length times the period's change), children outside their parent.
 * A new piece only once the baseline has doubled: a run has few.
 */
struct bench_clock_piece {
	uint64_t tick0;     /* where the piece starts */
	int64_t wall0;      /* CLOCK_REALTIME ns there */
	double ns_per_tick;
};
#define BENCH_CLOCK_PIECES 48

/* The anchor and period ticks are converted with (clock.c sets them). */
struct bench_clock_conversion {
	uint64_t tick0;     /* ticks at the anchor */
	uint64_t mono0;     /* CLOCK_MONOTONIC ns at the anchor (piece[0]: its
			     * CLOCK_REALTIME) */
	double ns_per_tick; /* the latest period: durations */
	uint64_t baseline_ns; /* length of the baseline ns_per_tick comes from */
	/* Wall-clock times; written and read under the drain lock. */
	uint32_t pieces;    /* at least 1 */
	struct bench_clock_piece piece[BENCH_CLOCK_PIECES];
};
extern struct bench_clock_conversion bench_clock_conv;

/* Conversions, valid after at least one bench_clock_calibrate.  Inline:
 * the writer makes three per record. */
double bench_clock_ns_per_tick(void);

static inline uint64_t bench_clock_ticks_to_ns(uint64_t ticks)
{
	/* Not llround: a libm call per duration shows in the writer's profile. */
	return (uint64_t)((double)ticks * bench_clock_conv.ns_per_tick + 0.5);
}

/* Wall-clock time (ns since the Unix epoch) of a tick reading: by the
 * piece it falls in, nearly always the last. */
static inline int64_t bench_clock_ticks_to_wall_ns(uint64_t ticks)
{
	const struct bench_clock_piece *p = &bench_clock_conv.piece[bench_clock_conv.pieces - 1];
	double since;

	while (p > bench_clock_conv.piece && (int64_t)(ticks - p->tick0) < 0)
		p--;
	/* Signed: another CPU's reading may precede the anchor by a tick. */
	since = (double)(int64_t)(ticks - p->tick0) * p->ns_per_tick;
	return p->wall0 + (int64_t)(since >= 0 ? since + 0.5 : since - 0.5);
}

/* A recorded interval in ns, from the same pieces as its wall-clock times:
 * a record's durations then equal its finish - start (one period for the
 * duration and others for the times drifted apart by the period's change
 * times the interval).  0 for a finish before the start. */
static inline uint64_t bench_clock_span_ns(uint64_t start, uint64_t finish)
{
	int64_t span = bench_clock_ticks_to_wall_ns(finish) - bench_clock_ticks_to_wall_ns(start);

	return span > 0 ? (uint64_t)span : 0;
}

/* For tests: install an explicit anchor and period (one piece)... */
void bench_clock_set_conversion(uint64_t tick0, int64_t wall_ns0, double ns_per_tick);
/* ... and a new piece from tick on, as a refinement adds one; 0 if it
 * would not come after the last (or there is no room). */
int bench_clock_add_piece(uint64_t tick, double ns_per_tick);

#endif /* BENCH_CLOCK_H */
