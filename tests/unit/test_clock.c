/*
 * test_clock.c - TSC detection, calibration and tick conversions.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "scenario.h"
#include "suites.h"

static int cpuinfo_has_flag(const char *flag)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[8192];
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		char *tok, *save;

		if (strncmp(line, "flags", 5))
			continue;
		for (tok = strtok_r(line, " \t\n:", &save); tok; tok = strtok_r(NULL, " \t\n:", &save))
			if (!strcmp(tok, flag))
				found = 1;
		break;
	}
	fclose(f);
	return found;
}

static void test_invariant_tsc_matches_kernel(void)
{
	/* Linux sets both flags from the same CPUID bit. */
	int nonstop = cpuinfo_has_flag("nonstop_tsc");

	if (nonstop < 0)
		return;
	CU_ASSERT_EQUAL(bench_clock_cpu_has_invariant_tsc(), nonstop && cpuinfo_has_flag("constant_tsc"));
}

static void test_explicit_conversion(void)
{
	bench_clock_set_conversion(1000, 5000000000ll, 0.5);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_ns(100), 50);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_ns(3), 2); /* 1.5 rounds up */
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(1000), 5000000000ll);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(3000), 5000001000ll);
	/* a reading a little before the anchor (another CPU) */
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(990), 4999999995ll);
}

/* A refined period changes the times of later ticks only: a tick formatted
 * before the refinement and one formatted after it keep their order and
 * their distance. */
static void test_refinement_keeps_earlier_times(void)
{
	int64_t before = 0, at;

	bench_clock_set_conversion(1000, 5000000000ll, 0.5);
	before = bench_clock_ticks_to_wall_ns(2000);
	at = bench_clock_ticks_to_wall_ns(3000);
	CU_ASSERT_EQUAL(bench_clock_add_piece(3000, 0.25), 1);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(2000), before);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(3000), at); /* continuous */
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(5000), at + 500);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(990), 4999999995ll);
	/* a third piece; ticks in the second keep its period */
	CU_ASSERT_EQUAL(bench_clock_add_piece(7000, 1.0), 1);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(6000), at + 750);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(8000), at + 1000 + 1000);
	/* a piece must start after the last one */
	CU_ASSERT_EQUAL(bench_clock_add_piece(7000, 2.0), 0);
	CU_ASSERT_EQUAL(bench_clock_add_piece(4000, 2.0), 0);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_wall_ns(8000), at + 2000);
}

/* Calibrations over a growing baseline never move a time already formatted
 * by more than the rounding of one conversion. */
static void test_calibrations_keep_times(void)
{
	uint64_t t;
	int64_t wall;

	bench_clock_init(1);
	bench_clock_calibrate(0);
	t = bench_clock_ticks();
	wall = bench_clock_ticks_to_wall_ns(t);
	for (int i = 0; i < 6; i++) {
		struct timespec ts = { 0, 3000000L << i };

		while (nanosleep(&ts, &ts))
			;
		bench_clock_refine();
		CU_ASSERT(llabs(bench_clock_ticks_to_wall_ns(t) - wall) <= 1);
	}
	if (bench_clock_source() == BENCH_CLOCK_TSC)
		CU_ASSERT(bench_clock_conv.pieces > 2);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

static void check_calibration(int want_tsc)
{
	uint64_t t0, t1, m0, m1;
	struct timespec rt;
	int64_t wall, real;

	bench_clock_init(want_tsc);
	sleep_ms(30);
	bench_clock_calibrate(0);
	m0 = bench_clock_monotonic_ns();
	t0 = bench_clock_ticks();
	sleep_ms(100);
	t1 = bench_clock_ticks();
	m1 = bench_clock_monotonic_ns();
	/* 100 ms measured both ways agree within 0.5% */
	CU_ASSERT(fabs((double)bench_clock_ticks_to_ns(t1 - t0) - (double)(m1 - m0)) < 0.005 * (double)(m1 - m0));
	wall = bench_clock_ticks_to_wall_ns(bench_clock_ticks());
	clock_gettime(CLOCK_REALTIME, &rt);
	real = (int64_t)rt.tv_sec * 1000000000 + rt.tv_nsec;
	CU_ASSERT(llabs(wall - real) < 2000000); /* 2 ms */
}

static void test_tsc_calibration(void)
{
	check_calibration(1);
	CU_ASSERT_EQUAL(bench_clock_source(), bench_clock_cpu_has_invariant_tsc() ? BENCH_CLOCK_TSC : BENCH_CLOCK_MONOTONIC);
	CU_ASSERT_STRING_EQUAL(bench_clock_name(), bench_clock_cpu_has_invariant_tsc() ? "tsc" : "monotonic");
}

static void test_monotonic_fallback(void)
{
	uint64_t a, b, c;

	check_calibration(0);
	CU_ASSERT_EQUAL(bench_clock_source(), BENCH_CLOCK_MONOTONIC);
	CU_ASSERT_STRING_EQUAL(bench_clock_name(), "monotonic");
	/* ticks are CLOCK_MONOTONIC nanoseconds */
	a = bench_clock_monotonic_ns();
	b = bench_clock_ticks();
	c = bench_clock_monotonic_ns();
	CU_ASSERT(a <= b && b <= c);
	CU_ASSERT_EQUAL(bench_clock_ticks_to_ns(12345), 12345);
}

static void test_final_calibration_waits_for_baseline(void)
{
	uint64_t before, after;

	if (!bench_clock_cpu_has_invariant_tsc())
		return;
	bench_clock_init(1);
	before = bench_clock_monotonic_ns();
	bench_clock_calibrate(1);
	after = bench_clock_monotonic_ns();
	/* at least the 2 ms minimum baseline, and not much more */
	CU_ASSERT(after - before >= 1500000);
	CU_ASSERT(after - before < 50000000);
	CU_ASSERT(bench_clock_ns_per_tick() > 0.05 && bench_clock_ns_per_tick() < 5);
}

/* Before any flush calibrates, the period is already measured: durations
 * converted then (warnings, callbacks) are not off by the distance of the
 * TSC's frequency from a fixed guess. */
static void test_first_estimate_is_measured(void)
{
	double first;

	if (!bench_clock_cpu_has_invariant_tsc())
		return;
	bench_clock_init(1);
	first = bench_clock_ns_per_tick();
	bench_clock_calibrate(1);
	CU_ASSERT(first > bench_clock_ns_per_tick() * 0.995 &&
		  first < bench_clock_ns_per_tick() * 1.005);
}

/* The writer's first drain may be what a thread with a full ring waits
 * for: it takes a 200 us baseline, not the 2 ms one, and the period is
 * still close (the slack is the short baseline's error bound). */
static void test_writer_refine_is_quick(void)
{
	uint64_t before, after, missing;
	double quick;

	if (!bench_clock_cpu_has_invariant_tsc())
		return;
	bench_clock_init(1);
	missing = bench_clock_baseline_missing_ns();
	CU_ASSERT(missing > 1000000 && missing <= 2000000);
	before = bench_clock_monotonic_ns();
	bench_clock_refine();
	after = bench_clock_monotonic_ns();
	/* 200 us from the anchor, of which start-up's first estimate took 50 */
	CU_ASSERT(after - before >= 100000);
	CU_ASSERT(after - before < 1500000);
	quick = bench_clock_ns_per_tick();
	bench_clock_calibrate(1);
	CU_ASSERT_EQUAL(bench_clock_baseline_missing_ns(), 0);
	CU_ASSERT(quick > bench_clock_ns_per_tick() * 0.999 &&
		  quick < bench_clock_ns_per_tick() * 1.001);
}

/* A first flush soon after start-up calibrates over a few ms only: the
 * period must still put a busy-waited interval between the monotonic
 * readings that bound it.  In a fresh child: a process's first clock
 * readings are the slow ones. */
static void short_baseline_body(void *arg)
{
	uint64_t outer0, a, inner0, inner1, b, outer1, ns;

	(void)arg;
	bench_clock_init(1);
	outer0 = bench_clock_monotonic_ns();
	a = bench_clock_ticks();
	inner0 = bench_clock_monotonic_ns();
	do
		inner1 = bench_clock_monotonic_ns();
	while (inner1 - inner0 < 3000000);
	b = bench_clock_ticks();
	outer1 = bench_clock_monotonic_ns();
	bench_clock_calibrate(0);
	ns = bench_clock_ticks_to_ns(b - a);
	/* 100 ns of slack: 3e-5 of the interval */
	CHILD_ASSERT(ns + 100 >= inner1 - inner0);
	CHILD_ASSERT(ns <= outer1 - outer0 + 100);
}

static void test_short_baseline_is_accurate(void)
{
	int round;

	if (!bench_clock_cpu_has_invariant_tsc())
		return;
	for (round = 0; round < 3; round++) {
		struct scenario_result r;

		scenario_run(short_baseline_body, NULL, NULL, &r);
		CU_ASSERT_EQUAL(r.status, 0);
		scenario_free(&r);
	}
}

int add_clock_suite(void)
{
	CU_pSuite s = CU_add_suite("clock", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "invariant TSC detection agrees with the kernel", test_invariant_tsc_matches_kernel) ||
	    !CU_add_test(s, "explicit conversion", test_explicit_conversion) ||
	    !CU_add_test(s, "a refined period leaves earlier times as they were",
			 test_refinement_keeps_earlier_times) ||
	    !CU_add_test(s, "calibrations never move a time already formatted",
			 test_calibrations_keep_times) ||
	    !CU_add_test(s, "TSC calibration against CLOCK_MONOTONIC", test_tsc_calibration) ||
	    !CU_add_test(s, "CLOCK_MONOTONIC fallback", test_monotonic_fallback) ||
	    !CU_add_test(s, "a short calibration baseline is accurate", test_short_baseline_is_accurate) ||
	    !CU_add_test(s, "final calibration baseline", test_final_calibration_waits_for_baseline) ||
	    !CU_add_test(s, "the first estimate is measured", test_first_estimate_is_measured) ||
	    !CU_add_test(s, "the writer's first calibration is quick", test_writer_refine_is_quick))
		return CU_get_error();
	return CUE_SUCCESS;
}
