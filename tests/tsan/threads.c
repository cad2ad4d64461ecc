/*
 * A workout for ThreadSanitizer: waves of short-lived threads making nested
 * instrumented calls and BENCH_TIME blocks through tiny buffers (so the
 * producers drain their own rings while the writer drains them too), a
 * thread calling bench_flush() in a loop, another switching recording off
 * and on, and threads that exit with records still buffered.
 */
#include <bench.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define WAVES 4
#define WORKERS 6
#define CALLS 20000

static atomic_int done;

__attribute__((bench)) static unsigned leaf(unsigned x)
{
	return x * 2654435761u + 1;
}

__attribute__((bench)) static unsigned node(unsigned x)
{
	unsigned y = leaf(x);
	BENCH_TIME("fold") {
		y ^= y >> 11;
	}
	return leaf(y);
}

static void *worker(void *arg)
{
	unsigned x = (unsigned)(unsigned long)arg;
	for (int i = 0; i < CALLS; i++)
		x = node(x);
	return (void *)(unsigned long)x;
}

static void *flusher(void *arg)
{
	(void)arg;
	while (!atomic_load(&done))
		bench_flush();
	return NULL;
}

static void *toggler(void *arg)
{
	(void)arg;
	while (!atomic_load(&done)) {
		bench_deactivate();
		bench_activate();
	}
	return NULL;
}

int main(void)
{
	pthread_t workers[WORKERS], flush_thread, toggle_thread;
	unsigned long mix = 0;

	pthread_create(&flush_thread, NULL, flusher, NULL);
	pthread_create(&toggle_thread, NULL, toggler, NULL);
	for (int w = 0; w < WAVES; w++) {
		for (long i = 0; i < WORKERS; i++)
			pthread_create(&workers[i], NULL, worker, (void *)(i + w));
		for (int i = 0; i < WORKERS; i++) {
			void *r;
			pthread_join(workers[i], &r);
			mix ^= (unsigned long)r;
		}
	}
	atomic_store(&done, 1);
	pthread_join(flush_thread, NULL);
	pthread_join(toggle_thread, NULL);
	printf("mix %lx\n", mix);
	return 0;
}
