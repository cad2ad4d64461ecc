/*
 * Blocking calls in a fork child, after the forking thread had made some
 * in the parent: the child's records must carry the child's thread id, as
 * its call records do, not the parent thread's.  Forked once from main and
 * once from a second thread (whose id is not the process id).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((bench, noinline)) static void touch(void)
{
	close(open("/dev/null", O_RDONLY));
}

static int fork_and_touch(void)
{
	int status;
	pid_t pid;

	touch();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		touch();
		exit(3);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void *second_thread(void *arg)
{
	(void)arg;
	return (void *)(long)fork_and_touch();
}

int main(void)
{
	pthread_t th;
	void *st;

	printf("from main: %d\n", fork_and_touch());
	if (pthread_create(&th, NULL, second_thread, NULL) || pthread_join(th, &st))
		return 1;
	printf("from a thread: %ld\n", (long)st);
	return 0;
}
