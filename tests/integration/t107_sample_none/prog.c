/* BENCH_SAMPLE=0: ordinary blocking calls are neither recorded nor
 * counted, but a violation is always caught. */
#include <stdio.h>
#include <unistd.h>

static void ordinary(void)
{
	for (int i = 0; i < 50; i++)
		usleep(1);
}

__attribute__((bench("nonblocking"))) static void on_tick(void)
{
	usleep(1);
}

int main(void)
{
	ordinary();
	on_tick();
	puts("done");
	return 0;
}
