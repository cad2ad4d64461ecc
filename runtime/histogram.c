/*
 * histogram.c - log-linear buckets: values below 32 exactly, above that
 * 32 buckets per power of two.
 */
#include "histogram.h"

#include <math.h>
#include <string.h>

void bench_histogram_init(struct bench_histogram *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned int bench_histogram_bucket(uint64_t value)
{
	return bench_histogram_bucket_of(value);
}

uint64_t bench_histogram_bucket_low(unsigned int bucket)
{
	unsigned int shift;

	if (bucket < BENCH_HIST_SUB)
		return bucket;
	shift = bucket / BENCH_HIST_SUB - 1;
	return (uint64_t)(BENCH_HIST_SUB + bucket % BENCH_HIST_SUB) << shift;
}

uint64_t bench_histogram_bucket_high(unsigned int bucket)
{
	unsigned int shift;

	if (bucket < BENCH_HIST_SUB)
		return bucket;
	shift = bucket / BENCH_HIST_SUB - 1;
	return bench_histogram_bucket_low(bucket) + ((uint64_t)1 << shift) - 1;
}

void bench_histogram_add(struct bench_histogram *h, uint64_t value)
{
	h->count++;
	h->sum += value;
	if (value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
	h->buckets[bench_histogram_bucket_of(value)]++;
}

uint64_t bench_histogram_percentile(const struct bench_histogram *h, double q)
{
	uint64_t rank, seen = 0;
	unsigned int b;

	if (!h->count)
		return 0;
	if (q <= 0)
		return h->min;
	if (q >= 1)
		return h->max;
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank == 0)
		rank = 1;
	for (b = 0; b < BENCH_HIST_BUCKETS; b++) {
		seen += h->buckets[b];
		if (seen >= rank) {
			uint64_t low = bench_histogram_bucket_low(b);
			uint64_t mid = low + (bench_histogram_bucket_high(b) - low) / 2;

			/* The extremes are known exactly. */
			if (mid < h->min)
				mid = h->min;
			if (mid > h->max)
				mid = h->max;
			return mid;
		}
	}
	return h->max;
}
