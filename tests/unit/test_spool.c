/*
 * test_spool.c - the spool on its own: records come back in the order they
 * were spooled, across ring wrap-around and chunk boundaries; the writer's
 * decision to spool; a spool that cannot be read back counts its records
 * as dropped; one that cannot be created leaves the ring alone.
 */
#include <CUnit/CUnit.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <unistd.h>

#include "loss.h"
#include "ring.h"
#include "spool.h"
#include "suites.h"

static uint64_t consumed[256];
static struct bench_ring *consumed_ring[256];
static size_t n_consumed;
static char dir[] = "/tmp/bench-spool-test-XXXXXX";

static void collect(struct bench_ring *ring, const struct bench_record *r)
{
	if (n_consumed < 256) {
		consumed_ring[n_consumed] = ring;
		consumed[n_consumed] = r->id;
	}
	n_consumed++;
}

static void push(struct bench_ring *ring, uint64_t id)
{
	struct bench_record *r = &ring->slots[ring->head & ring->mask];

	memset(r, 0, sizeof(*r));
	r->kind = BENCH_RECORD_CALL;
	r->id = id;
	bench_ring_commit(ring);
}

static int setup(void)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void)
{
	bench_spool_after_fork_child(); /* closes the file */
	bench_spool_configure(BENCH_SPOOL_AUTO, "", UINT64_MAX);
	return rmdir(dir);
}

static void test_order_across_wrap_and_rings(void)
{
	static struct bench_record slots_a[8] __attribute__((aligned(64)));
	static struct bench_record slots_b[8] __attribute__((aligned(64)));
	struct bench_ring a, b;
	uint64_t next_a = 1, next_b = 1001;
	size_t i;

	bench_spool_after_fork_child();
	bench_spool_configure(BENCH_SPOOL_ALWAYS, dir, UINT64_MAX);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	bench_ring_init(&a, slots_a, 8, 0);
	bench_ring_init(&b, slots_b, 8, 0);
	n_consumed = 0;
	for (int round = 0; round < 5; round++) {
		for (int k = 0; k < 3 + round; k++)
			push(&a, next_a++);
		push(&b, next_b++);
		CU_ASSERT_EQUAL(bench_spool_append(&a), 3 + round);
		CU_ASSERT_EQUAL(bench_spool_append(&b), 1);
		CU_ASSERT_EQUAL(bench_ring_used(&a), 0);
	}
	CU_ASSERT_EQUAL(bench_spool_append(&a), 0);
	CU_ASSERT_EQUAL(a.spooled, next_a - 1);
	CU_ASSERT_EQUAL(bench_spool_pending(), (next_a - 1) + (next_b - 1001));
	CU_ASSERT_TRUE(bench_spool_fd() >= 0);
	/* A budget stops in the middle of a chunk, and the next call goes on. */
	CU_ASSERT_EQUAL(bench_spool_format(2, collect), 2);
	CU_ASSERT_EQUAL(bench_spool_format_all(collect), (next_a - 1) + (next_b - 1001) - 2);
	CU_ASSERT_EQUAL(bench_spool_pending(), 0);
	CU_ASSERT_EQUAL(a.spooled, 0);
	CU_ASSERT_EQUAL(b.spooled, 0);
	{
		uint64_t want_a = 1, want_b = 1001;

		for (i = 0; i < n_consumed; i++) {
			if (consumed_ring[i] == &a) {
				CU_ASSERT_EQUAL(consumed[i], want_a);
				want_a++;
			} else {
				CU_ASSERT_EQUAL(consumed[i], want_b);
				want_b++;
			}
		}
		CU_ASSERT_EQUAL(want_a, next_a);
		CU_ASSERT_EQUAL(want_b, next_b);
	}
	/* Bytes, packed (pack.h): a 32-byte header per chunk; 3 bytes for a
	 * record that follows its predecessor (flags, start, duration); the
	 * first of a chunk also has its kind (4 bytes) and its id's distance
	 * from 1 (a chunk starts from id 0): none for a's first chunk, 1 byte
	 * for a's others (3, 7, 12, 18), 2 for b's (1000 and up). */
	CU_ASSERT_EQUAL(bench_spool_bytes(), 32 * 10 + 3 * bench_spool_records() + 4 * 10 + 4 + 2 * 5);
}

static void test_when_to_spool(void)
{
	static struct bench_record slots[16] __attribute__((aligned(64)));
	struct bench_ring ring;

	bench_spool_after_fork_child();
	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 16, 0);
	bench_spool_configure(BENCH_SPOOL_AUTO, dir, UINT64_MAX);
	CU_ASSERT_FALSE(bench_spool_wanted(&ring, 7));
	CU_ASSERT_TRUE(bench_spool_wanted(&ring, 8)); /* half full: behind */
	bench_spool_configure(BENCH_SPOOL_OFF, dir, UINT64_MAX);
	CU_ASSERT_FALSE(bench_spool_wanted(&ring, 16));
	bench_spool_configure(BENCH_SPOOL_ALWAYS, dir, UINT64_MAX);
	CU_ASSERT_TRUE(bench_spool_wanted(&ring, 1));
	/* Anything spooled: everything follows it, whatever the fill. */
	push(&ring, 1);
	CU_ASSERT_EQUAL(bench_spool_append(&ring), 1);
	bench_spool_configure(BENCH_SPOOL_AUTO, dir, UINT64_MAX);
	CU_ASSERT_TRUE(bench_spool_wanted(&ring, 1));
	n_consumed = 0;
	CU_ASSERT_EQUAL(bench_spool_format_all(collect), 1);
	CU_ASSERT_FALSE(bench_spool_wanted(&ring, 1));
}

static void test_unreadable_spool_counts_drops(void)
{
	static struct bench_record slots[16] __attribute__((aligned(64)));
	struct bench_ring ring;
	uint64_t before = bench_loss_dropped(BENCH_DROP_SPOOL_READ);

	bench_spool_after_fork_child();
	bench_spool_configure(BENCH_SPOOL_ALWAYS, dir, UINT64_MAX);
	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 16, 0);
	for (uint64_t id = 1; id <= 10; id++)
		push(&ring, id);
	CU_ASSERT_EQUAL(bench_spool_append(&ring), 10);
	/* The header and 7 of the chunk's 34 bytes (pack.h): 3 records. */
	CU_ASSERT_EQUAL(bench_spool_bytes(), 32 + 7 + 9 * 3);
	CU_ASSERT_EQUAL(ftruncate(bench_spool_fd(), 32 + 7 + 2 * 3), 0);
	n_consumed = 0;
	CU_ASSERT_EQUAL(bench_spool_format_all(collect), 10);
	CU_ASSERT_EQUAL(bench_spool_pending(), 0);
	/* A chunk is read whole: a cut one is counted, every record of it. */
	CU_ASSERT_EQUAL(n_consumed, 0);
	CU_ASSERT_EQUAL(bench_loss_dropped(BENCH_DROP_SPOOL_READ) - before, 10);
}

static void test_uncreatable_spool_leaves_ring(void)
{
	static struct bench_record slots[16] __attribute__((aligned(64)));
	struct bench_ring ring;

	bench_spool_after_fork_child();
	bench_spool_configure(BENCH_SPOOL_ALWAYS, "/nonexistent/bench-unit-test", UINT64_MAX);
	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 16, 0);
	push(&ring, 1);
	push(&ring, 2);
	CU_ASSERT_TRUE(bench_spool_wanted(&ring, 2));
	CU_ASSERT_EQUAL(bench_spool_append(&ring), -1);
	CU_ASSERT_EQUAL(bench_ring_used(&ring), 2);
	CU_ASSERT_EQUAL(ring.spooled, 0);
	/* Said once; from now on the writer formats as it goes. */
	CU_ASSERT_FALSE(bench_spool_wanted(&ring, 2));
	CU_ASSERT_EQUAL(bench_spool_append(&ring), -1);
	bench_spool_after_fork_child();
}

/* A full disk (here RLIMIT_FSIZE: EFBIG) after some records were spooled:
 * those are still read back, the ring keeps the rest, spooling stops. */
static void test_write_error_keeps_what_was_spooled(void)
{
	static struct bench_record slots[16] __attribute__((aligned(64)));
	struct bench_ring ring;
	/* The first chunk is 60 bytes (32 + 7 + 7 x 3, pack.h), the second
	 * would end at 109. */
	struct rlimit old, small = { 80, 80 };
	void (*old_handler)(int);
	uint64_t id;

	bench_spool_after_fork_child();
	bench_spool_configure(BENCH_SPOOL_ALWAYS, dir, UINT64_MAX);
	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 16, 0);
	CU_ASSERT_EQUAL(getrlimit(RLIMIT_FSIZE, &old), 0);
	old_handler = signal(SIGXFSZ, SIG_IGN);
	small.rlim_max = old.rlim_max;
	CU_ASSERT_EQUAL(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (id = 1; id <= 8; id++)
		push(&ring, id);
	CU_ASSERT_EQUAL(bench_spool_append(&ring), 8); /* fits */
	CU_ASSERT_EQUAL(bench_spool_bytes(), 60);
	for (; id <= 12; id++)
		push(&ring, id);
	CU_ASSERT_EQUAL(bench_spool_append(&ring), -1);
	CU_ASSERT_EQUAL(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	CU_ASSERT_EQUAL(bench_ring_used(&ring), 4);
	CU_ASSERT_EQUAL(bench_spool_pending(), 8);
	CU_ASSERT_FALSE(bench_spool_wanted(&ring, 4));
	n_consumed = 0;
	CU_ASSERT_EQUAL(bench_spool_format_all(collect), 8);
	CU_ASSERT_EQUAL(n_consumed, 8);
	for (size_t i = 0; i < 8 && i < n_consumed; i++)
		CU_ASSERT_EQUAL(consumed[i], i + 1);
	CU_ASSERT_EQUAL(bench_spool_fd(), -1); /* closed once read back */
	bench_spool_after_fork_child();
}

/* At its size limit the spool takes nothing more until it is empty: the
 * writer formats it (its records come first), then spools again. */
static void test_size_limit(void)
{
	static struct bench_record slots[16] __attribute__((aligned(64)));
	struct bench_ring ring;
	uint64_t id;

	bench_spool_after_fork_child();
	bench_spool_configure(BENCH_SPOOL_ALWAYS, dir, 100);
	memset(&ring, 0, sizeof(ring));
	bench_ring_init(&ring, slots, 16, 0);
	for (id = 1; id <= 8; id++)
		push(&ring, id);
	CU_ASSERT_EQUAL(bench_spool_append(&ring), 8); /* 60 bytes (see above) */
	CU_ASSERT_TRUE(bench_spool_wanted(&ring, 1));
	for (; id <= 12; id++)
		push(&ring, id);
	CU_ASSERT_EQUAL(bench_spool_append(&ring), 4); /* 109 */
	push(&ring, id);
	CU_ASSERT_FALSE(bench_spool_wanted(&ring, 1));
	n_consumed = 0;
	CU_ASSERT_EQUAL(bench_spool_format_all(collect), 12);
	CU_ASSERT_EQUAL(n_consumed, 12);
	/* Empty: the file starts over, within its limit again. */
	CU_ASSERT_TRUE(bench_spool_wanted(&ring, 1));
	CU_ASSERT_EQUAL(bench_spool_append(&ring), 1);
	CU_ASSERT_EQUAL(bench_spool_format_all(collect), 1);
	CU_ASSERT_EQUAL(consumed[12], 13);
	bench_spool_after_fork_child();
}

int add_spool_suite(void)
{
	CU_pSuite s = CU_add_suite("spool", setup, teardown);

	if (!s ||
	    !CU_add_test(s, "order across wrap-around, rings and chunks", test_order_across_wrap_and_rings) ||
	    !CU_add_test(s, "when the writer spools", test_when_to_spool) ||
	    !CU_add_test(s, "an unreadable spool counts its records as dropped",
			 test_unreadable_spool_counts_drops) ||
	    !CU_add_test(s, "a spool that cannot be made leaves the ring alone",
			 test_uncreatable_spool_leaves_ring) ||
	    !CU_add_test(s, "a write error keeps what was spooled",
			 test_write_error_keeps_what_was_spooled) ||
	    !CU_add_test(s, "at its size limit, the spool is emptied first", test_size_limit))
		return CU_get_error();
	return 0;
}
