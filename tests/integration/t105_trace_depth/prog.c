/* BENCH_TRACE_DEPTH=3: a blocking call six instrumented frames deep keeps
 * its three innermost frames (the call's own site first, outermost last). */
#include <stdio.h>
#include <unistd.h>

__attribute__((bench)) static int level5(void) { return usleep(1); }
__attribute__((bench)) static int level4(void) { return level5() + 1; }
__attribute__((bench)) static int level3(void) { return level4() + 1; }
__attribute__((bench)) static int level2(void) { return level3() + 1; }
__attribute__((bench)) static int level1(void) { return level2() + 1; }
__attribute__((bench)) static int level0(void) { return level1() + 1; }

int main(void)
{
	printf("%d\n", level0());
	return 0;
}
