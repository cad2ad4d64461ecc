/* t220's program, run in summary mode (check.py).  A signal handler that
 * leaves with siglongjmp, most often out of the middle of an enter or exit hook (the loop spends most of its time in
 * them).  mid is never called from the handler: each of its calls must
 * give exactly one record, whole, with its parent written too.  The
 * program counts mid's calls and returns in its body, which the hooks
 * bracket, so a jump between the hook and the count can make one more
 * record than counted calls, never one less. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t hits;
static sigjmp_buf jb;
static volatile int armed;
static volatile long mid_calls, mid_returns;

__attribute__((bench, noinline)) int leaf(int x)
{
	return x * 2 + 1;
}

__attribute__((bench, noinline)) int mid(int x)
{
	int r;

	mid_calls++;
	r = leaf(x) + leaf(x + 1);
	mid_returns++;
	return r;
}

__attribute__((bench, noinline)) void on_alarm(int sig)
{
	hits += leaf(sig) & 1;
	if (armed && hits % 97 == 0) {
		armed = 0;
		siglongjmp(jb, 1);
	}
}

int main(void)
{
	struct itimerval it = { { 0, 20 }, { 0, 20 } };
	struct sigaction sa;
	volatile long s = 0;
	volatile int jumps = 0, round;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (round = 0; round < 300; round++) {
		if (sigsetjmp(jb, 1)) {
			jumps++;
			continue;
		}
		armed = 1;
		for (int i = 0; i < 20000; i++)
			s += mid(i);
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	fprintf(stderr, "mid_calls %ld mid_returns %ld jumps %d\n", mid_calls, mid_returns, jumps);
	printf("done\n");
	return 0;
}
