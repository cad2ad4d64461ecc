/*
 * vfork() children that run instrumented code before they exec or _exit:
 * one from an instrumented function, one that vforks again (its own child
 * execs first), one that ends with _exit, and one from a thread that had
 * made no instrumented call yet.  A vfork child shares the parent's
 * memory, its thread state included: what it calls must not land in the
 * parent's run (as calls closed by longjmp, or blocking calls of the
 * parent's), nor set up a thread state for the parent.  The parent's own
 * calls are all recorded, once.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((bench, noinline)) static int leaf(int x)
{
	return x * 3 + 1;
}

/* Run in the children only: none of its calls may be recorded. */
__attribute__((bench, noinline)) static int in_child(int x)
{
	static const char note[] = "";

	write(1, note, 0); /* a blocking call (libc preset), in the child */
	return leaf(x) + leaf(x + 1);
}

static void run(const char *code)
{
	char *argv[] = { "sh", "-c", (char *)code, NULL };

	execv("/bin/sh", argv);
	_exit(127);
}

static int status_of(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The child calls in_child, then execs (or _exits when code is NULL). */
__attribute__((bench, noinline)) static int spawn(const char *code, int nested)
{
	pid_t pid = vfork();

	if (pid == 0) {
		if (nested) {
			/* Undefined by POSIX, done by real programs: the child
			 * vforks too, and resumes once its own child has exec'd. */
			pid_t inner = vfork();

			if (inner == 0) {
				in_child(2);
				run("exit 3");
			}
			if (status_of(inner) != 3)
				_exit(99);
		}
		in_child(1);
		if (!code)
			_exit(in_child(0) == 5 ? 4 : 98);
		run(code);
	}
	return status_of(pid);
}

/* A thread with no instrumented call before its vfork. */
static void *fresh_thread(void *arg)
{
	pid_t pid = vfork();

	(void)arg;
	if (pid == 0) {
		in_child(5);
		run("exit 6");
	}
	return (void *)(long)status_of(pid);
}

int main(void)
{
	pthread_t th;
	void *st;

	printf("exec: %d\n", spawn("exit 5", 0));
	printf("nested: %d\n", spawn("exit 7", 1));
	printf("_exit: %d\n", spawn(NULL, 0));
	for (int i = 0; i < 100; i++)
		if (spawn("exit 0", i & 1) != 0)
			printf("round %d failed\n", i);
	if (pthread_create(&th, NULL, fresh_thread, NULL) || pthread_join(th, &st))
		return 1;
	printf("thread: %ld\n", (long)st);
	printf("leaf: %d\n", leaf(1));
	return 0;
}
