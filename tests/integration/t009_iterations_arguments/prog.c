/* Each re-run sees the caller's arguments (the body modifies its
 * parameters, a struct passed by value included) and freshly initialised
 * locals; only memory the body writes through pointers keeps changing. */
#include <stdio.h>
#include <string.h>

struct vec3 {
	int x, y, z;
};

__attribute__((bench("iterations=4"))) static int consume(int n, struct vec3 v, int *total)
{
	int local = 1;   /* re-initialised on every run */
	char buf[8];

	memset(buf, 0, sizeof(buf));
	buf[0] = (char)('a' + n);
	local += n;
	n *= 10;         /* parameters are restored before each run */
	v.x += 1000;
	*total += local; /* memory outside the frame accumulates */
	return n + v.x + v.y + v.z + buf[0] + local;
}

int main(void)
{
	struct vec3 v = { 1, 2, 3 };
	int total = 0;
	int r = consume(2, v, &total);

	printf("r=%d total=%d v.x=%d\n", r, total, v.x);
	return 0;
}
