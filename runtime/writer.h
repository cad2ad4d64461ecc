/*
 * writer.h - moving records from the rings to the sink: the writer thread,
 * explicit flushes, waiting on a full ring, and the exit and fork paths.
 */
#ifndef BENCH_WRITER_H
#define BENCH_WRITER_H

#include "internal.h"
#include "ring.h"
#include "sink.h"

void bench_writer_init(const struct bench_sink *sink, unsigned int flush_ms);

/* Starts the writer thread if this process has none yet (cheap when it
 * has: one load). */
void bench_writer_ensure_started(void);

/* Wakes the writer (a ring is an eighth full, a thread exited); no
 * system call when it is awake.  Async-signal-safe. */
void bench_writer_kick(void);

/* A full ring's own thread drains it: only when bench_writer_wait_room
 * says no writer can (BENCH_BUFFER_POLICY=block). */
void bench_writer_drain_ring(struct bench_ring *ring);
/* Records formatted that way, for tests and benchmarks: ~0 is the goal. */
uint64_t bench_writer_caller_drained(void);

/* A full ring's or event queue's thread: wakes the writer and sleeps
 * until the queue's tail reaches want_tail: returns 0 once it did (or
 * after a 10 ms timeout: look again), -1 when no writer thread can drain
 * (drain it yourself), -2 when this thread holds the drain lock (a signal
 * handler interrupted a drain: neither is possible). */
int bench_writer_wait_room(struct bench_room *room, uint64_t want_tail);


/* Drains every ring to the sink now. */
void bench_writer_flush(void);

/* Around the real dlclose: formats everything recorded so far (records
 * point into the code being unloaded). */
void bench_writer_before_unload(void);
void bench_writer_after_unload(void);
/* From the destructor of an instrumented unit (any of them, in the
 * object containing code) being unloaded, after its other destructors:
 * writes what they recorded too, and keeps no pointer into the object
 * (its sites in summary tables and blocking counts become copies; caches
 * keyed by its addresses are dropped).  Nested in the runtime's dlclose
 * too (the records its destructors made since). */
void bench_writer_unit_unload(const void *code);

/* Around the real exec: records every thread's open calls as ended by it
 * (closed_by "exec"), prints the summary and the losses, as exit would;
 * after an exec that failed, gives the calling thread's open calls new
 * ids (their records at the exec keep the old ones). */
void bench_writer_before_exec(void);
void bench_writer_after_failed_exec(void);

/* At exit: close the calling thread's open frames and flush. */
void bench_writer_at_exit(void);
/* The very last flush (ELF destructor): also closes other threads' open
 * frames, finishes the sink and reports losses. */
void bench_writer_finish(void);
/* Whether that last flush is done; then a thread's buffer that fills is
 * emptied and its records counted by the next call (said once on stderr
 * if the loss report is already out). */
int bench_writer_finished(void);
void bench_writer_count_after_exit(uint64_t n);

void bench_writer_before_fork(void);
void bench_writer_after_fork_parent(void);
void bench_writer_after_fork_child(void);

#endif /* BENCH_WRITER_H */
