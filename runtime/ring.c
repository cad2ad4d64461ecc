/*
 * ring.c - the slow paths of a thread's record ring: waking the writer
 * early, waiting for room or dropping when full, and the consumer side.
 */
#include "ring.h"

#include "loss.h"
#include "writer.h"

#include <errno.h>

/* Records the consumer frees at a time: small enough that a waiting
 * producer sees room soon, large enough that publishing costs nothing. */
#define CONSUME_CHUNK 64u

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
	bench_room_reset(&ring->room, 0);
	ring->tail_seen = 0;
	ring->threshold = bench_room_threshold(0, ring->capacity);
	ring->room.seq = 0;
	ring->spooled = 0;
}

uint64_t bench_ring_used(const struct bench_ring *ring)
{
	return __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE) -
	       bench_room_tail(&ring->room);
}

static uint64_t look_again(struct bench_ring *ring)
{
	ring->tail_seen = bench_room_tail(&ring->room);
	return ring->head - ring->tail_seen;
}

/*
 * Never drop by default, and never format here either: the caller is
 * inside a timed call.  Wait for the writer to free a quarter of the ring;
 * only where no writer can run, drain ourselves.
 */
static __attribute__((noinline, cold)) uint64_t wait_for_room(struct bench_ring *ring)
{
	/* The program's errno survives a timed-out futex wait. */
	int saved_errno = errno;
	uint64_t used;

	for (;;) {
		used = look_again(ring);
		if (used < ring->capacity)
			break;
		switch (bench_writer_wait_room(&ring->room, ring->head - ring->capacity +
							  bench_room_wanted(ring->capacity))) {
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

struct bench_record *bench_ring_reserve_slow(struct bench_ring *ring, int count_drop)
{
	uint64_t used;

	/* Also restarts the writer lazily in a fork child (see writer.c). */
	bench_writer_ensure_started();
	used = look_again(ring);
	if (used >= ring->capacity) {
		if (ring->drop_when_full) {
			if (count_drop)
				bench_loss_drop(BENCH_DROP_BUFFER_FULL);
			return NULL;
		}
		used = wait_for_room(ring);
		if (used >= ring->capacity) {
			/* A signal handler interrupted this thread's drain, or a
			 * clone() child, where nobody drains (process.h). */
			if (count_drop)
				bench_loss_drop(BENCH_DROP_SIGNAL);
			return NULL;
		}
	}
	ring->threshold = bench_room_threshold(used, ring->capacity);
	return &ring->slots[ring->head & ring->mask];
}

size_t bench_ring_consume(struct bench_ring *ring,
			  void (*consume)(struct bench_ring *, const struct bench_record *))
{
	/* Read once: slots and mask share a cache line with head, which the
	 * producer writes at every record; reading them per record would
	 * bounce that line between the two cores. */
	struct bench_record *slots = ring->slots;
	uint64_t mask = ring->mask;
	uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	uint64_t tail = ring->room.tail;
	size_t n = (size_t)(head - tail);

	while (tail != head) {
		uint64_t end = head - tail > CONSUME_CHUNK ? tail + CONSUME_CHUNK : head;

		for (; tail != end; tail++) {
			/* The producer wrote these on another core just now. */
			__builtin_prefetch(&slots[(tail + 4) & mask]);
			consume(ring, &slots[tail & mask]);
		}
		bench_room_publish(&ring->room, tail);
	}
	return n;
}

void bench_ring_discard(struct bench_ring *ring)
{
	bench_room_reset(&ring->room, ring->head);
	ring->tail_seen = ring->head;
	/* The next record takes the slow path, which restarts the writer. */
	ring->threshold = 0;
}
