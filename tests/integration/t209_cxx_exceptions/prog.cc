// C++: exceptions thrown through instrumented functions (caught, rethrown,
// caught again), operators, templates, member functions and lambdas.  Every
// call is closed exactly once whichever way it leaves, the program's output
// is unchanged, and the operator names (operator<<, operator()) come out as
// valid JSON strings.
#include <bench.h>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace geo {
struct Point {
	int x, y;
};

[[gnu::bench]] std::ostream &operator<<(std::ostream &os, const Point &p)
{
	return os << '(' << p.x << ", " << p.y << ')';
}

template <typename T> [[gnu::bench]] T twice(T v)
{
	return v + v;
}

struct Parser {
	[[gnu::bench]] int parse(const std::string &s) const
	{
		std::size_t used = 0;
		int v = std::stoi(s, &used); // throws std::invalid_argument
		if (used != s.size())
			throw std::runtime_error("trailing text in \"" + s + "\"");
		return v;
	}
	[[gnu::bench]] bool operator()(int v) const { return v % 2 == 0; }
};
} // namespace geo

[[gnu::bench]] static int dive(int depth)
{
	if (depth == 0)
		throw std::out_of_range("bottom");
	return dive(depth - 1) + 1;
}

[[gnu::bench]] static int rethrow(int depth)
{
	try {
		return dive(depth);
	} catch (const std::out_of_range &) {
		throw; // the same exception, through this frame again
	}
}

[[gnu::bench]] static int guarded(int depth)
{
	try {
		return rethrow(depth);
	} catch (const std::exception &e) {
		std::cout << "caught " << e.what() << " at depth " << depth << '\n';
		return -1;
	}
}

int main()
{
	geo::Parser parser;
	std::vector<std::string> inputs{"12", "x1", "7 ", "40"};
	int sum = 0;

	for (const std::string &in : inputs) {
		try {
			int v = parser.parse(in);
			sum += parser(v) ? geo::twice(v) : v;
		} catch (const std::exception &e) {
			std::cout << "bad input \"" << in << "\": " << e.what() << '\n';
		}
	}
	std::ostringstream os;
	os << geo::Point{sum, geo::twice(2.5) > 4 ? 1 : 0};
	std::cout << "point " << os.str() << '\n';
	std::cout << "guarded " << guarded(3) << '\n';
	return 0;
}
