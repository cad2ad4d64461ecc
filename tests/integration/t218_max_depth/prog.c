/* BENCH_MAX_DEPTH (here the config's max_depth: 2048): a recursion 3000
 * levels deep (2999 down to 0) records its 2048 outermost calls, runs the
 * rest normally and reports those 952 as dropped.  As in t004, the exit
 * hook runs after the recursive call, so every level is a real frame. */
#include <stdio.h>

__attribute__((bench)) unsigned long depth_sum(unsigned n)
{
	if (n == 0)
		return 0;
	return n + depth_sum(n - 1);
}

int main(void)
{
	printf("%lu\n", depth_sum(2999));
	return 0;
}
