/*
 * ring.c - the slow paths of a thread's record ring: waking the writer at
 * half full, waiting for it or dropping when full, and the consumer side.
 */
#include "ring.h"

#include "loss.h"
#include "writer.h"

#include <errno.h>

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

static uint64_t look_again(struct bench_ring *ring)
{
	ring->tail_seen = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
	return ring->head - ring->tail_seen;
}

/*
 * Never drop by default, and never format here either: the caller is
 * inside a timed call (and the first drain calibrates the clock for ms).
 * Wait for the writer; only where no writer can run, drain ourselves.
 */
static __attribute__((noinline, cold)) uint64_t wait_for_room(struct bench_ring *ring)
{
	/* The program's errno survives a timed-out futex wait. */
	int saved_errno = errno;
	uint64_t used;

	for (;;) {
		uint32_t seq = bench_writer_drain_seq();

		used = look_again(ring);
		if (used < ring->capacity)
			break;
		switch (bench_writer_wait_drain(seq)) {
		case 0:
			continue;
		case -1:
			bench_writer_drain_ring(ring);
			used = look_again(ring);
			break;
		default:
			break;
		}
		break;
	}
	errno = saved_errno;
	return used;
}

struct bench_record *bench_ring_reserve_slow(struct bench_ring *ring)
{
	uint64_t used;

	/* Also restarts the writer lazily in a fork child (see writer.c). */
	bench_writer_ensure_started();
	used = look_again(ring);
	if (used >= ring->capacity) {
		if (ring->drop_when_full) {
			bench_loss_drop(BENCH_DROP_BUFFER_FULL);
			return NULL;
		}
		used = wait_for_room(ring);
		if (used >= ring->capacity) {
			/* A signal handler interrupted this thread's drain. */
			bench_loss_drop(BENCH_DROP_SIGNAL);
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
