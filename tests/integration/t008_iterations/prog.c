/* iterations=3,warmup=2: one call runs the body 5 times (side effects
 * happen 5 times), records 3 durations, and returns the last run's value. */
#include <stdio.h>

static int runs;

__attribute__((bench("iterations=3,warmup=2"))) static int step(int base)
{
	runs++;
	return base + runs; /* differs per run: shows which run's value returns */
}

int main(void)
{
	int r = step(100);

	printf("returned %d after %d runs\n", r, runs);
	r = step(200);
	printf("returned %d after %d runs\n", r, runs);
	return 0;
}
