/*
 * blocking.h - the runtime side of blocking calls: the begin/end hooks,
 * must-not-block contexts, per-call-site counts, the queue of recorded
 * events for the writer, violations (warn/abort) and the user's callback.
 */
#ifndef BENCH_BLOCKING_H
#define BENCH_BLOCKING_H

#include "internal.h"

#include <stddef.h>

enum bench_on_violation {
	BENCH_VIOLATION_RECORD, /* only the record says violation: true */
	BENCH_VIOLATION_WARN,   /* plus a line and the stack on stderr, rate-limited */
	BENCH_VIOLATION_ABORT,  /* plus abort() at the violation */
};

#define BENCH_DEFAULT_TRACE_DEPTH 8u

/* Held in struct bench_settings (settings.h) as `blocking`. */
struct bench_blocking_settings {
	uint32_t trace_depth;     /* frames per event, 0..BENCH_STACK_MAX_DEPTH */
	uint32_t min_us;          /* shorter calls are only counted */
	int on_violation;         /* enum bench_on_violation */
	double sample;            /* share of non-violating calls looked at, 0..1 */
};

/* The blocking settings of a config's runtime: section and of the
 * environment (trace_depth, blocking_min_us, on_violation, sample).  Sets *known when key is one of
 * them; returns NULL when the value was applied, else what was expected. */
const char *bench_blocking_setting(struct bench_blocking_settings *b, const char *key,
				   const char *value, int *known);

/* Built-in defaults. */
void bench_blocking_default_settings(struct bench_blocking_settings *b);

/* Takes the settings in force; called once by runtime initialisation. */
void bench_blocking_init(const struct bench_blocking_settings *b);

/* Lets the blocking hooks record: called last by runtime initialisation,
 * once the writer and its sink exist (a hook that saw the flag earlier
 * could fill its queue with no writer to empty it, and drop). */
void bench_blocking_open(void);

/* Loads the unwinder when traces are wanted (the writer thread calls it as
 * it starts, so that no program thread pays the first unwind's cost). */
void bench_blocking_warm_up(void);

/* Writer side, under the drain lock: passes every queued event to
 * write_blocking (the sink's) as the record's own JSON members ("blocking"
 * to "trace").  Returns how many. */
size_t bench_blocking_drain(void (*write_blocking)(const char *members, size_t len));

/* Times a hook flushed a full queue itself because no writer thread could
 * (for tests and benchmarks: ~0 is the goal). */
uint64_t bench_blocking_hook_flushes(void);

/* The summary's table of blocking calls per call site (calls, total and
 * max time, violations), heaviest first, through bench_output_write;
 * nothing when no blocking call was made.  run_heading: first a line
 * naming the run and pid (no calls table above does). */
void bench_blocking_summary(int run_heading);

/* A library is being unloaded: with copies, the per-site counts of its
 * call sites keep copies of them (unload.h); NULL, under the drain lock:
 * the formatted site texts cached by address are dropped. */
struct bench_unload_copies;
void bench_blocking_forget_sites(struct bench_unload_copies *copies);

/* Fork child: only the calling thread exists; it keeps its contexts. */
void bench_blocking_after_fork_child(void);

/* Whether this thread is inside the blocking hooks (a signal handler
 * interrupted them); for __bench_setjmp. */
int bench_blocking_busy(void);

/* A longjmp to a setjmp made outside the blocking hooks leaves them: they
 * never finish what they were doing, and this thread may use them again. */
void bench_blocking_jumped_out(void);

#endif /* BENCH_BLOCKING_H */
