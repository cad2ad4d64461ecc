/*
 * loss.h - counts every record the runtime could not take (dropped) or
 * could not write (lost), so that none disappears silently, and reports
 * them at exit.
 */
#ifndef BENCH_LOSS_H
#define BENCH_LOSS_H

#include "internal.h"

enum bench_drop_reason {
	BENCH_DROP_BUFFER_FULL,  /* BENCH_BUFFER_POLICY=drop and the ring was full */
	BENCH_DROP_SIGNAL,       /* a signal handler re-entered the runtime */
	BENCH_DROP_DEPTH,        /* deeper than the shadow stack (max_depth) */
	BENCH_DROP_TIMING_DEPTH, /* BENCH_TIME blocks nested too deep */
	BENCH_DROP_THREAD_EXIT,  /* calls after the thread's runtime state was released */
	BENCH_DROP_ABI,          /* a site descriptor of another ABI version */
	BENCH_DROP_NO_MEMORY,    /* no memory for the thread's ring */
	BENCH_DROP_SPOOL_READ,   /* spooled records that could not be read back */
	BENCH_DROP_AFTER_EXIT,   /* made by other threads after the last write at exit */
	BENCH_DROP_EARLY,        /* made while the loader relocated the program (ifunc) */
	BENCH_DROP_UNLOADED,     /* made by a library unloaded before they were written */
	BENCH_DROP_REASON_COUNT
};

/* Async-signal-safe. */
void bench_loss_drop(enum bench_drop_reason reason);
void bench_loss_drop_n(enum bench_drop_reason reason, uint64_t n);
uint64_t bench_loss_dropped(enum bench_drop_reason reason);

/* Records formatted but not written; reason is kept from the first call. */
void bench_loss_unwritten(uint64_t records, const char *reason);
uint64_t bench_loss_lost(void);

/* One line per non-zero count ("bench: N records lost (reason)") on fd. */
void bench_loss_report(int fd);

/* A fork child starts counting from zero. */
void bench_loss_reset(void);

#endif /* BENCH_LOSS_H */
