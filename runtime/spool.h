/*
 * spool.h - a FIFO of ring records in an unlinked file, for when the
 * writer falls behind the producers: it packs whole runs of a ring's
 * slots (a few bytes a record, pack.h) into the file with one pwrite and
 * formats them later, when it is idle or at a flush.  Every function but the
 * configuration runs under the writer's drain lock.
 */
#ifndef BENCH_SPOOL_H
#define BENCH_SPOOL_H

#include "internal.h"
#include "ring.h"

enum bench_spool_mode {
	BENCH_SPOOL_OFF,    /* BENCH_SPOOL=0: producers wait for the formatter */
	BENCH_SPOOL_AUTO,   /* spool when the writer is behind (default) */
	BENCH_SPOOL_ALWAYS, /* spool every record, format at flushes only (tests) */
};

/* dir: BENCH_SPOOL_DIR, "" for $TMPDIR or /tmp; max_bytes: the file's
 * size at most (BENCH_SPOOL_MAX_MB), lowered to half the space free in
 * dir when the file is made or emptied. */
void bench_spool_configure(enum bench_spool_mode mode, const char *dir, uint64_t max_bytes);
enum bench_spool_mode bench_spool_mode(void);

/* Records spooled and not yet formatted (all rings). */
uint64_t bench_spool_pending(void);

/* Whether the writer should copy this ring's published records to the
 * spool rather than format them: the spool is not empty (FIFO: order per
 * thread), or the ring is half full (the writer is behind), or mode is
 * always.  0 once the spool failed, and while the file is at its size
 * limit: the writer then formats the spool, and the threads wait for it,
 * until it is empty. */
int bench_spool_wanted(const struct bench_ring *ring, uint64_t used);

/* Appends every published record of ring to the spool and frees their
 * slots; returns how many.  On a write error says so once, turns the
 * spool off, and returns -1; what it wrote before the error stays spooled,
 * the rest stays in the ring: the caller formats the spool
 * (bench_spool_format_all) and then the ring. */
long bench_spool_append(struct bench_ring *ring);

typedef void (*bench_spool_consume_fn)(struct bench_ring *, const struct bench_record *);

/* Passes up to budget records from the spool's front to consume (the
 * writer's bench_assemble_record), in order; returns how many it took off
 * the spool (consumed or, when unreadable, counted as dropped). */
size_t bench_spool_format(size_t budget, bench_spool_consume_fn consume);
static inline size_t bench_spool_format_all(bench_spool_consume_fn consume)
{
	return bench_spool_format((size_t)-1, consume);
}

/* Spool bytes written and records spooled so far (benchmarks, tests). */
uint64_t bench_spool_bytes(void);
uint64_t bench_spool_records(void);

/* The spool's descriptor, -1 when none (tests sabotage it). */
int bench_spool_fd(void);

/* Fork child: the spool is the parent's; forget it (its records too). */
void bench_spool_after_fork_child(void);

#endif /* BENCH_SPOOL_H */
