/* BENCH_ON_VIOLATION=abort: the program aborts at the first violation,
 * after the blocking calls before it were written, the violation too. */
#include <stdio.h>
#include <unistd.h>

static void fine(void)
{
	usleep(1);
}

__attribute__((bench("nonblocking"))) static void on_frame(void)
{
	usleep(1);
	puts("not reached");
}

int main(void)
{
	fine();
	on_frame();
	return 0;
}
