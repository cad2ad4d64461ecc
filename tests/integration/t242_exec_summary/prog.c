/*
 * exec in summary mode: the summary is printed at exit, and an exec ends
 * the process without exit, so the table is printed before the exec, with
 * the calls still open counted as ended there.  An exec that fails after
 * that (an executable file that is no program: ENOEXEC) carries on: the
 * table printed at exit counts every call once (the open ones when they
 * really end).
 */
#include <bench.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((bench)) static int work(int x)
{
	return x * 3 + 1;
}

__attribute__((bench)) static int run_child(int fail)
{
	int x = work(1);

	x = work(x);
	if (fail) {
		execl("./not-a-program", "bench-test", (char *)NULL);
		return work(x) == 40 ? 0 : 1;
	}
	x = work(x);
	execl("/bin/true", "true", (char *)NULL);
	return 127;
}

int main(void)
{
	FILE *junk = fopen("not-a-program", "w");

	if (!junk || fputs("junk\n", junk) < 0 || fclose(junk) != 0 ||
	    chmod("not-a-program", 0755) != 0) {
		perror("not-a-program");
		return 1;
	}
	for (int fail = 0; fail < 2; fail++) {
		int status;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			exit(run_child(fail));
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			return 1;
		printf("child %d: exit %d\n", fail, WEXITSTATUS(status));
	}
	work(0);
	return 0;
}
