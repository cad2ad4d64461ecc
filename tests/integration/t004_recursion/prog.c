/* Recursion: one record per level, each the child of the one above.
 * The exit hook runs after the recursive call, so the compiler cannot turn
 * it into a loop: every level is really there. */
#include <stdio.h>

__attribute__((bench)) unsigned long fact(unsigned n)
{
	if (n <= 1)
		return 1;
	return n * fact(n - 1);
}

int main(void)
{
	printf("%lu\n", fact(5));
	return 0;
}
