// Inline member and template functions with the attribute, defined in a
// header both units include: each unit emits its own copy (COMDAT) and its
// own descriptor; the linker keeps one copy, LTO merges them.
struct Square {
	int side;
	[[gnu::bench]] int area() const { return side * side; }
};

template <class T> [[gnu::bench("iterations=2")]] T doubled(T v)
{
	return v + v;
}

int other_unit(int x);
