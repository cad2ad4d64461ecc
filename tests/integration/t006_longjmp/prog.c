/* longjmp past instrumented frames: the frames it skips are closed with
 * "closed_by": "longjmp", the function that called setjmp stays open and
 * later returns normally, and later calls nest correctly again. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;

__attribute__((bench)) static void deep(int n)
{
	if (n == 0)
		longjmp(env, 42);
	deep(n - 1);
}

__attribute__((bench)) static int guarded(void)
{
	int r = setjmp(env);

	if (r == 0) {
		deep(2);
		puts("not reached");
	}
	return r;
}

__attribute__((bench)) static int after(int x)
{
	return x + 1;
}

int main(void)
{
	printf("guarded returned %d\n", guarded());
	printf("after %d\n", after(1));
	return 0;
}
