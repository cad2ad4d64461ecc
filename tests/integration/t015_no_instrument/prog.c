/* no_instrument_function wins over bench (with a warning at compile time):
 * no record for it, its instrumented callee still recorded at depth 0. */
#include <stdio.h>

__attribute__((bench)) static int callee(int x)
{
	return x - 1;
}

__attribute__((bench, no_instrument_function, noinline)) static int skipped(int x)
{
	return callee(x) * 2;
}

int main(void)
{
	printf("%d\n", skipped(5));
	return 0;
}
