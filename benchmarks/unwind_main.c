/*
 * unwind_main.c - the cost of capturing a trace alone: the runtime's
 * cached walker (runtime/unwinder.c) against libgcc's _Unwind_Backtrace,
 * from the same function under the same stack, per frame.
 *
 *   unwind-bench [reps] [walks]
 *
 * Prints FIG unwind.{fast,libgcc}.d{1,5,20}.ns_per_walk and
 * unwind.{fast,libgcc}.ns_per_frame (the slope from 5 to 20 frames).
 */
#include "harness.h"
#include "stack.h"

#define DEPTHS 3

static const int depths[DEPTHS] = { 1, 5, 20 };

/* The frames a trace walks: a chain of calls that does nothing else. */
__attribute__((noinline)) static int nest(int n, int (*leaf)(int), int size)
{
	int got = n ? nest(n - 1, leaf, size) : leaf(size);

	__asm__ volatile("" ::: "memory"); /* a real frame, no tail call */
	return got;
}

static int fast_leaf(int size)
{
	void *pcs[BENCH_STACK_MAX_DEPTH];

	return bench_stack_unwind(pcs, size);
}

static int libgcc_leaf(int size)
{
	void *pcs[BENCH_STACK_MAX_DEPTH];

	return bench_stack_unwind_libgcc(pcs, size);
}

/* ns per walk of size frames, 25 frames deep (so every walk is cut). */
static double time_walks(int (*leaf)(int), int size, long walks)
{
	uint64_t t0 = harness_now_ns();

	for (long i = 0; i < walks; i++)
		if (nest(25, leaf, size) != size)
			exit(1);
	return (double)(harness_now_ns() - t0) / (double)walks;
}

int main(int argc, char **argv)
{
	int reps = (int)harness_arg(argc, argv, 1, 7);
	long walks = harness_arg(argc, argv, 2, 100000);
	static const char *names[2] = { "fast", "libgcc" };
	int (*const leaves[2])(int) = { fast_leaf, libgcc_leaf };
	double s[2][DEPTHS][HARNESS_MAX_REPS], slope[2][HARNESS_MAX_REPS];
	uint64_t declined = bench_unwind_declined();
	char key[64];

	if (reps > HARNESS_MAX_REPS)
		reps = HARNESS_MAX_REPS;
	/* Interleaved, so that both see the same machine. */
	for (int r = 0; r < reps; r++) {
		for (int w = 0; w < 2; w++) {
			for (int d = 0; d < DEPTHS; d++)
				s[w][d][r] = time_walks(leaves[w], depths[d], walks);
			slope[w][r] = (s[w][2][r] - s[w][1][r]) / (depths[2] - depths[1]);
		}
	}
	if (bench_unwind_declined() != declined) {
		fprintf(stderr, "unwind-bench: the fast walker declined\n");
		return 1;
	}
	for (int w = 0; w < 2; w++) {
		for (int d = 0; d < DEPTHS; d++) {
			snprintf(key, sizeof(key), "unwind.%s.d%d.ns_per_walk", names[w], depths[d]);
			harness_fig(key, s[w][d], reps, "ns");
		}
		snprintf(key, sizeof(key), "unwind.%s.ns_per_frame", names[w]);
		harness_fig(key, slope[w], reps, "ns");
	}
	return 0;
}
