/*
 * blocking_event.h - what the blocking-call hooks (blocking.c) hand to the
 * output side (blocking_output.c): one queued event, and a call site's
 * counts added up over the threads.
 */
#ifndef BENCH_BLOCKING_EVENT_H
#define BENCH_BLOCKING_EVENT_H

#include "internal.h"
#include "stack.h"

#include <stddef.h>
#include <sys/types.h>

#define EVENT_VIOLATION   0x1u
#define EVENT_NONBLOCKING 0x2u

struct queued_event {
	uint64_t start, finish;
	const struct bench_site *context; /* innermost nonblocking function */
	uint32_t flags;                   /* EVENT_* */
	uint32_t reserved;
	struct bench_stack stack;         /* variable length: keep last */
};

/* A call site's counts over every thread, clock ticks for times. */
struct bench_blocking_total {
	const struct bench_call_site *site;
	uint64_t count, ticks, max_ticks, violations;
};

/* Every call site's counts, unsorted, into *rows (malloc'ed; NULL when
 * there is none or memory ran out); *sampled: only a share of the calls
 * outside contexts was looked at.  Returns how many rows. */
size_t bench_blocking_totals(struct bench_blocking_total **rows, int *sampled);

/* Drops the call sites' formatted texts (cached by address). */
void bench_blocking_output_forget(void);

/* Event e of thread tid as the record's own JSON members ("blocking" to
 * "trace"), under the drain lock.  Returns the length, 0 if cap is short. */
size_t bench_blocking_format_event(pid_t tid, const struct queued_event *e, char *buf,
				   size_t cap);

#endif /* BENCH_BLOCKING_EVENT_H */
