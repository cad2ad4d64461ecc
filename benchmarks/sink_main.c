/*
 * sink_main.c - how fast the runtime turns records into output, who does
 * that work, and what it costs in memory.
 *
 * Each repetition makes CALLS calls of an instrumented empty function as
 * fast as it can, then bench_flush().  CPU time is split by thread: the
 * main thread during the loop is the hot path (it includes any draining a
 * full ring forces on it), the main thread during bench_flush() and every
 * other thread (the writer) are off the hot path.  With a ring larger than
 * CALLS (BENCH_BUFFER) the producer never fills it, so the off-path CPU per
 * record is the whole cost of formatting and writing one record.  The
 * format and destination come from BENCH_OUTPUT and BENCH_FORMAT.
 *
 * SINK_TRUNCATE=PATH empties the output file after each repetition (the
 * runtime appends with O_APPEND, so it goes on at the new end) to keep
 * the disk footprint at one repetition's worth.
 *
 * Usage: sink-bench LABEL [CALLS [REPS]]
 * Prints FIG sink.LABEL.{hot_ns,flush_ns,writer_ns,offpath_ns,rate_mps,
 * wall_mps} per call or record, and sink.LABEL.maxrss_kb.
 */
#include <unistd.h>

#include <bench.h>

#include "harness.h"
#include "percall.h"

static void calls_then_flush(long calls, double *hot, double *flush, double *writer,
			     double *wall)
{
	uint64_t w0 = harness_now_ns();
	uint64_t p0 = harness_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t t0 = harness_clock_ns(CLOCK_THREAD_CPUTIME_ID);
	uint64_t t1, t2, p2, w2;

	for (long i = 0; i < calls; i++)
		target_empty();
	t1 = harness_clock_ns(CLOCK_THREAD_CPUTIME_ID);
	bench_flush();
	t2 = harness_clock_ns(CLOCK_THREAD_CPUTIME_ID);
	p2 = harness_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	w2 = harness_now_ns();
	*hot = (double)(t1 - t0) / (double)calls;
	*flush = (double)(t2 - t1) / (double)calls;
	*writer = ((double)(p2 - p0) - (double)(t2 - t0)) / (double)calls;
	*wall = (double)calls * 1e3 / (double)(w2 - w0);
}

int main(int argc, char **argv)
{
	const char *label = argc > 1 ? argv[1] : "unnamed";
	long calls = harness_arg(argc, argv, 2, 10000000);
	int reps = (int)harness_arg(argc, argv, 3, 5);
	double hot[HARNESS_MAX_REPS], flush[HARNESS_MAX_REPS], writer[HARNESS_MAX_REPS];
	double off[HARNESS_MAX_REPS], rate[HARNESS_MAX_REPS], wall[HARNESS_MAX_REPS];
	const char *truncate_path = getenv("SINK_TRUNCATE");
	char key[128];

	if (reps > HARNESS_MAX_REPS)
		reps = HARNESS_MAX_REPS;
	/* Warm-up repetition: starts the writer, faults the ring's pages in. */
	calls_then_flush(calls, &hot[0], &flush[0], &writer[0], &wall[0]);
	for (int r = 0; r < reps; r++) {
		calls_then_flush(calls, &hot[r], &flush[r], &writer[r], &wall[r]);
		off[r] = flush[r] + writer[r];
		rate[r] = 1e3 / off[r];
		if (truncate_path && truncate(truncate_path, 0) != 0) {
			perror(truncate_path);
			return 1;
		}
	}
#define FIG(name, arr, unit)                                              \
	do {                                                              \
		snprintf(key, sizeof(key), "sink.%s.%s", label, name);    \
		harness_fig(key, arr, reps, unit);                        \
	} while (0)
	FIG("hot_ns", hot, "ns");
	FIG("flush_ns", flush, "ns");
	FIG("writer_ns", writer, "ns");
	FIG("offpath_ns", off, "ns");
	FIG("rate_mps", rate, "M/s");
	FIG("wall_mps", wall, "M/s");
	snprintf(key, sizeof(key), "sink.%s.maxrss_kb", label);
	harness_value(key, (double)harness_maxrss_kb(), "KiB");
	return 0;
}
