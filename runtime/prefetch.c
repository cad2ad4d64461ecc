/*
 * prefetch.c - which write prefetch this CPU offers (see prefetch.h).
 */
#include "prefetch.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

int bench_cpu_prefetchw;

void bench_prefetch_init(void)
{
#if defined(__x86_64__)
	unsigned int a, b, c, d;

	/* In a VM each CPUID traps to the hypervisor: asked once. */
	bench_cpu_prefetchw = __get_cpuid(0x80000001u, &a, &b, &c, &d) && (c & bit_PRFCHW);
#endif
}
