/*
 * An ifunc resolver runs while the loader relocates the program, before
 * any constructor (the C library's and libbench's included): a "*" rule
 * must not instrument it, and a helper it calls (instrumented) must not
 * start the runtime then: that call is counted, said at exit, and the
 * program runs as it does without bench.
 */
#include <stdio.h>

static int impl_a(int x)
{
	return x + 1;
}

static int impl_b(int x)
{
	return x + 2;
}

__attribute__((noinline)) static int prefer_b(void)
{
	return 0;
}

static int (*resolve_f(void))(int)
{
	return prefer_b() ? impl_b : impl_a;
}

int f(int) __attribute__((ifunc("resolve_f")));

int main(void)
{
	printf("%d\n", f(1));
	return 0;
}
