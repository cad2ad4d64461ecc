/* Functions inlined into their callers are still timed: the pass runs
 * before inlining, so the hooks travel with the body.  cube is always
 * inlined (check.py makes sure no copy of it is left at -O2); square is a
 * plain static inline, inlined or not as GCC sees fit. */
#include <stdio.h>

__attribute__((bench)) static inline int square(int x)
{
	return x * x;
}

__attribute__((bench, always_inline)) static inline int cube(int x)
{
	return square(x) * x;
}

int main(int argc, char **argv)
{
	(void)argv;
	printf("%d %d\n", square(argc + 2), cube(argc + 1));
	return 0;
}
