/* A "*" rule times the project's functions, not bench.h's own helper that
 * closes BENCH_RECORD / BENCH_TIME blocks (it would show as a call inside
 * every block, and nested inside the block it closes). */
#include <bench.h>
#include <stdio.h>

static volatile unsigned sink;

static void work(unsigned i)
{
	BENCH_TIME("phase") { sink += i; }
}

int main(void)
{
	BENCH_RECORD("outer") {
		for (unsigned i = 0; i < 3; i++)
			work(i);
	}
	printf("%u\n", sink);
	return 0;
}
