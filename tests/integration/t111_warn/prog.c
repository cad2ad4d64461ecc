/* BENCH_ON_VIOLATION=warn: one line and the stack on stderr per
 * violation, at most ten a second; the program runs on unchanged and every
 * violation is still recorded. */
#include <stdio.h>
#include <unistd.h>

static int pause_briefly(void)
{
	return usleep(1);
}

__attribute__((bench)) static int render(void)
{
	return pause_briefly();
}

__attribute__((bench("nonblocking"))) static int on_frame(void)
{
	return render();
}

int main(void)
{
	int failures = 0;

	for (int i = 0; i < 30; i++)
		failures += on_frame();
	printf("%d failures\n", failures);
	return 0;
}
