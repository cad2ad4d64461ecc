/* exit() from inside instrumented functions: the frames still open are
 * closed by the runtime at exit ("closed_by": "exit"); the exit status and
 * the output flushed by exit are the program's own. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((bench)) static void finish(int status)
{
	printf("finishing with %d\n", status);
	exit(status);
}

__attribute__((bench)) static int work(int n)
{
	if (n > 2)
		finish(3);
	return n;
}

int main(void)
{
	printf("%d\n", work(1));
	work(5);
	puts("not reached");
	return 0;
}
