/* BENCH_BLOCKING_MIN_US=20000: calls shorter than 20 ms are only counted;
 * a longer one is recorded, and so is every violation, however short. */
#include <stdio.h>
#include <unistd.h>

static void short_calls(void)
{
	for (int i = 0; i < 5; i++)
		close(-1);
}

static void long_call(void)
{
	usleep(30000);
}

__attribute__((bench("nonblocking"))) static void on_key(void)
{
	close(-1);
}

int main(void)
{
	short_calls();
	long_call();
	on_key();
	puts("done");
	return 0;
}
