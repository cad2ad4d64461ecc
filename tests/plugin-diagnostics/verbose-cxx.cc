// Qualified C++ names in the verbose notes.
namespace ns {
template <class T> struct Vec {
	T v;
	[[gnu::bench]] Vec &operator+=(const T &x) { v += x; return *this; }
};
struct Parser { [[gnu::bench]] int parse(int x) { return x; } };
}
int use(int x) { ns::Vec<int> v{x}; v += 1; return ns::Parser().parse(v.v); }
