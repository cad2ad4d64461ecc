/*
 * An output that cannot be opened or written (a missing directory, a path
 * through a file, a directory, a read-only file system, /dev/full) must not
 * change what the program does: same stdout, same stderr lines of its own,
 * same exit status, plus at most a line saying what went wrong and a count
 * of the records lost.  The parent runs itself once per case with
 * BENCH_OUTPUT set and the child's stderr in RUNDIR/case-N.stderr.
 */
#define _GNU_SOURCE
#include <bench.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CALLS 500

__attribute__((bench)) static unsigned work(unsigned x)
{
	return x * 2654435761u + 3;
}

static int child(int which)
{
	unsigned x = (unsigned)which;
	for (int i = 0; i < CALLS; i++)
		x = work(x);
	printf("case %d: x=%x\n", which, x);
	fprintf(stderr, "prog: the program's own stderr line\n");
	return 3;
}

int main(int argc, char **argv)
{
	const char *rundir = getenv("T_RUNDIR");
	char out[4096], err[4096], which[16];

	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]));
	if (!rundir)
		return 2;
	for (int k = 0; k < 5; k++) {
		switch (k) {
		case 0: snprintf(out, sizeof out, "%s/missing/dir/out.jsonl", rundir); break;
		case 1: snprintf(out, sizeof out, "%s/stdout/out.jsonl", rundir); break;
		case 2: snprintf(out, sizeof out, "%s", rundir); break;
		case 3: snprintf(out, sizeof out, "/proc/bench-test.jsonl"); break;
		case 4: snprintf(out, sizeof out, "/dev/full"); break;
		}
		snprintf(err, sizeof err, "%s/case-%d.stderr", rundir, k);
		snprintf(which, sizeof which, "%d", k);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(126);
			setenv("BENCH_OUTPUT", out, 1);
			execl("/proc/self/exe", argv[0], "child", which, (char *)NULL);
			_exit(127);
		}
		int status;
		waitpid(pid, &status, 0);
		printf("case %d: exit %d\n", k, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	return 0;
}
