/*
 * SIGKILL runs no exit handler: what reaches the file is what the last
 * flush wrote, as whole lines, and nothing after it.  The flush interval
 * is long so that no timed flush races the kill.
 */
#include <bench.h>
#include <signal.h>
#include <stdio.h>

__attribute__((bench)) static unsigned flushed(unsigned x)
{
	return x * 3 + 1;
}

__attribute__((bench)) static unsigned unflushed(unsigned x)
{
	return x * 5 + 1;
}

int main(void)
{
	unsigned x = 0;

	for (int i = 0; i < 30; i++)
		x = flushed(x);
#ifdef __BENCH__
	bench_flush();
#endif
	for (int i = 0; i < 5; i++)
		x = unflushed(x);
	printf("x=%x, killing myself\n", x);
	fflush(stdout);
	raise(SIGKILL);
	return 0;
}
