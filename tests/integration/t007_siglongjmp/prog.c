/* sigsetjmp/siglongjmp (glibc's __sigsetjmp) and longjmp from a function
 * that is not itself instrumented: frames skipped are closed as "longjmp". */
#include <setjmp.h>
#include <stdio.h>

static sigjmp_buf env;

static void bail(int code) /* not instrumented: still announces the jump */
{
	siglongjmp(env, code);
}

__attribute__((bench)) static void inner(int code)
{
	bail(code);
}

__attribute__((bench)) static void outer(int code)
{
	inner(code);
}

int main(void)
{
	int r = sigsetjmp(env, 1);

	if (r < 2) {
		printf("jump %d\n", r);
		outer(r + 1);
	}
	printf("done %d\n", r);
	return 0;
}
