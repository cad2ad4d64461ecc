namespace ns {
struct Parser {
	int parse(int x) { return x; }
	static int make() { return 1; }
	Parser &operator+=(int) { return *this; }
	bool operator==(const Parser &) const { return true; }
	int operator[](int i) const { return i; }
};
template <typename T> struct Box { T get() const { return T(); } };
template <typename T> T twice(T x) { return x + x; }
namespace { int hidden(int x) { return x; } }
int use() { Parser p; p += 1; Box<long> b; return p.parse(1) + Parser::make() + (p == p) + p[1] + (int)b.get() + twice(2) + twice(1.0) + hidden(3); }
}
int main() { return ns::use(); }
