/*
 * percall_main.c - times the empty target function against the
 * uninstrumented baseline and the two-rdtsc floor in the same process,
 * rep by rep, so each overhead and each ratio compares loops that ran
 * seconds apart on the same machine state.
 *
 * Usage: percall-VARIANT LABEL [CALLS [REPS]]
 * Prints FIG lines: percall.LABEL.{plain,floor,target} (ns per call),
 * .overhead and .floor_overhead (ns over plain), .ratio (overhead/floor).
 */
#include "harness.h"
#include "percall.h"

#define TIME_LOOP(fn, calls)                                              \
	({                                                                \
		uint64_t t0_ = harness_now_ns();                          \
		for (long i_ = 0; i_ < (calls); i_++)                     \
			fn();                                             \
		(double)(harness_now_ns() - t0_) / (double)(calls);       \
	})

int main(int argc, char **argv)
{
	const char *label = argc > 1 ? argv[1] : "unnamed";
	long calls = harness_arg(argc, argv, 2, 10000000);
	int reps = (int)harness_arg(argc, argv, 3, 5);
	double plain[HARNESS_MAX_REPS], floor_ns[HARNESS_MAX_REPS];
	double target[HARNESS_MAX_REPS], over[HARNESS_MAX_REPS];
	double floor_over[HARNESS_MAX_REPS], ratio[HARNESS_MAX_REPS];
	char key[128];

	if (reps > HARNESS_MAX_REPS)
		reps = HARNESS_MAX_REPS;
	/* Warm-up: page in the rings, start the runtime and its writer. */
	(void)TIME_LOOP(plain_empty, calls / 10 + 1);
	(void)TIME_LOOP(floor_empty, calls / 10 + 1);
	(void)TIME_LOOP(target_empty, calls / 10 + 1);

	for (int r = 0; r < reps; r++) {
		plain[r] = TIME_LOOP(plain_empty, calls);
		floor_ns[r] = TIME_LOOP(floor_empty, calls);
		target[r] = TIME_LOOP(target_empty, calls);
		over[r] = target[r] - plain[r];
		floor_over[r] = floor_ns[r] - plain[r];
		ratio[r] = over[r] / floor_over[r];
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
	return 0;
}
