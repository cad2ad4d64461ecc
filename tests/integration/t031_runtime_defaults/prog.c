/* A config's runtime: defaults reach the program with no environment
 * variable: the plugin emits a constructor calling __bench_set_defaults. */
#include <stdio.h>

static int work(int x)
{
	return x * x;
}

int main(void)
{
	printf("%d\n", work(4));
	return 0;
}
