/*
 * exec from inside instrumented calls: an exec ends the process image as
 * exit does, so the calls still open, this thread's and another thread's,
 * are recorded as ended by it ("closed_by": "exec") and the calls made
 * inside them name a parent that has a record (libuv's uv_spawn child
 * execs from inside its own functions).  An exec that fails after that
 * (an executable file that is no program: ENOEXEC) carries on: the calls
 * it recorded go on under new ids, so no id is written twice.  An exec of
 * a file that is not there, or of a command found nowhere in PATH, only
 * flushes (a program trying one PATH entry after another would otherwise
 * record its open calls at each).
 */
#include <bench.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int waiting;
static int gate[2];

__attribute__((bench)) static int helper(int x)
{
	return x + 1;
}

__attribute__((bench)) static void *wait_in_thread(void *arg)
{
	char c;

	helper(1);
	atomic_store(&waiting, 1);
	/* Nobody writes: the exec ends this call. */
	if (read(gate[0], &c, 1) < 0)
		perror("read");
	return arg;
}

__attribute__((bench)) static int run_child(int how)
{
	int x = helper(how);

	if (how == 1) {
		pthread_t t;

		if (pipe(gate) != 0 || pthread_create(&t, NULL, wait_in_thread, NULL) != 0)
			return 1;
		while (!atomic_load(&waiting))
			usleep(100);
	}
	if (how == 4)
		execlp("bench-test-no-such-command", "bench-test", (char *)NULL);
	if (how >= 2) {
		if (how < 4)
			execl(how == 2 ? "./not-a-program" : "/nonexistent/bench-test",
			      "bench-test", (char *)NULL);
		/* Failed: the calls go on and record as usual. */
		return helper(x) == how + 2 ? 0 : 1;
	}
	execl("/bin/true", "true", (char *)NULL);
	return 127;
}

int main(void)
{
	FILE *junk = fopen("not-a-program", "w");

	/* Executable, but neither ELF nor a script: execve fails ENOEXEC. */
	if (!junk || fputs("junk\n", junk) < 0 || fclose(junk) != 0 ||
	    chmod("not-a-program", 0755) != 0) {
		perror("not-a-program");
		return 1;
	}
	for (int how = 0; how < 5; how++) {
		int status;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			exit(run_child(how));
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			return 1;
		printf("child %d: exit %d\n", how, WEXITSTATUS(status));
	}
	return 0;
}
