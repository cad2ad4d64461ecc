/*
 * BENCH_SPOOL_DIR names a directory that does not exist: the runtime says
 * so once on stderr, formats as it goes instead (threads wait for the
 * writer, as with BENCH_SPOOL=0), and loses nothing.
 */
#include <bench.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 2
#define CALLS 5000

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
