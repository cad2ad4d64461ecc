/*
 * blocking_main.c - aiocop's benchmark (warm-up, then 5 iterations without
 * and with monitoring, median, overhead per task and its share of a 50 ms
 * request), in C, plus the bare cost of one wrapped blocking call.
 *
 * Both copies of the scenarios live in this process (scenarios.h): the
 * plain one is the "without" side, so "without" means no instrumentation
 * at all rather than instrumentation switched off.  Batches alternate
 * plain, bench, plain, bench... so slow drifts of a shared machine hit
 * both sides alike; the overhead of a repetition compares adjacent batches.
 *
 * Usage: blocking-bench LABEL [SCALE_PERCENT [REPS [CALLS]]]
 *   SCALE_PERCENT scales aiocop's task counts (100 = 10000/5000/5000/2000/500;
 *   the 2 ms handler scenario is never scaled above 100).
 * The trace depth comes from BENCH_TRACE_DEPTH, read by the runtime.
 */
#include <bench.h>

#include "harness.h"
#include "scenarios.h"

#define NEST 20 /* instrumented frames under each task: the deepest trace */

unsigned long scn_work_per_ms;
const char *scn_read_path;

static volatile unsigned long scn_sink;

/* A dependent chain of multiply-adds: the same cost in both copies, and
 * never a library call. */
__attribute__((noinline)) void scn_work(unsigned long iterations)
{
	unsigned long x = scn_sink;

	for (unsigned long i = 0; i < iterations; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	scn_sink = x;
}

static void calibrate_work(void)
{
	unsigned long n = 1000000;
	uint64_t t0 = harness_now_ns();

	scn_work(n);
	scn_work_per_ms = (unsigned long)((double)n * 1e6 /
					  (double)(harness_now_ns() - t0));
}

static const struct {
	const char *key;
	long tasks; /* aiocop's count */
} scenarios[SCN_COUNT] = {
	[SCN_PURE] = { "pure", 10000 },
	[SCN_GETCWD] = { "getcwd", 5000 },
	[SCN_STAT] = { "stat", 5000 },
	[SCN_READ] = { "read", 2000 },
	[SCN_HANDLER] = { "handler", 500 },
};

static double time_batch(void (*run)(enum scenario, long, int), enum scenario s,
			 long tasks)
{
	uint64_t t0 = harness_now_ns();

	run(s, tasks, NEST);
	return (double)(harness_now_ns() - t0) / 1e6;
}

static double time_calls(void (*call)(long, int), long calls)
{
	uint64_t t0 = harness_now_ns();

	call(calls, NEST);
	return (double)(harness_now_ns() - t0) / (double)calls;
}

static void fig(const char *label, const char *what, const char *name,
		const double *v, int n, const char *unit)
{
	char key[128];

	snprintf(key, sizeof(key), "blocking.%s.%s.%s", label, what, name);
	harness_fig(key, v, n, unit);
}

/*
 * One wrapped getcwd against a plain one, CALLS of each per repetition,
 * REPS times.  A repetition alternates chunks of the two loops in ABBA
 * order: the system call's own cost drifts by tens of nanoseconds within
 * a second on a VM (plain getcwd 557-694 ns across the repetitions of
 * one run on AMD EPYC), more than the limits being checked, and chunks
 * side by side cancel that drift where two long loops one after the
 * other measured it.
 */
#define BARE_CHUNKS 20

static void bench_bare_calls(const char *label, const char *what, long calls,
			     int reps)
{
	double plain[HARNESS_MAX_REPS], bench[HARNESS_MAX_REPS], over[HARNESS_MAX_REPS];
	long chunk = calls / BARE_CHUNKS > 0 ? calls / BARE_CHUNKS : 1;

	time_calls(plain_call_getcwd, calls / 10 + 1);
	time_calls(bench_call_getcwd, calls / 10 + 1);
	for (int r = 0; r < reps; r++) {
		plain[r] = bench[r] = 0;
		for (int c = 0; c < BARE_CHUNKS; c++) {
			if ((c & 1) == 0) {
				plain[r] += time_calls(plain_call_getcwd, chunk);
				bench[r] += time_calls(bench_call_getcwd, chunk);
			} else {
				bench[r] += time_calls(bench_call_getcwd, chunk);
				plain[r] += time_calls(plain_call_getcwd, chunk);
			}
		}
		plain[r] /= BARE_CHUNKS;
		bench[r] /= BARE_CHUNKS;
		over[r] = bench[r] - plain[r];
	}
	fig(label, what, "plain_ns", plain, reps, "ns");
	fig(label, what, "bench_ns", bench, reps, "ns");
	fig(label, what, "overhead_ns", over, reps, "ns");
}

int main(int argc, char **argv)
{
	const char *label = argc > 1 ? argv[1] : "unnamed";
	long scale = harness_arg(argc, argv, 2, 100);
	int reps = (int)harness_arg(argc, argv, 3, 5);
	long calls = harness_arg(argc, argv, 4, 200000);
	double plain[HARNESS_MAX_REPS], bench[HARNESS_MAX_REPS];
	double over[HARNESS_MAX_REPS], impact[HARNESS_MAX_REPS];

	if (reps > HARNESS_MAX_REPS)
		reps = HARNESS_MAX_REPS;
	scn_read_path = argv[0];
	calibrate_work();

	for (int s = 0; s < SCN_COUNT; s++) {
		long tasks = scenarios[s].tasks * scale / 100;

		if (s == SCN_HANDLER && scale > 100)
			tasks = scenarios[s].tasks;
		if (tasks < 1)
			tasks = 1;
		/* Warm-up: caches, the runtime's first-call set-up, page cache. */
		time_batch(plain_run_tasks, (enum scenario)s, tasks);
		time_batch(bench_run_tasks, (enum scenario)s, tasks);
		for (int r = 0; r < reps; r++) {
			plain[r] = time_batch(plain_run_tasks, (enum scenario)s, tasks);
			bench[r] = time_batch(bench_run_tasks, (enum scenario)s, tasks);
			over[r] = (bench[r] - plain[r]) * 1e3 / (double)tasks;
			impact[r] = over[r] / 50000.0 * 100.0;
		}
		fig(label, scenarios[s].key, "plain_ms", plain, reps, "ms");
		fig(label, scenarios[s].key, "bench_ms", bench, reps, "ms");
		fig(label, scenarios[s].key, "overhead_us", over, reps, "us");
		fig(label, scenarios[s].key, "impact_pct", impact, reps, "%");
		fig(label, scenarios[s].key, "tasks", (double[]){ (double)tasks }, 1,
		    "tasks");
	}

	/* The bare wrapped call: outside any must-not-block context (timed,
	 * no trace), then inside one (a violation, with its trace). */
	bench_bare_calls(label, "call", calls, reps);
	bench_nonblocking_begin();
	bench_bare_calls(label, "violation", calls, reps);
	bench_nonblocking_end();
	bench_flush();
	return 0;
}
