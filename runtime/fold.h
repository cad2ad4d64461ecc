/*
 * fold.h - a thread's own statistics of the calls it closes when the
 * summary is the only sink, so that such calls need no ring record.
 *
 * One table per thread state, mapped (4 MiB of address space, not
 * touched) when the state is set up in summary mode: open addressing on
 * (site, recorded name), each slot the summary's statistics in clock
 * ticks (sum, min, max and the log-linear buckets of histogram.h, whose
 * total is the call count).  Pages are touched only as slots and buckets
 * are used.  Only the owning thread writes its table, under its busy
 * flag.  The writer merges a table into the summary when the thread has
 * exited, and at the last flush reads the tables of threads still
 * running: every store here is a relaxed atomic and every field moves one
 * way, so that one read sees values each field really had (at most the
 * call being folded at that instant is half seen).
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
/* Buckets per slot, rounded up to a power of two. */
#define BENCH_FOLD_BUCKETS  2048u
_Static_assert(BENCH_FOLD_BUCKETS >= BENCH_HIST_BUCKETS, "room for every bucket");

/*
 * Calls the exit hook timed but has not added to their slots yet.  A
 * call's bucket, sum, min and max all depend on the clock read just
 * before, and adding them at once makes the hook wait for that read: on
 * this project's AMD EPYC machine a call cost 1.3x the two-rdtsc floor
 * folded at once, 1.05x with the arithmetic done 64 calls at a time
 * (benchmarks/RESULTS.md).  `tag` is the low half of the call's frame id,
 * so that settle_abandoned_hook (hooks.c) can tell a filled entry from a
 * stale one.
 */
#define BENCH_FOLD_BATCH 64u
struct bench_fold_pending {
	uint32_t slot;
	uint32_t tag;
	uint64_t ticks;
};

/* A key and its totals on one cache line; its buckets are apart. */
struct bench_fold_slot {
	const struct bench_site *site; /* NULL: free; stored last, with release */
	const char *name;              /* the recorded name */
	uint64_t sum;                  /* ticks */
	uint64_t min_inverted;         /* ~min: zero-filled means "none yet" */
	uint64_t max;                  /* ticks */
	uint64_t reserved[3];          /* to a cache line */
};
_Static_assert(sizeof(struct bench_fold_slot) == 64, "a slot is one cache line");

struct bench_fold_table {
	struct bench_fold_slot slots[BENCH_FOLD_SLOTS];
	uint64_t buckets[BENCH_FOLD_SLOTS][BENCH_FOLD_BUCKETS];
	uint32_t used;                 /* slots with a key */
	/* batch[0, pending) are calls not yet in their slots. */
	uint32_t pending __attribute__((aligned(64)));
	struct bench_fold_pending batch[BENCH_FOLD_BATCH];
};

/* A fresh zero-filled table, or NULL (the thread then uses its ring). */
struct bench_fold_table *bench_fold_map(void);

/* Empties a table and gives its pages back (they read as zeros again). */
void bench_fold_reset(struct bench_fold_table *table);

/*
 * A key's first slot, from its site alone: descriptors of one unit lie
 * 48 bytes apart, so up to 256 of them get distinct slots at the cost of
 * a shift and a mask.  Keys of one site with other names (BENCH_RECORD
 * blocks with computed names) go on from bench_fold_probe_start.
 */
static inline uint32_t bench_fold_home(const struct bench_site *site)
{
	return (uint32_t)((uintptr_t)site >> 4) & (BENCH_FOLD_SLOTS - 1);
}

static inline uint32_t bench_fold_probe_start(const struct bench_site *site, const char *name)
{
	uint64_t key = (uint64_t)(uintptr_t)site ^ ((uint64_t)(uintptr_t)name << 7);

	return (uint32_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 56) & (BENCH_FOLD_SLOTS - 1);
}

#define bench_fold_store(field, value) __atomic_store_n(&(field), (value), __ATOMIC_RELAXED)

/* One call of `ticks` into slot i, which holds its key. */
static inline __attribute__((always_inline)) void
bench_fold_slot_add(struct bench_fold_table *table, uint32_t i, uint64_t ticks)
{
	struct bench_fold_slot *s = &table->slots[i];
	uint64_t *bucket = table->buckets[i];

	/* Opaque pointers: else GCC 12 rebuilds each field's address from i
	 * (more instructions, and registers the fast path must save). */
	__asm__("" : "+r"(s), "+r"(bucket));
	bucket += bench_histogram_bucket_of(ticks);
	bench_fold_store(*bucket, *bucket + 1);
	bench_fold_store(s->sum, s->sum + ticks);
	if (unlikely(~ticks > s->min_inverted))
		bench_fold_store(s->min_inverted, ~ticks);
	if (unlikely(ticks > s->max))
		bench_fold_store(s->max, ticks);
}

/* Adds the batch to the slots (the owner, under its busy flag).  From the
 * last entry down, each marked (slot BENCH_FOLD_SLOTS) and dropped as
 * soon as it is added: a drain that a signal handler jumps out of is
 * finished by the next one, which counts at most one call twice. */
void bench_fold_drain(struct bench_fold_table *table);

/* Folds one call of `ticks` for (site, name), claiming a slot for a new
 * key; 0 when the table has no room for it. */
int bench_fold_add(struct bench_fold_table *table, const struct bench_site *site,
		   const char *name, uint64_t ticks);

/* What a reader gets of a slot: its key and totals (ticks), read once. */
struct bench_fold_view {
	const struct bench_site *site;
	const char *name;
	uint64_t sum, min, max;
	const uint64_t *buckets; /* for bench_fold_bucket */
};

/* Reads slot i; 0 when it holds no key.  Safe while the owner runs. */
int bench_fold_read(const struct bench_fold_table *table, uint32_t i,
		    struct bench_fold_view *view);
static inline uint64_t bench_fold_bucket(const struct bench_fold_view *view, unsigned int b)
{
	return __atomic_load_n(&view->buckets[b], __ATOMIC_RELAXED);
}

/* Adds a table, its batch included (whose entries are relaxed atomics
 * too, like the slots), to the summary's statistics
 * (sink_summary.c; the caller holds the drain lock and the clock is
 * calibrated).  The slots are read before the batch: a drain by a thread
 * still running meanwhile can only make its entries be missed, at most
 * one batch, never counted twice but for the one being moved. */
void bench_summary_merge_fold(const struct bench_fold_table *table);

#endif /* BENCH_FOLD_H */
