/* A va_list parameter is consumed by the first run: no iterations. */
#include <stdarg.h>
__attribute__((bench("iterations=2"))) int vsum(int n, va_list ap)
{
	int s = 0;
	while (n--)
		s += va_arg(ap, int);
	return s;
}
