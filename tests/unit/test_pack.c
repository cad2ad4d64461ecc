/*
 * test_pack.c - the spool's record packing: every record comes back
 * exactly as it went in, whatever its fields (extremes, ids and starts
 * going backwards, nested calls, iterations, CPU times); a loop's calls
 * take a few bytes each; a cut or corrupt record is refused, never read
 * past its end.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "suites.h"

#define RUN 4096

static struct bench_record in[RUN], out[RUN];
static unsigned char packed[RUN * BENCH_PACK_MAX];

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Packs in[0..n) as one run, unpacks it, and checks it is unchanged;
 * returns the packed size. */
static size_t round_trip(size_t n)
{
	struct bench_pack_state st;
	size_t used = 0, pos = 0;

	bench_pack_start(&st);
	for (size_t i = 0; i < n; i++) {
		size_t k = bench_pack_record(&st, &in[i], packed + used);

		CU_ASSERT_TRUE(k >= 3 && k <= BENCH_PACK_MAX);
		used += k;
	}
	bench_pack_start(&st);
	memset(out, 0xa5, sizeof(out));
	for (size_t i = 0; i < n; i++) {
		size_t k = bench_unpack_record(&st, packed + pos, used - pos, &out[i]);

		CU_ASSERT_NOT_EQUAL_FATAL(k, 0);
		pos += k;
		if (memcmp(&in[i], &out[i], sizeof(in[i])) != 0) {
			CU_FAIL("a record came back changed");
			return used;
		}
	}
	CU_ASSERT_EQUAL(pos, used);
	return used;
}

static void fill_call(struct bench_record *r, uint64_t id, uint64_t parent, uint32_t depth,
		      const void *site, uint64_t start, uint64_t finish)
{
	bench_record_fill(r, BENCH_RECORD_CALL, 0, BENCH_CLOSED_RETURN, depth, id, parent,
			  site, "name", start, finish, 0);
}

/* 10,000 calls of one function, one every ~60 ticks: ~4 bytes each. */
static void test_loop_is_small(void)
{
	static const char site[1];
	uint64_t t = 123456789012345ull;
	size_t used;

	for (size_t i = 0; i < RUN; i++) {
		t += 50 + next_random() % 20;
		fill_call(&in[i], 1000 + i, 0, 0, site, t, t + 8 + next_random() % 4);
		t = in[i].finish;
	}
	used = round_trip(RUN);
	CU_ASSERT_TRUE(used <= 4 * RUN + 32);
}

/* outer { inner; inner } repeated: records close inner, inner, outer, so
 * ids and starts go backwards at every outer. */
static void test_nested_calls(void)
{
	static const char outer[1], inner[1];
	uint64_t t = 1000, id = 1;
	size_t n = 0;

	while (n + 3 <= RUN) {
		uint64_t o_id = id++, o_start = t;

		for (int k = 0; k < 2; k++) {
			uint64_t s = t + 5;

			t = s + 20;
			fill_call(&in[n++], id++, o_id, 1, inner, s, t);
		}
		t += 5;
		fill_call(&in[n++], o_id, 0, 0, outer, o_start, t);
	}
	round_trip(n);
}

/* Every field at random, extremes included, every kind and flag. */
static void test_random_fields(void)
{
	static const uint64_t extremes[] = { 0, 1, UINT64_MAX, UINT64_MAX - 1,
					     (uint64_t)INT64_MAX, (uint64_t)INT64_MIN, 127, 128 };

	for (size_t i = 0; i < RUN; i++) {
		uint64_t v[7];

		for (int f = 0; f < 7; f++)
			v[f] = next_random() % 4 == 0 ? extremes[next_random() % 8] : next_random();
		bench_record_fill(&in[i], 1 + next_random() % 3, next_random() & 3,
				  next_random() % 3, (uint32_t)v[0], v[1], v[2],
				  (const struct bench_site *)(uintptr_t)v[3], (const char *)(uintptr_t)v[4],
				  v[5], v[6], next_random() % 2 ? 0 : next_random());
		in[i].reserved = (uint8_t)next_random();
	}
	round_trip(RUN);
}

/* A call's iterations: records of the same id, then the call itself. */
static void test_iterations(void)
{
	static const char site[1];
	uint64_t t = 77;
	size_t n = 0;

	for (uint64_t call = 5; n + 4 <= RUN; call += 3) {
		for (int k = 0; k < 3; k++, t += 40)
			bench_record_fill(&in[n++], BENCH_RECORD_ITERATION, 0, 0, 0, call, 0,
					  (const struct bench_site *)site, NULL, t, t + 30, 25);
		bench_record_fill(&in[n++], BENCH_RECORD_CALL, BENCH_RECORD_ITERATED | BENCH_RECORD_CPU,
				  0, 0, call, 0, (const struct bench_site *)site, "it", t - 120, t, 90);
	}
	round_trip(n);
}

/* Cut anywhere, a record is refused; so is an unknown flag or a varint
 * longer than 10 bytes. */
static void test_refuses_malformed(void)
{
	struct bench_pack_state st;
	struct bench_record r, back;
	unsigned char buf[BENCH_PACK_MAX + 16];
	size_t len;

	bench_record_fill(&r, BENCH_RECORD_CALL, BENCH_RECORD_CPU, BENCH_CLOSED_EXIT, 7, 99, 98,
			  (const struct bench_site *)&st, "x", UINT64_MAX - 5, 12, 1u << 30);
	bench_pack_start(&st);
	len = bench_pack_record(&st, &r, buf);
	for (size_t cut = 0; cut < len; cut++) {
		bench_pack_start(&st);
		CU_ASSERT_EQUAL(bench_unpack_record(&st, buf, cut, &back), 0);
	}
	bench_pack_start(&st);
	CU_ASSERT_EQUAL(bench_unpack_record(&st, buf, len, &back), len);
	CU_ASSERT_EQUAL(memcmp(&r, &back, sizeof(r)), 0);

	buf[0] |= 0x80;
	bench_pack_start(&st);
	CU_ASSERT_EQUAL(bench_unpack_record(&st, buf, len, &back), 0);

	/* Flags 0: only the start and the duration, here 11 bytes of 0x80. */
	memset(buf, 0x80, sizeof(buf));
	buf[0] = 0;
	bench_pack_start(&st);
	CU_ASSERT_EQUAL(bench_unpack_record(&st, buf, 12, &back), 0);
	buf[11] = 0;
	buf[12] = 0;
	bench_pack_start(&st);
	CU_ASSERT_EQUAL(bench_unpack_record(&st, buf, 13, &back), 0);
	buf[10] = 0;
	bench_pack_start(&st);
	CU_ASSERT_EQUAL(bench_unpack_record(&st, buf, 13, &back), 12);
}

int add_pack_suite(void)
{
	CU_pSuite s = CU_add_suite("pack", NULL, NULL);

	if (!s || !CU_add_test(s, "a loop's calls take ~4 bytes each", test_loop_is_small) ||
	    !CU_add_test(s, "nested calls: ids and starts going back", test_nested_calls) ||
	    !CU_add_test(s, "any field, extremes included", test_random_fields) ||
	    !CU_add_test(s, "iterations of one call", test_iterations) ||
	    !CU_add_test(s, "a cut or corrupt record is refused", test_refuses_malformed))
		return CU_get_error();
	return 0;
}
