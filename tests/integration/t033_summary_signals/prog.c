/*
 * t207's program in summary mode, where each thread folds its calls into
 * its own table: a SIGALRM every 20 us interrupts the loop, often in the
 * middle of a fold, and the handler calls instrumented functions itself.
 * Every call must be counted once: the loop's exactly, the handler's
 * either counted or reported as dropped; errno comes through unchanged.
 */
#include <bench.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#define CALLS 30000

static volatile sig_atomic_t handled;

__attribute__((bench)) static unsigned leaf(unsigned x)
{
	return x * 2654435761u + 1;
}

__attribute__((bench)) static unsigned in_handler(unsigned x)
{
	return leaf(x) ^ 0x5a5a5a5au;
}

__attribute__((bench)) static unsigned inner(unsigned x)
{
	return (x << 7) ^ (x >> 3);
}

__attribute__((bench)) static unsigned outer(unsigned x)
{
	return inner(x) + 1;
}

static void on_alarm(int sig)
{
	static unsigned sink;
	sink += in_handler((unsigned)sig);
	handled = handled + 1;
}

int main(void)
{
	struct sigaction sa;
	struct itimerval every = { { 0, 20 }, { 0, 20 } }, off = { { 0, 0 }, { 0, 0 } };
	unsigned x = 1;
	long errno_changed = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every, NULL);
	for (int i = 0; i < CALLS; i++) {
		errno = 1234;
		x = outer(x);
		if (errno != 1234)
			errno_changed++;
	}
	setitimer(ITIMER_REAL, &off, NULL);
	printf("%d calls, errno changed %ld times\n", CALLS, errno_changed);
	/* How many signals arrived varies: tell check.py. */
	fprintf(stderr, "handled %d x=%u\n", (int)handled, x);
	return 0;
}
