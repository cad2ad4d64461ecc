/* BENCH_SAMPLE=0.5: about half of 2000 ordinary blocking calls are
 * recorded (check.py: between 800 and 1200, a > 8 sigma margin); the
 * violations are all recorded. */
#include <stdio.h>
#include <unistd.h>

static void ordinary(void)
{
	for (int i = 0; i < 2000; i++)
		close(-1);
}

__attribute__((bench("nonblocking"))) static void on_tick(void)
{
	close(-1);
}

int main(void)
{
	ordinary();
	for (int i = 0; i < 20; i++)
		on_tick();
	puts("done");
	return 0;
}
