/*
 * 200,000 back-to-back calls through a 256-record buffer: the writer drains
 * pass after pass while the caller fills the ring, and the caller waits for
 * room whenever it gets ahead.  Meanwhile a second thread calls bench_flush()
 * (it must get the drain lock between two passes), and a fork in the middle
 * of it all makes 1,000 calls in the child (lines the parent's writer still
 * buffered at the fork are the parent's alone).  Every record must arrive
 * exactly once, in order.
 *
 * The flusher keeps going until the parent has reaped the child: a thread
 * that exits while another forks can leave GCC 12's AddressSanitizer
 * allocator locked in the child (its libasan does not lock the allocator
 * around fork), and the child's first malloc then never returns.  For the
 * same reason the fork waits until the flusher runs: a thread still being
 * set up by AddressSanitizer holds allocator locks, and the plain build
 * reaches the fork within ~100 us of pthread_create (the child's leak
 * check at exit then hung in ~3% of runs).
 */
#include <bench.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CALLS 200000
#define CHILD_CALLS 1000

__attribute__((bench)) static unsigned tick(unsigned x)
{
	return x * 2654435761u;
}

__attribute__((bench)) static unsigned child_tick(unsigned x)
{
	return x ^ (x >> 7);
}

static atomic_int parent_done;
static atomic_int flusher_running;

static void *flusher(void *arg)
{
	(void)arg;
	atomic_store(&flusher_running, 1);
	while (!atomic_load(&parent_done)) {
#ifdef __BENCH__
		bench_flush();
#endif
		usleep(1000);
	}
	return NULL;
}

int main(void)
{
	pthread_t thread;
	unsigned state = 1;
	int status;
	pid_t child;

	if (pthread_create(&thread, NULL, flusher, NULL) != 0) {
		perror("pthread_create");
		return 1;
	}
	while (!atomic_load(&flusher_running))
		usleep(100);
	for (int i = 0; i < CALLS; i++) {
		state = tick(state + (unsigned)i);
		if (i == CALLS / 2) {
			fflush(stdout);
			child = fork();
			if (child < 0) {
				perror("fork");
				return 1;
			}
			if (child == 0) {
				unsigned c = state;

				for (int j = 0; j < CHILD_CALLS; j++)
					c = child_tick(c + (unsigned)j);
				printf("child: %d calls\n", CHILD_CALLS);
				return c == 12345u; /* keeps c alive; 0 in practice */
			}
			if (waitpid(child, &status, 0) != child || !WIFEXITED(status)) {
				perror("waitpid");
				return 1;
			}
		}
	}
	atomic_store(&parent_done, 1);
	pthread_join(thread, NULL);
	printf("parent: %d calls, child exit %d\n", CALLS, WEXITSTATUS(status));
	return 0;
}
