/*
 * percall_main.c - times the empty target function against the
 * uninstrumented baseline and the two-rdtsc floor in the same process,
 * rep by rep, so each overhead and each ratio compares loops that ran
 * seconds apart on the same machine state.
 *
 * Usage: percall-VARIANT LABEL [CALLS [REPS]]
 * Prints FIG lines: percall.LABEL.{plain,floor,target} (ns per call),
 * .overhead and .floor_overhead (ns over plain), .ratio (overhead/floor),
 * and .cpu_overhead, .cpu_ratio: the same from the thread's CPU time.
 */
#include "harness.h"
#include "percall.h"

/* Wall time per call (the figure), and in *CPU the calling thread's CPU
 * time per call: on a loaded machine the two part when the thread waits
 * (preempted, or blocked on the runtime's drain lock). */
#define TIME_LOOP_CPU(fn, calls, cpu)                                        \
	({                                                                   \
		uint64_t c0_ = harness_clock_ns(CLOCK_THREAD_CPUTIME_ID);    \
		uint64_t t0_ = harness_now_ns();                             \
		for (long i_ = 0; i_ < (calls); i_++)                        \
			fn();                                                \
		uint64_t t1_ = harness_now_ns();                             \
		*(cpu) = (double)(harness_clock_ns(CLOCK_THREAD_CPUTIME_ID) - \
				  c0_) / (double)(calls);                    \
		(double)(t1_ - t0_) / (double)(calls);                       \
	})
#define TIME_LOOP(fn, calls) ({ double c_; TIME_LOOP_CPU(fn, calls, &c_); })

/* Only percall-bench links libbench; in every other variant this is NULL. */
extern void bench_flush(void) __attribute__((weak));

/*
 * Each rep starts with bench's writer idle.  A JSON Lines target loop
 * leaves the writer seconds of records to format; left running, that work
 * overlapped the next rep's plain and floor loops and slowed the floor
 * (from 18 to 32 ns per call on a 2-vCPU machine), which made bench's
 * ratio look better than it is.  Draining here charges the formatting to
 * no loop: its cost is measured as throughput (sink-bench), and the target
 * loop still pays for whatever the writer does while it runs.
 */
static void settle_writer(void)
{
	if (bench_flush)
		bench_flush();
}

int main(int argc, char **argv)
{
	const char *label = argc > 1 ? argv[1] : "unnamed";
	long calls = harness_arg(argc, argv, 2, 10000000);
	int reps = (int)harness_arg(argc, argv, 3, 5);
	double plain[HARNESS_MAX_REPS], floor_ns[HARNESS_MAX_REPS];
	double target[HARNESS_MAX_REPS], over[HARNESS_MAX_REPS];
	double floor_over[HARNESS_MAX_REPS], ratio[HARNESS_MAX_REPS];
	double cpu_plain, cpu_floor, cpu_target, cpu_over[HARNESS_MAX_REPS];
	double cpu_ratio[HARNESS_MAX_REPS];
	char key[128];

	if (reps > HARNESS_MAX_REPS)
		reps = HARNESS_MAX_REPS;
	/* Warm-up: page in the rings, start the runtime and its writer. */
	(void)TIME_LOOP(plain_empty, calls / 10 + 1);
	(void)TIME_LOOP(floor_empty, calls / 10 + 1);
	(void)TIME_LOOP(target_empty, calls / 10 + 1);

	for (int r = 0; r < reps; r++) {
		settle_writer();
		plain[r] = TIME_LOOP_CPU(plain_empty, calls, &cpu_plain);
		floor_ns[r] = TIME_LOOP_CPU(floor_empty, calls, &cpu_floor);
		target[r] = TIME_LOOP_CPU(target_empty, calls, &cpu_target);
		over[r] = target[r] - plain[r];
		floor_over[r] = floor_ns[r] - plain[r];
		ratio[r] = over[r] / floor_over[r];
		cpu_over[r] = cpu_target - cpu_plain;
		cpu_ratio[r] = cpu_over[r] / (cpu_floor - cpu_plain);
	}
#define FIG(name, arr, unit)                                               \
	do {                                                               \
		snprintf(key, sizeof(key), "percall.%s.%s", label, name);  \
		harness_fig(key, arr, reps, unit);                         \
	} while (0)
	FIG("plain", plain, "ns");
	FIG("floor", floor_ns, "ns");
	FIG("target", target, "ns");
	FIG("overhead", over, "ns");
	FIG("floor_overhead", floor_over, "ns");
	FIG("ratio", ratio, "x");
	FIG("cpu_overhead", cpu_over, "ns");
	FIG("cpu_ratio", cpu_ratio, "x");
	return 0;
}
