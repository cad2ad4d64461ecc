/*
 * ring.h - a thread's single-producer, single-consumer ring of records.
 *
 * The owning thread stores records without locks or system calls; the
 * writer consumes them under its drain lock (see writer.c for the rare
 * cases where the owner of a full ring must drain it itself).  head and
 * tail only grow; slot = index & mask.
 *
 * Producer and consumer run side by side: the producer wakes the writer
 * when the ring is an eighth full, the consumer frees slots in small
 * chunks as it goes, and a producer that finds the ring full sleeps only
 * until a quarter of it is free again (room.h).
 */
#ifndef BENCH_RING_H
#define BENCH_RING_H

#include "internal.h"
#include "prefetch.h"
#include "record.h"
#include "room.h"

#include <sys/types.h>

struct bench_assembly;

struct bench_ring {
	/* Producer side: only the owning thread writes these. */
	uint64_t head;        /* next slot to fill; published with release */
	uint64_t tail_seen;   /* the consumer's tail when last looked at */
	uint64_t threshold;   /* head - tail_seen at which to take the slow path */
	struct bench_record *slots;
	uint64_t mask;
	uint32_t capacity;
	int drop_when_full;   /* BENCH_BUFFER_POLICY=drop */

	/* Consumer side, on its own cache line: the producer reads the
	 * tail, and writes here only when its ring is full. */
	_Alignas(64) struct bench_room room;
	pid_t tid;            /* kernel thread id the records belong to */
	struct bench_assembly *assembly; /* calls being joined (assemble.c) */
	/* Records of this ring in the spool, not yet formatted (spool.c):
	 * an exited thread's state is released only once it is 0. */
	uint64_t spooled;
};

/* Rounds capacity up to a power of two; slots is that many records. */
void bench_ring_init(struct bench_ring *ring, struct bench_record *slots,
		     uint32_t capacity, int drop_when_full);
/* Record slots needed for a ring of (at least) capacity records. */
uint32_t bench_ring_round_capacity(uint32_t capacity);

/* Out of line, every few hundred records: looks at the consumer's tail,
 * wakes the writer once the ring is an eighth full, and when it is full
 * waits for room (or drops under BENCH_BUFFER_POLICY=drop). */
struct bench_record *bench_ring_reserve_slow(struct bench_ring *ring, int count_drop);

/* How many records ahead of the one being stored the producer asks for
 * its slot's line (prefetch.h).  Measured with percall-bench on a VM whose
 * vCPUs are ~200 ns apart: 1.78x the floor with no prefetch, 1.14-1.26x
 * at 16 to 64 ahead; no difference on one whose vCPUs are close. */
#define BENCH_RING_AHEAD 16u

/* The slot the producer fills BENCH_RING_AHEAD records from now: one the
 * consumer freed a lap ago, its line likely still in the consumer's cache. */
static inline const struct bench_record *bench_ring_ahead(const struct bench_ring *ring)
{
	return &ring->slots[(ring->head + BENCH_RING_AHEAD) & ring->mask];
}

/* The slot for the next record, when the caller knows there is room;
 * asks for the slot BENCH_RING_AHEAD records on meanwhile. */
static inline struct bench_record *bench_ring_head_slot(struct bench_ring *ring)
{
	bench_prefetch_for_write(bench_ring_ahead(ring));
	return &ring->slots[ring->head & ring->mask];
}

/* A slot for the next record, or NULL when it must be dropped (counted). */
static inline struct bench_record *bench_ring_reserve(struct bench_ring *ring)
{
	if (unlikely(ring->head - ring->tail_seen >= ring->threshold))
		return bench_ring_reserve_slow(ring, 1);
	return bench_ring_head_slot(ring);
}

/* The same for a part of a call (an iteration, a timing), not counted:
 * the call is dropped whole instead (frame.c), and counted once. */
static inline struct bench_record *bench_ring_reserve_part(struct bench_ring *ring)
{
	if (unlikely(ring->head - ring->tail_seen >= ring->threshold))
		return bench_ring_reserve_slow(ring, 0);
	return bench_ring_head_slot(ring);
}

/* Publishes the slot bench_ring_reserve returned. */
static inline void bench_ring_commit(struct bench_ring *ring)
{
	__atomic_store_n(&ring->head, ring->head + 1, __ATOMIC_RELEASE);
}

/* Consumer: passes every record published so far to consume, in order,
 * freeing their slots a chunk at a time (and waking a producer waiting for
 * them).  Returns how many there were. */
size_t bench_ring_consume(struct bench_ring *ring,
			  void (*consume)(struct bench_ring *, const struct bench_record *));

/* Records published and not yet consumed. */
uint64_t bench_ring_used(const struct bench_ring *ring);


/* Forgets every unconsumed record (in a fork child: the parent writes them). */
void bench_ring_discard(struct bench_ring *ring);

#endif /* BENCH_RING_H */
