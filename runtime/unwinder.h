/*
 * unwinder.h - a fast x86-64 stack walker for traces: the return addresses
 * libgcc's _Unwind_Backtrace would give, from a cache of the simple CFI
 * rules most frames follow; it declines (and the caller uses libgcc) for
 * anything else.
 */
#ifndef BENCH_UNWINDER_H
#define BENCH_UNWINDER_H

#include "internal.h"

#include <stddef.h>
#include <stdint.h>

/* Where a walk starts: an instruction of the capturing function and the
 * stack and frame pointers there, or (after_call) a return address and the
 * caller's stack and frame pointers as the call returns to it. */
struct bench_unwind_regs {
	uintptr_t pc, sp, bp;
	int after_call; /* pc's rule is looked up at pc - 1, in the call */
};

/* bench_unwind_walk's answer when it cannot walk this stack exactly as
 * libgcc would (a rule it does not model, a frame without unwind tables,
 * a stack it finds implausible, another architecture). */
#define BENCH_UNWIND_DECLINED (-1)

/*
 * The registers of the function this is inlined into, at this point.
 * Read in one asm statement, so that the CFI rule at pc describes sp.
 */
static inline __attribute__((always_inline)) void bench_unwind_here(struct bench_unwind_regs *r)
{
#if defined(__x86_64__)
	__asm__ volatile("lea 0(%%rip), %0\n\t"
			 "mov %%rsp, %1\n\t"
			 "mov %%rbp, %2"
			 : "=r"(r->pc), "=r"(r->sp), "=r"(r->bp));
#else
	r->pc = r->sp = r->bp = 0;
#endif
	r->after_call = 0;
}

/*
 * The registers of the caller of the function this is inlined into, as
 * its call returns: a walk from there passes no frame of that function's.
 * __builtin_frame_address(0) makes GCC keep a frame pointer in it, so the
 * frame holds the caller's rbp, then the return address, and the caller's
 * rsp is just above them.
 */
static inline __attribute__((always_inline)) void bench_unwind_caller(struct bench_unwind_regs *r)
{
#if defined(__x86_64__)
	const uintptr_t *frame = __builtin_frame_address(0);

	r->pc = frame[1];
	r->sp = (uintptr_t)(frame + 2);
	r->bp = frame[0];
#else
	r->pc = r->sp = r->bp = 0;
#endif
	r->after_call = 1;
}

/*
 * Fills pcs with at most size addresses: r->pc, then the return address of
 * each frame outwards, ending as libgcc ends (a 0 after the outermost
 * frame, if it fits).  Returns how many, or BENCH_UNWIND_DECLINED.  Lock-
 * free and async-signal-safe once the frames' rules are cached; a frame
 * seen the first time looks its rule up through libgcc (which locks).
 */
int bench_unwind_walk(const struct bench_unwind_regs *r, void **pcs, int size);

/*
 * A thread's memory of its last few walks (unwinder.c, "memo"), for walks
 * of up to size frames: bench_unwind_memo_bytes of memory the caller
 * provides, set up by bench_unwind_memo_init.  Used by one thread at a
 * time, never from a signal handler that interrupted its use.
 */
struct bench_unwind_memo;
size_t bench_unwind_memo_bytes(int size);
void bench_unwind_memo_init(struct bench_unwind_memo *memo, int size);
/* Forgets every walk kept (for another thread, another stack). */
void bench_unwind_memo_clear(struct bench_unwind_memo *memo);

/* bench_unwind_walk, answered from memo when the walk would read the same
 * stack words from the same registers as a walk it kept (then it does not
 * look up a rule); memo may be NULL. */
int bench_unwind_walk_memo(const struct bench_unwind_regs *r, void **pcs, int size,
			   struct bench_unwind_memo *memo);

/* Walks memo answered (for tests). */
uint64_t bench_unwind_memo_hits(const struct bench_unwind_memo *memo);

/* Reads glibc's count of unloaded libraries (under its loader lock): the
 * writer does at each pass, so that rules cached before an unload this
 * runtime's dlclose did not see are not used after it (unwinder.c). */
void bench_unwind_refresh_unloads(void);

/* Walks declined since the start (relaxed; for tests and diagnostics). */
uint64_t bench_unwind_declined(void);

/* Rules looked up in the FDEs since the start, cache misses (relaxed). */
uint64_t bench_unwind_misses(void);

/* For tests: caches "not modelled" for the instruction at lookup (a return
 * address minus 1, or the exact pc of a walk's start), as if its CFI used
 * a rule this walker does not follow, over a rule cached before; returns 0
 * if the cache is full there. */
int bench_unwind_poison(uintptr_t lookup);

#endif /* BENCH_UNWINDER_H */
