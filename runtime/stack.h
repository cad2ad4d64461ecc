/*
 * stack.h - the trace of a blocking event: captured on the hot path as a
 * handful of return addresses and descriptor pointers, turned into named
 * frames only when the event is written, printed or handed to a callback.
 */
#ifndef BENCH_STACK_H
#define BENCH_STACK_H

#include "internal.h"
#include "thread.h"
#include "unwinder.h"

#include <stddef.h>
#include <unwind.h>

/* Frames a trace can hold (BENCH_TRACE_DEPTH is capped to this). */
#define BENCH_STACK_MAX_DEPTH 64u

/* bench_stack.flags */
#define BENCH_STACK_UNWOUND  0x1u /* pcs come from the unwinder */
#define BENCH_STACK_COMPLETE 0x2u /* ... which reached the outermost frame */

/*
 * A captured trace.  Frame 0 is the blocking call's own site (the function
 * that made the call, at the call's file:line).  The frames outside it come
 * from the return addresses the unwinder found (pcs[0] is the one in the
 * caller, just after the call), merged with the instrumented frames open on
 * the thread's shadow stack, which name functions that inlining hid from
 * the unwinder.  slots[] holds npcs addresses, then nsites descriptors.
 */
struct bench_stack {
	const struct bench_call_site *call;
	uint32_t depth;  /* frames wanted (trace_depth); 0: no trace */
	uint16_t npcs;
	uint16_t nsites;
	uint32_t flags;  /* BENCH_STACK_* */
	uint32_t reserved;
	const void *slots[]; /* capacity: 2 * depth */
};

/* Bytes a capture of at most max_depth frames needs. */
static inline size_t bench_stack_size(uint32_t max_depth)
{
	return sizeof(struct bench_stack) + 2 * (size_t)max_depth * sizeof(const void *);
}

/* Unwinds once now, both ways: the unwinders' first use sets up their
 * tables (up to ~0.5 ms), too much for the first blocking event. */
void bench_stack_warm_up(void);

/* Frames of the runtime an unwind from the blocking hook's slow path
 * passes before the hook's caller: that function, the hook, one spare. */
#define BENCH_STACK_RUNTIME_FRAMES 3u

struct bench_unwind_into {
	void **pcs;
	int size, count;
};

_Unwind_Reason_Code bench_stack_store_frame(struct _Unwind_Context *context, void *arg);

/*
 * libgcc's walk, from the function this is inlined into outwards: the
 * return address of _Unwind_Backtrace there, then each frame's.  Inlined,
 * so that libgcc's unwinder (~120 ns a frame here) walks no frame of its
 * own: every runtime frame it passes costs as much as one of the
 * program's.
 */
static inline __attribute__((always_inline)) int bench_stack_unwind_libgcc(void **pcs, int size)
{
	struct bench_unwind_into into = { pcs, size, 0 };

	_Unwind_Backtrace(bench_stack_store_frame, &into);
	return into.count;
}

/*
 * Return addresses from the function this is inlined into outwards, at
 * most size: unwind.c's cached walk (pcs[0] is where it started in that
 * function), or libgcc's where that walk declines.  The same frames, the
 * same addresses beyond pcs[0], the same end.
 */
static inline __attribute__((always_inline)) int bench_stack_unwind(void **pcs, int size)
{
	struct bench_unwind_regs regs;
	int got;

	bench_unwind_here(&regs);
	got = bench_unwind_walk(&regs, pcs, size);
	if (likely(got != BENCH_UNWIND_DECLINED))
		return got;
	return bench_stack_unwind_libgcc(pcs, size);
}

/* bench_stack_capture's out-of-line part, for a trace. */
void bench_stack_capture_trace(struct bench_stack *s, const struct bench_thread *t,
			       const struct bench_call_site *call, const void *return_address,
			       void *const *pcs, int got, int size, uint32_t max_depth);

/* Fills s with at most max_depth frames: pcs[0..got) from a walk of at
 * most size frames (frames up to return_address, the blocking hook's in its
 * caller, are the runtime's and dropped; a walk that stopped short of size
 * reached the outermost frame) and the open instrumented frames of t, which
 * may be NULL (none open). */
static inline void bench_stack_capture(struct bench_stack *s, const struct bench_thread *t,
				       const struct bench_call_site *call,
				       const void *return_address, void *const *pcs, int got,
				       int size, uint32_t max_depth)
{
	if (max_depth) {
		bench_stack_capture_trace(s, t, call, return_address, pcs, got, size, max_depth);
		return;
	}
	/* No trace: the call site alone, without a function call. */
	s->call = call;
	s->depth = 0;
	s->npcs = s->nsites = 0;
	s->flags = 0;
	s->reserved = 0;
}

/*
 * The blocking hook's walk: from its caller (bench_unwind_caller in the
 * hook, so no frame of the runtime's is walked), at most max_depth + 1
 * frames, the last to learn whether the stack ends there; where the fast
 * walk declines, libgcc's from the function this is inlined into, with
 * room for the runtime's frames.  *size: the walk's limit, for
 * bench_stack_capture.  memo: the thread's (may be NULL).
 */
static inline __attribute__((always_inline)) int
bench_stack_unwind_from(const struct bench_unwind_regs *caller, void **pcs, uint32_t max_depth,
			int *size, struct bench_unwind_memo *memo)
{
	int got;

	*size = (int)max_depth + 1;
	got = bench_unwind_walk_memo(caller, pcs, *size, memo);
	if (likely(got != BENCH_UNWIND_DECLINED))
		return got;
	*size = (int)(max_depth + BENCH_STACK_RUNTIME_FRAMES);
	return bench_stack_unwind_libgcc(pcs, *size);
}

/* Names the frames of s into out (at most s->depth of them), innermost
 * first; returns how many.  try_only: never wait for the symboliser (a
 * signal handler's warning), frames it would name are left unnamed. */
unsigned bench_stack_resolve(const struct bench_stack *s, struct bench_trace_frame *out,
			     int try_only);

/* Appends frames as a JSON array ("[{...}, ...]", outermost last) to buf;
 * returns the length written, or 0 if cap is too small. */
size_t bench_stack_format_json(const struct bench_trace_frame *frames, unsigned n,
			       char *buf, size_t cap);

/* The trace of s as JSON (bench_stack_format_json of its resolved
 * frames), from a cache of the captures seen before; returns the length
 * written, or 0 if cap is too small. */
size_t bench_stack_json(const struct bench_stack *s, char *buf, size_t cap);

/* In the child of a fork: the cache's lock may have been held. */
void bench_stack_after_fork_child(void);

/* JSON string, quoted and escaped, or null for NULL; returns the length,
 * or 0 when it does not fit in cap (which must leave room for a NUL). */
size_t bench_stack_json_string(char *buf, size_t cap, const char *s);

/* Writes frames for a human, one "    at function (file:line)" line per
 * frame, to fd with one write. */
void bench_stack_print(const struct bench_trace_frame *frames, unsigned n, int fd);

#endif /* BENCH_STACK_H */
