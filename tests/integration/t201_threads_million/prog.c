/*
 * 16 threads x 1,000,000 instrumented calls, folded into the summary: the
 * summary must count exactly 16,000,000 calls (the default buffer policy
 * never drops), however the threads and the writer interleave.
 */
#include <bench.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 16
#define CALLS 1000000

__attribute__((bench)) static unsigned long tick(unsigned long x)
{
	return x * 6364136223846793005ul + 1442695040888963407ul;
}

static void *worker(void *arg)
{
	unsigned long *state = arg;
	for (int i = 0; i < CALLS; i++)
		*state = tick(*state);
	return NULL;
}

int main(void)
{
	pthread_t tid[THREADS];
	unsigned long state[THREADS], mix = 0;

	for (int i = 0; i < THREADS; i++) {
		state[i] = (unsigned long)i;
		if (pthread_create(&tid[i], NULL, worker, &state[i]) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(tid[i], NULL);
		mix ^= state[i];
	}
	printf("%d x %d calls, state %lx\n", THREADS, CALLS, mix);
	return 0;
}
