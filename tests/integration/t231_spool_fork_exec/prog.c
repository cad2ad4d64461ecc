/*
 * BENCH_SPOOL=always keeps every record in the spool until a flush.  The
 * parent forks while its spool holds its records: the child must neither
 * format them (they would appear twice, under its pid) nor lose its own,
 * which it spools in a file of its own and must format before its exec
 * (the flush before exec covers the spool).  The parent's are all there.
 */
#define _GNU_SOURCE
#include <bench.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((bench)) static unsigned leaf(unsigned x)
{
	return x * 2654435761u;
}

__attribute__((bench)) static unsigned parent_work(unsigned x)
{
	return leaf(x) ^ (x >> 3);
}

__attribute__((bench)) static unsigned child_work(unsigned x)
{
	return leaf(x) + 1;
}

#include "../spool_probe.h"

int main(void)
{
	unsigned s = 1;
	pid_t pid;
	int status;

	for (int i = 0; i < 3000; i++)
		s = parent_work(s + (unsigned)i);
	probe();
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		for (int i = 0; i < 2000; i++)
			s = child_work(s + (unsigned)i);
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	for (int i = 0; i < 1000; i++)
		s = parent_work(s + (unsigned)i);
	printf("child exit %d, state %x\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1, s);
	return 0;
}
