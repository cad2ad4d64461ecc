// The second unit: uses the same inline functions as prog.cc.
#include "shapes.h"

int other_unit(int x)
{
	Square s{x};
	return s.area() + doubled(x);
}
