/*
 * histogram.h - log-bucketed histograms of durations: constant memory
 * however many values, percentiles within ~1.6%, exact count/sum/min/max.
 */
#ifndef BENCH_HISTOGRAM_H
#define BENCH_HISTOGRAM_H

#include "internal.h"

/* 32 linear sub-buckets per power of two: bucket width <= 1/32 of its
 * lower bound, and the midpoint is within 1/64 of any value in it. */
#define BENCH_HIST_SUB_BITS 5
#define BENCH_HIST_SUB      (1u << BENCH_HIST_SUB_BITS)
#define BENCH_HIST_BUCKETS  ((64 - BENCH_HIST_SUB_BITS + 1) * BENCH_HIST_SUB)

struct bench_histogram {
	uint64_t count;
	uint64_t sum;
	uint64_t min;
	uint64_t max;
	uint64_t buckets[BENCH_HIST_BUCKETS];
};

/* The bucket of a value; inline for the summary-mode fast path (fold.h).
 * Branch-free: or-ing in BENCH_HIST_SUB makes values below it come out
 * with shift 0, i.e. as their own bucket. */
static inline unsigned int bench_histogram_bucket_of(uint64_t value)
{
	unsigned int shift = (63u ^ (unsigned int)__builtin_clzll(value | BENCH_HIST_SUB)) -
			     BENCH_HIST_SUB_BITS;

	return shift * BENCH_HIST_SUB + (unsigned int)(value >> shift);
}

void bench_histogram_init(struct bench_histogram *h);
void bench_histogram_add(struct bench_histogram *h, uint64_t value);
/* Nearest-rank percentile, q in [0, 1]; 0 for an empty histogram. */
uint64_t bench_histogram_percentile(const struct bench_histogram *h, double q);

/* Exposed for tests. */
unsigned int bench_histogram_bucket(uint64_t value);
uint64_t bench_histogram_bucket_low(unsigned int bucket);
uint64_t bench_histogram_bucket_high(unsigned int bucket);

#endif /* BENCH_HISTOGRAM_H */
