// Exceptions leaving instrumented C++ functions while recording is switched
// off and on inside them: the exit hook on the exception path is guarded by
// the token like the normal one, so a frame opened while recording was on
// is closed by the exception, and one skipped while it was off stays out.
#include <cstdio>
#include <stdexcept>

#include "bench.h"

#ifndef __BENCH__ // a plain build has no runtime
#define bench_activate() ((void)0)
#define bench_deactivate() ((void)0)
#endif

__attribute__((bench, noinline)) int thrower(int x)
{
	if (x > 0)
		throw std::runtime_error("positive");
	return x;
}

__attribute__((bench, noinline)) int off_then_throw(int x)
{
	bench_deactivate();
	return thrower(x) + 1;
}

__attribute__((bench, noinline)) int on_then_throw(int x)
{
	bench_activate();
	return thrower(x) + 1;
}

static void attempt(int (*fn)(int), int x, const char *what)
{
	try {
		std::printf("%s returned %d\n", what, fn(x));
	} catch (const std::exception &e) {
		std::printf("%s threw %s\n", what, e.what());
	}
}

int main()
{
	attempt(off_then_throw, 1, "off_then_throw"); // recorded; its thrower not
	attempt(thrower, 1, "thrower while off");     // nothing
	attempt(on_then_throw, 2, "on_then_throw");   // only its thrower
	attempt(thrower, 3, "thrower while on");      // recorded
	attempt(off_then_throw, 0, "off_then_throw"); // recorded, returns
	attempt(thrower, 4, "thrower while off");     // nothing
	return 0;
}
