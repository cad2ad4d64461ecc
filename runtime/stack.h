/*
 * stack.h - the trace of a blocking event: captured on the hot path as a
 * handful of pointers, turned into named frames only when the event is
 * written, printed or handed to a callback.
 */
#ifndef BENCH_STACK_H
#define BENCH_STACK_H

#include "internal.h"
#include "thread.h"

#include <stddef.h>

/* Frames a trace can hold (BENCH_TRACE_DEPTH is capped to this). */
#define BENCH_STACK_MAX_DEPTH 64u

/*
 * A captured trace: the blocking call's own site (frame 0: the function
 * that made the call, at the call's file:line) then the instrumented
 * frames open on the thread's shadow stack, innermost first.
 */
struct bench_stack {
	const struct bench_call_site *call;
	const void *return_address; /* in the caller, just after the call */
	uint32_t depth;             /* frames: 1 + sites used, or 0 */
	uint32_t reserved;
	const struct bench_site *sites[]; /* depth - 1 of them */
};

/* Bytes a capture of at most max_depth frames needs. */
static inline size_t bench_stack_size(uint32_t max_depth)
{
	return sizeof(struct bench_stack) +
	       (max_depth ? max_depth - 1 : 0) * sizeof(const struct bench_site *);
}

/* Fills s with at most max_depth frames; t may be NULL (no instrumented
 * frame open).  A copy of max_depth - 1 pointers: no unwinding. */
void bench_stack_capture(struct bench_stack *s, const struct bench_thread *t,
			 const struct bench_call_site *call, const void *return_address,
			 uint32_t max_depth);

/* Names frame i of s (i < s->depth). */
void bench_stack_frame(const struct bench_stack *s, uint32_t i,
		       struct bench_trace_frame *out);

/* Appends the trace as a JSON array ("[{...}, ...]", outermost last) to
 * buf; returns the length written, or 0 if cap is too small. */
size_t bench_stack_format_json(const struct bench_stack *s, char *buf, size_t cap);

/* JSON string, quoted and escaped, or null for NULL; returns the length,
 * or 0 when it does not fit in cap (which must leave room for a NUL). */
size_t bench_stack_json_string(char *buf, size_t cap, const char *s);

/* Writes the trace for a human, one "    at function (file:line)" line per
 * frame, to fd with one write. */
void bench_stack_print(const struct bench_stack *s, int fd);

#endif /* BENCH_STACK_H */
