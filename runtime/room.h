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

/*
 * Producer: the fill level (head - tail seen) at which to look at the tail
 * again, given used slots of capacity (a power of two) as just seen.  Below
 * an eighth full, at an eighth; from there on, every sixteenth, having
 * woken the writer (cheap while it is awake): it drains while the producer
 * fills the rest, and its tail's cache line is read once per that many
 * slots, not at every one.
 */
uint64_t bench_room_threshold(uint64_t used, uint64_t capacity);

/* A producer that found its queue full waits for this much room: one
 * sleep per quarter, not one per slot. */
static inline uint64_t bench_room_wanted(uint64_t capacity)
{
	return capacity >= 4 ? capacity / 4 : 1;
}

/* Empties the queue at once (fork child, discarded ring). */
static inline void bench_room_reset(struct bench_room *room, uint64_t tail)
{
	room->tail = tail;
	room->wake_at = 0;
}

#endif /* BENCH_ROOM_H */
