/*
 * test_histogram.c - histogram buckets and percentiles against exact
 * values computed from the sorted samples.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "histogram.h"
#include "suites.h"

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_buckets_partition(void)
{
	unsigned int b;

	/* Buckets tile the whole range without gaps or overlaps. */
	CU_ASSERT_EQUAL(bench_histogram_bucket_low(0), 0);
	for (b = 0; b + 1 < BENCH_HIST_BUCKETS; b++) {
		CU_ASSERT_EQUAL(bench_histogram_bucket_high(b) + 1, bench_histogram_bucket_low(b + 1));
		CU_ASSERT_EQUAL(bench_histogram_bucket(bench_histogram_bucket_low(b)), b);
		CU_ASSERT_EQUAL(bench_histogram_bucket(bench_histogram_bucket_high(b)), b);
	}
	CU_ASSERT_EQUAL(bench_histogram_bucket(UINT64_MAX), BENCH_HIST_BUCKETS - 1);
	CU_ASSERT_EQUAL(bench_histogram_bucket_high(BENCH_HIST_BUCKETS - 1), UINT64_MAX);
}

static double exact_percentile(const uint64_t *sorted, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n);

	return (double)sorted[rank ? rank - 1 : 0];
}

static void check_distribution(uint64_t *values, size_t n)
{
	struct bench_histogram *h = malloc(sizeof(*h));
	uint64_t sum = 0;
	size_t i;
	const double qs[] = { 0.5, 0.9, 0.99 };

	bench_histogram_init(h);
	for (i = 0; i < n; i++) {
		bench_histogram_add(h, values[i]);
		sum += values[i];
	}
	qsort(values, n, sizeof(*values), compare_u64);
	CU_ASSERT_EQUAL(h->count, n);
	CU_ASSERT_EQUAL(h->sum, sum);
	CU_ASSERT_EQUAL(h->min, values[0]);
	CU_ASSERT_EQUAL(h->max, values[n - 1]);
	CU_ASSERT_EQUAL(bench_histogram_percentile(h, 0), values[0]);
	CU_ASSERT_EQUAL(bench_histogram_percentile(h, 1), values[n - 1]);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		double exact = exact_percentile(values, n, qs[i]);
		double got = (double)bench_histogram_percentile(h, qs[i]);

		/* Within 1/64 of the value (half a bucket), or 1 for tiny ones. */
		CU_ASSERT(fabs(got - exact) <= exact / 64 + 1);
	}
	free(h);
}

static void test_percentiles(void)
{
	size_t n = 100000, i;
	uint64_t *values = malloc(n * sizeof(*values));
	unsigned int seed = 99;

	/* uniform over a wide range */
	for (i = 0; i < n; i++)
		values[i] = 100 + (uint64_t)rand_r(&seed) % 1000000;
	check_distribution(values, n);
	/* log-normal-ish: durations spanning ns to seconds */
	for (i = 0; i < n; i++)
		values[i] = (uint64_t)exp(3 + 17.0 * rand_r(&seed) / RAND_MAX);
	check_distribution(values, n);
	/* small exact values */
	for (i = 0; i < n; i++)
		values[i] = (uint64_t)rand_r(&seed) % 40;
	check_distribution(values, n);
	/* one value */
	values[0] = 123456789;
	check_distribution(values, 1);
	free(values);
}

static void test_empty(void)
{
	struct bench_histogram h;

	bench_histogram_init(&h);
	CU_ASSERT_EQUAL(bench_histogram_percentile(&h, 0.5), 0);
	CU_ASSERT_EQUAL(h.count, 0);
}

int add_histogram_suite(void)
{
	CU_pSuite s = CU_add_suite("histogram", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "buckets tile the range", test_buckets_partition) ||
	    !CU_add_test(s, "percentiles against exact values", test_percentiles) ||
	    !CU_add_test(s, "empty histogram", test_empty))
		return CU_get_error();
	return CUE_SUCCESS;
}
