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

/* The writer is woken at an eighth full: it drains while the producer
 * fills the rest, instead of after. */
static uint64_t wake_level(const struct bench_ring *ring)
{
	return ring->capacity >= 8 ? ring->capacity / 8 : 1;
}

/* Once the writer is awake, the producer looks at the tail this often:
 * one shared cache line read per that many records. */
static uint64_t look_step(const struct bench_ring *ring)
{
	return ring->capacity >= 16 ? ring->capacity / 16 : 1;
}

/* A producer that found its ring full sleeps until this many slots are
 * free: one sleep per quarter ring, not one per record. */
static uint64_t room_wanted(const struct bench_ring *ring)
{
	return ring->capacity >= 4 ? ring->capacity / 4 : 1;
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
	ring->threshold = wake_level(ring);
	ring->room.seq = 0;
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
							  room_wanted(ring))) {
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
	uint64_t used, next;

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
	if (used >= wake_level(ring)) {
		/* Cheap while the writer is awake: no system call then. */
		bench_writer_kick();
		next = used + look_step(ring);
		ring->threshold = next < ring->capacity ? next : ring->capacity;
	} else {
		ring->threshold = wake_level(ring);
	}
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
