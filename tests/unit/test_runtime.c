/*
 * test_runtime.c - the runtime driven as the plugin's code would drive it:
 * record fields, nesting, tokens and longjmp, iterations and warm-up,
 * blocks, signal re-entry, disabling.  Each test runs in a forked child
 * (scenario.c) and checks the JSON Lines it wrote.
 */
#include <CUnit/CUnit.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "clock.h"
#include "scenario.h"
#include "suites.h"
#include "thread.h"

SITE(site_outer, "outer", 0, 1, 0);
SITE(site_inner, "inner", 0, 1, 0);
SITE(site_leaf, "leaf", 0, 1, 0);
SITE(site_cpu, "with_cpu", BENCH_SITE_CPU, 1, 0);
SITE(site_cxx, "ns::method", BENCH_SITE_CXX, 1, 0);
SITE(site_iter, "iterated", BENCH_SITE_CPU, 3, 2);
SITE(site_handler, "handler_call", 0, 1, 0);

static void leaf(void)
{
	INSTRUMENTED(&site_leaf, (void)0);
}

static void inner(void)
{
	INSTRUMENTED(&site_inner, leaf());
}

static void nesting_body(void *arg)
{
	(void)arg;
	INSTRUMENTED(&site_outer, { inner(); leaf(); });
	INSTRUMENTED(&site_cpu, leaf());
	INSTRUMENTED(&site_cxx, (void)0);
}

static void check_common_fields(const struct scenario_result *r)
{
	size_t i;
	const char *run_id = r->records.count ? jv_str(r->records.records[0], "bench.run_id") : NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(run_id);
	CU_ASSERT_EQUAL(strlen(run_id), 36);
	CU_ASSERT_EQUAL(run_id[14], '4'); /* uuid version 4 */
	for (i = 0; i < r->records.count; i++) {
		const struct jv *rec = r->records.records[i];
		const struct jv *durations = jv_get(rec, "call.durations");

		CU_ASSERT_STRING_EQUAL(jv_str(rec, "type"), "call");
		CU_ASSERT_STRING_EQUAL(jv_str(rec, "bench.run_id"), run_id);
		CU_ASSERT_STRING_EQUAL(jv_str(rec, "bench.version"), "0.1.0");
		CU_ASSERT_STRING_EQUAL(jv_str(rec, "bench.timezone"), "UTC");
		CU_ASSERT_STRING_EQUAL(jv_str(rec, "host.os"), "linux");
		CU_ASSERT_PTR_NOT_NULL(jv_str(rec, "host.hostname"));
		CU_ASSERT(jv_num(rec, "process.pid") > 0);
		CU_ASSERT(jv_num(rec, "call.thread") > 0);
		CU_ASSERT_STRING_EQUAL(jv_str(rec, "call.file"), "test.c");
		CU_ASSERT(jv_num(rec, "call.line") > 0);
		CU_ASSERT_PTR_NOT_NULL(durations);
		CU_ASSERT(durations && durations->type == JV_ARRAY && durations->length >= 1);
		CU_ASSERT(jv_get(rec, "call.timings") && jv_get(rec, "call.timings")->type == JV_ARRAY);
		CU_ASSERT(strcmp(jv_str(rec, "call.start_time"), jv_str(rec, "call.finish_time")) <= 0);
		CU_ASSERT_EQUAL(strlen(jv_str(rec, "call.start_time")), 32);
		CU_ASSERT_PTR_NOT_NULL(strstr(jv_str(rec, "call.finish_time"), "+00:00"));
	}
}

static void test_nesting_ids_parents(void)
{
	struct scenario_result r;
	const struct jv *outer, *inner_rec, *leaf0, *leaf1, *leaf2, *cpu, *cxx;

	scenario_run(nesting_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.bad, 0);
	CU_ASSERT_EQUAL_FATAL(r.records.count, 7);
	check_common_fields(&r);
	outer = scenario_find(&r, "outer", 0);
	inner_rec = scenario_find(&r, "inner", 0);
	leaf0 = scenario_find(&r, "leaf", 0); /* inner's leaf closes first */
	leaf1 = scenario_find(&r, "leaf", 1);
	leaf2 = scenario_find(&r, "leaf", 2);
	cpu = scenario_find(&r, "with_cpu", 0);
	cxx = scenario_find(&r, "ns::method", 0);
	CU_ASSERT_FATAL(outer && inner_rec && leaf0 && leaf1 && leaf2 && cpu && cxx);
	CU_ASSERT(jv_is_null(outer, "call.parent"));
	CU_ASSERT_EQUAL(jv_num(outer, "call.depth"), 0);
	CU_ASSERT_EQUAL(jv_num(inner_rec, "call.parent"), jv_num(outer, "call.id"));
	CU_ASSERT_EQUAL(jv_num(inner_rec, "call.depth"), 1);
	CU_ASSERT_EQUAL(jv_num(leaf0, "call.parent"), jv_num(inner_rec, "call.id"));
	CU_ASSERT_EQUAL(jv_num(leaf0, "call.depth"), 2);
	CU_ASSERT_EQUAL(jv_num(leaf1, "call.parent"), jv_num(outer, "call.id"));
	CU_ASSERT_EQUAL(jv_num(leaf1, "call.depth"), 1);
	CU_ASSERT_EQUAL(jv_num(leaf2, "call.parent"), jv_num(cpu, "call.id"));
	CU_ASSERT(jv_is_null(cpu, "call.parent"));
	/* ids: unique, small */
	CU_ASSERT(jv_num(outer, "call.id") != jv_num(inner_rec, "call.id"));
	CU_ASSERT(jv_num(leaf0, "call.id") != jv_num(leaf1, "call.id"));
	CU_ASSERT(jv_num(outer, "call.id") < 100000);
	/* main thread: tid == pid */
	CU_ASSERT_EQUAL(jv_num(outer, "call.thread"), jv_num(outer, "process.pid"));
	CU_ASSERT_STRING_EQUAL(jv_str(outer, "call.invocation"), "C");
	CU_ASSERT_STRING_EQUAL(jv_str(cxx, "call.invocation"), "C++");
	CU_ASSERT_STRING_EQUAL(jv_str(outer, "call.closed_by"), "return");
	CU_ASSERT_EQUAL(jv_num(outer, "call.iterations"), 1);
	CU_ASSERT_EQUAL(jv_num(outer, "call.warmup"), 0);
	/* cpu_durations only with the cpu option */
	CU_ASSERT_PTR_NULL(jv_get(outer, "call.cpu_durations"));
	CU_ASSERT_PTR_NOT_NULL(jv_get(cpu, "call.cpu_durations"));
	CU_ASSERT_EQUAL(jv_get(cpu, "call.cpu_durations")->length, 1);
	/* an outer call lasts at least as long as its inner one */
	CU_ASSERT(jv_get(outer, "call.durations")->items[0]->number >=
		  jv_get(inner_rec, "call.durations")->items[0]->number);
	CU_ASSERT_STRING_EQUAL(jv_str(outer, "bench.clock"),
			       bench_clock_cpu_has_invariant_tsc() ? "tsc" : "monotonic");
	/* nothing on stdout or stderr */
	CU_ASSERT_STRING_EQUAL(r.out, "");
	CU_ASSERT_STRING_EQUAL(r.err, "");
	scenario_free(&r);
}

static jmp_buf jump_env;

static void longjmp_body(void *arg)
{
	uint64_t a, b, c, d;

	(void)arg;
	a = __bench_enter(&site_outer);
	b = __bench_enter(&site_inner);
	c = __bench_enter(&site_leaf);
	CHILD_ASSERT(a == 1 && b == 2 && c == 3);
	/* outer exits with inner and leaf still open: a longjmp skipped them */
	__bench_exit(&site_outer, a);
	CHILD_ASSERT(bench_self->depth == 0);
	/* exits of frames already closed are ignored */
	__bench_exit(&site_inner, b);
	__bench_exit(&site_leaf, c);

	/* a real setjmp/longjmp, seen by the plugin */
	d = __bench_enter(&site_outer);
	__bench_setjmp(&jump_env);
	if (setjmp(jump_env) == 0) {
		uint64_t e = __bench_enter(&site_inner);
		uint64_t f = __bench_enter(&site_leaf);

		CHILD_ASSERT(e == 2 && f == 3);
		__bench_longjmp(&jump_env);
		longjmp(jump_env, 1);
	}
	CHILD_ASSERT(bench_self->depth == 1);
	leaf();
	__bench_exit(&site_outer, d);
}

static void test_tokens_and_longjmp(void)
{
	struct scenario_result r;
	const char *const expected[][2] = {
		{ "leaf", "longjmp" }, { "inner", "longjmp" }, { "outer", "return" },
		{ "leaf", "longjmp" }, { "inner", "longjmp" }, { "leaf", "return" },
		{ "outer", "return" },
	};
	size_t i;

	scenario_run(longjmp_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL_FATAL(r.records.count, 7);
	for (i = 0; i < 7; i++) {
		CU_ASSERT_STRING_EQUAL(jv_str(r.records.records[i], "call.name"), expected[i][0]);
		CU_ASSERT_STRING_EQUAL(jv_str(r.records.records[i], "call.closed_by"), expected[i][1]);
	}
	/* the leaf called after the longjmp is the outer call's child */
	CU_ASSERT_EQUAL(jv_num(r.records.records[5], "call.parent"), jv_num(r.records.records[6], "call.id"));
	CU_ASSERT_EQUAL(jv_num(r.records.records[5], "call.depth"), 1);
	CU_ASSERT_EQUAL(jv_num(r.records.records[4], "call.depth"), 1);
	CU_ASSERT_EQUAL(jv_num(r.records.records[3], "call.depth"), 2);
	scenario_free(&r);
}

static void iterations_body(void *arg)
{
	uint64_t tok;
	uint32_t n = 0;

	(void)arg;
	tok = __bench_enter(&site_iter);
	do {
		bench_scope step;

		__bench_iter_begin(&site_iter, tok, n);
		step = bench_time_begin("step");
		leaf();
		bench_time_end(&step);
		__bench_iter_end(&site_iter, tok, n);
		n++;
	} while (__bench_iter_more(&site_iter, tok, n));
	__bench_exit(&site_iter, tok);
	CHILD_ASSERT(n == 5); /* 2 warm-up + 3 timed */
	/* recording off: the body runs once */
	CHILD_ASSERT(__bench_iter_more(&site_iter, 0, 1) == 0);
}

static void test_iterations_and_warmup(void)
{
	struct scenario_result r;
	const struct jv *it, *durations;
	size_t i;

	scenario_run(iterations_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	/* warm-up calls are not recorded: 3 leaves, not 5 */
	CU_ASSERT_EQUAL(scenario_count(&r, "leaf"), 3);
	CU_ASSERT_EQUAL(scenario_count(&r, "iterated"), 1);
	it = scenario_find(&r, "iterated", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	durations = jv_get(it, "call.durations");
	CU_ASSERT_EQUAL(durations->length, 3);
	CU_ASSERT_EQUAL(jv_get(it, "call.cpu_durations")->length, 3);
	CU_ASSERT_EQUAL(jv_get(it, "call.timings")->length, 3);
	CU_ASSERT_STRING_EQUAL(jv_str(jv_get(it, "call.timings")->items[0], "name"), "step");
	CU_ASSERT_EQUAL(jv_num(it, "call.iterations"), 3);
	CU_ASSERT_EQUAL(jv_num(it, "call.warmup"), 2);
	for (i = 0; i < 3; i++) {
		const struct jv *leaf_rec = scenario_find(&r, "leaf", i);

		CU_ASSERT_EQUAL(jv_num(leaf_rec, "call.parent"), jv_num(it, "call.id"));
		CU_ASSERT(durations->items[i]->number > 0);
	}
	scenario_free(&r);
}

static const struct bench_site record_block_site = {
	BENCH_ABI_VERSION, BENCH_SITE_RECORD, NULL, "blocks_body", "test.c", 200, 0, 1, 0 };
static const struct bench_site time_block_site = {
	BENCH_ABI_VERSION, BENCH_SITE_TIME, NULL, "blocks_body", "test.c", 201, 0, 1, 0 };

static void blocks_body(void *arg)
{
	char name[32];
	uint64_t rec, tim;
	bench_scope lonely, api;

	(void)arg;
	strcpy(name, "dyn-block");
	rec = __bench_block_begin(&record_block_site, name, 0);
	strcpy(name, "overwritten"); /* the runtime kept a copy */
	tim = __bench_block_begin(&time_block_site, "step \"one\"", 1);
	leaf();
	__bench_block_end(&time_block_site, tim);
	__bench_block_end(&record_block_site, rec);

	lonely = bench_time_begin("lonely");
	bench_time_end(&lonely);
	api = bench_record_begin("api-record");
	leaf();
	bench_record_end(&api);
	bench_record_end(&api); /* twice: harmless */

	bench_deactivate();
	CHILD_ASSERT(__bench_block_begin(&record_block_site, "while-off", 1) == 0);
	api = bench_record_begin("while-off");
	bench_record_end(&api);
	bench_activate();
}

/* BENCH_TIME blocks nested deeper than the runtime keeps (64): the outer
 * 64 are recorded, the rest counted under their own reason, not the call
 * stack's. */
static void deep_timings_body(void *arg)
{
	bench_scope scopes[70];

	(void)arg;
	for (int i = 0; i < 70; i++)
		scopes[i] = bench_time_begin("nested");
	for (int i = 70; i-- > 0;)
		bench_time_end(&scopes[i]);
}

static void test_deep_timings(void)
{
	struct scenario_result r;

	scenario_run(deep_timings_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(scenario_count(&r, "nested"), 64);
	CU_ASSERT_STRING_EQUAL(r.err, "bench: 6 records dropped (BENCH_TIME blocks nested deeper than 64)\n");
	scenario_free(&r);
}

static void test_blocks(void)
{
	struct scenario_result r;
	const struct jv *blk, *lonely, *api, *timing;

	scenario_run(blocks_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.count, 5);
	blk = scenario_find(&r, "dyn-block", 0);
	lonely = scenario_find(&r, "lonely", 0);
	api = scenario_find(&r, "api-record", 0);
	CU_ASSERT_FATAL(blk && lonely && api);
	CU_ASSERT_EQUAL(scenario_count(&r, "overwritten"), 0);
	CU_ASSERT_EQUAL(scenario_count(&r, "while-off"), 0);
	CU_ASSERT_STRING_EQUAL(jv_str(blk, "call.invocation"), "record");
	CU_ASSERT_STRING_EQUAL(jv_str(blk, "call.function"), "blocks_body");
	CU_ASSERT_EQUAL(jv_num(blk, "call.line"), 200);
	CU_ASSERT_EQUAL_FATAL(jv_get(blk, "call.timings")->length, 1);
	timing = jv_get(blk, "call.timings")->items[0];
	CU_ASSERT_STRING_EQUAL(jv_str(timing, "name"), "step \"one\"");
	CU_ASSERT(jv_num(timing, "duration") >= 0);
	CU_ASSERT(jv_num(timing, "duration") <= jv_get(blk, "call.durations")->items[0]->number);
	CU_ASSERT_EQUAL(jv_num(scenario_find(&r, "leaf", 0), "call.parent"), jv_num(blk, "call.id"));
	CU_ASSERT_EQUAL(jv_num(scenario_find(&r, "leaf", 1), "call.parent"), jv_num(api, "call.id"));
	/* a timing with no call open is a record of its own */
	CU_ASSERT_STRING_EQUAL(jv_str(lonely, "call.invocation"), "record");
	CU_ASSERT(jv_is_null(lonely, "call.parent"));
	CU_ASSERT_EQUAL(jv_num(lonely, "call.depth"), 0);
	CU_ASSERT_STRING_EQUAL(jv_str(api, "call.invocation"), "record");
	scenario_free(&r);
}

/* Enough calls for a few hundred signals; the records are all parsed. */
#define STORM_CALLS 40000

static volatile sig_atomic_t handled;

static void counting_handler(int sig)
{
	(void)sig;
	handled++;
	INSTRUMENTED(&site_handler, leaf());
}

/* Signals at random points of the hot path, the runtime's included. */
static void signal_storm_body(void *arg)
{
	struct itimerval every = { { 0, 20 }, { 0, 20 } }, off = { { 0, 0 }, { 0, 0 } };
	int i;

	(void)arg;
	signal(SIGALRM, counting_handler);
	setitimer(ITIMER_REAL, &every, NULL);
	INSTRUMENTED(&site_outer, {
		for (i = 0; i < STORM_CALLS; i++)
			inner();
	});
	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGALRM, SIG_IGN);
	printf("handled=%d\n", (int)handled);
}

static void test_signal_storm(void)
{
	struct scenario_result r;
	int handled_count = -1;
	unsigned long dropped = 0;
	const char *line;
	size_t i, broken = 0, checked = 0;

	scenario_run(signal_storm_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.bad, 0);
	CU_ASSERT_EQUAL(sscanf(r.out, "handled=%d", &handled_count), 1);
	CU_ASSERT(handled_count > 0);
	line = strstr(r.err, "records dropped (signal re-entry)");
	if (!line)
		line = strstr(r.err, "record dropped (signal re-entry)");
	if (line) {
		while (line > r.err && line[-1] != '\n')
			line--;
		CU_ASSERT_EQUAL(sscanf(line, "bench: %lu record", &dropped), 1);
	}
	/* nothing lost, nothing invented */
	CU_ASSERT_EQUAL(scenario_count(&r, "inner"), STORM_CALLS);
	CU_ASSERT_EQUAL(scenario_count(&r, "outer"), 1);
	/* a turned-away handler loses its call and the leaf inside it */
	CU_ASSERT_EQUAL(scenario_count(&r, "handler_call") + dropped / 2, (size_t)handled_count);
	CU_ASSERT_EQUAL(dropped % 2, 0);
	CU_ASSERT_EQUAL(scenario_count(&r, "leaf"), STORM_CALLS + scenario_count(&r, "handler_call"));
	/* every handler call hangs in the tree where it interrupted; its
	 * parent closes after it, so comes later in the file */
	for (i = 0; i < r.records.count && checked < 200; i++) {
		const struct jv *rec = r.records.records[i], *parent = NULL;
		size_t j;

		if (strcmp(jv_str(rec, "call.name"), "handler_call"))
			continue;
		checked++;
		if (jv_is_null(rec, "call.parent")) {
			/* before or after outer */
			broken += jv_num(rec, "call.depth") != 0;
			continue;
		}
		for (j = i + 1; j < r.records.count && !parent; j++)
			if (jv_num(r.records.records[j], "call.id") == jv_num(rec, "call.parent"))
				parent = r.records.records[j];
		if (!parent || jv_num(parent, "call.depth") + 1 != jv_num(rec, "call.depth"))
			broken++;
	}
	CU_ASSERT(checked > 0);
	CU_ASSERT_EQUAL(broken, 0);
	scenario_free(&r);
}

static void handler(int sig)
{
	(void)sig;
	INSTRUMENTED(&site_handler, (void)0);
}

static void signal_body(void *arg)
{
	(void)arg;
	signal(SIGUSR1, handler);
	/* a handler running while an instrumented function is interrupted */
	INSTRUMENTED(&site_outer, raise(SIGUSR1));
	/* a handler interrupting the runtime itself: what it finds */
	bench_self->busy = 1;
	CHILD_ASSERT(__bench_enter(&site_handler) == 0);
	bench_self->busy = 0;
	CHILD_ASSERT(bench_self->depth == 0);
	leaf();
}

static void test_signal_reentry(void)
{
	struct scenario_result r;
	const struct jv *h;

	scenario_run(signal_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.count, 3);
	h = scenario_find(&r, "handler_call", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(scenario_count(&r, "handler_call"), 1);
	CU_ASSERT_EQUAL(jv_num(h, "call.parent"), jv_num(scenario_find(&r, "outer", 0), "call.id"));
	CU_ASSERT_STRING_EQUAL(r.err, "bench: 1 record dropped (signal re-entry)\n");
	scenario_free(&r);
}

static void disabled_body(void *arg)
{
	(void)arg;
	nesting_body(NULL);
	CHILD_ASSERT(__bench_active == 0);
	if (getenv("ACTIVATE_LATER")) {
		bench_activate();
		CHILD_ASSERT(__bench_active == 1);
		leaf();
	}
}

static void test_disabled(void)
{
	struct scenario_result r;
	const char *const env[] = { "BENCH_ENABLE=0", NULL };
	const char *const env_later[] = { "BENCH_ENABLE=0", "ACTIVATE_LATER=1", NULL };
	char path[128];
	struct stat st;

	scenario_run(disabled_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	snprintf(path, sizeof(path), "%s/out.jsonl", r.dir);
	CU_ASSERT_NOT_EQUAL(stat(path, &st), 0); /* not even created */
	CU_ASSERT_STRING_EQUAL(r.err, "");
	scenario_free(&r);

	scenario_run(disabled_body, NULL, env_later, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.count, 1);
	CU_ASSERT_EQUAL(scenario_count(&r, "leaf"), 1);
	scenario_free(&r);
}

static void abi_body(void *arg)
{
	static const struct bench_site future = { 99, 0, "future", "future", "test.c", 1, 0, 1, 0 };

	(void)arg;
	CHILD_ASSERT(__bench_enter(&future) == 0);
	CHILD_ASSERT(__bench_enter(&future) == 0);
	leaf();
}

static void test_abi_mismatch(void)
{
	struct scenario_result r;

	scenario_run(abi_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.count, 1);
	CU_ASSERT_EQUAL(count_substrings(r.err, "runtime ABI 99"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "bench: 2 records dropped (site descriptor of another ABI version)\n"));
	scenario_free(&r);
}

static void deep_body(void *arg)
{
	static uint64_t tokens[1100];
	int i;

	(void)arg;
	for (i = 0; i < 1100; i++)
		tokens[i] = __bench_enter(&site_leaf);
	CHILD_ASSERT(tokens[1023] == 1024 && tokens[1024] == 0);
	for (i = 1099; i >= 0; i--)
		if (tokens[i])
			__bench_exit(&site_leaf, tokens[i]);
}

static void test_too_deep(void)
{
	struct scenario_result r;

	scenario_run(deep_body, NULL, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.count, 1024);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "bench: 76 records dropped (call stack deeper"));
	scenario_free(&r);
}

static void test_monotonic_clock(void)
{
	struct scenario_result r;
	const char *const env[] = { "BENCH_CLOCK=monotonic", NULL };

	scenario_run(nesting_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL_FATAL(r.records.count, 7);
	CU_ASSERT_STRING_EQUAL(jv_str(r.records.records[0], "bench.clock"), "monotonic");
	scenario_free(&r);
}

int add_runtime_suite(void)
{
	CU_pSuite s = CU_add_suite("runtime", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "record fields, nesting, ids, parents", test_nesting_ids_parents) ||
	    !CU_add_test(s, "tokens and longjmp resync", test_tokens_and_longjmp) ||
	    !CU_add_test(s, "iterations and warm-up", test_iterations_and_warmup) ||
	    !CU_add_test(s, "BENCH_RECORD and BENCH_TIME blocks", test_blocks) ||
	    !CU_add_test(s, "BENCH_TIME blocks nested too deep", test_deep_timings) ||
	    !CU_add_test(s, "signal handlers", test_signal_reentry) ||
	    !CU_add_test(s, "signal storm", test_signal_storm) ||
	    !CU_add_test(s, "BENCH_ENABLE=0 and bench_activate", test_disabled) ||
	    !CU_add_test(s, "site of another ABI", test_abi_mismatch) ||
	    !CU_add_test(s, "deeper than the shadow stack", test_too_deep) ||
	    !CU_add_test(s, "CLOCK_MONOTONIC records", test_monotonic_clock))
		return CU_get_error();
	return CUE_SUCCESS;
}
