/*
 * room.h - the consumer side of a single-producer queue that a producer
 * may sleep on: the consumer publishes how far it has read, and wakes a
 * producer that waits for a given amount of room (the record rings and
 * the blocking-event queues both work this way).
 */
#ifndef BENCH_ROOM_H
#define BENCH_ROOM_H

#include <stdint.h>

struct bench_room {
	uint64_t tail;    /* next slot to consume; only grows; release */
	uint64_t wake_at; /* 0, or the tail a sleeping producer waits for */
	uint32_t seq;     /* futex: bumped when that tail is reached */
};

/* Producer: sleeps until the tail reaches want, at most timeout_ns (a lost
 * wake-up costs one period, never a hang). */
void bench_room_wait(struct bench_room *room, uint64_t want, long timeout_ns);

/* Consumer: frees the slots before tail and wakes a producer waiting for
 * them. */
void bench_room_publish(struct bench_room *room, uint64_t tail);

/* The consumer's tail, as the producer reads it. */
static inline uint64_t bench_room_tail(const struct bench_room *room)
{
	return __atomic_load_n(&room->tail, __ATOMIC_ACQUIRE);
}

/* Empties the queue at once (fork child, discarded ring). */
static inline void bench_room_reset(struct bench_room *room, uint64_t tail)
{
	room->tail = tail;
	room->wake_at = 0;
}

#endif /* BENCH_ROOM_H */
