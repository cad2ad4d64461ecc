/*
 * Sixteen threads run the same small call tree at once: every thread's
 * records must come out whole and nested, none lost or mixed with another
 * thread's, and the thread's own results must equal the plain build's.
 */
#include <bench.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 16

__attribute__((bench)) static unsigned leaf(unsigned x)
{
	return x * 2654435761u;
}

__attribute__((bench)) static unsigned branch(unsigned x)
{
	return leaf(x) ^ leaf(x + 1);
}

__attribute__((bench)) static void *worker(void *arg)
{
	unsigned *slot = arg;
	*slot = branch(*slot) + leaf(*slot);
	return NULL;
}

int main(void)
{
	pthread_t tid[THREADS];
	unsigned result[THREADS];
	unsigned long sum = 0;

	for (unsigned i = 0; i < THREADS; i++) {
		result[i] = i;
		if (pthread_create(&tid[i], NULL, worker, &result[i]) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	for (unsigned i = 0; i < THREADS; i++) {
		pthread_join(tid[i], NULL);
		sum += result[i];
	}
	printf("threads %d sum %lu\n", THREADS, sum);
	return 0;
}
