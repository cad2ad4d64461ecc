/*
 * test_stack.c - traces of blocking events: real frames from the unwinder,
 * named by symbols.c, merged with the instrumented frames of the shadow
 * stack; and C++ names spelt as the plugin spells them.
 */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "stack.h"
#include "suites.h"
#include "symbols.h"
#include "thread.h"

/* A thread state with room for a few frames (frames[] is a flexible
 * array, sized by max_depth at run time). */
#define FAKE_DEPTH 8u
static union {
	struct bench_thread t;
	unsigned char bytes[sizeof(struct bench_thread) + FAKE_DEPTH * sizeof(struct bench_frame)];
} fake_state = { .t = { .max_depth = FAKE_DEPTH } };
#define fake_thread (fake_state.t)
static union {
	struct bench_stack s;
	unsigned char bytes[sizeof(struct bench_stack) + 2 * BENCH_STACK_MAX_DEPTH * sizeof(void *)];
} captured;

static const struct bench_call_site cs_middle = { BENCH_ABI_VERSION, 0, "usleep", "stack_middle",
	"test_stack.c", 30, 1, 0, "sleep" };
static const struct bench_site site_phantom = { BENCH_ABI_VERSION, 0, "phantom", "phantom",
	"phantom.c", 7, 1, 1, 0 };
static const struct bench_site site_outer = { BENCH_ABI_VERSION, 0, "stack_outer", "stack_outer",
	"test_stack.c", 50, 1, 1, 0 };

/* Stands for the blocking hook: captures with its own return address, as
 * __bench_blocking_end does (one runtime frame fewer, within the spare). */
__attribute__((noinline)) static void stack_capture_here(uint32_t depth)
{
	void *pcs[BENCH_STACK_MAX_DEPTH + BENCH_STACK_RUNTIME_FRAMES];
	int size = (int)(depth + BENCH_STACK_RUNTIME_FRAMES);
	int got = bench_stack_unwind(pcs, size);

	bench_stack_capture(&captured.s, &fake_thread, &cs_middle, __builtin_return_address(0),
			    pcs, got, size, depth);
	__asm__ volatile("" ::: "memory"); /* no tail call */
}

/* The function that "makes the blocking call". */
__attribute__((noinline)) static void stack_middle(uint32_t depth)
{
	stack_capture_here(depth);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void stack_outer(uint32_t depth)
{
	stack_middle(depth);
	__asm__ volatile("" ::: "memory");
}

static int index_of(const struct bench_trace_frame *f, unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (f[i].function && !strcmp(f[i].function, name))
			return (int)i;
	return -1;
}

/* Unwound frames are named from the symbol table (static functions too,
 * which dladdr cannot name) and keep their addresses. */
static void test_real_frames(void)
{
	struct bench_trace_frame f[BENCH_STACK_MAX_DEPTH];
	unsigned n;

	fake_thread.depth = 0;
	stack_outer(8);
	CU_ASSERT(captured.s.flags & BENCH_STACK_UNWOUND);
	n = bench_stack_resolve(&captured.s, f, 0);
	CU_ASSERT_FATAL(n >= 3);
	CU_ASSERT(n <= 8);
	CU_ASSERT_STRING_EQUAL(f[0].function, "stack_middle");
	CU_ASSERT_EQUAL(f[0].line, 30);
	CU_ASSERT_PTR_NOT_NULL(f[0].address);
	CU_ASSERT_EQUAL(index_of(f, n, "stack_outer"), 1);
	CU_ASSERT_PTR_NOT_NULL(f[1].address);
	CU_ASSERT_PTR_NOT_NULL(f[1].file); /* unit tests are built with -g */
	CU_ASSERT(f[1].line > 0);
	CU_ASSERT(index_of(f, n, "test_real_frames") == 2);
}

/* The warm-up changes nothing in what is captured. */
static void test_warm_up(void)
{
	struct bench_trace_frame f[BENCH_STACK_MAX_DEPTH];
	unsigned n;

	fake_thread.depth = 0;
	stack_outer(8);
	n = bench_stack_resolve(&captured.s, f, 0);
	CU_ASSERT(n >= 3 && index_of(f, n, "stack_outer") == 1);
	bench_stack_warm_up();
	stack_outer(8);
	CU_ASSERT_EQUAL(bench_stack_resolve(&captured.s, f, 0), n);
	CU_ASSERT_EQUAL(index_of(f, n, "stack_outer"), 1);
}

/* trace_depth is respected, frame 0 included. */
static void test_depth(void)
{
	struct bench_trace_frame f[BENCH_STACK_MAX_DEPTH];

	fake_thread.depth = 0;
	stack_outer(2);
	CU_ASSERT_EQUAL(bench_stack_resolve(&captured.s, f, 0), 2);
	CU_ASSERT_STRING_EQUAL(f[1].function, "stack_outer");
	stack_outer(1);
	CU_ASSERT_EQUAL(bench_stack_resolve(&captured.s, f, 0), 1);
	stack_outer(0);
	CU_ASSERT_EQUAL(bench_stack_resolve(&captured.s, f, 0), 0);
}

/*
 * Instrumented frames are merged in: one the unwinder saw keeps its real
 * frame (address, DWARF line); one it did not see (inlined, no DWARF) is
 * named from its descriptor just outside the frames already placed.
 */
static void test_merge_shadow_frames(void)
{
	struct bench_trace_frame f[BENCH_STACK_MAX_DEPTH];
	unsigned n;
	int outer, phantom;

	fake_thread.depth = 2;
	fake_thread.frames[0].site = &site_outer;
	fake_thread.frames[1].site = &site_phantom;
	stack_outer(8);
	n = bench_stack_resolve(&captured.s, f, 0);
	phantom = index_of(f, n, "phantom");
	outer = index_of(f, n, "stack_outer");
	CU_ASSERT_EQUAL(phantom, 1);
	CU_ASSERT_EQUAL(outer, 2);
	if (phantom == 1 && outer == 2) {
		CU_ASSERT_PTR_NULL(f[1].address);
		CU_ASSERT_STRING_EQUAL(f[1].file, "phantom.c");
		CU_ASSERT_EQUAL(f[1].line, 7);
		CU_ASSERT_PTR_NOT_NULL(f[2].address);
		CU_ASSERT_NOT_EQUAL(f[2].line, 50); /* the real line, from DWARF */
	}
	/* Without the unwinder's frames: the shadow stack alone. */
	captured.s.flags = 0;
	captured.s.npcs = 1;
	captured.s.nsites = 2;
	captured.s.slots[1] = &site_phantom;
	captured.s.slots[2] = &site_outer;
	n = bench_stack_resolve(&captured.s, f, 0);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_STRING_EQUAL(f[1].function, "phantom");
	CU_ASSERT_STRING_EQUAL(f[2].function, "stack_outer");
	CU_ASSERT_EQUAL(f[2].line, 50);
	fake_thread.depth = 0;
}

/* Looking the same address up twice gives the same interned strings. */
static void test_symbols_cached(void)
{
	struct bench_symbol a[4], b[4];
	const void *pc = (const void *)((uintptr_t)&stack_outer + 1);
	unsigned na = bench_symbols_lookup(pc, a, 4, 0), nb = bench_symbols_lookup(pc, b, 4, 1);

	CU_ASSERT_FATAL(na >= 1);
	CU_ASSERT_EQUAL(na, nb);
	CU_ASSERT_STRING_EQUAL(a[0].function, "stack_outer");
	CU_ASSERT_PTR_EQUAL(a[0].function, b[0].function);
	CU_ASSERT_EQUAL(bench_symbols_lookup(NULL, a, 4, 0), 0);
}

static void check_style(const char *demangled, const char *want)
{
	char got[256];

	bench_symbols_plugin_style(demangled, got, sizeof(got));
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "\n  %s -> %s, want %s\n", demangled, got, want);
}

/* What __cxa_demangle prints, as plugin/names.cc names the same function. */
static void test_plugin_style(void)
{
	char small[8];

	check_style("f()", "f");
	check_style("ns::Vec<int>::operator+=(int const&)", "ns::Vec<int>::operator+=");
	check_style("Server::on_request(int)::{lambda(int)#1}::operator()(int) const",
		    "Server::on_request(int)::<lambda(int)>::operator()");
	check_style("(anonymous namespace)::helper(char const*)", "{anonymous}::helper");
	check_style("int pick<int>(int, int)", "pick<int>");
	check_style("operator new(unsigned long)", "operator new");
	check_style("A::operator int() const", "A::operator int");
	check_style("S::get() &&", "S::get");
	check_style("S::konst() volatile", "S::konst");
	check_style("plain_c_name", "plain_c_name");
	check_style("ns::f(int) [clone .constprop.0]", "ns::f");
	check_style("ns::f(int) [clone .isra.0] [clone .cold]", "ns::f");
	bench_symbols_plugin_style("a_rather_long_name()", small, sizeof(small));
	CU_ASSERT_STRING_EQUAL(small, "a_rathe");
}

int add_stack_suite(void)
{
	CU_pSuite s = CU_add_suite("stack", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "real frames, named from the symbol table and DWARF", test_real_frames) ||
	    !CU_add_test(s, "warm-up", test_warm_up) ||
	    !CU_add_test(s, "trace depth", test_depth) ||
	    !CU_add_test(s, "shadow frames merged into real ones", test_merge_shadow_frames) ||
	    !CU_add_test(s, "symbol lookups cached", test_symbols_cached) ||
	    !CU_add_test(s, "C++ names spelt as the plugin does", test_plugin_style))
		return -1;
	return 0;
}
