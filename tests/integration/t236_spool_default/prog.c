/*
 * t234 without BENCH_SPOOL: the spool is on by default.  With 64-record
 * buffers, bursts of calls fill
 * a ring faster than the writer formats, so it spools them, and formats
 * the spool between bursts, while the producers pause.  Records must keep
 * each thread's order through both paths (once anything is spooled, the
 * later records follow through the spool), and none may be lost or doubled.
 */
#include <bench.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define THREADS 3
#define BURSTS 40
#define CALLS 500

__attribute__((bench)) static unsigned inner(unsigned x)
{
	return x * 2654435761u;
}

__attribute__((bench)) static unsigned outer(unsigned x)
{
	return inner(x) ^ (x >> 5);
}

static void *worker(void *arg)
{
	unsigned *state = arg;
	struct timespec pause = { 0, 200000 };

	for (int b = 0; b < BURSTS; b++) {
		for (int i = 0; i < CALLS; i++)
			*state = outer(*state + (unsigned)i);
		nanosleep(&pause, NULL);
	}
	return NULL;
}

#include "../spool_probe.h"


int main(void)
{
	pthread_t tid[THREADS];
	unsigned state[THREADS], mix = 0;

	for (int i = 0; i < THREADS; i++) {
		state[i] = (unsigned)i;
		if (pthread_create(&tid[i], NULL, worker, &state[i]) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(tid[i], NULL);
		mix ^= state[i];
	}
	probe();
	printf("%d x %d x %d calls of outer, state %x\n", THREADS, BURSTS, CALLS, mix);
	return 0;
}
