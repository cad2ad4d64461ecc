/*
 * test_fold.c - summary mode's per-thread fold tables: their own
 * arithmetic and room, the same summary as through the ring for the same
 * durations, the ring left untouched, and threads' tables merged once.
 */
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fold.h"
#include "frame.h"
#include "scenario.h"
#include "suites.h"
#include "thread.h"

#define KEYS (BENCH_FOLD_MAX_USED + 40)

static struct bench_site sites[KEYS];
static char names[KEYS][16];

static void make_sites(void)
{
	for (unsigned i = 0; i < KEYS; i++) {
		snprintf(names[i], sizeof(names[i]), "key_%u", i);
		sites[i] = (struct bench_site){ BENCH_ABI_VERSION, 0, names[i], names[i],
						"test.c", i + 1, 1, 1, 0 };
	}
}

static uint64_t calls_in(const struct bench_fold_view *v)
{
	uint64_t n = 0;

	for (unsigned int b = 0; b < BENCH_HIST_BUCKETS; b++)
		n += bench_fold_bucket(v, b);
	return n;
}

static void test_table(void)
{
	struct bench_fold_table *table = bench_fold_map();
	struct bench_fold_view v;
	unsigned i, found = 0;
	uint32_t slot;

	CU_ASSERT_PTR_NOT_NULL_FATAL(table);
	make_sites();
	CU_ASSERT(bench_fold_add(table, &sites[0], names[0], 1000));
	CU_ASSERT(bench_fold_add(table, &sites[0], names[0], 5));
	CU_ASSERT(bench_fold_add(table, &sites[0], names[0], 70000));
	/* Same site, another recorded name: a key of its own. */
	CU_ASSERT(bench_fold_add(table, &sites[0], names[1], 7));
	for (slot = 0; slot < BENCH_FOLD_SLOTS; slot++)
		if (bench_fold_read(table, slot, &v) && v.site == &sites[0] && v.name == names[0])
			break;
	CU_ASSERT_FATAL(slot < BENCH_FOLD_SLOTS);
	CU_ASSERT_EQUAL(slot, bench_fold_home(&sites[0]));
	CU_ASSERT_PTR_EQUAL(v.site, &sites[0]);
	CU_ASSERT_PTR_EQUAL(v.name, names[0]);
	CU_ASSERT_EQUAL(calls_in(&v), 3);
	CU_ASSERT_EQUAL(v.sum, 71005);
	CU_ASSERT_EQUAL(v.min, 5);
	CU_ASSERT_EQUAL(v.max, 70000);
	CU_ASSERT_EQUAL(bench_fold_bucket(&v, bench_histogram_bucket(1000)), 1);
	CU_ASSERT_EQUAL(bench_fold_bucket(&v, bench_histogram_bucket(5)), 1);
	CU_ASSERT_EQUAL(bench_fold_bucket(&v, bench_histogram_bucket(70000)), 1);
	CU_ASSERT_EQUAL(table->used, 2);

	/* Room for BENCH_FOLD_MAX_USED keys; beyond, new keys are refused
	 * (the caller uses the ring) while known keys still fold. */
	for (i = 2; i < KEYS; i++)
		if (!bench_fold_add(table, &sites[i], names[i], i))
			break;
	CU_ASSERT_EQUAL(i, BENCH_FOLD_MAX_USED);
	CU_ASSERT_EQUAL(table->used, BENCH_FOLD_MAX_USED);
	CU_ASSERT_FALSE(bench_fold_add(table, &sites[KEYS - 1], names[KEYS - 1], 1));
	CU_ASSERT(bench_fold_add(table, &sites[2], names[2], 1));
	for (slot = 0; slot < BENCH_FOLD_SLOTS; slot++)
		found += bench_fold_read(table, slot, &v);
	CU_ASSERT_EQUAL(found, BENCH_FOLD_MAX_USED);

	/* A reset table is empty and takes keys again: here one site under
	 * many names (BENCH_RECORD blocks with computed names), each kept
	 * apart on the probe. */
	bench_fold_reset(table);
	for (i = 0; i < 150; i++)
		CU_ASSERT(bench_fold_add(table, &sites[0], names[i], i + 1));
	for (i = 0; i < 150; i++)
		CU_ASSERT(bench_fold_add(table, &sites[0], names[i], 1000));
	for (found = 0, slot = 0; slot < BENCH_FOLD_SLOTS; slot++)
		if (bench_fold_read(table, slot, &v)) {
			CU_ASSERT_PTR_EQUAL(v.site, &sites[0]);
			CU_ASSERT_EQUAL(calls_in(&v), 2);
			CU_ASSERT_EQUAL(v.max, 1000);
			found++;
		}
	CU_ASSERT_EQUAL(found, 150);

	/* A reset table is empty and takes keys again. */
	bench_fold_reset(table);
	CU_ASSERT_EQUAL(table->used, 0);
	for (found = 0, slot = 0; slot < BENCH_FOLD_SLOTS; slot++)
		found += bench_fold_read(table, slot, &v);
	CU_ASSERT_EQUAL(found, 0);
	CU_ASSERT(bench_fold_add(table, &sites[KEYS - 1], names[KEYS - 1], 9));
	munmap(table, sizeof(*table));
}

/* ------------------------------------------ the same summary either way */

SITE(site_folded, "folded", 0, 1, 0);
SITE(site_ringed, "ringed", 0, 1, 0);

/* Durations spread over many buckets, with extremes. */
static uint64_t duration(unsigned i)
{
	static const uint64_t extremes[] = { 1, 31, 32, 33, 1000003, 123456789 };

	if (i < BENCH_ARRAY_SIZE(extremes))
		return extremes[i];
	return 200 + (uint64_t)i * 37 + (i % 7) * 1000;
}

/* Closes one call of site with an exact duration, as __bench_exit would. */
static void close_with(const struct bench_site *site, uint64_t ticks)
{
	uint64_t token = __bench_enter(site);
	struct bench_thread *t = bench_self;

	CHILD_ASSERT(token == 1 && t);
	t->busy = 1;
	t->frames[0].start = UINT64_C(1) << 40;
	bench_frame_close(t, 0, t->frames[0].start + ticks, BENCH_CLOSED_RETURN);
	t->busy = 0;
}

static void same_durations_body(void *arg)
{
	struct bench_fold_table *fold;

	(void)arg;
	for (unsigned i = 0; i < 600; i++)
		close_with(&site_folded, duration(i));
	/* The same durations through the ring, as before fold tables. */
	fold = bench_self->fold;
	CHILD_ASSERT(fold && fold->used == 1);
	bench_self->fold = NULL;
	for (unsigned i = 0; i < 600; i++)
		close_with(&site_ringed, duration(i));
	bench_self->fold = fold;
	CHILD_ASSERT(fold->used == 1);
}

/* The row of name, from the kind column on. */
static const char *row_after_name(const char *summary, const char *name, char *out, size_t size)
{
	char needle[64];
	const char *p, *end;

	snprintf(needle, sizeof(needle), "\n%s ", name);
	p = strstr(summary, needle);
	if (!p)
		return NULL;
	p += strlen(needle);
	while (*p == ' ')
		p++;
	end = strchr(p, '\n');
	snprintf(out, size, "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
	return out;
}

static void test_same_summary_monotonic(void)
{
	static const char *const env[] = { "BENCH_FORMAT=summary", "BENCH_CLOCK=monotonic", NULL };
	struct scenario_result r;
	char folded[256], ringed[256];

	scenario_run(same_durations_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "folded", folded, sizeof(folded)));
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "ringed", ringed, sizeof(ringed)));
	/* Ticks are nanoseconds: every column is the same. */
	CU_ASSERT_STRING_EQUAL(folded, ringed);
	CU_ASSERT_EQUAL(strtoul(folded + 1, NULL, 10), 600);
	scenario_free(&r);
}

/* Parses "kind calls total mean median p99 min max" into ns values. */
static int parse_row(const char *row, unsigned long *calls, double ns[6])
{
	char unit[6][4];
	double v[6];
	static const struct { const char *unit; double scale; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};

	if (sscanf(row, "C %lu %lf %3s %lf %3s %lf %3s %lf %3s %lf %3s %lf %3s", calls,
		   &v[0], unit[0], &v[1], unit[1], &v[2], unit[2], &v[3], unit[3],
		   &v[4], unit[4], &v[5], unit[5]) != 13)
		return 0;
	for (int i = 0; i < 6; i++) {
		ns[i] = -1;
		for (size_t u = 0; u < BENCH_ARRAY_SIZE(units); u++)
			if (!strcmp(unit[i], units[u].unit))
				ns[i] = v[i] * units[u].scale;
		if (ns[i] < 0)
			return 0;
	}
	return 1;
}

static void test_same_summary_tsc(void)
{
	static const char *const env[] = { "BENCH_FORMAT=summary", NULL };
	struct scenario_result r;
	char folded[256], ringed[256];
	unsigned long calls_f, calls_r;
	double f[6], g[6];

	scenario_run(same_durations_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "folded", folded, sizeof(folded)));
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "ringed", ringed, sizeof(ringed)));
	CU_ASSERT_FATAL(parse_row(folded, &calls_f, f));
	CU_ASSERT_FATAL(parse_row(ringed, &calls_r, g));
	CU_ASSERT_EQUAL(calls_f, 600);
	CU_ASSERT_EQUAL(calls_r, 600);
	/* total, mean, min and max: exact but for rounding (four digits);
	 * median and p99: within two half buckets (ticks, then ns). */
	for (int i = 0; i < 6; i++) {
		double tolerance = (i == 2 || i == 3) ? 0.035 : 0.01;

		CU_ASSERT(f[i] >= g[i] * (1 - tolerance) - 1 && f[i] <= g[i] * (1 + tolerance) + 1);
	}
	scenario_free(&r);
}

/* ------------------------------------------------ the ring stays untouched */

SITE(site_hot, "hot", 0, 1, 0);

static size_t resident_ring_pages(void)
{
	struct bench_thread *t = bench_self;
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t start = ((uintptr_t)t->ring.slots + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	uintptr_t end = ((uintptr_t)(t->ring.slots + t->ring.capacity)) & ~((uintptr_t)page - 1);
	unsigned char vec[4096];
	size_t n = (end - start) / (size_t)page, resident = 0;

	CHILD_ASSERT(end > start && n <= sizeof(vec));
	CHILD_ASSERT(mincore((void *)start, end - start, vec) == 0);
	for (size_t i = 0; i < n; i++)
		resident += vec[i] & 1;
	return resident;
}

static void hot_body(void *expect_resident)
{
	for (int i = 0; i < 300000; i++)
		INSTRUMENTED(&site_hot, (void)0);
	if (expect_resident)
		CHILD_ASSERT(resident_ring_pages() > 0);
	else
		CHILD_ASSERT(resident_ring_pages() == 0);
}

static void test_ring_untouched(void)
{
	static const char *const summary[] = { "BENCH_FORMAT=summary", NULL };
	static const char *const jsonl[] = { "BENCH_OUTPUT=/dev/null", NULL };
	struct scenario_result r;

	scenario_run(hot_body, NULL, summary, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.output, "\nhot "));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.output, " 300000 "));
	scenario_free(&r);
	/* The check can fail: JSON Lines mode does fill the ring. */
	scenario_run(hot_body, (void *)1, jsonl, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	scenario_free(&r);
}

/* -------------------------------------- threads' tables, merged once each */

SITE(site_worker, "worker_call", 0, 1, 0);
SITE(site_running, "still_running", 0, 1, 0);

static volatile int running_calls;

static void *worker(void *arg)
{
	for (long i = 0; i < (long)arg; i++)
		INSTRUMENTED(&site_worker, (void)0);
	return NULL;
}

static void *runs_until_exit(void *arg)
{
	(void)arg;
	for (;;) {
		INSTRUMENTED(&site_running, (void)0);
		__atomic_add_fetch(&running_calls, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

SITE(site_parked, "parked", 0, 1, 0);

static volatile int parked_done;

/* 100 calls, then it waits for the process to end: 36 of them are still
 * in its batch when the last flush reads its table. */
static void *calls_then_parks(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		INSTRUMENTED(&site_parked, (void)0);
	__atomic_store_n(&parked_done, 1, __ATOMIC_RELEASE);
	for (;;)
		pause();
	return NULL;
}

static void threads_body(void *arg)
{
	pthread_t t;

	(void)arg;
	/* Exited threads' states are reused: their tables must be merged
	 * once and start empty for the next thread. */
	for (long round = 0; round < 20; round++) {
		CHILD_ASSERT(pthread_create(&t, NULL, worker, (void *)(1000 + round)) == 0);
		pthread_join(t, NULL);
		if (round % 5 == 0)
			bench_flush();
	}
	CHILD_ASSERT(pthread_create(&t, NULL, calls_then_parks, NULL) == 0);
	while (!__atomic_load_n(&parked_done, __ATOMIC_ACQUIRE))
		;
	CHILD_ASSERT(pthread_create(&t, NULL, runs_until_exit, NULL) == 0);
	while (__atomic_load_n(&running_calls, __ATOMIC_RELAXED) < 1000)
		;
}

static void test_threads_merged_once(void)
{
	static const char *const env[] = { "BENCH_FORMAT=summary", "BENCH_FLUSH_MS=1", NULL };
	struct scenario_result r;
	char row[256];
	unsigned long calls;
	double ns[6];

	scenario_run(threads_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "worker_call", row, sizeof(row)));
	CU_ASSERT_FATAL(parse_row(row, &calls, ns));
	CU_ASSERT_EQUAL(calls, 20 * 1000 + 190);
	/* Read while it still ran: at least what it had done by then. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "still_running", row, sizeof(row)));
	CU_ASSERT_FATAL(parse_row(row, &calls, ns));
	CU_ASSERT(calls >= 1000);
	/* Still running at the last flush: its batch is read too. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "parked", row, sizeof(row)));
	CU_ASSERT_FATAL(parse_row(row, &calls, ns));
	CU_ASSERT_EQUAL(calls, 100);
	scenario_free(&r);
}

/* --------------------------- a jump out of the exit hook's batch commit */

SITE(site_jumped, "jumped", 0, 1, 0);

static jmp_buf batch_env;

/* Calls of site counted in its home slot and in the batch. */
static uint64_t counted(const struct bench_fold_table *fold, const struct bench_site *site)
{
	uint32_t home = bench_fold_home(site), k;
	struct bench_fold_view v;
	uint64_t n = 0;

	if (bench_fold_read(fold, home, &v) && v.site == site)
		n = calls_in(&v);
	for (k = 0; k < fold->pending; k++)
		n += fold->batch[k].slot == home;
	return n;
}

/* What __bench_exit leaves when a signal handler jumps out of it after it
 * filled the batch entry of token's call and popped its frame, before
 * (committed == 0) or after it committed the entry. */
static void leave_exit_hook_at_commit(uint64_t token, int committed)
{
	struct bench_thread *t = bench_self;
	struct bench_fold_table *fold = t->fold;
	const struct bench_frame *f = &t->frames[token - 1];
	uint32_t n = fold->pending;

	t->busy = BENCH_BUSY_WITH(BENCH_BUSY_EXIT, token);
	fold->batch[n] = (struct bench_fold_pending){ bench_fold_home(f->site),
						      (uint32_t)f->id, 1000 };
	t->depth = (uint32_t)token - 1;
	if (committed)
		fold->pending = n + 1;
}

static void batch_jump_body(void *arg)
{
	struct bench_fold_table *fold;
	volatile int round;

	(void)arg;
	/* The first call claims the key's home slot (slow path, no batch). */
	INSTRUMENTED(&site_jumped, (void)0);
	fold = bench_self->fold;
	CHILD_ASSERT(fold && fold->pending == 0 && counted(fold, &site_jumped) == 1);
	for (round = 0; round < 2; round++) {
		/* Round 1 commits the batch's last entry: full, not drained. */
		while (round == 1 && fold->pending < BENCH_FOLD_BATCH - 1)
			INSTRUMENTED(&site_jumped, (void)0);
		__bench_setjmp(&batch_env);
		if (setjmp(batch_env) == 0) {
			uint64_t token = __bench_enter(&site_jumped);

			leave_exit_hook_at_commit(token, round);
			__bench_longjmp(&batch_env);
			longjmp(batch_env, 1);
		}
		CHILD_ASSERT(bench_self->busy == 0 && bench_self->depth == 0);
		if (round == 0)
			CHILD_ASSERT(counted(fold, &site_jumped) == 2 && fold->pending == 1);
	}
	/* Full after the jump, the next exit would write past the batch. */
	CHILD_ASSERT(fold->pending == 0);
	/* The first call, the batch's 64 entries, none twice. */
	CHILD_ASSERT(counted(fold, &site_jumped) == 1 + BENCH_FOLD_BATCH);
	INSTRUMENTED(&site_jumped, (void)0);
}

static void test_jump_out_of_batch_commit(void)
{
	static const char *const env[] = { "BENCH_FORMAT=summary", NULL };
	struct scenario_result r;
	char row[256];
	unsigned long calls;
	double ns[6];

	scenario_run(batch_jump_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(row_after_name(r.output, "jumped", row, sizeof(row)));
	CU_ASSERT_FATAL(parse_row(row, &calls, ns));
	CU_ASSERT_EQUAL(calls, BENCH_FOLD_BATCH + 2);
	scenario_free(&r);
}

int add_fold_suite(void)
{
	CU_pSuite s = CU_add_suite("fold", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "fold table: statistics, room, reset", test_table) ||
	    !CU_add_test(s, "folded and ring summaries agree (monotonic)", test_same_summary_monotonic) ||
	    !CU_add_test(s, "folded and ring summaries agree (tsc)", test_same_summary_tsc) ||
	    !CU_add_test(s, "summary mode leaves the ring untouched", test_ring_untouched) ||
	    !CU_add_test(s, "threads' tables merged once", test_threads_merged_once) ||
	    !CU_add_test(s, "a jump out of the exit hook's batch commit",
			 test_jump_out_of_batch_commit))
		return CU_get_error();
	return 0;
}
