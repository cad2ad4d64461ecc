/* Nested calls: depth and parent links follow the call tree, including an
 * uninstrumented function in between (it adds no level). */
#include <stdio.h>

__attribute__((bench)) int leaf(int x)
{
	return x * 2;
}

int plain_middle(int x) /* not instrumented */
{
	return leaf(x) + leaf(x + 1);
}

__attribute__((bench)) int middle(int x)
{
	return leaf(x) + 1;
}

__attribute__((bench)) int top(int x)
{
	return middle(x) + plain_middle(x);
}

int main(void)
{
	printf("%d\n", top(3));
	return 0;
}
