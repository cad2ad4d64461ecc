/*
 * 4 threads x 10,000 nested calls (a parent, a child, a BENCH_TIME block)
 * through 64-record buffers with BENCH_SPOOL=always: every record goes
 * through the spool file before it is formatted.  Each must arrive exactly
 * once, valid, each thread's in order (children before their parent).
 */
#include <bench.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define THREADS 4
#define CALLS 10000

__attribute__((bench)) static unsigned inner(unsigned x)
{
	return x * 2654435761u;
}

__attribute__((bench)) static unsigned outer(unsigned x)
{
	unsigned y = inner(x);
	BENCH_TIME("mix") {
		y ^= y >> 13;
	}
	return y;
}

static void *worker(void *arg)
{
	unsigned *state = arg;
	for (int i = 0; i < CALLS; i++)
		*state = outer(*state + (unsigned)i);
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
	printf("%d x %d calls of outer, state %x\n", THREADS, CALLS, mix);
	return 0;
}
