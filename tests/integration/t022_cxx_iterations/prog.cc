// iterations on C++ code: a method (this restored each run), locals with
// destructors (destroyed each run), a trivially copyable class returned.
#include <cstdio>

static int dtors;

struct Guard {
	~Guard() { dtors++; }
};

struct Point {
	int x, y;
};

struct Counter {
	int n = 0;
	[[gnu::bench("iterations=3")]] Point advance(int by)
	{
		Guard g;
		n += by;
		return Point{n, by};
	}
};

int main()
{
	Counter c;
	Point p = c.advance(2);
	std::printf("n=%d p=%d,%d dtors=%d\n", c.n, p.x, p.y, dtors);
	return 0;
}
