/*
 * fork while another thread records and the writer flushes every
 * millisecond: a fork can land while the writer holds whatever it locks.
 * Every child must still record, flush at exit and exit (no deadlock), with
 * its own pid and run id and none of the parent's records.
 *
 * The first fork waits until the background thread has started: a fork
 * while a thread starts can leave GCC 12's AddressSanitizer allocator
 * locked in the child (that libasan takes no lock around fork, and a new
 * thread allocates in its start-up), and the child's own writer thread
 * would then hang in its start-up.  glibc's malloc has no such problem.
 */
#include <bench.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 20
#define CHILD_CALLS 10

static atomic_int stop;
static atomic_int started;

__attribute__((bench)) static unsigned bg_work(unsigned x)
{
	return x * 2654435761u + 7;
}

__attribute__((bench)) static unsigned child_work(unsigned x)
{
	return x ^ (x >> 3);
}

static void *background(void *arg)
{
	unsigned long *calls = arg;
	unsigned x = 1;
	atomic_store(&started, 1);
	/* Bursts keep the writer busy without piling up records. */
	while (!atomic_load(&stop)) {
		for (int i = 0; i < 50; i++) {
			x = bg_work(x);
			++*calls;
		}
		usleep(100);
	}
	return NULL;
}

int main(void)
{
	pthread_t bg;
	unsigned long bg_calls = 0;
	int failures = 0;

	if (pthread_create(&bg, NULL, background, &bg_calls) != 0)
		return 1;
	while (!atomic_load(&started))
		usleep(100);
	for (int c = 0; c < CHILDREN; c++) {
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			unsigned x = (unsigned)c;
			for (int i = 0; i < CHILD_CALLS; i++)
				x = child_work(x);
			exit((int)(x & 0x7f));
		}
		int status;
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			failures++;
		usleep(2000);
	}
	atomic_store(&stop, 1);
	pthread_join(bg, NULL);
	printf("%d children, %d failed\n", CHILDREN, failures);
	/* How many background calls there were varies: tell check.py. */
	fprintf(stderr, "bg_calls %lu\n", bg_calls);
	return failures != 0;
}
