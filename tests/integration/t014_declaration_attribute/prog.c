/* The attribute on a declaration only (as a header would write it) carries
 * over to the later definition, options included. */
#include <stdio.h>

__attribute__((bench("name=declared"))) int declared(int x);
int merged(int x);
__attribute__((bench("iterations=2"))) int merged(int x);

int declared(int x)
{
	return x + 1;
}

int merged(int x)
{
	return x * 3;
}

int main(void)
{
	printf("%d %d\n", declared(1), merged(2));
	return 0;
}
