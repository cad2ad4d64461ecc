// A catch-all rule in C++: user functions (free, member, template) are
// recorded; functions from system headers and compiler-generated ones
// (implicit constructors, lambda invokers) are not.
#include <algorithm>
#include <cstdio>
#include <vector>

struct Bag {
	std::vector<int> items;
	void add(int v) { items.push_back(v); }
};

template <class T> static T total(const std::vector<T> &v)
{
	T sum = 0;
	for (const T &x : v)
		sum += x;
	return sum;
}

int main()
{
	Bag bag;
	for (int v : {5, 3, 9})
		bag.add(v);
	std::sort(bag.items.begin(), bag.items.end());
	std::printf("%d %d\n", bag.items.front(), total(bag.items));
	return 0;
}
