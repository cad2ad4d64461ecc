/*
 * Summary mode across fork, with calls already folded in the parent's
 * tables (of the forking thread and of a thread that exited): the child
 * reports only its own calls, the parent its own exactly once, and the
 * call open across the fork belongs to the parent alone.
 */
#include <bench.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile unsigned sink;

__attribute__((bench)) static void before_fork(unsigned i) { sink += i; }
__attribute__((bench)) static void in_thread(unsigned i) { sink += i; }
__attribute__((bench)) static void in_child(unsigned i) { sink ^= i; }
__attribute__((bench)) static void after_fork(unsigned i) { sink -= i; }

static void *worker(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < 700; i++)
		in_thread(i);
	return NULL;
}

__attribute__((bench)) static pid_t around_fork(void)
{
	fflush(stdout);
	return fork();
}

int main(void)
{
	pthread_t t;
	pid_t child;
	int status;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	for (unsigned i = 0; i < 1000; i++)
		before_fork(i);
	child = around_fork();
	if (child == 0) {
		for (unsigned i = 0; i < 300; i++)
			in_child(i);
		printf("child done\n");
		return 0;
	}
	waitpid(child, &status, 0);
	for (unsigned i = 0; i < 200; i++)
		after_fork(i);
	printf("parent done, child exit %d\n", WEXITSTATUS(status));
	return 0;
}
