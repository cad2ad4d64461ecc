// An exception propagating out of instrumented functions closes each
// record once (a catch in between and a rethrow too), and the program
// catches it exactly as without the plugin.
#include <cstdio>
#include <stdexcept>

[[gnu::bench]] static int thrower(int x)
{
	if (x > 1)
		throw std::runtime_error("too big");
	return x;
}

[[gnu::bench]] static int relay(int x)
{
	try {
		return thrower(x);
	} catch (const std::runtime_error &) {
		std::puts("relay saw it");
		throw;
	}
}

int main()
{
	try {
		relay(5);
	} catch (const std::exception &e) {
		std::printf("main caught: %s\n", e.what());
	}
	std::printf("relay(1) = %d\n", relay(1));
	return 0;
}
