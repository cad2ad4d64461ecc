/* With recording off (BENCH_ENABLE=0) every instrumented function runs
 * exactly as written: the inline __bench_active test skips the runtime,
 * an iterated body runs once, and nothing is recorded.  The output equals
 * the plain build's, which the runner checks. */
#include <stdio.h>

static int runs;

__attribute__((bench("iterations=5,warmup=3"))) static int once(int x)
{
	runs++;
	return x + runs;
}

__attribute__((bench)) static int plain_call(int x)
{
	return x * 2;
}

int main(void)
{
	int r = once(10);

	printf("once=%d runs=%d twice=%d\n", r, runs, plain_call(r));
	return 0;
}
