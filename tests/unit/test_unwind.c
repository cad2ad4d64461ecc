/*
 * test_unwind.c - the cached walker (unwinder.c) against libgcc's
 * _Unwind_Backtrace, captured from the same function in stacks of many
 * shapes: both must give the same return addresses and the same end.
 */
#include <CUnit/CUnit.h>
#include <alloca.h>
#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack.h"
#include "suites.h"
#include "unwinder.h"

/* libgcc's lookup, to tell which function an address is in. */
struct test_eh_bases {
	void *tbase, *dbase, *func;
};
extern const void *_Unwind_Find_FDE(void *pc, struct test_eh_bases *bases);

#define MAX_PCS 128

/* One capture point, walked both ways. */
struct both {
	void *fast[MAX_PCS], *slow[MAX_PCS];
	int nfast, nslow;
	uint64_t declined; /* walks the fast path declined during the capture */
};

/* bench_stack_unwind as the blocking hook uses it, then libgcc alone,
 * from the same function (the one this is expanded in). */
#define CAPTURE_BOTH(b, size)                                                      \
	do {                                                                       \
		uint64_t declined_before_ = bench_unwind_declined();               \
		(b)->nfast = bench_stack_unwind((b)->fast, (size));                \
		(b)->nslow = bench_stack_unwind_libgcc((b)->slow, (size));         \
		(b)->declined = bench_unwind_declined() - declined_before_;        \
		__asm__ volatile("" ::: "memory");                                 \
	} while (0)

static void *function_of(void *pc)
{
	struct test_eh_bases bases;

	return _Unwind_Find_FDE(pc, &bases) ? bases.func : NULL;
}

/* The same frames: pcs[0] is where each walk started in the capturing
 * function (the walker's own pc, libgcc's return address from
 * _Unwind_Backtrace), every other address the same. */
static int same_trace(const struct both *b, const char *what)
{
	int ok = b->nfast == b->nslow && b->nfast > 0 &&
		 function_of((char *)b->fast[0]) == function_of((char *)b->slow[0] - 1) &&
		 function_of((char *)b->fast[0]) != NULL;

	for (int i = 1; ok && i < b->nfast; i++)
		ok = b->fast[i] == b->slow[i];
	if (!ok) {
		fprintf(stderr, "\n%s: fast %d frames, libgcc %d\n", what, b->nfast, b->nslow);
		for (int i = 0; i < b->nfast || i < b->nslow; i++)
			fprintf(stderr, "  %2d %18p %18p\n", i, i < b->nfast ? b->fast[i] : NULL,
				i < b->nslow ? b->slow[i] : NULL);
	}
	return ok;
}

/* ------------------------------------------------------------ shapes */

static struct both captured;

#define SHAPE(opts) __attribute__((noinline, optimize(opts)))

SHAPE("O2,omit-frame-pointer") static int recurse_nofp(int n)
{
	if (n == 0) {
		CAPTURE_BOTH(&captured, MAX_PCS);
		return 0;
	}
	return recurse_nofp(n - 1) + 1;
}

SHAPE("O0") static int recurse_o0(int n)
{
	if (n == 0) {
		CAPTURE_BOTH(&captured, MAX_PCS);
		return 0;
	}
	return recurse_o0(n - 1) + 1;
}

SHAPE("O2,no-omit-frame-pointer") static int recurse_fp(int n)
{
	if (n == 0) {
		CAPTURE_BOTH(&captured, MAX_PCS);
		return 0;
	}
	return recurse_fp(n - 1) + 1;
}

/* alloca and a VLA: the CFA follows rbp even without frame pointers. */
SHAPE("O2,omit-frame-pointer") static int with_alloca(size_t bytes)
{
	char *p = alloca(bytes);

	memset(p, 1, bytes);
	CAPTURE_BOTH(&captured, MAX_PCS);
	return p[bytes / 2];
}

SHAPE("O2,omit-frame-pointer") static int with_vla(size_t n)
{
	volatile char vla[n];

	vla[n - 1] = 2;
	CAPTURE_BOTH(&captured, MAX_PCS);
	return vla[n - 1];
}

SHAPE("O0") static int with_vla_o0(size_t n)
{
	volatile char vla[n];

	vla[0] = 3;
	CAPTURE_BOTH(&captured, MAX_PCS);
	return vla[0];
}

/* An early return before the capture: its epilogue's CFI is remembered
 * and restored around it. */
SHAPE("O2,omit-frame-pointer") static int after_early_return(int x, volatile int *sink)
{
	if (x < 0)
		return -x;
	for (int i = 0; i < x; i++)
		sink[i & 3] += i;
	CAPTURE_BOTH(&captured, MAX_PCS);
	return sink[0];
}

/* A mix of the above, several frames deep, each built differently. */
SHAPE("Os") static int mix_os(int n) { return with_vla((size_t)n + 40) + 1; }
SHAPE("O0") static int mix_o0(int n) { return mix_os(n) + 1; }
SHAPE("O3,omit-frame-pointer") static int mix_o3(int n) { return mix_o0(n) * 2 + 1; }

/* Through glibc's own frames. */
static int compares;
static int compare_and_capture(const void *a, const void *b)
{
	if (compares++ == 3)
		CAPTURE_BOTH(&captured, MAX_PCS);
	return *(const int *)a - *(const int *)b;
}

static void test_shapes(void)
{
	volatile int sink[4] = { 0 };
	int values[16];

	/* Twice each: the first walk fills the cache, the second hits it. */
	for (int round = 0; round < 2; round++) {
		recurse_nofp(40);
		CU_ASSERT(same_trace(&captured, "recursion -O2 no frame pointer"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		recurse_o0(30);
		CU_ASSERT(same_trace(&captured, "recursion -O0"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		recurse_fp(20);
		CU_ASSERT(same_trace(&captured, "recursion -O2 frame pointer"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		with_alloca(1000);
		CU_ASSERT(same_trace(&captured, "alloca"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		with_vla(333);
		CU_ASSERT(same_trace(&captured, "VLA"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		with_vla_o0(77);
		CU_ASSERT(same_trace(&captured, "VLA -O0"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		after_early_return(7, sink);
		CU_ASSERT(same_trace(&captured, "after an early return"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		mix_o3(5);
		CU_ASSERT(same_trace(&captured, "mixed flags"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		for (int i = 0; i < 16; i++)
			values[i] = (i * 7) % 16;
		compares = 0;
		qsort(values, 16, sizeof(values[0]), compare_and_capture);
		CU_ASSERT(same_trace(&captured, "in qsort's callback"));
		CU_ASSERT_EQUAL(captured.declined, 0);
	}
}

/* The whole stack: main's, then glibc's start; libgcc ends it with a 0
 * return address after _start, and so must the walker. */
static void test_outermost(void)
{
	recurse_fp(3);
	CU_ASSERT(same_trace(&captured, "to the outermost frame"));
	CU_ASSERT_EQUAL(captured.declined, 0);
	CU_ASSERT(captured.nfast < MAX_PCS);
	CU_ASSERT_PTR_NULL(captured.fast[captured.nfast - 1]);
}

/* Fewer slots than frames: both stop at the same frame. */
SHAPE("O2") static int capture_few(int size)
{
	CAPTURE_BOTH(&captured, size);
	return captured.nfast;
}

static void test_truncated(void)
{
	for (int size = 1; size <= 6; size++) {
		CU_ASSERT_EQUAL(capture_few(size), size);
		CU_ASSERT(same_trace(&captured, "truncated"));
		CU_ASSERT_EQUAL(captured.declined, 0);
	}
}

static void *thread_body(void *arg)
{
	(void)arg;
	recurse_nofp(5);
	return NULL;
}

/* A thread's stack ends in clone3 (start_thread's caller). */
static void test_thread(void)
{
	pthread_t t;

	CU_ASSERT_FATAL(pthread_create(&t, NULL, thread_body, NULL) == 0);
	pthread_join(t, NULL);
	CU_ASSERT(same_trace(&captured, "in a thread"));
	CU_ASSERT_EQUAL(captured.declined, 0);
	CU_ASSERT(captured.nfast < MAX_PCS);
	CU_ASSERT_PTR_NULL(captured.fast[captured.nfast - 1]);
}

static void on_signal(int sig)
{
	(void)sig;
	recurse_o0(2);
}

/* Through the signal trampoline ('S' in its CIE, expressions in its
 * rules): the walker declines and libgcc walks. */
static void test_signal(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	CU_ASSERT_FATAL(sigaction(SIGUSR2, &sa, &old) == 0);
	raise(SIGUSR2);
	sigaction(SIGUSR2, &old, NULL);
	CU_ASSERT(same_trace(&captured, "in a signal handler"));
	CU_ASSERT_EQUAL(captured.declined, 1);
	CU_ASSERT(captured.nfast > 6);
}

SHAPE("O2") static void *capture_in_callee(void)
{
	CAPTURE_BOTH(&captured, MAX_PCS);
	return captured.fast[1];
}

/* One call site, so the same return address each time. */
SHAPE("O2") static void *call_capture_in_callee(void)
{
	void *ret = capture_in_callee();

	__asm__ volatile("" ::: "memory"); /* no tail call */
	return ret;
}

/*
 * The blocking hook's walk: from the capturing function's caller, with the
 * registers bench_unwind_caller reads from the function's own frame,
 * against libgcc's walk from the function itself, which has one frame more
 * at the start.  The callers below are built without frame pointers, with
 * them, and with an rbp-based CFA (alloca), since the caller's rbp comes
 * from the capturing function's frame.
 */
#define CAPTURE_FROM_CALLER(size)                                                  \
	do {                                                                       \
		struct bench_unwind_regs caller_;                                  \
		uint64_t declined_before_ = bench_unwind_declined();               \
		bench_unwind_caller(&caller_);                                     \
		captured.nfast = bench_unwind_walk(&caller_, captured.fast, (size)); \
		captured.nslow = bench_stack_unwind_libgcc(captured.slow, (size) + 1); \
		captured.declined = bench_unwind_declined() - declined_before_;    \
		__asm__ volatile("" ::: "memory");                                 \
	} while (0)

static __attribute__((noinline)) void capture_from_caller(int size)
{
	CAPTURE_FROM_CALLER(size);
}

/* A call to a noreturn function can be its caller's last instruction: the
 * return address is then the next function's first, and only a lookup in
 * the call itself finds the caller's rule. */
static jmp_buf back;

static __attribute__((noinline, noreturn)) void capture_from_caller_noreturn(int size)
{
	CAPTURE_FROM_CALLER(size);
	longjmp(back, 1);
}

SHAPE("O2,omit-frame-pointer") static void caller_ends_in_call(volatile int *sink)
{
	sink[1] += sink[0];
	capture_from_caller_noreturn(MAX_PCS - 1);
}

SHAPE("O2,omit-frame-pointer") static int after_caller_ends_in_call(int x)
{
	return x * 3 + 1;
}

SHAPE("O2,omit-frame-pointer") static int caller_nofp(int n)
{
	if (n == 0) {
		capture_from_caller(MAX_PCS - 1);
		return 0;
	}
	return caller_nofp(n - 1) + 1;
}

SHAPE("O0") static int caller_o0(int n)
{
	if (n == 0) {
		capture_from_caller(MAX_PCS - 1);
		return 0;
	}
	return caller_o0(n - 1) + 1;
}

SHAPE("O2,omit-frame-pointer") static int caller_alloca(size_t bytes)
{
	char *p = alloca(bytes);

	memset(p, 1, bytes);
	capture_from_caller(MAX_PCS - 1);
	return p[bytes / 2];
}

SHAPE("O2,omit-frame-pointer") static int caller_truncated(int size)
{
	capture_from_caller(size);
	return captured.nfast;
}

/* fast[i] is libgcc's slow[i + 1]; the first is the return address into
 * the caller, which the walker looks up in the call before it. */
static int same_trace_from_caller(const char *what)
{
	int ok = captured.nfast > 0 && captured.nfast + 1 == captured.nslow;

	for (int i = 0; ok && i < captured.nfast; i++)
		ok = captured.fast[i] == captured.slow[i + 1];
	if (!ok) {
		fprintf(stderr, "\n%s: fast %d frames, libgcc %d (one more)\n", what,
			captured.nfast, captured.nslow);
		for (int i = 0; i < captured.nfast || i + 1 < captured.nslow; i++)
			fprintf(stderr, "  %2d %18p %18p\n", i, i < captured.nfast ? captured.fast[i] : NULL,
				i + 1 < captured.nslow ? captured.slow[i + 1] : NULL);
	}
	return ok;
}

static void test_from_caller(void)
{
	static volatile int sink[2];

	for (volatile int round = 0; round < 2; round++) {
		caller_nofp(12);
		CU_ASSERT(same_trace_from_caller("from the caller, -O2 no frame pointer"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		CU_ASSERT_PTR_NULL(captured.fast[captured.nfast - 1]); /* reached the end */
		caller_o0(7);
		CU_ASSERT(same_trace_from_caller("from the caller, -O0"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		caller_alloca(500);
		CU_ASSERT(same_trace_from_caller("from the caller, alloca"));
		CU_ASSERT_EQUAL(captured.declined, 0);
		for (int size = 1; size <= 4; size++) {
			CU_ASSERT_EQUAL(caller_truncated(size), size);
			CU_ASSERT(same_trace_from_caller("from the caller, truncated"));
		}
		if (!setjmp(back))
			caller_ends_in_call(sink);
		CU_ASSERT(same_trace_from_caller("from a caller that ends in the call"));
		CU_ASSERT_EQUAL(captured.declined, 0);
	}
	CU_ASSERT_EQUAL(after_caller_ends_in_call(sink[1]), 1);
}

/* A rule the walker does not model, on one frame of the stack: the whole
 * walk goes to libgcc, with the same result. */
static void test_declined_rule(void)
{
	void *ret[2];

	ret[0] = call_capture_in_callee();
	CU_ASSERT_EQUAL(captured.declined, 0);
	CU_ASSERT_FATAL(bench_unwind_poison((uintptr_t)ret[0] - 1));
	ret[1] = call_capture_in_callee();
	CU_ASSERT_PTR_EQUAL(ret[1], ret[0]);
	CU_ASSERT_EQUAL(captured.declined, 1);
	CU_ASSERT(same_trace(&captured, "declined"));
}

/* Recursion repeats return addresses, and their rules are cached once. */
static uint64_t distinct_pcs(void *const *pcs, int n)
{
	uint64_t distinct = 0;

	for (int i = 0; i < n; i++) {
		int j = 0;

		while (j < i && pcs[j] != pcs[i])
			j++;
		distinct += j == i;
	}
	return distinct;
}

/* Rules cached before a dlclose are not trusted after it: code at those
 * addresses may be another library's now. */
static void test_dlclose(void)
{
	uint64_t misses[3];
	void *lib;

	for (int round = 0; round < 3; round++) {
		if (round == 2) {
			lib = dlopen("libyaml-0.so.2", RTLD_NOW | RTLD_LOCAL);
			CU_ASSERT_PTR_NOT_NULL_FATAL(lib);
			CU_ASSERT_EQUAL(dlclose(lib), 0);
		}
		misses[round] = bench_unwind_misses();
		recurse_fp(4);
		misses[round] = bench_unwind_misses() - misses[round];
		CU_ASSERT(same_trace(&captured, "around a dlclose"));
		CU_ASSERT_EQUAL(captured.declined, 0);
	}
	CU_ASSERT_EQUAL(misses[1], 0);                /* all cached */
	/* Every frame's rule again (the last pc is the 0 after _start). */
	CU_ASSERT(misses[2] >= distinct_pcs(captured.fast, captured.nfast - 1));
}

/* An unload the runtime's dlclose did not see (glibc's own; here libc's
 * dlclose called directly): the rules cached before it are used until the
 * writer's next look at glibc's count, and looked up again after it. */
static void test_unseen_unload(void)
{
	int (*real_dlclose)(void *) = (int (*)(void *))dlsym(RTLD_NEXT, "dlclose");
	uint64_t misses[3];
	void *lib;

	CU_ASSERT_PTR_NOT_NULL_FATAL(real_dlclose);
	bench_unwind_refresh_unloads();
	for (int round = 0; round < 3; round++) {
		if (round == 1) {
			lib = dlopen("libyaml-0.so.2", RTLD_NOW | RTLD_LOCAL);
			CU_ASSERT_PTR_NOT_NULL_FATAL(lib);
			CU_ASSERT_EQUAL(real_dlclose(lib), 0);
		}
		if (round == 2)
			bench_unwind_refresh_unloads();
		misses[round] = bench_unwind_misses();
		recurse_fp(4);
		misses[round] = bench_unwind_misses() - misses[round];
		CU_ASSERT(same_trace(&captured, "around an unseen unload"));
	}
	CU_ASSERT_EQUAL(misses[1], 0);
	CU_ASSERT(misses[2] >= distinct_pcs(captured.fast, captured.nfast - 1));
}

/* ------------------------------------------------------------ memo */

#define MEMO_SIZE 8

static struct bench_unwind_memo *memo;

/* One capture through the memo, and a plain walk from the same registers. */
static struct memo_capture {
	struct bench_unwind_regs regs;
	void *pcs[MEMO_SIZE], *plain[MEMO_SIZE];
	int n, nplain;
} mc;

static __attribute__((noinline)) void memo_capture(void)
{
	bench_unwind_caller(&mc.regs);
	mc.n = bench_unwind_walk_memo(&mc.regs, mc.pcs, MEMO_SIZE, memo);
	mc.nplain = bench_unwind_walk(&mc.regs, mc.plain, MEMO_SIZE);
	__asm__ volatile("" ::: "memory");
}

SHAPE("O2,omit-frame-pointer") static void memo_mid(void)
{
	memo_capture();
	__asm__ volatile("" ::: "memory");
}

/* Two callers of memo_mid alike in all but their address: memo_mid's
 * registers are the same from both, only a return address on the stack
 * tells the two stacks apart. */
SHAPE("O2,omit-frame-pointer") static void memo_top_a(void)
{
	memo_mid();
	__asm__ volatile("" ::: "memory");
}

SHAPE("O2,omit-frame-pointer") static void memo_top_b(void)
{
	memo_mid();
	__asm__ volatile("" ::: "memory");
}

static int memo_agrees(const char *what)
{
	int ok = mc.n > 2 && mc.n == mc.nplain && !memcmp(mc.pcs, mc.plain, (size_t)mc.n * sizeof(void *));

	if (!ok)
		fprintf(stderr, "\n%s: memo %d frames, walk %d\n", what, mc.n, mc.nplain);
	return ok;
}

/* What happens before each walk of test_memo. */
enum memo_step { MEMO_A, MEMO_B, MEMO_A_AFTER_DLCLOSE, MEMO_A_AFTER_POISON };

/* All walks from the same call instruction: only the step's own caller
 * (memo_top_a or memo_top_b) differs on the stack. */
static __attribute__((noinline)) void memo_walk(enum memo_step step)
{
	if (step == MEMO_A_AFTER_DLCLOSE) {
		void *lib = dlopen("libyaml-0.so.2", RTLD_NOW | RTLD_LOCAL);

		CU_ASSERT_PTR_NOT_NULL_FATAL(lib);
		CU_ASSERT_EQUAL(dlclose(lib), 0);
	}
	if (step == MEMO_A_AFTER_POISON)
		CU_ASSERT_FATAL(bench_unwind_poison((uintptr_t)mc.pcs[1] - 1));
	(step == MEMO_B ? memo_top_b : memo_top_a)();
	__asm__ volatile("" ::: "memory");
}

/* A repeated walk is answered from the memo only while every stack word
 * it read is the same, in the same generation, under the same rules. */
static void test_memo(void)
{
	static const struct {
		enum memo_step step;
		int hit;
		const char *what;
	} steps[] = {
		{ MEMO_A, 0, "first walk" },
		{ MEMO_A, 1, "the same stack again" },
		{ MEMO_B, 0, "the same registers, another caller below them" },
		{ MEMO_A, 1, "back to the first caller" },
		{ MEMO_B, 1, "back to the second caller" },
		{ MEMO_A_AFTER_DLCLOSE, 0, "after an unload" },
		{ MEMO_A, 1, "again after the unload" },
		{ MEMO_A_AFTER_POISON, 0, "after a rule was rewritten" },
	};
	struct bench_unwind_regs regs[2];
	void *caller[2];
	uint64_t hits;

	memo = malloc(bench_unwind_memo_bytes(MEMO_SIZE));
	CU_ASSERT_PTR_NOT_NULL_FATAL(memo);
	bench_unwind_memo_init(memo, MEMO_SIZE);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		hits = bench_unwind_memo_hits(memo);

		memo_walk(steps[i].step);
		if (steps[i].step == MEMO_A_AFTER_POISON) {
			/* Declined, as it would be without the memo. */
			CU_ASSERT_EQUAL(mc.n, BENCH_UNWIND_DECLINED);
			CU_ASSERT_EQUAL(mc.nplain, BENCH_UNWIND_DECLINED);
		} else {
			CU_ASSERT(memo_agrees(steps[i].what));
		}
		if (bench_unwind_memo_hits(memo) - hits != (uint64_t)steps[i].hit) {
			CU_FAIL("memo answered when it should not, or the reverse");
			fprintf(stderr, "\n%s: %s\n", steps[i].what, steps[i].hit ? "no hit" : "a hit");
		}
		if (i < 3 && steps[i].step != MEMO_A_AFTER_POISON) {
			regs[steps[i].step == MEMO_B] = mc.regs;
			caller[steps[i].step == MEMO_B] = mc.pcs[1];
		}
	}
	/* What makes the second caller's miss meaningful. */
	CU_ASSERT(regs[0].pc == regs[1].pc && regs[0].sp == regs[1].sp);
	CU_ASSERT(caller[0] != caller[1]);
	/* Cleared (a thread state handed to another thread): nothing kept.
	 * One call instruction for all three walks, as in the loop above. */
	for (int k = 0; k < 3; k++) {
		hits = bench_unwind_memo_hits(memo);
		if (k == 2)
			bench_unwind_memo_clear(memo);
		memo_walk(MEMO_B);
		CU_ASSERT(memo_agrees("around a clear"));
		CU_ASSERT_EQUAL(bench_unwind_memo_hits(memo) - hits, k == 1 ? 1u : 0u);
	}
	free(memo);
	memo = NULL;
}

/* A start whose CFA is computed from rbp (frame pointer and alloca in
 * the caller): the same registers but rbp must not be answered from the
 * memo.  Walked from within the capture, so both stacks are live. */
static struct {
	int n[2], nplain[2];
	void *pcs[2][MEMO_SIZE], *plain[2][MEMO_SIZE];
} shifted;

static __attribute__((noinline)) void memo_capture_shifted(void)
{
	struct bench_unwind_regs r;

	bench_unwind_caller(&r);
	for (int i = 0; i < 2; i++) {
		if (i)
			r.bp += 16;
		shifted.n[i] = bench_unwind_walk_memo(&r, shifted.pcs[i], MEMO_SIZE, memo);
		shifted.nplain[i] = bench_unwind_walk(&r, shifted.plain[i], MEMO_SIZE);
	}
	__asm__ volatile("" ::: "memory");
}

SHAPE("O2,no-omit-frame-pointer") static void memo_mid_fp(int bytes)
{
	volatile char *p = alloca((size_t)bytes);

	p[0] = 0;
	memo_capture_shifted();
	__asm__ volatile("" ::: "memory");
}

static void test_memo_rbp(void)
{
	memo = malloc(bench_unwind_memo_bytes(MEMO_SIZE));
	CU_ASSERT_PTR_NOT_NULL_FATAL(memo);
	bench_unwind_memo_init(memo, MEMO_SIZE);
	memo_mid_fp(64);
	CU_ASSERT(shifted.n[0] > 2);
	CU_ASSERT_EQUAL(shifted.n[0], shifted.nplain[0]);
	CU_ASSERT_EQUAL(shifted.n[1], shifted.nplain[1]);
	CU_ASSERT(shifted.n[1] != shifted.n[0] || shifted.plain[1][1] != shifted.plain[0][1]);
	for (int i = 0; i < 2; i++)
		if (shifted.n[i] > 0 && shifted.n[i] == shifted.nplain[i])
			CU_ASSERT(!memcmp(shifted.pcs[i], shifted.plain[i],
					  (size_t)shifted.n[i] * sizeof(void *)));
	CU_ASSERT_EQUAL(bench_unwind_memo_hits(memo), 0);
	free(memo);
	memo = NULL;
}

int add_unwind_suite(void)
{
	CU_pSuite s = CU_add_suite("unwind", NULL, NULL);

	if (!s || !CU_add_test(s, "shapes", test_shapes) ||
	    !CU_add_test(s, "outermost", test_outermost) ||
	    !CU_add_test(s, "truncated", test_truncated) ||
	    !CU_add_test(s, "from the caller", test_from_caller) ||
	    !CU_add_test(s, "thread", test_thread) ||
	    !CU_add_test(s, "signal handler", test_signal) ||
	    !CU_add_test(s, "declined rule", test_declined_rule) ||
	    !CU_add_test(s, "memo", test_memo) ||
	    !CU_add_test(s, "memo: a start that uses rbp", test_memo_rbp) ||
	    !CU_add_test(s, "dlclose", test_dlclose) ||
	    !CU_add_test(s, "unload dlclose did not see", test_unseen_unload))
		return CU_get_error();
	return CUE_SUCCESS;
}
