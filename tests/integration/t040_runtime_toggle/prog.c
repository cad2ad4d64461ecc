/* Recording switched off and on at run time, after the runtime has
 * started: the plugin's inline __bench_active test on entry (and the token
 * test on exit) must hold in every function, inlined copies and loops
 * included.  A function entered while recording is off stays unrecorded
 * even if recording comes back inside it; one entered while it is on is
 * closed even if recording stops inside it. */
#include <stdio.h>

#include "bench.h"

#ifndef __BENCH__ /* a plain build has no runtime */
#define bench_activate() ((void)0)
#define bench_deactivate() ((void)0)
#endif

__attribute__((bench)) static inline int leaf(int x)
{
	return x + 1;
}

__attribute__((bench, noinline)) int outer(int x)
{
	return leaf(x) * 2;
}

__attribute__((bench, noinline)) int loop(int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += leaf(i);
	return s;
}

__attribute__((bench, noinline)) int switch_on(int x)
{
	bench_activate();
	return leaf(x);
}

__attribute__((bench, noinline)) int switch_off(int x)
{
	bench_deactivate();
	return leaf(x);
}

int main(void)
{
	int s = outer(1);                 /* recorded, with leaf inside */

	bench_deactivate();
	for (int i = 0; i < 3; i++)
		s += outer(i);            /* off: nothing */
	s += loop(4);                     /* off: nothing */
	s += switch_on(5);                /* entered off: only the leaf inside */
	s += loop(2);                     /* recorded, two leaves */
	s += switch_off(3);               /* entered on: closed; its leaf is not */
	s += outer(4) + leaf(9);          /* off: nothing */
	bench_activate();
	s += leaf(7);                     /* recorded */
	printf("%d\n", s);
	return 0;
}
