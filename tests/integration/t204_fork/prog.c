/*
 * fork: records the parent buffered before the fork must be written once
 * (by the parent), and the child's and grandchild's records must carry
 * their own pid and run id.  The child overflows its small buffer, so it
 * has to drain it without the parent's writer thread, which fork did not
 * copy.
 */
#include <bench.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((bench)) static int before_fork(int x)
{
	return x + 1;
}

__attribute__((bench)) static int in_child(int x)
{
	return x * 3;
}

__attribute__((bench)) static int in_grandchild(int x)
{
	return x - 1;
}

__attribute__((bench)) static int after_fork(int x)
{
	return x * 2;
}

static int wait_for(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int child(void)
{
	int acc = 0;
	for (int i = 0; i < 40; i++)
		acc += in_child(i);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		exit(in_grandchild(acc) & 0x3f);
	printf("grandchild exit %d\n", wait_for(pid));
	return acc & 0x3f;
}

int main(void)
{
	int acc = before_fork(1) + before_fork(2);

	/* Nothing flushed yet: both records sit in this thread's buffer,
	 * which the child inherits. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		exit(child());
	printf("child exit %d\n", wait_for(pid));
	printf("parent %d\n", after_fork(acc));
	return 0;
}
