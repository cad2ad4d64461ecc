/* iterations with early returns, a void function, and a struct returned in
 * memory: every return leaves the run, not the loop, and the caller gets
 * the value of the last run. */
#include <stdio.h>

struct big {
	long v[16];
};

static int calls;

__attribute__((bench("iterations=3"))) static int pick(int x)
{
	calls++;
	if (x < 0)
		return -calls;
	if (x == 0)
		return 0;
	return calls * 100;
}

__attribute__((bench("iterations=2,warmup=1"))) static void bump(int *p, int limit)
{
	if (*p >= limit)
		return;
	*p += 1;
}

__attribute__((bench("iterations=2"))) static struct big make(long seed)
{
	struct big b;

	calls++;
	for (int i = 0; i < 16; i++)
		b.v[i] = seed * i + calls;
	return b;
}

int main(void)
{
	int n = 0;

	printf("%d\n", pick(-1));
	printf("%d\n", pick(0));
	printf("%d\n", pick(5));
	bump(&n, 2);
	printf("n=%d\n", n);
	struct big b = make(3);
	printf("b=%ld %ld calls=%d\n", b.v[0], b.v[15], calls);
	return 0;
}
