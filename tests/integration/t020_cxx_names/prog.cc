// C++ names as recorded: namespaces, classes, templates, operators,
// constructors and lambdas ([[gnu::bench]] and __attribute__ spellings).
#include <cstdio>

namespace ns {
template <class T> struct Vec {
	T v;
	[[gnu::bench]] Vec &operator+=(const T &x)
	{
		v += x;
		return *this;
	}
};

struct Parser {
	int base;
	[[gnu::bench]] explicit Parser(int b) : base(b) {}
	[[gnu::bench]] int parse(int x) const;
};

int Parser::parse(int x) const
{
	return base + x;
}

template <class T> [[gnu::bench]] T biggest(T a, T b)
{
	return a > b ? a : b;
}

namespace {
[[gnu::bench]] int hidden(int x)
{
	return -x;
}
} // namespace
} // namespace ns

extern "C" [[gnu::bench]] int c_linkage(int x)
{
	return x + 100;
}

int main(int argc, char **)
{
	ns::Vec<int> v{argc};
	v += 2;
	ns::Parser p(10);
	auto inc = [](int x) [[gnu::bench]] { return x + 1; };
	auto dec = [](int x) __attribute__((bench)) { return x - 1; };
	std::printf("%d %d %d %ld %d %d %d %d\n", v.v, p.parse(argc), ns::biggest(argc, 3),
		    ns::biggest(long(argc), 5L), ns::hidden(argc), c_linkage(argc), inc(argc),
		    dec(argc));
	return 0;
}
