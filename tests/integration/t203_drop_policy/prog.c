/*
 * A bounded buffer chosen by the user (BENCH_BUFFER_POLICY=drop) may lose
 * records, but never silently: the records written plus the drops the
 * runtime reports must add up to every call made.
 */
#include <bench.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 16
#define CALLS 20000

__attribute__((bench)) static unsigned step(unsigned x)
{
	return x * 2654435761u + 1;
}

static void *worker(void *arg)
{
	unsigned *state = arg;
	for (int i = 0; i < CALLS; i++)
		*state = step(*state);
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
	printf("%d x %d calls, state %x\n", THREADS, CALLS, mix);
	return 0;
}
