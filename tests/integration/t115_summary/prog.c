/* The summary (BENCH_FORMAT=summary) ends with the table of blocking
 * calls per call site: calls, total and max time, violations, in columns
 * as wide as the names. */
#include <stdio.h>
#include <unistd.h>

/* Longer than the columns were once (24 characters, fixed). */
static void short_calls_with_a_long_function_name(void)
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
	short_calls_with_a_long_function_name();
	long_call();
	on_key();
	puts("done");
	return 0;
}
