/*
 * Exit while the runtime's writer thread is alive (idle, or draining
 * every millisecond with BENCH_FLUSH_MS=1).  The program joins its own
 * thread, so under valgrind anything still allocated at exit is the
 * runtime's: its last flush must stop and join the writer.
 */
#include <pthread.h>
#include <stdio.h>

__attribute__((bench)) static unsigned step(unsigned x)
{
	return x * 2654435761u + 1;
}

static void *worker(void *arg)
{
	unsigned *x = arg;

	for (int i = 0; i < 20000; i++)
		*x = step(*x);
	return NULL;
}

int main(void)
{
	pthread_t t;
	unsigned x = 0, y = 1;

	if (pthread_create(&t, NULL, worker, &y) != 0)
		return 1;
	for (int i = 0; i < 20000; i++)
		x = step(x);
	pthread_join(t, NULL);
	printf("%u\n", (x ^ y) & 1);
	return 3;
}
