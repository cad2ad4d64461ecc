/*
 * prefetch.h - asking for a cache line for writing before a hot path
 * stores to it.
 *
 * Rings and event queues are written on one core and read on another: by
 * the time the producer wraps round to a slot, the consumer's core still
 * holds its line, and a store to it waits for that core to give it up.
 * On a VM whose vCPUs sit far apart that wait is ~200 ns a line, and the
 * stores queue behind it.  Asking for the line for writing a few slots
 * ahead overlaps the wait with the calls in between.  PREFETCHW, not
 * __builtin_prefetch's prefetcht0, which fetches the line shared and still
 * leaves the store to wait (measured on blocking events: 2-3 ns an event
 * worse than no prefetch at all).
 */
#ifndef BENCH_PREFETCH_H
#define BENCH_PREFETCH_H

#include "internal.h"

/* The CPU has PREFETCHW.  Some early 64-bit Intel CPUs fault on it, so
 * it is used only when CPUID says so; 0 until bench_prefetch_init. */
extern int bench_cpu_prefetchw;

/* Reads the CPU's features; once, at start-up. */
void bench_prefetch_init(void);

static inline void bench_prefetch_for_write(const void *p)
{
#if defined(__x86_64__)
	if (likely(bench_cpu_prefetchw))
		__asm__ volatile("prefetchw %0" : : "m"(*(const unsigned char *)p));
#else
	__builtin_prefetch(p, 1, 3);
#endif
}

#endif /* BENCH_PREFETCH_H */
