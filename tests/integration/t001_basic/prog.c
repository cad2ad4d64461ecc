/* The simplest case: one instrumented function called twice gives two
 * records, and the program's output and exit status are unchanged. */
#include <stdio.h>

__attribute__((bench)) int add(int a, int b)
{
	return a + b;
}

int main(int argc, char **argv)
{
	(void)argv;
	printf("%d\n", add(argc, 2));
	printf("%d\n", add(40, argc + 1));
	return 0;
}
