/*
 * The program pulls the output out from under the runtime after a flush:
 * case 0 closes every descriptor above stderr and opens a file of its own
 * (which gets the runtime's old number), case 1 dup2()s /dev/null over every
 * descriptor above stderr, case 2 dup2()s its own file over them.  The
 * runtime must never write into the program's file, and the records of
 * the second batch must either reach BENCH_OUTPUT or be counted as lost.
 * The parent runs itself once per case (RUNDIR/sink-N.{jsonl,stderr}).
 */
#define _GNU_SOURCE
#include <bench.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BATCH 20
#define OWN_TEXT "the program's own data\n"

__attribute__((bench)) static unsigned before(unsigned x)
{
	return x * 3 + 1;
}

__attribute__((bench)) static unsigned after(unsigned x)
{
	return x * 5 + 1;
}

/* Every descriptor above stderr but WITH and KEEP becomes a copy of WITH. */
static void cover_descriptors(int with, int keep)
{
	for (int fd = 3; fd < 1024; fd++)
		if (fd != with && fd != keep && fcntl(fd, F_GETFD) != -1)
			dup2(with, fd);
}

static int child(int which, const char *own_path)
{
	unsigned x = 0;
	int own;
	char buf[256];

	for (int i = 0; i < BATCH; i++)
		x = before(x);
#ifdef __BENCH__
	bench_flush();
#endif
	if (which == 0) {
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		own = open(own_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	} else {
		own = open(own_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (which == 1) {
			int null = open("/dev/null", O_WRONLY);
			cover_descriptors(null, own);
			if (null != own)
				close(null);
		} else {
			cover_descriptors(own, own);
		}
	}
	if (own < 0 || write(own, OWN_TEXT, strlen(OWN_TEXT)) < 0)
		return 1;
	for (int i = 0; i < BATCH; i++)
		x = after(x);
#ifdef __BENCH__
	bench_flush();
#endif
	ssize_t n = pread(own, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	printf("case %d: x=%x, own file holds: %s", which, x, buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *rundir = getenv("T_RUNDIR");
	char out[4096], err[4096], own[4096], which[16];

	if (argc == 4 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]), argv[3]);
	if (!rundir)
		return 2;
	for (int k = 0; k < 3; k++) {
		snprintf(out, sizeof out, "%s/sink-%d.jsonl", rundir, k);
		snprintf(err, sizeof err, "%s/sink-%d.stderr", rundir, k);
		snprintf(own, sizeof own, "%s/own-%d.txt", rundir, k);
		snprintf(which, sizeof which, "%d", k);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(126);
			close(fd);
			setenv("BENCH_OUTPUT", out, 1);
			execl("/proc/self/exe", argv[0], "child", which, own, (char *)NULL);
			_exit(127);
		}
		int status;
		waitpid(pid, &status, 0);
		printf("case %d: exit %d\n", k, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	return 0;
}
