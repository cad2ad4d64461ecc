/*
 * ring.c - the slow paths of a thread's record ring: waking the writer
 * early, waiting for room or dropping when full, and the consumer side.
 */
#include "ring.h"

#include "loss.h"
#include "writer.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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
	ring->tail = 0;
	ring->tail_seen = 0;
	ring->threshold = wake_level(ring);
	ring->wake_at = 0;
	ring->room_seq = 0;
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

void bench_ring_wait_tail(struct bench_ring *ring, uint64_t want, long timeout_ns)
{
	struct timespec timeout = { timeout_ns / 1000000000L, timeout_ns % 1000000000L };
	uint32_t seq = __atomic_load_n(&ring->room_seq, __ATOMIC_ACQUIRE);

	/* Sequentially consistent store then load, against the consumer's
	 * store of tail then load of wake_at: one of the two sees the other,
	 * so either we do not sleep or the consumer wakes us. */
	__atomic_store_n(&ring->wake_at, want, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&ring->tail, __ATOMIC_SEQ_CST) < want)
		syscall(SYS_futex, &ring->room_seq, FUTEX_WAIT_PRIVATE, seq, &timeout, NULL, 0);
	__atomic_store_n(&ring->wake_at, 0, __ATOMIC_RELAXED);
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
		switch (bench_writer_wait_room(ring, ring->head - ring->capacity +
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

/* Frees the slots before tail, and wakes a producer waiting for them. */
static void publish_tail(struct bench_ring *ring, uint64_t tail)
{
	uint64_t want;

	/* See bench_ring_wait_tail. */
	__atomic_store_n(&ring->tail, tail, __ATOMIC_SEQ_CST);
	want = __atomic_load_n(&ring->wake_at, __ATOMIC_SEQ_CST);
	if (unlikely(want) && tail >= want &&
	    __atomic_compare_exchange_n(&ring->wake_at, &want, 0, 0, __ATOMIC_ACQ_REL,
					__ATOMIC_RELAXED)) {
		__atomic_add_fetch(&ring->room_seq, 1, __ATOMIC_RELEASE);
		syscall(SYS_futex, &ring->room_seq, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	}
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
	uint64_t tail = ring->tail;
	size_t n = (size_t)(head - tail);

	while (tail != head) {
		uint64_t end = head - tail > CONSUME_CHUNK ? tail + CONSUME_CHUNK : head;

		for (; tail != end; tail++) {
			/* The producer wrote these on another core just now. */
			__builtin_prefetch(&slots[(tail + 4) & mask]);
			consume(ring, &slots[tail & mask]);
		}
		publish_tail(ring, tail);
	}
	return n;
}

void bench_ring_discard(struct bench_ring *ring)
{
	ring->tail = ring->head;
	ring->tail_seen = ring->head;
	/* The next record takes the slow path, which restarts the writer. */
	ring->threshold = 0;
	ring->wake_at = 0;
}
