/*
 * cyg_record.c - -finstrument-functions hooks that do what a minimal timing
 * tool must: read a clock on entry (pushed on a thread-local stack), read it
 * again on exit and store a 32-byte record into a thread-local ring.  The
 * clock is rdtsc, or clock_gettime(CLOCK_MONOTONIC) with -DCYG_CLOCK_GETTIME.
 */
#include <stdint.h>
#include <time.h>
#include <x86intrin.h>

#define NOINSTR __attribute__((no_instrument_function))

struct cyg_record {
	void *fn;
	uint64_t start;
	uint64_t end;
	uint64_t depth;
};

#define CYG_RING 4096u
#define CYG_STACK 256u

/* External linkage so the stores cannot be dropped as dead. */
__thread struct cyg_record cyg_ring[CYG_RING];
__thread unsigned cyg_pos;
__thread uint64_t cyg_stack[CYG_STACK];
__thread unsigned cyg_depth;

static inline NOINSTR uint64_t cyg_now(void)
{
#ifdef CYG_CLOCK_GETTIME
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#else
	return __rdtsc();
#endif
}

void __cyg_profile_func_enter(void *fn, void *site) NOINSTR;
void __cyg_profile_func_exit(void *fn, void *site) NOINSTR;

void __cyg_profile_func_enter(void *fn, void *site)
{
	(void)fn;
	(void)site;
	cyg_stack[cyg_depth++ & (CYG_STACK - 1)] = cyg_now();
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	uint64_t end = cyg_now();
	unsigned d = --cyg_depth;
	struct cyg_record *r = &cyg_ring[cyg_pos++ & (CYG_RING - 1)];

	(void)site;
	r->fn = fn;
	r->start = cyg_stack[d & (CYG_STACK - 1)];
	r->end = end;
	r->depth = d;
}
