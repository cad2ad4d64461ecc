/*
 * sink.h - where assembled records go: JSON Lines or the summary table.
 * Sinks run off the hot path, under the writer's drain lock.
 */
#ifndef BENCH_SINK_H
#define BENCH_SINK_H

#include "internal.h"

#include <sys/types.h>

struct bench_unload_copies;

struct bench_timing_view {
	const char *name;
	uint64_t ns;
};

/* A call with everything a record says about it, times converted. */
struct bench_call_view {
	const struct bench_site *site;
	const char *name;
	uint64_t id;
	uint64_t parent;             /* 0: none */
	uint32_t depth;
	unsigned int closed_by;      /* enum bench_closed_by */
	pid_t thread;
	int64_t start_wall_ns;
	int64_t finish_wall_ns;
	const uint64_t *durations;   /* ns, one per timed iteration */
	size_t n_durations;
	int has_cpu;                 /* the site asked for CPU time */
	const uint64_t *cpu_durations;
	size_t n_cpu_durations;
	const struct bench_timing_view *timings;
	size_t n_timings;
};

/*
 * One set of operations per output format.  A new record kind gets its
 * own write_* operation here and a formatter in each sink.
 */
struct bench_sink {
	const char *name;
	void (*write_call)(const struct bench_call_view *call);
	/* A blocking event: its own members ("blocking" ... "trace"),
	 * formatted by blocking.c; the sink adds what every record has. */
	void (*write_blocking)(const char *members, size_t len);
	void (*flush)(void);            /* end of a drain: output what is buffered */
	void (*finish)(void);           /* at exit, after the last flush */
	/* Before an exec, which ends the process image as exit does but
	 * may fail: write_open_calls(now) writes the calls still open as
	 * ended now; what the sink reports at exit it reports now, and
	 * leaves its state as it was (a failed exec carries on). */
	void (*before_exec)(void (*write_open_calls)(uint64_t now), uint64_t now);
	void (*after_fork_child)(void); /* forget the parent's data */
	/* A library is being unloaded: with copies, keep no pointer into its
	 * range in the tables that outlive it (copies instead: unload.h;
	 * may run without the drain lock, if the writer is stuck); NULL,
	 * under the lock: drop the caches keyed by addresses. */
	void (*forget_sites)(struct bench_unload_copies *copies);
};

extern const struct bench_sink bench_sink_jsonl;
extern const struct bench_sink bench_sink_summary;

/* "C", "C++" or "record". */
const char *bench_site_invocation(const struct bench_site *site);
/* ns with four significant digits and a unit: "12.35 us". */
void bench_format_duration(char *out, size_t size, double ns);
/* "return", "longjmp", "exit" or "exec". */
const char *bench_closed_by_name(unsigned int closed_by);

#endif /* BENCH_SINK_H */
