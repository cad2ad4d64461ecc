/* The program behaves exactly as without the plugin: errno set by an
 * instrumented function survives its exit hook, a pointer call is timed,
 * stdout and a non-zero exit status returned through an instrumented
 * function are the program's own. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

__attribute__((bench)) static int fail_with(int e)
{
	errno = e;
	return -1;
}

__attribute__((bench)) static int twice(int x)
{
	return 2 * x;
}

__attribute__((bench)) static int run(void)
{
	int (*volatile fp)(int) = twice;

	errno = 0;
	if (fail_with(ERANGE) < 0)
		printf("errno %s\n", errno == ERANGE ? "kept" : strerror(errno));
	printf("via pointer %d\n", fp(21));
	fflush(stdout);
	return 7;
}

int main(void)
{
	return run();
}
