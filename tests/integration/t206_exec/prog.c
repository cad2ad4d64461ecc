/*
 * exec: a process that replaces itself must not lose the records still in
 * its buffers, whichever exec function it calls, and must not leak the
 * output file's descriptor into the new program (O_CLOEXEC).  A failed exec
 * returns to a process whose recording still works.  The flush interval is
 * long, so only a flush before exec can save these records.
 */
#define _GNU_SOURCE
#include <bench.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

__attribute__((bench)) static int before_exec(int x)
{
	return x + 1;
}

__attribute__((bench)) static int after_failed_exec(int x)
{
	return x + 2;
}

__attribute__((bench)) static int parent_step(int x)
{
	return x * 2;
}

static void run_exec(int how)
{
	static char *const argv_true[] = { "true", NULL };

	switch (how) {
	case 0: execl("/bin/true", "true", (char *)NULL); break;
	case 1: execle("/bin/true", "true", (char *)NULL, environ); break;
	case 2: execlp("true", "true", (char *)NULL); break;
	case 3: execv("/bin/true", argv_true); break;
	case 4: execve("/bin/true", argv_true, environ); break;
	case 5: execvp("true", argv_true); break;
	case 6: execvpe("true", argv_true, environ); break;
	case 7:
		/* Fails: the process goes on and must still record. */
		execv("/nonexistent/bench-test", argv_true);
		after_failed_exec(how);
		exit(7);
	}
	_exit(127);
}

int main(void)
{
	int acc = 0;

	for (int how = 0; how < 8; how++) {
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			before_exec(how);
			before_exec(how);
			run_exec(how);
		}
		int status;
		waitpid(pid, &status, 0);
		printf("exec %d: exit %d\n", how, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		acc = parent_step(acc + how);
	}
	printf("acc %d\n", acc);
	fflush(stdout);
	/* The parent replaces itself too; find lists any descriptor that
	 * still points at a .jsonl file (it should print nothing). */
	char *const find[] = { "find", "/proc/self/fd", "-lname", "*.jsonl",
			       "-printf", "leaked descriptor %f -> %l\n", NULL };
	execvp("find", find);
	perror("execvp find");
	return 1;
}
