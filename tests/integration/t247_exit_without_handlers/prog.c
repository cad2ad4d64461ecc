/*
 * Processes that end with _exit or _Exit, which run no exit handlers:
 * a fork child that _exits from inside instrumented calls, the spawn
 * pattern (an exec that fails, then _exit(127)), a child that _Exits
 * with a second thread inside an instrumented call, and the parent itself
 * ending with _exit from main.  Every call is recorded, the open ones as
 * ended by exit, and no record's parent is missing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;
static pthread_barrier_t started;

__attribute__((bench, noinline)) static int leaf(int x)
{
	return x * 5 + 1;
}

__attribute__((bench, noinline)) static void child_work(int how)
{
	char *argv[] = { "no-such-command-for-t247", NULL };
	int x = 0;

	for (int i = 0; i < 1000; i++)
		x += leaf(i);
	if (how == 1) {
		execvp(argv[0], argv);
		_exit(127);
	}
	_exit(x & 1 ? 3 : 4);
}

__attribute__((bench, noinline)) static void *spin(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&started);
	while (!stop)
		leaf(0);
	return NULL;
}

__attribute__((bench, noinline)) static void child_with_thread(void)
{
	pthread_t th;

	pthread_barrier_init(&started, NULL, 2);
	if (pthread_create(&th, NULL, spin, NULL))
		_Exit(1);
	pthread_barrier_wait(&started);
	_Exit(leaf(1) == 6 ? 5 : 1);
}

static int run_child(int how)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (how == 2)
			child_with_thread();
		child_work(how);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

__attribute__((bench, noinline)) int main(void)
{
	printf("_exit: %d\n", run_child(0));
	printf("failed exec: %d\n", run_child(1));
	printf("_Exit with a thread: %d\n", run_child(2));
	printf("parent: %d\n", leaf(2));
	fflush(stdout);
	_exit(9);
}
