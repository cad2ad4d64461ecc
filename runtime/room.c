/*
 * room.c - the futex hand-off between a queue's consumer, which frees
 * slots a chunk at a time, and a producer that sleeps until enough of
 * them are free.
 */
#include "room.h"

#include "writer.h"

#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void bench_room_wait(struct bench_room *room, uint64_t want, long timeout_ns)
{
	struct timespec timeout = { timeout_ns / 1000000000L, timeout_ns % 1000000000L };
	uint32_t seq = __atomic_load_n(&room->seq, __ATOMIC_ACQUIRE);

	/* Sequentially consistent store then load, against the consumer's
	 * store of tail then load of wake_at: one of the two sees the other,
	 * so either we do not sleep or the consumer wakes us. */
	__atomic_store_n(&room->wake_at, want, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&room->tail, __ATOMIC_SEQ_CST) < want)
		syscall(SYS_futex, &room->seq, FUTEX_WAIT_PRIVATE, seq, &timeout, NULL, 0);
	__atomic_store_n(&room->wake_at, 0, __ATOMIC_RELAXED);
}

void bench_room_publish(struct bench_room *room, uint64_t tail)
{
	uint64_t want;

	/* See bench_room_wait. */
	__atomic_store_n(&room->tail, tail, __ATOMIC_SEQ_CST);
	want = __atomic_load_n(&room->wake_at, __ATOMIC_SEQ_CST);
	if (__builtin_expect(want != 0, 0) && tail >= want &&
	    __atomic_compare_exchange_n(&room->wake_at, &want, 0, 0, __ATOMIC_ACQ_REL,
					__ATOMIC_RELAXED)) {
		__atomic_add_fetch(&room->seq, 1, __ATOMIC_RELEASE);
		syscall(SYS_futex, &room->seq, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	}
}

uint64_t bench_room_threshold(uint64_t used, uint64_t capacity)
{
	uint64_t wake = capacity >= 8 ? capacity / 8 : 1;
	uint64_t next;

	if (used < wake)
		return wake;
	bench_writer_kick();
	next = used + (capacity >= 16 ? capacity / 16 : 1);
	return next < capacity ? next : capacity;
}
