/*
 * percall_base.c - the two reference functions every per-call benchmark
 * process measures next to its instrumented one: an uninstrumented empty
 * function (the baseline subtracted from everything) and the hand-written
 * floor, the cheapest useful timing a tool could insert: two rdtsc reads and
 * one 32-byte record stored into a thread-local ring.
 *
 * Always compiled plainly: no plugin, no -finstrument-functions, no -pg.
 */
#include <stdint.h>
#include <x86intrin.h>

#include "percall.h"

/* 32 bytes: what the floor stores per call (site, start, end, depth). */
struct floor_record {
	const void *site;
	uint64_t start;
	uint64_t end;
	uint64_t depth;
};

#define FLOOR_RING 4096u /* 128 KiB: a realistic ring, not one cache line */

/* External linkage: a static ring that nothing reads would let the compiler
 * drop the stores and leave only the two rdtsc. */
__thread struct floor_record floor_ring[FLOOR_RING];
__thread unsigned floor_pos;
static const char floor_site[] = "floor_empty";

__attribute__((noinline)) void plain_empty(void)
{
	__asm__ volatile("");
}

__attribute__((noinline)) void floor_empty(void)
{
	uint64_t start = __rdtsc();
	struct floor_record *r;

	__asm__ volatile("" ::: "memory");
	r = &floor_ring[floor_pos++ & (FLOOR_RING - 1)];
	r->end = __rdtsc();
	r->site = floor_site;
	r->start = start;
	r->depth = 0;
}
