/* The definitions: the header's attribute (and options) apply here. */
#include "lib.h"

int scale(int x)
{
	return x * 10;
}

int offset(int x)
{
	return scale(x) + 1;
}
