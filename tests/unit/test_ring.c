/*
 * test_ring.c - the record ring on its own: order across wrap-around,
 * the half-full threshold, and the drop policy's counting.  (Self-drain of
 * a full ring needs the writer: see test_process.c.)
 */
#include <CUnit/CUnit.h>
#include <string.h>

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

int add_ring_suite(void)
{
	CU_pSuite s = CU_add_suite("ring", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "capacity rounding", test_capacity_rounding) ||
	    !CU_add_test(s, "wrap-around keeps order", test_wrap_around_keeps_order) ||
	    !CU_add_test(s, "drop policy counts", test_drop_policy_counts) ||
	    !CU_add_test(s, "discard (fork child)", test_discard))
		return CU_get_error();
	return CUE_SUCCESS;
}
