/* Warm-up runs are untimed and so are the instrumented calls inside them:
 * with warmup=2 and iterations=2 the child runs 4 times but is recorded
 * twice, under the timed runs only. */
#include <stdio.h>

static int child_runs;

__attribute__((bench)) static int child(int x)
{
	child_runs++;
	return x + 1;
}

__attribute__((bench("warmup=2,iterations=2"))) static int parent(int x)
{
	return child(x) * 2;
}

int main(void)
{
	int r = parent(1);

	printf("parent=%d child ran %d times\n", r, child_runs);
	return 0;
}
