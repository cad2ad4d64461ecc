/*
 * sink_main.c - how fast the runtime's writer turns records into output,
 * and what it costs in memory.
 *
 * Each repetition makes CALLS calls of an instrumented empty function, then
 * bench_flush().  CPU time is split by clock: the main thread's CPU during
 * the loop is the hot path; everything else the process spends until the
 * flush returns (writer thread, write(2), the flush itself) is the work done
 * off the hot path per record.  The format and destination come from the
 * environment (BENCH_OUTPUT, BENCH_FORMAT), set by run-bench.
 *
 * Usage: sink-bench LABEL [CALLS [REPS]]
 * Prints FIG sink.LABEL.{hot_ns,offpath_ns,rate_mps,wall_mps,maxrss_kb}.
 */
#include <bench.h>

#include "harness.h"
#include "percall.h"

int main(int argc, char **argv)
{
	const char *label = argc > 1 ? argv[1] : "unnamed";
	long calls = harness_arg(argc, argv, 2, 10000000);
	int reps = (int)harness_arg(argc, argv, 3, 5);
	double hot[HARNESS_MAX_REPS], off[HARNESS_MAX_REPS];
	double rate[HARNESS_MAX_REPS], wall[HARNESS_MAX_REPS];
	char key[128];

	if (reps > HARNESS_MAX_REPS)
		reps = HARNESS_MAX_REPS;
	target_empty(); /* starts the runtime and its writer outside the timing */
	bench_flush();
	for (int r = 0; r < reps; r++) {
		uint64_t w0 = harness_now_ns();
		uint64_t p0 = harness_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		uint64_t t0 = harness_clock_ns(CLOCK_THREAD_CPUTIME_ID);
		uint64_t t1, p1, w1;

		for (long i = 0; i < calls; i++)
			target_empty();
		t1 = harness_clock_ns(CLOCK_THREAD_CPUTIME_ID);
		bench_flush();
		p1 = harness_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		w1 = harness_now_ns();
		hot[r] = (double)(t1 - t0) / (double)calls;
		off[r] = ((double)(p1 - p0) - (double)(t1 - t0)) / (double)calls;
		rate[r] = 1e3 / off[r];
		wall[r] = (double)calls * 1e3 / (double)(w1 - w0);
	}
#define FIG(name, arr, unit)                                              \
	do {                                                              \
		snprintf(key, sizeof(key), "sink.%s.%s", label, name);    \
		harness_fig(key, arr, reps, unit);                        \
	} while (0)
	FIG("hot_ns", hot, "ns");
	FIG("offpath_ns", off, "ns");
	FIG("rate_mps", rate, "M/s");
	FIG("wall_mps", wall, "M/s");
	snprintf(key, sizeof(key), "sink.%s.maxrss_kb", label);
	harness_value(key, (double)harness_maxrss_kb(), "KiB");
	return 0;
}
