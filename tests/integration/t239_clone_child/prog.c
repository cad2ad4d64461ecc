/*
 * Children started by clone() without fork(), as gtest's death tests do
 * (an 8 KiB stack, SIGCHLD, no fork handlers): one execs, one fills its
 * ring, one calls exit(); and a vfork() child that execs.  The runtime must leave them alone: no flush on
 * that stack, no wait for a writer thread that is not there, and none of
 * the parent's records written twice.  Each child ends as in a plain
 * build; the parent's records are all there, once.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PARENT_CALLS 20000

__attribute__((bench)) static int work(int x)
{
	return x + 1;
}

static int child_exec(void *arg)
{
	char *argv[] = { "sh", "-c", "exit 7", NULL };

	(void)arg;
	execv("/bin/sh", argv);
	_exit(1);
}

/* BENCH_BUFFER=64: its ring fills, with no writer thread to empty it. */
static int child_calls(void *arg)
{
	int x = 0;

	(void)arg;
	for (int i = 0; i < 1000; i++)
		x = work(x);
	_exit(x == 1000 ? 8 : 1);
}

static int child_exit(void *arg)
{
	(void)arg;
	exit(work(8));
}

/* The child's status, or -1 if it has not ended within 20 s. */
static int wait_child(pid_t pid)
{
	struct timespec step = { 0, 10000000 };
	int status;

	for (int i = 0; i < 2000; i++) {
		pid_t got = waitpid(pid, &status, WNOHANG);

		if (got == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (got < 0)
			return -2;
		nanosleep(&step, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

int main(void)
{
	int (*children[])(void *) = { child_exec, child_calls, child_exit };
	const char *names[] = { "exec", "calls", "exit" };
	const size_t size = 2 * (size_t)getpagesize();
	int x = 0;

	for (int c = 0; c < 3; c++) {
		void *stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pid_t pid;

		if (stack == MAP_FAILED)
			return 1;
		/* Records still buffered, the writer busy with the rest. */
		for (int i = 0; i < PARENT_CALLS; i++)
			x = work(x);
		fflush(stdout);
		pid = clone(children[c], (char *)stack + size, SIGCHLD, NULL);
		if (pid < 0)
			return 1;
		printf("child %s: %d\n", names[c], wait_child(pid));
		munmap(stack, size);
	}
	{
		char *argv[] = { "sh", "-c", "exit 6", NULL };
		pid_t pid;

		for (int i = 0; i < PARENT_CALLS; i++)
			x = work(x);
		fflush(stdout);
		pid = vfork();
		if (pid == 0) {
			execv("/bin/sh", argv);
			_exit(1);
		}
		printf("child vfork: %d\n", pid < 0 ? -2 : wait_child(pid));
	}
	printf("parent: %d\n", x);
	return 0;
}
