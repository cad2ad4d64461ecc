// Inline functions from a header, used from two units (other.cc comes in
// through `flags`): every call is recorded once, with the header's file and
// line, whichever unit's copy the linker kept.
#include <cstdio>
#include "shapes.h"

int main(int argc, char **)
{
	Square s{argc + 1};
	int a = s.area();
	int b = other_unit(argc);
	int c = doubled(argc);
	std::printf("%d %d %d\n", a, b, c);
	return 0;
}
