/* Contexts are per thread: an event-loop thread marks itself nonblocking,
 * four workers do not; every thread makes the same blocking calls, and
 * only the loop thread's are violations.  The summary counts come from
 * per-thread tables merged at exit. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

#ifndef __BENCH__
#define bench_nonblocking_begin() ((void)0)
#define bench_nonblocking_end() ((void)0)
#endif

static void work(void)
{
	for (int i = 0; i < 3; i++)
		usleep(1);
}

static void *worker(void *arg)
{
	work();
	return arg;
}

static void *event_loop(void *arg)
{
	bench_nonblocking_begin();
	work();
	bench_nonblocking_end();
	return arg;
}

int main(void)
{
	pthread_t t[5];

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	pthread_create(&t[4], NULL, event_loop, NULL);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	puts("joined");
	return 0;
}
