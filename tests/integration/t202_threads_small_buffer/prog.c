/*
 * 16 threads x 1,000 calls each (a parent and a child call, with a
 * BENCH_TIME block) through 64-record buffers: every thread keeps filling
 * its buffer, so the producers drain their own rings while the writer
 * drains them too.  Every record must still arrive exactly once.
 */
#include <bench.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 16
#define CALLS 1000

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
	printf("%d x %d calls of outer, state %x\n", THREADS, CALLS, mix);
	return 0;
}
