/* The summary (BENCH_FORMAT=summary) ends with the table of blocking
 * calls per call site: calls, total and max time, violations. */
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
