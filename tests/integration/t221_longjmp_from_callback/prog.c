/* A bench_on_blocking callback that leaves with longjmp: the blocking hook
 * it was called from never finishes, and the thread's later blocking calls
 * must still be recorded (they were all turned away as signal re-entries,
 * the hook's busy flag left set).  Prints the same with and without bench. */
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

static jmp_buf back;

#ifdef __BENCH__
static int events;

static void on_blocking(const struct bench_blocking_event *ev, void *userdata)
{
	(void)ev;
	(void)userdata;
	if (events++ == 0)
		longjmp(back, 1);
}
#endif

__attribute__((noinline)) static void nap(void)
{
	usleep(1);
}

int main(void)
{
	volatile int jumped = 0;

#ifdef __BENCH__
	bench_on_blocking(on_blocking, NULL);
#endif
	if (setjmp(back))
		jumped = 1;
	if (!jumped)
		nap();
	for (int i = 0; i < 5; i++)
		nap();
#ifdef __BENCH__
	printf("%d events\n", events);
#else
	printf("6 events\n");
#endif
	return 0;
}
