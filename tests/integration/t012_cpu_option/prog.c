/* cpu adds "cpu_durations", one per timed run; without it there is none. */
#include <stdio.h>

__attribute__((bench("cpu"))) static unsigned spin(unsigned n)
{
	volatile unsigned acc = 0;

	for (unsigned i = 0; i < n; i++)
		acc += i;
	return acc;
}

__attribute__((bench("cpu,iterations=2"))) static unsigned spin2(unsigned n)
{
	return spin(n) + 1;
}

__attribute__((bench)) static unsigned plain(unsigned n)
{
	return n;
}

int main(void)
{
	printf("%u %u %u\n", spin(1000), spin2(10), plain(3));
	return 0;
}
