// C++ functions in blocking add: lists, by readable name ("db::query"),
// by a glob over readable names (template members), or by assembler name
// ("_Z6legacyi"); overloads share their readable name.
#include <cstdio>

namespace db {
__attribute__((noinline)) int query(int key) { return key * 2; }
__attribute__((noinline)) int query(const char *key) { return key[0]; }
} // namespace db

namespace ns {
template <typename T> struct Store {
	T value{};
	__attribute__((noinline)) int flush() { return (int)value + 1; }
};
} // namespace ns

__attribute__((noinline)) int legacy(int x) { return x - 1; }
__attribute__((noinline)) int unlisted(int x) { return x + 1; }

int main()
{
	ns::Store<int> s;
	ns::Store<long> l;
	int total = db::query(3) + db::query("k") + s.flush() + l.flush() + legacy(5) + unlisted(1);
	std::printf("%d\n", total);
	return 0;
}
