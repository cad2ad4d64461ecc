/* Names in a trace through C++ scopes: a function inlined into a lambda,
 * the lambda, a function template and a member function, in nested
 * namespaces.  With -g the runtime finds each address's function in its
 * unit's index and the inlined scopes inside it (symbols.c); the names
 * must be those libdw's own scope walk gives. */
#include <cstdio>
#include <unistd.h>

namespace net {
namespace io {

__attribute__((always_inline)) inline int pause_briefly(int us)
{
	return usleep(us);
}

template <typename F> __attribute__((noinline)) int with_retry(F f)
{
	int r = f(1);

	asm volatile("" ::: "memory");
	return r;
}

struct Conn {
	__attribute__((noinline)) int wait(int n)
	{
		int r = with_retry([n](int k) __attribute__((noinline)) {
			int got = pause_briefly(k);

			asm volatile("" ::: "memory");
			return got + n;
		});

		asm volatile("" ::: "memory");
		return r;
	}
};

} // namespace io
} // namespace net

int main()
{
	net::io::Conn c;

	std::printf("%d\n", c.wait(2));
	return 0;
}
