/*
 * test_ring.c - the record ring on its own: order across wrap-around, the
 * drop policy's counting, the consumer freeing slots as it goes, and a
 * producer waiting for room being woken.  (Self-drain of a full ring needs
 * the writer: see test_process.c.)
 */
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "loss.h"
#include "ring.h"
#include "suites.h"

static uint64_t consumed[4096];
static size_t n_consumed;

static void collect(struct bench_ring *ring, const struct bench_record *r)
{
	(void)ring;
	consumed[n_consumed++] = r->id;
}

static int push(struct bench_ring *ring, uint64_t id)
{
	struct bench_record *r = bench_ring_reserve(ring);

	if (!r)
		return 0;
	memset(r, 0, sizeof(*r));
	r->kind = BENCH_RECORD_CALL;
	r->id = id;
	bench_ring_commit(ring);
	return 1;
}

static void test_capacity_rounding(void)
{
	CU_ASSERT_EQUAL(bench_ring_round_capacity(0), 2);
	CU_ASSERT_EQUAL(bench_ring_round_capacity(16), 16);
	CU_ASSERT_EQUAL(bench_ring_round_capacity(17), 32);
	CU_ASSERT_EQUAL(bench_ring_round_capacity(16384), 16384);
}

static void test_wrap_around_keeps_order(void)
{
	static struct bench_record slots[8] __attribute__((aligned(64)));
	struct bench_ring ring;
	uint64_t next = 1, expect = 1;
	int round;
	size_t i;

	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 8, 0);
	for (round = 0; round < 50; round++) {
		int k = 1 + round % 8; /* up to a full ring */

		while (k--)
			CU_ASSERT_TRUE(push(&ring, next++));
		CU_ASSERT_EQUAL(bench_ring_used(&ring), (uint64_t)(1 + round % 8));
		n_consumed = 0;
		bench_ring_consume(&ring, collect);
		for (i = 0; i < n_consumed; i++)
			CU_ASSERT_EQUAL(consumed[i], expect++);
		CU_ASSERT_EQUAL(bench_ring_used(&ring), 0);
	}
	CU_ASSERT(ring.head > 8 * 10); /* wrapped many times */
}

/* The line the producer asks for ahead (prefetch.h) is the one it stores
 * BENCH_RING_AHEAD records later, always inside the ring, however small. */
static void test_prefetches_the_slot_it_fills_later(void)
{
	static struct bench_record slots[1024] __attribute__((aligned(64)));
	static const uint32_t capacities[] = { 2, 8, 1024 };
	const struct bench_record *asked[64];
	struct bench_ring ring;
	size_t c, i;

	for (c = 0; c < BENCH_ARRAY_SIZE(capacities); c++) {
		memset(&ring, 0, sizeof(ring));
		bench_ring_init(&ring, slots, capacities[c], 1);
		for (i = 0; i < 3000; i++) {
			const struct bench_record *ahead = bench_ring_ahead(&ring);
			struct bench_record *r = bench_ring_reserve(&ring);

			CU_ASSERT_TRUE(ahead >= slots && ahead < slots + capacities[c]);
			CU_ASSERT_PTR_NOT_NULL_FATAL(r);
			if (i >= BENCH_RING_AHEAD)
				CU_ASSERT_PTR_EQUAL(r, asked[(i - BENCH_RING_AHEAD) % 64]);
			asked[i % 64] = ahead;
			bench_ring_commit(&ring);
			bench_ring_consume(&ring, collect);
			n_consumed = 0;
		}
	}
}

static void test_drop_policy_counts(void)
{
	static struct bench_record slots[16] __attribute__((aligned(64)));
	struct bench_ring ring;
	uint64_t before = bench_loss_dropped(BENCH_DROP_BUFFER_FULL);
	int stored = 0, i;

	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 16, 1);
	for (i = 0; i < 100; i++)
		stored += push(&ring, (uint64_t)i);
	CU_ASSERT_EQUAL(stored, 16);
	CU_ASSERT_EQUAL(bench_loss_dropped(BENCH_DROP_BUFFER_FULL) - before, 84);
	/* the first 16 survive, in order */
	n_consumed = 0;
	bench_ring_consume(&ring, collect);
	CU_ASSERT_EQUAL(n_consumed, 16);
	for (i = 0; i < 16; i++)
		CU_ASSERT_EQUAL(consumed[i], (uint64_t)i);
	/* room again after the consumer caught up */
	CU_ASSERT_TRUE(push(&ring, 1000));
	bench_loss_reset();
}

static void test_discard(void)
{
	static struct bench_record slots[8] __attribute__((aligned(64)));
	struct bench_ring ring;

	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 8, 0);
	push(&ring, 1);
	push(&ring, 2);
	bench_ring_discard(&ring);
	CU_ASSERT_EQUAL(bench_ring_used(&ring), 0);
	CU_ASSERT_TRUE(push(&ring, 3));
	n_consumed = 0;
	bench_ring_consume(&ring, collect);
	CU_ASSERT_EQUAL(n_consumed, 1);
	CU_ASSERT_EQUAL(consumed[0], 3);
}

/* The tail the consumer has published, seen from each record it consumes. */
static uint64_t tail_at[4096];

static void note_tail(struct bench_ring *ring, const struct bench_record *r)
{
	(void)r;
	tail_at[n_consumed++] = __atomic_load_n(&ring->room.tail, __ATOMIC_ACQUIRE);
}

static void test_consumer_frees_slots_as_it_goes(void)
{
	static struct bench_record slots[1024] __attribute__((aligned(64)));
	struct bench_ring ring;
	uint64_t i;

	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 1024, 0);
	for (i = 0; i < 1024; i++)
		CU_ASSERT_TRUE_FATAL(push(&ring, i));
	n_consumed = 0;
	CU_ASSERT_EQUAL(bench_ring_consume(&ring, note_tail), 1024);
	CU_ASSERT_EQUAL(n_consumed, 1024);
	/* A producer waiting on a full ring sees room long before the drain
	 * ends: the slots before the current chunk are free already... */
	CU_ASSERT(tail_at[1000] >= 900);
	/* ...and never a slot still being read. */
	for (i = 0; i < n_consumed; i++)
		CU_ASSERT(tail_at[i] <= i);
	CU_ASSERT_EQUAL(ring.room.tail, 1024);
}

static void test_producer_looks_early_then_often(void)
{
	static struct bench_record slots[256] __attribute__((aligned(64)));
	struct bench_ring ring;
	uint64_t i;

	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 256, 0);
	/* The writer is woken at an eighth full, not at half. */
	CU_ASSERT_EQUAL(ring.threshold, 256 / 8);
	for (i = 0; i < 256 / 8 + 1; i++)
		CU_ASSERT_TRUE_FATAL(push(&ring, i));
	/* Then the producer looks at the tail every sixteenth of the ring. */
	CU_ASSERT_EQUAL(ring.threshold, 256 / 8 + 256 / 16);
	for (; i < 255; i++)
		CU_ASSERT_TRUE_FATAL(push(&ring, i));
	CU_ASSERT(ring.threshold <= 256);
}

struct waiter {
	struct bench_ring *ring;
	uint64_t want;
	uint64_t tail_after;
};

static void *wait_for_tail(void *arg)
{
	struct waiter *w = arg;

	/* Long enough that returning by timeout would show as a slow test;
	 * room_seq tells the two apart. */
	bench_room_wait(&w->ring->room, w->want, 30 * 1000000000L);
	w->tail_after = __atomic_load_n(&w->ring->room.tail, __ATOMIC_ACQUIRE);
	return NULL;
}

static void test_waiting_producer_is_woken(void)
{
	static struct bench_record slots[128] __attribute__((aligned(64)));
	struct bench_ring ring;
	struct waiter w;
	pthread_t thread;
	uint64_t i;
	int spins = 0;

	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 128, 0);
	for (i = 0; i < 128; i++)
		CU_ASSERT_TRUE_FATAL(push(&ring, i));
	w.ring = &ring;
	w.want = 32; /* a quarter of the ring free */
	w.tail_after = 0;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&thread, NULL, wait_for_tail, &w), 0);
	/* Consume only once the producer has said what it waits for. */
	while (!__atomic_load_n(&ring.room.wake_at, __ATOMIC_ACQUIRE) && spins++ < 5000)
		usleep(1000);
	CU_ASSERT_EQUAL(__atomic_load_n(&ring.room.wake_at, __ATOMIC_ACQUIRE), 32);
	n_consumed = 0;
	bench_ring_consume(&ring, collect);
	pthread_join(thread, NULL);
	CU_ASSERT(w.tail_after >= 32);
	/* Woken by the consumer (not by the timeout), exactly once. */
	CU_ASSERT_EQUAL(ring.room.seq, 1);
	CU_ASSERT_EQUAL(ring.room.wake_at, 0);
}

int add_ring_suite(void)
{
	CU_pSuite s = CU_add_suite("ring", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "capacity rounding", test_capacity_rounding) ||
	    !CU_add_test(s, "wrap-around keeps order", test_wrap_around_keeps_order) ||
	    !CU_add_test(s, "prefetches the slot it fills later", test_prefetches_the_slot_it_fills_later) ||
	    !CU_add_test(s, "drop policy counts", test_drop_policy_counts) ||
	    !CU_add_test(s, "discard (fork child)", test_discard) ||
	    !CU_add_test(s, "the consumer frees slots as it goes", test_consumer_frees_slots_as_it_goes) ||
	    !CU_add_test(s, "the producer wakes the writer early, then looks often",
			 test_producer_looks_early_then_often) ||
	    !CU_add_test(s, "a producer waiting for room is woken", test_waiting_producer_is_woken))
		return CU_get_error();
	return CUE_SUCCESS;
}
