/* Instrumented functions of the shapes whose hook calls the plugin guards
 * differently (a leaf, a void function whose exit hook could be a tail
 * call, recursion, an inlined static function, a loop), run with the
 * runtime inactive, active, and active but refusing to time (token 0).
 * The inline checks must let exactly the calls through that the runtime
 * needs: none while inactive, every enter while active, and an exit for
 * each enter whose token is not 0, with that token. */
#include <stdio.h>
#include <stdlib.h>
#include "guard_test.h"

extern volatile int __bench_active;
int sink;

__attribute__((bench)) int leaf(int a, int b)
{
	return a * 3 + b;
}

__attribute__((bench)) void store(int v)
{
	sink = v;
}

__attribute__((bench)) int fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((bench)) static inline int twice(int x)
{
	return 2 * x;
}

__attribute__((bench)) int loop(int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += twice(i);
	return s;
}

/* Calls of instrumented functions made by run(): 1 + 1 + 15 + (1 + 10). */
#define CALLS 28ul

static int run(void)
{
	int r = leaf(2, 1);

	store(r);
	return r + fib(5) + loop(10) + sink;
}

static int check(const char *what, int active, uint64_t token, unsigned long enters,
		 unsigned long exits)
{
	int r;

	__bench_active = active;
	guard_token = token;
	guard_enters = guard_exits = guard_bad_tokens = 0;
	r = run();
	if (r != 7 + 5 + 90 + 7 || guard_enters != enters || guard_exits != exits ||
	    guard_bad_tokens) {
		printf("%s: result %d, %lu enters (want %lu), %lu exits (want %lu), "
		       "%lu wrong tokens\n", what, r, guard_enters, enters, guard_exits, exits,
		       guard_bad_tokens);
		return 1;
	}
	return 0;
}

int main(void)
{
	int failed = 0;

	failed |= check("inactive", 0, 7, 0, 0);
	failed |= check("active", 1, 7, CALLS, CALLS);
	failed |= check("active, token 0", 1, 0, CALLS, 0);
	return failed;
}
