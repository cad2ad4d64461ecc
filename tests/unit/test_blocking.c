/*
 * test_blocking.c - the blocking-call runtime driven as the plugin's
 * brackets drive it: settings, contexts and their nesting, counting against
 * recording, errno, the callback, traces, the event queue filling up, the
 * summary table and JSON escaping.  Scenarios run in forked children
 * (scenario.c) and check the records they wrote.
 */
#define _GNU_SOURCE 1
#include <CUnit/CUnit.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "blocking.h"
#include "scenario.h"
#include "settings.h"
#include "stack.h"
#include "suites.h"
#include "writer.h"

#define CALL_SITE(var, callee, caller, line)                                        \
	static const struct bench_call_site var = { BENCH_ABI_VERSION, 0, callee, caller, \
		"test.c", line, 3, 10, "file" }

CALL_SITE(cs_read, "read", "reader", 10);
CALL_SITE(cs_sleep, "usleep", "sleeper", 20);
CALL_SITE(cs_cb, "write", "callback", 30);
static const struct bench_call_site cs_odd = { BENCH_ABI_VERSION, 0, "odd\"name", "line\nbreak",
	"dir/\"q\".c", 40, 1, 0, "user" };
static const struct bench_call_site cs_old_abi = { BENCH_ABI_VERSION + 1, 0, "old", "old",
	"test.c", 50, 1, 0, "user" };

SITE(site_handler, "on_event", BENCH_SITE_NONBLOCKING, 1, 0);
SITE(site_plain, "plain", 0, 1, 0);

/* A "blocking call" that takes about us microseconds, as the plugin
 * brackets it. */
static void blocking_call(const struct bench_call_site *cs, unsigned us)
{
	uint64_t tok = __bench_blocking_begin(cs);
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < (long)us * 1000);
	__bench_blocking_end(cs, tok);
}

static size_t count_blocking(const struct scenario_result *r, const char *caller, int violation)
{
	size_t i, n = 0;

	for (i = 0; i < r->records.count; i++) {
		const struct jv *rec = r->records.records[i];
		const struct jv *v = jv_get(rec, "violation");

		if (strcmp(jv_str(rec, "type"), "blocking") != 0)
			continue;
		if (caller && strcmp(jv_str(rec, "blocking.caller"), caller) != 0)
			continue;
		if (violation >= 0 && (!v || v->type != JV_BOOL || (int)v->number != violation))
			continue;
		n++;
	}
	return n;
}

static const struct jv *nth_blocking(const struct scenario_result *r, size_t nth)
{
	size_t i;

	for (i = 0; i < r->records.count; i++)
		if (!strcmp(jv_str(r->records.records[i], "type"), "blocking") && nth-- == 0)
			return r->records.records[i];
	return NULL;
}

/* ---------------------------------------------------------------- settings */

static void test_settings(void)
{
	struct bench_blocking_settings b;
	int known;

	bench_blocking_default_settings(&b);
	CU_ASSERT_EQUAL(b.trace_depth, BENCH_DEFAULT_TRACE_DEPTH);
	CU_ASSERT_EQUAL(b.min_us, 0);
	CU_ASSERT_EQUAL(b.on_violation, BENCH_VIOLATION_RECORD);
	CU_ASSERT_DOUBLE_EQUAL(b.sample, 1.0, 0);

	CU_ASSERT_PTR_NULL(bench_blocking_setting(&b, "trace_depth", "64", &known));
	CU_ASSERT_TRUE(known);
	CU_ASSERT_EQUAL(b.trace_depth, 64);
	CU_ASSERT_PTR_NOT_NULL(bench_blocking_setting(&b, "trace_depth", "65", &known));
	CU_ASSERT_PTR_NOT_NULL(bench_blocking_setting(&b, "trace_depth", "-1", &known));
	CU_ASSERT_EQUAL(b.trace_depth, 64);
	CU_ASSERT_PTR_NULL(bench_blocking_setting(&b, "blocking_min_us", "50", &known));
	CU_ASSERT_EQUAL(b.min_us, 50);
	CU_ASSERT_PTR_NOT_NULL(bench_blocking_setting(&b, "blocking_min_us", "5x", &known));
	CU_ASSERT_PTR_NULL(bench_blocking_setting(&b, "on_violation", "abort", &known));
	CU_ASSERT_EQUAL(b.on_violation, BENCH_VIOLATION_ABORT);
	CU_ASSERT_PTR_NULL(bench_blocking_setting(&b, "on_violation", "warn", &known));
	CU_ASSERT_EQUAL(b.on_violation, BENCH_VIOLATION_WARN);
	CU_ASSERT_PTR_NOT_NULL(bench_blocking_setting(&b, "on_violation", "ignore", &known));
	CU_ASSERT_PTR_NULL(bench_blocking_setting(&b, "sample", "0.25", &known));
	CU_ASSERT_DOUBLE_EQUAL(b.sample, 0.25, 1e-12);
	CU_ASSERT_PTR_NOT_NULL(bench_blocking_setting(&b, "sample", "1.5", &known));
	CU_ASSERT_PTR_NOT_NULL(bench_blocking_setting(&b, "sample", "nan", &known));
	CU_ASSERT_DOUBLE_EQUAL(b.sample, 0.25, 1e-12);
	CU_ASSERT_PTR_NULL(bench_blocking_setting(&b, "flush_ms", "5", &known));
	CU_ASSERT_FALSE(known);
}

/* Config defaults, then the environment, through the runtime's loader. */
static const char *const *fake_env;

static char *fake_getenv(const char *name)
{
	size_t len = strlen(name);

	for (const char *const *e = fake_env; e && *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return (char *)*e + len + 1;
	return NULL;
}

static void test_settings_sources(void)
{
	static const char *const env[] = { "BENCH_TRACE_DEPTH=2", "BENCH_SAMPLE=0.5", NULL };
	struct bench_settings s;

	bench_settings_clear_defaults();
	__bench_set_defaults("trace_depth=5\nblocking_min_us=50\non_violation=warn\n");
	fake_env = env;
	bench_settings_load(&s, fake_getenv);
	CU_ASSERT_EQUAL(s.blocking.trace_depth, 2);
	CU_ASSERT_EQUAL(s.blocking.min_us, 50);
	CU_ASSERT_EQUAL(s.blocking.on_violation, BENCH_VIOLATION_WARN);
	CU_ASSERT_DOUBLE_EQUAL(s.blocking.sample, 0.5, 1e-12);
	bench_settings_clear_defaults();
}

/* ---------------------------------------------------------------- contexts */

static void contexts_body(void *arg)
{
	(void)arg;
	blocking_call(&cs_read, 0);                       /* 0: none */
	bench_nonblocking_begin();
	blocking_call(&cs_read, 0);                       /* 1: violation */
	bench_allow_blocking_begin();
	blocking_call(&cs_read, 0);                       /* 2: allowed */
	INSTRUMENTED(&site_handler, {
		INSTRUMENTED(&site_plain, blocking_call(&cs_read, 0)); /* 3: in on_event */
		bench_allow_blocking_begin();
		blocking_call(&cs_read, 0);               /* 4: allowed in on_event */
		bench_allow_blocking_end();
	});
	bench_allow_blocking_end();
	bench_nonblocking_end();
	bench_nonblocking_end();                          /* unbalanced: ignored */
	blocking_call(&cs_read, 0);                       /* 5: none */
}

static void test_contexts(void)
{
	static const char *const env[] = { NULL };
	static const int violation[] = { 0, 1, 0, 1, 0, 0 };
	static const int nonblocking[] = { 0, 1, 1, 1, 1, 0 };
	static const char *const context[] = { NULL, NULL, NULL, "on_event", "on_event", NULL };
	struct scenario_result r;

	scenario_run(contexts_body, NULL, env, &r);
	CU_ASSERT_EQUAL_FATAL(r.status, 0);
	CU_ASSERT_EQUAL_FATAL(count_blocking(&r, NULL, -1), 6);
	for (size_t i = 0; i < 6; i++) {
		const struct jv *rec = nth_blocking(&r, i);

		CU_ASSERT_EQUAL(jv_get(rec, "violation")->number, violation[i]);
		CU_ASSERT_EQUAL(jv_get(rec, "context.nonblocking")->number, nonblocking[i]);
		if (context[i]) {
			CU_ASSERT_STRING_EQUAL(jv_str(rec, "context.function"), context[i]);
		} else {
			CU_ASSERT_TRUE(jv_is_null(rec, "context.function"));
		}
	}
	/* Record 3: the call site, then plain, then on_event (outermost last);
	 * then the real frames outside (these descriptors match none of them,
	 * so they go just outside the call's site), at most 8 in all. */
	const struct jv *trace = jv_get(nth_blocking(&r, 3), "trace");
	CU_ASSERT_FATAL(trace->length >= 3);
	CU_ASSERT(trace->length <= 8);
	CU_ASSERT_STRING_EQUAL(jv_str(trace->items[0], "function"), "reader");
	CU_ASSERT_STRING_EQUAL(jv_str(trace->items[1], "function"), "plain");
	CU_ASSERT_STRING_EQUAL(jv_str(trace->items[2], "function"), "on_event");
	CU_ASSERT_EQUAL(jv_num(trace->items[0], "line"), 10);
	scenario_free(&r);
}

/* ---------------------------------------------------------------- counting */

static void threshold_body(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++)
		blocking_call(&cs_read, 0);
	blocking_call(&cs_sleep, 3000);
	bench_nonblocking_begin();
	blocking_call(&cs_read, 0);
	bench_nonblocking_end();
}

static void test_threshold_and_summary(void)
{
	static const char *const env[] = { "BENCH_BLOCKING_MIN_US=1000", NULL };
	static const char *const env_summary[] = { "BENCH_BLOCKING_MIN_US=1000",
		"BENCH_FORMAT=summary", NULL };
	struct scenario_result r;

	scenario_run(threshold_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(count_blocking(&r, "sleeper", 0), 1);
	CU_ASSERT_EQUAL(count_blocking(&r, "reader", 1), 1);
	CU_ASSERT_EQUAL(count_blocking(&r, "reader", 0), 0);
	/* A 3 ms sleep, not a read's microseconds: the ticks are converted
	 * with a calibration only milliseconds old, a few % off on a busy
	 * machine (2.99 ms failed once under a CI run). */
	CU_ASSERT(jv_num(nth_blocking(&r, 0), "blocking.duration") >= 0.0025);
	scenario_free(&r);

	scenario_run(threshold_body, NULL, env_summary, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.output, "bench: blocking calls per call site\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.output, "\nusleep "));
	/* One row for the read site: six calls, one of them a violation. */
	const char *row = strstr(r.output, "\nread ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(row);
	CU_ASSERT_PTR_NOT_NULL(strstr(row, " 6 "));
	CU_ASSERT_EQUAL(count_substrings(r.output, "\nread "), 1);
	scenario_free(&r);
}

/* ---------------------------------------------------------------- errno */

static int callback_calls;

static void clobbering_callback(const struct bench_blocking_event *ev, void *userdata)
{
	(void)ev;
	(void)userdata;
	callback_calls++;
	errno = EPIPE;
	/* The callback's own blocking calls are not recorded. */
	blocking_call(&cs_cb, 0);
}

static void errno_body(void *arg)
{
	uint64_t tok;

	(void)arg;
	bench_on_blocking(clobbering_callback, NULL);
	errno = ENOENT;
	tok = __bench_blocking_begin(&cs_read);
	CHILD_ASSERT(errno == ENOENT);
	errno = EAGAIN; /* what the call set */
	__bench_blocking_end(&cs_read, tok);
	CHILD_ASSERT(errno == EAGAIN);
	CHILD_ASSERT(callback_calls == 1);
	bench_on_blocking(NULL, NULL);
	blocking_call(&cs_read, 0);
	CHILD_ASSERT(callback_calls == 1);
}

static void test_errno_and_callback(void)
{
	static const char *const env[] = { NULL };
	struct scenario_result r;

	scenario_run(errno_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(count_blocking(&r, "reader", -1), 2);
	CU_ASSERT_EQUAL(count_blocking(&r, "callback", -1), 0);
	scenario_free(&r);
}

/* ---------------------------------------------------------------- queue */

static void many_body(void *arg)
{
	(void)arg;
	/* Far more than a thread's queue holds between two drains. */
	for (int i = 0; i < 20000; i++)
		blocking_call(&cs_read, 0);
	/* A full queue waited for the writer: the hook never formats. */
	CHILD_ASSERT(bench_blocking_hook_flushes() == 0);
}

static void test_queue_never_loses(void)
{
	static const char *const env[] = { "BENCH_FLUSH_MS=3600000", NULL };
	struct scenario_result r;

	scenario_run(many_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.bad, 0);
	CU_ASSERT_EQUAL(count_blocking(&r, "reader", 0), 20000);
	CU_ASSERT_PTR_NULL(strstr(r.err, "lost"));
	scenario_free(&r);
}

/* A thread still making blocking calls after the final write at exit
 * (here the same thread, for determinism): a queue that fills then cannot
 * be written; its events are counted as made after exit and said once. */
static void after_finish_body(void *arg)
{
	(void)arg;
	blocking_call(&cs_read, 0);
	bench_writer_finish();
	for (int i = 0; i < 3 * 4096; i++)
		blocking_call(&cs_read, 0);
}

static void test_queue_after_final_write(void)
{
	static const char *const env[] = { "BENCH_FLUSH_MS=3600000", NULL };
	struct scenario_result r;

	scenario_run(after_finish_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.bad, 0);
	CU_ASSERT_EQUAL(count_blocking(&r, "reader", 0), 1);
	CU_ASSERT_EQUAL(count_substrings(r.err, "after the final write at exit"), 1);
	CU_ASSERT_PTR_NULL(strstr(r.err, "signal"));
	scenario_free(&r);
}

/* ---------------------------------------------------------------- misc */

static void misc_body(void *arg)
{
	(void)arg;
	blocking_call(&cs_odd, 0);
	blocking_call(&cs_old_abi, 0);  /* counted as dropped, not recorded */
	bench_deactivate();
	blocking_call(&cs_read, 0);     /* not recorded */
	bench_activate();
	INSTRUMENTED(&site_plain, INSTRUMENTED(&site_plain, INSTRUMENTED(&site_plain,
		blocking_call(&cs_sleep, 0))));
}

static void test_escaping_abi_activation_depth(void)
{
	static const char *const env[] = { "BENCH_TRACE_DEPTH=2", NULL };
	struct scenario_result r;
	const struct jv *rec;

	scenario_run(misc_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.records.bad, 0);
	CU_ASSERT_EQUAL_FATAL(count_blocking(&r, NULL, -1), 2);
	rec = nth_blocking(&r, 0);
	CU_ASSERT_STRING_EQUAL(jv_str(rec, "blocking.function"), "odd\"name");
	CU_ASSERT_STRING_EQUAL(jv_str(rec, "blocking.caller"), "line\nbreak");
	CU_ASSERT_STRING_EQUAL(jv_str(rec, "blocking.file"), "dir/\"q\".c");
	CU_ASSERT_STRING_EQUAL(jv_str(rec, "bench.version"), "0.1.0");
	CU_ASSERT(jv_num(rec, "process.pid") > 0);
	CU_ASSERT_PTR_NOT_NULL(jv_str(rec, "host.hostname"));
	rec = nth_blocking(&r, 1);
	CU_ASSERT_STRING_EQUAL(jv_str(rec, "blocking.caller"), "sleeper");
	CU_ASSERT_EQUAL(jv_get(rec, "trace")->length, 2);
	scenario_free(&r);
}

static void abort_body(void *arg)
{
	(void)arg;
	blocking_call(&cs_read, 0);
	INSTRUMENTED(&site_handler, blocking_call(&cs_sleep, 0));
	puts("not reached");
}

static void test_abort(void)
{
	static const char *const env[] = { "BENCH_ON_VIOLATION=abort", NULL };
	struct scenario_result r;

	scenario_run(abort_body, NULL, env, &r);
	CU_ASSERT_EQUAL(r.status, 128 + SIGABRT);
	CU_ASSERT_PTR_NULL(strstr(r.out, "not reached"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "bench: test.c:20: blocking call to usleep ("));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "in nonblocking function on_event, aborting\n"));
	CU_ASSERT_EQUAL(count_blocking(&r, "sleeper", 1), 1);
	CU_ASSERT_EQUAL(count_blocking(&r, "reader", 0), 1);
	scenario_free(&r);
}

/* The trace's JSON, formatted by hand, reads as printf's would. */
static void test_trace_json(void)
{
	const void *ret = (const void *)(uintptr_t)0x7f00dead0beeULL;
	const struct bench_trace_frame frames[] = {
		{ "line\nbreak", "dir/\"q\".c", 40, ret },
		{ "on_event", site_handler.file, site_handler.line, NULL },
		{ NULL, NULL, 0, (const void *)(uintptr_t)0x1000 },
	};
	char got[512], want[512];

	CU_ASSERT_FATAL(bench_stack_format_json(frames, 3, got, sizeof(got)) > 0);
	snprintf(want, sizeof(want),
		 "[{\"function\": \"line\\nbreak\", \"file\": \"dir/\\\"q\\\".c\", \"line\": 40, "
		 "\"address\": \"%p\"}, {\"function\": \"on_event\", \"file\": \"%s\", "
		 "\"line\": %u, \"address\": null}, {\"function\": null, \"file\": null, "
		 "\"line\": 0, \"address\": \"0x1000\"}]",
		 ret, site_handler.file, (unsigned)site_handler.line);
	CU_ASSERT_STRING_EQUAL(got, want);
	/* too small a buffer: nothing, never a cut line */
	CU_ASSERT_EQUAL(bench_stack_format_json(frames, 3, got, 60), 0);
}

int add_blocking_suite(void)
{
	CU_pSuite s = CU_add_suite("blocking", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "settings: values and ranges", test_settings) ||
	    !CU_add_test(s, "settings: config defaults then environment", test_settings_sources) ||
	    !CU_add_test(s, "contexts nest, innermost decides", test_contexts) ||
	    !CU_add_test(s, "blocking_min_us and the summary table", test_threshold_and_summary) ||
	    !CU_add_test(s, "errno kept, callback not re-entered", test_errno_and_callback) ||
	    !CU_add_test(s, "a full event queue loses nothing", test_queue_never_loses) ||
	    !CU_add_test(s, "a queue filled after the final write", test_queue_after_final_write) ||
	    !CU_add_test(s, "escaping, ABI, activation, trace depth",
			 test_escaping_abi_activation_depth) ||
	    !CU_add_test(s, "abort at a violation", test_abort) ||
	    !CU_add_test(s, "trace JSON", test_trace_json))
		return CU_get_error();
	return CUE_SUCCESS;
}
