/*
 * stack.h - the trace of a blocking event: captured on the hot path as a
 * handful of return addresses and descriptor pointers, turned into named
 * frames only when the event is written, printed or handed to a callback.
 */
#ifndef BENCH_STACK_H
#define BENCH_STACK_H

#include "internal.h"
#include "thread.h"

#include <stddef.h>

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

/* Loads the unwinder now: its first use costs ~0.5 ms (it maps libgcc_s
 * and builds its tables), too much for the first blocking event. */
void bench_stack_warm_up(void);

/* "libunwind" once bench_stack_warm_up loaded it, else "backtrace"
 * (glibc's, ~25 times slower per frame). */
const char *bench_stack_unwinder(void);

/* Whether bench_stack_warm_up would load libunwind (not in a process with a
 * sanitizer's runtime). */
int bench_stack_may_use_libunwind(void);

/* Fills s with at most max_depth frames' worth of addresses and open
 * instrumented frames; t may be NULL (no instrumented frame open).
 * return_address is the blocking hook's, in the caller. */
void bench_stack_capture(struct bench_stack *s, const struct bench_thread *t,
			 const struct bench_call_site *call, const void *return_address,
			 uint32_t max_depth);

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
