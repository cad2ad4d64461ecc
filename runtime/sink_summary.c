/*
 * sink_summary.c - folds calls into one histogram per recorded name and
 * prints a table of them at exit: memory stays constant however many
 * calls are made.  Calls come one by one from the rings, and in bulk from
 * the tables threads fold themselves (fold.h).
 */
#include "sink.h"

#include "blocking.h"

#include "clock.h"
#include "fold.h"
#include "histogram.h"
#include "loss.h"
#include "output.h"
#include "process.h"
#include "ptrmap.h"
#include "thread.h"
#include "unload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_BUCKETS 1024u

struct name_stats {
	struct name_stats *next_same_hash;
	struct name_stats *next;   /* every name, in order of appearance */
	int is_timing;
	const char *kind;          /* invocation, or "time" */
	uint64_t calls;
	struct bench_histogram histogram;
	char name[];
};

struct summary_table {
	struct bench_ptrmap by_site;   /* (site, name) -> stats */
	struct name_stats *by_name[NAME_BUCKETS];
	struct name_stats *all;
	struct name_stats **all_tail;
	size_t count;
};
static struct summary_table sum = { .all_tail = &sum.all };

/* Key of BENCH_TIME timings in by_site: they have no site of their own. */
static const char timing_key;

static size_t hash_name(const char *name, int is_timing)
{
	size_t h = 1469598103934665603ull ^ (size_t)is_timing;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ull;
	return h % NAME_BUCKETS;
}

/* The row of name, added (empty) if there is none yet. */
static struct name_stats *stats_by_name(const char *name, int is_timing, const char *kind)
{
	size_t bucket = hash_name(name, is_timing);
	struct name_stats *s;

	for (s = sum.by_name[bucket]; s; s = s->next_same_hash)
		if (s->is_timing == is_timing && !strcmp(s->name, name))
			return s;
	s = malloc(sizeof(*s) + strlen(name) + 1);
	if (!s)
		return NULL;
	s->is_timing = is_timing;
	s->kind = kind;
	s->calls = 0;
	bench_histogram_init(&s->histogram);
	strcpy(s->name, name);
	s->next_same_hash = sum.by_name[bucket];
	sum.by_name[bucket] = s;
	s->next = NULL;
	*sum.all_tail = s;
	sum.all_tail = &s->next;
	sum.count++;
	return s;
}

static struct name_stats *stats_for(const void *key, const char *name, int is_timing,
				    const char *kind)
{
	struct name_stats *s = bench_ptrmap_get(&sum.by_site, key, name);

	if (s)
		return s;
	s = stats_by_name(name, is_timing, kind);
	if (!s)
		return NULL;
	if (!bench_ptrmap_put(&sum.by_site, key, name, s))
		return s; /* still counted, only looked up the slow way next time */
	return s;
}

static void summary_write_call(const struct bench_call_view *call)
{
	struct name_stats *s = stats_for(call->site, call->name, 0,
					 bench_site_invocation(call->site));
	size_t i;

	if (!s) {
		bench_loss_unwritten(1, "out of memory while summarising");
		return;
	}
	s->calls++;
	for (i = 0; i < call->n_durations; i++)
		bench_histogram_add(&s->histogram, call->durations[i]);
	for (i = 0; i < call->n_timings; i++) {
		struct name_stats *t = stats_for(&timing_key, call->timings[i].name, 1, "time");

		if (!t) {
			bench_loss_unwritten(1, "out of memory while summarising");
			continue;
		}
		t->calls++;
		bench_histogram_add(&t->histogram, call->timings[i].ns);
	}
}

/* The name a folded key is summarised under. */
static const char *fold_name(const struct bench_fold_view *v)
{
	return v->name ? v->name : v->site->function ? v->site->function : "(unnamed)";
}

/*
 * A folded slot is in ticks: each bucket's count goes to the nanosecond
 * bucket of its midpoint, so a percentile may be off by a bucket's half
 * width more than from the ring (~1.6% + ~1.6%); calls (the buckets'
 * total), total, min and max are exact.  Calls are counted from the
 * buckets read, so a table read while its thread runs gives calls and
 * histogram that agree.
 */
static void merge_slot(const struct bench_fold_view *v)
{
	struct name_stats *s = stats_for(v->site, fold_name(v), 0, bench_site_invocation(v->site));
	struct bench_histogram *h;
	uint64_t n = 0, min, max;
	unsigned int b;

	h = s ? &s->histogram : NULL;
	for (b = 0; b < BENCH_HIST_BUCKETS; b++) {
		uint64_t c = bench_fold_bucket(v, b), low, mid;

		n += c;
		if (!c || !h)
			continue;
		low = bench_histogram_bucket_low(b);
		mid = low + (bench_histogram_bucket_high(b) - low) / 2;
		h->buckets[bench_histogram_bucket_of(bench_clock_ticks_to_ns(mid))] += c;
	}
	if (!h) {
		bench_loss_unwritten(n, "out of memory while summarising");
		return;
	}
	if (!n)
		return;
	s->calls += n;
	h->count += n;
	h->sum += bench_clock_ticks_to_ns(v->sum);
	/* A running thread's first call may be half stored: no min yet. */
	if (v->min > v->max)
		return;
	min = bench_clock_ticks_to_ns(v->min);
	max = bench_clock_ticks_to_ns(v->max);
	if (min < h->min)
		h->min = min;
	if (max > h->max)
		h->max = max;
}

/* Calls still in the table's batch: each adds its own duration, as a call
 * from the ring does.  Read after the slots (fold.h). */
static void merge_pending(const struct bench_fold_table *table)
{
	uint32_t n = __atomic_load_n(&table->pending, __ATOMIC_ACQUIRE), k;

	if (n > BENCH_FOLD_BATCH)
		n = BENCH_FOLD_BATCH;
	for (k = 0; k < n; k++) {
		const struct bench_fold_pending *e = &table->batch[k];
		uint32_t slot = __atomic_load_n(&e->slot, __ATOMIC_RELAXED);
		struct bench_fold_view v;
		struct name_stats *s;

		if (slot >= BENCH_FOLD_SLOTS || !bench_fold_read(table, slot, &v))
			continue;
		s = stats_for(v.site, fold_name(&v), 0, bench_site_invocation(v.site));
		if (!s) {
			bench_loss_unwritten(1, "out of memory while summarising");
			continue;
		}
		s->calls++;
		bench_histogram_add(&s->histogram,
				    bench_clock_ticks_to_ns(__atomic_load_n(&e->ticks, __ATOMIC_RELAXED)));
	}
}

void bench_summary_merge_fold(const struct bench_fold_table *table)
{
	struct bench_fold_view v;
	uint32_t i;

	for (i = 0; i < BENCH_FOLD_SLOTS; i++)
		if (bench_fold_read(table, i, &v))
			merge_slot(&v);
	merge_pending(table);
}

/* At the end: what threads still running (or exited since the last drain)
 * folded.  Read once, as the last flush reads their open frames. */
static void merge_unreleased_tables(void)
{
	struct bench_thread *t;

	for (t = bench_thread_first(); t; t = t->next) {
		int state = bench_thread_state(t);

		if ((state == BENCH_THREAD_LIVE || state == BENCH_THREAD_EXITED) && t->fold)
			bench_summary_merge_fold(t->fold);
	}
}

/* Four significant digits in the largest unit that keeps the value >= 1. */
void bench_format_duration(char *out, size_t size, double ns)
{
	static const struct { double scale; const char *unit; } units[] = {
		{ 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" }, { 1, "ns" },
	};
	size_t i;

	for (i = 0; i + 1 < BENCH_ARRAY_SIZE(units) && ns < units[i].scale; i++)
		;
	ns /= units[i].scale;
	snprintf(out, size, "%.*f %s", ns >= 100 ? 1 : ns >= 10 ? 2 : 3, ns, units[i].unit);
}

static int by_total_descending(const void *a, const void *b)
{
	const struct name_stats *x = *(const struct name_stats *const *)a;
	const struct name_stats *y = *(const struct name_stats *const *)b;

	if (x->histogram.sum != y->histogram.sum)
		return x->histogram.sum < y->histogram.sum ? 1 : -1;
	return strcmp(x->name, y->name);
}

static void summary_finish(void)
{
	static const char *const columns[] = { "total", "mean", "median", "p99", "min", "max" };
	struct name_stats **rows, *s;
	size_t i, name_width = 4, n = 0, size, len = 0;
	char *text;

	merge_unreleased_tables();
	if (!sum.count) {
		bench_blocking_summary(1);
		return;
	}
	rows = malloc(sum.count * sizeof(*rows));
	for (s = sum.all; s; s = s->next)
		if (s->name[0] && strlen(s->name) > name_width)
			name_width = strlen(s->name);
	if (name_width > 40)
		name_width = 40;
	size = 256 + (sum.count + 2) * (name_width + 200);
	text = malloc(size);
	if (!rows || !text) {
		free(rows);
		free(text);
		bench_loss_unwritten(sum.count, "out of memory while summarising");
		return;
	}
	for (s = sum.all; s; s = s->next)
		rows[n++] = s;
	qsort(rows, n, sizeof(*rows), by_total_descending);

	len += (size_t)snprintf(text + len, size - len,
				"bench: summary of run %s (pid %d, clock %s; times per timed execution)\n",
				bench_process.run_id, (int)bench_process.pid, bench_clock_name());
	len += (size_t)snprintf(text + len, size - len, "%-*s %-6s %10s", (int)name_width,
				"name", "kind", "calls");
	for (i = 0; i < BENCH_ARRAY_SIZE(columns); i++)
		len += (size_t)snprintf(text + len, size - len, " %10s", columns[i]);
	text[len++] = '\n';
	for (i = 0; i < n; i++) {
		const struct bench_histogram *h = &rows[i]->histogram;
		double values[6];
		size_t c;

		values[0] = (double)h->sum;
		values[1] = h->count ? (double)h->sum / (double)h->count : 0;
		values[2] = (double)bench_histogram_percentile(h, 0.5);
		values[3] = (double)bench_histogram_percentile(h, 0.99);
		values[4] = h->count ? (double)h->min : 0;
		values[5] = (double)h->max;
		/* Longer names push their row's columns right, uncut. */
		if (size - len < strlen(rows[i]->name) + 200) {
			char *bigger = realloc(text, size * 2 + strlen(rows[i]->name));

			if (!bigger)
				break;
			text = bigger;
			size = size * 2 + strlen(rows[i]->name);
		}
		len += (size_t)snprintf(text + len, size - len, "%-*s %-6s %10llu",
					(int)name_width, rows[i]->name,
					rows[i]->kind, (unsigned long long)rows[i]->calls);
		for (c = 0; c < BENCH_ARRAY_SIZE(values); c++) {
			char cell[32];

			bench_format_duration(cell, sizeof(cell), values[c]);
			len += (size_t)snprintf(text + len, size - len, " %10s", cell);
		}
		text[len++] = '\n';
	}
	bench_output_write(text, len, 0);
	free(text);
	free(rows);
	bench_blocking_summary(0);
}

static void summary_flush(void)
{
	/* Everything is printed at exit. */
}

static void forget_all(void)
{
	struct name_stats *s, *next;

	bench_ptrmap_clear(&sum.by_site, NULL);
	for (s = sum.all; s; s = next) {
		next = s->next;
		free(s);
	}
	memset(sum.by_name, 0, sizeof(sum.by_name));
	sum.all = NULL;
	sum.all_tail = &sum.all;
	sum.count = 0;
}

/*
 * A successful exec ends the process: its table is printed now, with the
 * calls still open counted as ended now.  From a copy, so that after a
 * failed exec the table goes on as if nothing was printed (and the open
 * calls are counted once, when they end).
 */
static void summary_before_exec(void (*write_open_calls)(uint64_t now), uint64_t now)
{
	struct summary_table saved = sum;
	const struct name_stats *s;

	memset(&sum, 0, sizeof(sum));
	sum.all_tail = &sum.all;
	for (s = saved.all; s; s = s->next) {
		struct name_stats *copy = stats_by_name(s->name, s->is_timing, s->kind);

		if (!copy)
			break; /* this report is short of rows; the one at exit is not */
		copy->calls = s->calls;
		copy->histogram = s->histogram;
	}
	write_open_calls(now);
	summary_finish();
	forget_all();
	sum = saved;
}

static void summary_after_fork_child(void)
{
	/* The child reports its own calls only. */
	forget_all();
}

/*
 * Threads' tables keep each key's site and name until the end: the keys
 * of the library going get copies (a thread calling into another library
 * loaded at the same address then claims a slot of its own).  by_site is
 * only a cache of the rows, keyed by addresses that may be reused.
 */
static void summary_forget_sites(struct bench_unload_copies *copies)
{
	struct bench_thread *t;

	/* NULL: the cache alone, under the drain lock; with copies, the
	 * slots alone when the lock could not be had (writer.c). */
	if (!copies) {
		bench_ptrmap_clear(&sum.by_site, NULL);
		return;
	}
	for (t = bench_thread_first(); t; t = t->next) {
		struct bench_fold_table *fold = t->fold;

		for (uint32_t i = 0; fold && i < BENCH_FOLD_SLOTS; i++) {
			struct bench_fold_slot *s = &fold->slots[i];
			const struct bench_site *site = __atomic_load_n(&s->site, __ATOMIC_ACQUIRE);
			const struct bench_site *kept = bench_unload_keep_site(copies, site);

			if (kept == site || !kept)
				continue;
			__atomic_store_n(&s->name,
					 bench_unload_keep_name(copies, __atomic_load_n(&s->name,
											__ATOMIC_RELAXED)),
					 __ATOMIC_RELAXED);
			__atomic_store_n(&s->site, kept, __ATOMIC_RELEASE);
		}
	}
}

const struct bench_sink bench_sink_summary = {
	.name = "summary",
	.write_call = summary_write_call,
	/* Blocking calls are counted per call site by blocking.c; the
	 * table comes at the end, so no write_blocking. */
	.flush = summary_flush,
	.finish = summary_finish,
	.before_exec = summary_before_exec,
	.after_fork_child = summary_after_fork_child,
	.forget_sites = summary_forget_sites,
};
