/*
 * fold.h - a thread's own statistics of the calls it closes when the
 * summary is the only sink, so that such calls need no ring record.
 *
 * One table per thread state, mapped (not touched) when the state is set
 * up in summary mode: open addressing on (site, recorded name), each slot
 * the summary's statistics in clock ticks (count, sum, min, max and the
 * log-linear buckets of histogram.h).  Only the owning thread writes its
 * table, under its busy flag.  The writer merges a table into the summary
 * when the thread has exited, and at the last flush reads the tables of
 * threads still running: every store here is a relaxed atomic and every
 * field only grows, so that one read sees values each field really had
 * (at most the call being folded at that instant is half seen).
 *
 * A key the table has no room for returns 0: the caller records that call
 * through the ring, as in JSON Lines mode, so no call is lost.
 */
#ifndef BENCH_FOLD_H
#define BENCH_FOLD_H

#include "internal.h"
#include "histogram.h"

#define BENCH_FOLD_SLOTS    256u /* a power of two */
/* Keys beyond this go to the ring: probes stay short at 3/4 full. */
#define BENCH_FOLD_MAX_USED 192u

struct bench_fold_slot {
	const struct bench_site *site; /* NULL: free; stored last, with release */
	const char *name;              /* the recorded name */
	uint64_t count;
	uint64_t sum;                  /* ticks */
	uint64_t min_inverted;         /* ~min: zero-filled means "none yet" */
	uint64_t max;                  /* ticks */
	uint64_t buckets[BENCH_HIST_BUCKETS];
} __attribute__((aligned(64)));

struct bench_fold_table {
	uint32_t used;                 /* slots with a key */
	struct bench_fold_slot slots[BENCH_FOLD_SLOTS];
};

/* A fresh zero-filled table, or NULL (the thread then uses its ring). */
struct bench_fold_table *bench_fold_map(void);

/* Empties a table and gives its pages back (they read as zeros again). */
void bench_fold_reset(struct bench_fold_table *table);

static inline uint32_t bench_fold_hash(const struct bench_site *site, const char *name)
{
	uint64_t key = (uint64_t)(uintptr_t)site ^ ((uint64_t)(uintptr_t)name >> 3);

	return (uint32_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 56) & (BENCH_FOLD_SLOTS - 1);
}

#define bench_fold_store(field, value) __atomic_store_n(&(field), (value), __ATOMIC_RELAXED)

/* One call of `ticks` into a slot that holds its key. */
static inline __attribute__((always_inline)) void
bench_fold_slot_add(struct bench_fold_slot *s, uint64_t ticks)
{
	uint64_t *bucket;

	/* An opaque pointer: else GCC 12 rebuilds each field's address from
	 * the slot index (multiplies, and registers it must save). */
	__asm__("" : "+r"(s));
	bucket = &s->buckets[bench_histogram_bucket_of(ticks)];

	bench_fold_store(*bucket, *bucket + 1);
	bench_fold_store(s->count, s->count + 1);
	bench_fold_store(s->sum, s->sum + ticks);
	if (unlikely(~ticks > s->min_inverted))
		bench_fold_store(s->min_inverted, ~ticks);
	if (unlikely(ticks > s->max))
		bench_fold_store(s->max, ticks);
}

/* Folds one call of `ticks` for (site, name), claiming a slot for a new
 * key; 0 when the table has no room for it. */
int bench_fold_add(struct bench_fold_table *table, const struct bench_site *site,
		   const char *name, uint64_t ticks);

/* What a reader gets of a slot: its key and totals (ticks), read once. */
struct bench_fold_view {
	const struct bench_site *site;
	const char *name;
	uint64_t sum, min, max;
	const struct bench_fold_slot *slot; /* for bench_fold_bucket */
};

/* Reads slot i; 0 when it holds no key.  Safe while the owner runs. */
int bench_fold_read(const struct bench_fold_table *table, uint32_t i,
		    struct bench_fold_view *view);
static inline uint64_t bench_fold_bucket(const struct bench_fold_view *view, unsigned int b)
{
	return __atomic_load_n(&view->slot->buckets[b], __ATOMIC_RELAXED);
}

/* Adds a table to the summary's statistics (sink_summary.c; the caller
 * holds the drain lock and the clock is calibrated). */
void bench_summary_merge_fold(const struct bench_fold_table *table);

#endif /* BENCH_FOLD_H */
