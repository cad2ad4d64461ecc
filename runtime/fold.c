/*
 * fold.c - mapping, resetting, filling and reading a thread's table of
 * folded call statistics (the summary-mode fast path's slow parts).
 */
#include "fold.h"

#include <string.h>
#include <sys/mman.h>

static size_t table_size(void)
{
	return (sizeof(struct bench_fold_table) + 4095) & ~(size_t)4095;
}

/* mmap, not malloc: a thread's first call may come from a signal handler.
 * The pages are touched only as slots are used. */
struct bench_fold_table *bench_fold_map(void)
{
	void *mem = mmap(NULL, table_size(), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return mem == MAP_FAILED ? NULL : mem;
}

void bench_fold_reset(struct bench_fold_table *table)
{
	if (!table || !table->used)
		return;
	/* Private anonymous pages read as zeros again once dropped: the
	 * memory a table grew to is given back, not kept touched. */
	if (madvise(table, table_size(), MADV_DONTNEED) != 0)
		memset(table, 0, sizeof(*table));
}

/* Claims free slot i for (site, name). */
static int claim(struct bench_fold_table *table, uint32_t i, const struct bench_site *site,
		 const char *name, uint64_t ticks)
{
	struct bench_fold_slot *s = &table->slots[i];

	if (table->used >= BENCH_FOLD_MAX_USED)
		return 0;
	table->used++;
	bench_fold_store(s->name, name);
	/* A reader that sees the site sees the name. */
	__atomic_store_n(&s->site, site, __ATOMIC_RELEASE);
	bench_fold_slot_add(table, i, ticks);
	return 1;
}

/*
 * A key is in its home slot, or on the linear probe from its probe start:
 * insertion tries them in that order, and slots are never freed but all
 * at once, so a lookup that meets a free slot there has not missed it.
 */
int bench_fold_add(struct bench_fold_table *table, const struct bench_site *site,
		   const char *name, uint64_t ticks)
{
	uint32_t i = bench_fold_home(site), n;
	const struct bench_fold_slot *s = &table->slots[i];

	if (s->site == site && s->name == name) {
		bench_fold_slot_add(table, i, ticks);
		return 1;
	}
	if (!s->site)
		return claim(table, i, site, name, ticks);
	i = bench_fold_probe_start(site, name);
	for (n = 0; n < BENCH_FOLD_SLOTS; n++, i = (i + 1) & (BENCH_FOLD_SLOTS - 1)) {
		s = &table->slots[i];
		if (s->site == site && s->name == name) {
			bench_fold_slot_add(table, i, ticks);
			return 1;
		}
		if (!s->site)
			return claim(table, i, site, name, ticks);
	}
	return 0;
}

void bench_fold_drain(struct bench_fold_table *table)
{
	uint32_t n = table->pending;

	if (n > BENCH_FOLD_BATCH)
		n = BENCH_FOLD_BATCH;
	while (n > 0) {
		struct bench_fold_pending *e = &table->batch[--n];

		/* Added, marked, dropped: a drain resumed after a jump out
		 * of this one skips the entries it marked. */
		if (e->slot < BENCH_FOLD_SLOTS) {
			bench_fold_slot_add(table, e->slot, e->ticks);
			bench_fold_store(e->slot, BENCH_FOLD_SLOTS);
		}
		__atomic_store_n(&table->pending, n, __ATOMIC_RELEASE);
	}
}

int bench_fold_read(const struct bench_fold_table *table, uint32_t i,
		    struct bench_fold_view *view)
{
	const struct bench_fold_slot *s = &table->slots[i];

	view->site = __atomic_load_n(&s->site, __ATOMIC_ACQUIRE);
	if (!view->site)
		return 0;
	view->name = __atomic_load_n(&s->name, __ATOMIC_RELAXED);
	view->sum = __atomic_load_n(&s->sum, __ATOMIC_RELAXED);
	view->min = ~__atomic_load_n(&s->min_inverted, __ATOMIC_RELAXED);
	view->max = __atomic_load_n(&s->max, __ATOMIC_RELAXED);
	view->buckets = table->buckets[i];
	return 1;
}
