/*
 * BENCH_BUFFER_POLICY=drop with iterated calls: a call whose iteration
 * records could not all be stored is dropped whole (and counted once),
 * never written with durations missing; written + dropped = calls made.
 */
#include <stdio.h>

__attribute__((bench, noinline)) static int leaf(int i)
{
	return i * 3;
}

__attribute__((bench("iterations=3"), noinline)) static int it3(int i)
{
	return leaf(i);
}

int main(void)
{
	long s = 0;

	for (int i = 0; i < 200000; i++)
		s += it3(i);
	printf("%ld\n", s);
	return 0;
}
