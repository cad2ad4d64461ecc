/*
 * Something else holds a POSIX lock on the output file and never lets go
 * while the instrumented process runs: the runtime's wait for its output
 * lock is bounded, so the process still ends, its records written.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

__attribute__((bench)) int answer(void)
{
	return 42;
}

int main(void)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	const char *path = getenv("BENCH_OUTPUT");
	struct timespec t0, t1;
	int fd, status;
	pid_t child;

	if (!path)
		path = "/dev/null";
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || fcntl(fd, F_SETLK, &lock) != 0)
		return 1;
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	child = fork();
	if (child == 0) {
		printf("child %d\n", answer() + answer());
		return 0;
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* The bound is 2 s; anything near a minute would be a hang. */
	printf("parent: child exited %d, %s\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	       t1.tv_sec - t0.tv_sec < 30 ? "in time" : "late");
	close(fd);
	return 0;
}
