/*
 * Make 20,000 instrumented calls, flushing every 1,000, into an output on a
 * file system that fills up part way.  Its stdout and exit status must be
 * those of the plain build; the count of records lost goes to stderr.
 */
#include <bench.h>
#include <stdio.h>

__attribute__((bench)) static unsigned work(unsigned x)
{
	return x * 2654435761u + 3;
}

int main(void)
{
	unsigned x = 0;

	for (int i = 1; i <= 20000; i++) {
		x = work(x);
#ifdef __BENCH__
		if (i % 1000 == 0)
			bench_flush();
#endif
	}
	printf("x=%x\n", x);
	return 4;
}
