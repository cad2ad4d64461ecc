/*
 * ring.c - the slow paths of a thread's record ring: waking the writer at
 * half full, draining or dropping when full, and the consumer side.
 */
#include "ring.h"

#include "loss.h"
#include "writer.h"

uint32_t bench_ring_round_capacity(uint32_t capacity)
{
	uint32_t rounded = 2;

	while (rounded < capacity && rounded < (1u << 31))
		rounded <<= 1;
	return rounded;
}

void bench_ring_init(struct bench_ring *ring, struct bench_record *slots,
		     uint32_t capacity, int drop_when_full)
{
	ring->capacity = bench_ring_round_capacity(capacity);
	ring->mask = ring->capacity - 1;
	ring->slots = slots;
	ring->drop_when_full = drop_when_full;
	ring->head = 0;
	ring->tail = 0;
	ring->tail_seen = 0;
	ring->threshold = ring->capacity / 2;
	ring->kicked = 0;
}

uint64_t bench_ring_used(const struct bench_ring *ring)
{
	return __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
}

struct bench_record *bench_ring_reserve_slow(struct bench_ring *ring)
{
	uint64_t used;

	/* Also restarts the writer lazily in a fork child (see writer.c). */
	bench_writer_ensure_started();
	ring->tail_seen = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
	used = ring->head - ring->tail_seen;
	if (used >= ring->capacity) {
		if (ring->drop_when_full) {
			bench_loss_drop(BENCH_DROP_BUFFER_FULL);
			return NULL;
		}
		/* Never drop by default: format our own records now. */
		bench_writer_drain_ring(ring);
		ring->tail_seen = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
		used = ring->head - ring->tail_seen;
		if (used >= ring->capacity) {
			bench_loss_drop(BENCH_DROP_BUFFER_FULL);
			return NULL;
		}
	}
	if (used >= ring->capacity / 2) {
		/* Wake the writer once (the plain load keeps the common case
		 * off the consumer's cache line), and look again halfway to
		 * full rather than at every record. */
		if (!__atomic_load_n(&ring->kicked, __ATOMIC_RELAXED) &&
		    !__atomic_exchange_n(&ring->kicked, 1, __ATOMIC_ACQ_REL))
			bench_writer_kick();
		ring->threshold = used + (ring->capacity - used + 1) / 2;
	} else {
		ring->threshold = ring->capacity / 2;
	}
	return &ring->slots[ring->head & ring->mask];
}

size_t bench_ring_consume(struct bench_ring *ring,
			  void (*consume)(struct bench_ring *, const struct bench_record *))
{
	uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	uint64_t tail = ring->tail;
	size_t n = (size_t)(head - tail);

	for (; tail != head; tail++)
		consume(ring, &ring->slots[tail & ring->mask]);
	__atomic_store_n(&ring->kicked, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&ring->tail, tail, __ATOMIC_RELEASE);
	return n;
}

void bench_ring_discard(struct bench_ring *ring)
{
	ring->tail = ring->head;
	ring->tail_seen = ring->head;
	/* The next record takes the slow path, which restarts the writer. */
	ring->threshold = 0;
	ring->kicked = 0;
}
