/*
 * Processes appending records to one file (a test suite run by make -j):
 * one of them is stalled halfway through a line, holding the output lock
 * as the runtime does around each buffer, when another one flushes.  The
 * second waits for the lock instead of taking the half line for one cut
 * by a killed process: no empty line, no record glued to another.  The
 * stalled writer here is the parent, by hand, so that the stall is
 * certain; the child is the instrumented process.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

__attribute__((bench)) int answer(void)
{
	return 42;
}

static int write_text(int fd, const char *text)
{
	return write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
}

int main(void)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct timespec stall = { 0, 200000000 };
	const char *path = getenv("BENCH_OUTPUT");
	int fd, status;
	pid_t child;

	if (!path)
		path = "/dev/null";
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (fd < 0 || fcntl(fd, F_SETLK, &lock) != 0 ||
	    write_text(fd, "{\"type\": \"stalled\", \"first\": ") != 0)
		return 1;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		/* Exits at once, flushing while the parent is stalled. */
		printf("child %d\n", answer() + answer());
		return 0;
	}
	/* Longer than the child takes to start and flush (its wait for the
	 * lock is bounded at 2 s). */
	nanosleep(&stall, NULL);
	if (write_text(fd, "1}\n") != 0)
		return 1;
	lock.l_type = F_UNLCK;
	fcntl(fd, F_SETLK, &lock);
	close(fd);
	if (child < 0 || waitpid(child, &status, 0) != child)
		return 1;
	printf("parent: child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
