/*
 * clock.c - chooses between the invariant TSC and CLOCK_MONOTONIC, and
 * converts ticks to durations and wall-clock times.
 *
 * Start-up only takes an anchor (ticks, CLOCK_MONOTONIC, CLOCK_REALTIME);
 * the tick period is measured later, at each flush, over the whole time
 * since the anchor: the longer the baseline, the smaller the error of the
 * two clock_gettime readings that bound it.
 */
#include "clock.h"

#include <stdint.h>
#include <time.h>
#if BENCH_HAVE_TSC
#include <cpuid.h>
#endif

/* A baseline this long keeps the period's error below ~1e-5 (the two
 * anchors are each read to within ~20 ns). */
#define BENCH_CALIBRATION_MIN_NS 2000000u
/* The writer thread's shortest first baseline (error below ~2e-4): only
 * a ring filled within it makes the writer drain that early, and then
 * threads waiting for room must not wait for the full baseline. */
#define BENCH_CALIBRATION_QUICK_NS 200000u

/* The first estimate's baseline, taken at start-up (error ~1e-3). */
#define BENCH_CALIBRATION_FIRST_NS 50000u

int bench_clock_uses_tsc;

struct bench_clock_conversion bench_clock_conv = {
	.ns_per_tick = 1.0, .pieces = 1, .piece = { { .ns_per_tick = 1.0 } },
};
/* The baseline of the last piece's period. */
static uint64_t piece_baseline_ns;

int bench_clock_cpu_has_invariant_tsc(void)
{
#if BENCH_HAVE_TSC
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(0x80000000u, &eax, &ebx, &ecx, &edx) || eax < 0x80000007u)
		return 0;
	if (!__get_cpuid(0x80000007u, &eax, &ebx, &ecx, &edx))
		return 0;
	return (edx >> 8) & 1u;
#else
	return 0;
#endif
}

static int64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Reads ticks and CLOCK_MONOTONIC as close together as possible: the tick
 * reading is the midpoint of two around the clock_gettime call, and the
 * tightest of a few tries wins (the first clock_gettime of a process can
 * take microseconds, which would skew a short baseline).
 */
static void read_pair(uint64_t *ticks, uint64_t *mono)
{
	uint64_t narrowest = UINT64_MAX;
	int i;

	for (i = 0; i < 5; i++) {
		uint64_t before = bench_clock_ticks();
		uint64_t m = bench_clock_monotonic_ns();
		uint64_t after = bench_clock_ticks();

		if (after - before < narrowest) {
			narrowest = after - before;
			*ticks = before + (after - before) / 2;
			*mono = m;
		}
	}
}

/* Reads a pair at least min_baseline_ns after the anchor; returns the
 * tick period over that baseline (meaningless if no tick passed). */
static double period_since_anchor(uint64_t min_baseline_ns, uint64_t *ticks, uint64_t *mono)
{
	read_pair(ticks, mono);
	while (*mono - bench_clock_conv.mono0 < min_baseline_ns)
		read_pair(ticks, mono);
	return (double)(*mono - bench_clock_conv.mono0) /
	       (double)(*ticks - bench_clock_conv.tick0);
}

void bench_clock_init(int want_tsc)
{
	bench_clock_uses_tsc = want_tsc && bench_clock_cpu_has_invariant_tsc();
	read_pair(&bench_clock_conv.tick0, &bench_clock_conv.mono0);
	bench_clock_conv.piece[0].wall0 = realtime_ns() -
		(int64_t)(bench_clock_monotonic_ns() - bench_clock_conv.mono0);
	bench_clock_conv.ns_per_tick = 1.0;
	bench_clock_conv.baseline_ns = 0;
	if (bench_clock_uses_tsc) {
		uint64_t ticks, mono;

		/* A first estimate until the first flush calibrates over a
		 * longer baseline (baseline_ns stays 0 for that).  Durations
		 * converted before it (a warning's, a callback's,
		 * blocking_min_us) are then within ~0.1%, where a fixed guess
		 * of 2.5 GHz was 4% off on a 2.6 GHz TSC. */
		bench_clock_conv.ns_per_tick =
			period_since_anchor(BENCH_CALIBRATION_FIRST_NS, &ticks, &mono);
	}
	bench_clock_conv.pieces = 1;
	bench_clock_conv.piece[0].tick0 = bench_clock_conv.tick0;
	bench_clock_conv.piece[0].ns_per_tick = bench_clock_conv.ns_per_tick;
	piece_baseline_ns = BENCH_CALIBRATION_FIRST_NS;
}

int bench_clock_add_piece(uint64_t tick, double ns_per_tick)
{
	struct bench_clock_conversion *c = &bench_clock_conv;
	struct bench_clock_piece *p;

	if (c->pieces >= BENCH_CLOCK_PIECES ||
	    (int64_t)(tick - c->piece[c->pieces - 1].tick0) <= 0)
		return 0;
	p = &c->piece[c->pieces];
	p->tick0 = tick;
	p->wall0 = bench_clock_ticks_to_wall_ns(tick); /* where the last ends */
	p->ns_per_tick = ns_per_tick;
	c->pieces++;
	return 1;
}

enum bench_clock_source bench_clock_source(void)
{
	return bench_clock_uses_tsc ? BENCH_CLOCK_TSC : BENCH_CLOCK_MONOTONIC;
}

const char *bench_clock_name(void)
{
	return bench_clock_uses_tsc ? "tsc" : "monotonic";
}

static void calibrate(uint64_t min_baseline_ns)
{
	uint64_t ticks, mono;
	double period;

	if (!bench_clock_uses_tsc)
		return;
	period = period_since_anchor(min_baseline_ns, &ticks, &mono);
	/* Only a longer baseline improves the estimate. */
	if (mono - bench_clock_conv.mono0 <= bench_clock_conv.baseline_ns ||
	    ticks <= bench_clock_conv.tick0)
		return;
	/* Atomic: the writer reads baseline_ns without the drain lock, as a
	 * hint of how long to wait (bench_clock_baseline_missing_ns). */
	__atomic_store_n(&bench_clock_conv.baseline_ns, mono - bench_clock_conv.mono0,
			 __ATOMIC_RELAXED);
	bench_clock_conv.ns_per_tick = period;
	if (bench_clock_conv.pieces == 1 && piece_baseline_ns == BENCH_CALIBRATION_FIRST_NS) {
		/* The start-up estimate is provisional: records are formatted
		 * only after this first calibration (a drain calibrates first). */
		bench_clock_conv.piece[0].ns_per_tick = period;
		piece_baseline_ns = bench_clock_conv.baseline_ns;
	} else if (bench_clock_conv.baseline_ns >= 2 * piece_baseline_ns &&
		   bench_clock_add_piece(ticks, period)) {
		piece_baseline_ns = bench_clock_conv.baseline_ns;
	}
}

void bench_clock_calibrate(int final)
{
	calibrate(final || bench_clock_conv.baseline_ns == 0 ? BENCH_CALIBRATION_MIN_NS : 0);
}

void bench_clock_refine(void)
{
	calibrate(bench_clock_conv.baseline_ns == 0 ? BENCH_CALIBRATION_QUICK_NS : 0);
}

uint64_t bench_clock_baseline_missing_ns(void)
{
	uint64_t since;

	if (!bench_clock_uses_tsc || __atomic_load_n(&bench_clock_conv.baseline_ns, __ATOMIC_RELAXED))
		return 0;
	since = bench_clock_monotonic_ns() - bench_clock_conv.mono0;
	return since < BENCH_CALIBRATION_MIN_NS ? BENCH_CALIBRATION_MIN_NS - since : 0;
}

double bench_clock_ns_per_tick(void)
{
	return bench_clock_conv.ns_per_tick;
}

void bench_clock_set_conversion(uint64_t tick0, int64_t wall_ns0, double ns_per_tick)
{
	bench_clock_conv.tick0 = tick0;
	bench_clock_conv.ns_per_tick = ns_per_tick;
	bench_clock_conv.baseline_ns = UINT64_MAX;
	bench_clock_conv.pieces = 1;
	bench_clock_conv.piece[0].tick0 = tick0;
	bench_clock_conv.piece[0].wall0 = wall_ns0;
	bench_clock_conv.piece[0].ns_per_tick = ns_per_tick;
}
