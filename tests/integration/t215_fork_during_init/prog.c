/*
 * fork while another thread is still initialising the runtime (its first
 * instrumented call): the child must not wait for an initialisation that
 * no thread of its own will ever finish.  The race is narrow (a few rounds
 * in a hundred hit it), so the parent runs it in up to 1000 fresh processes
 * (itself, re-executed), each in its own process group, and stops at the
 * first that hangs for 2 s.  It also stops after 40 s, which a sanitizer
 * build on a loaded machine can reach (each round is a fresh process): the
 * number of rounds run goes to stderr, not to the compared stdout.
 *
 * Under the sanitizers the leak check is off (env): LeakSanitizer's exit
 * check in a child forked beside a running thread tries to stop a thread
 * the child does not have ("Running thread N was not suspended"), and hung
 * the plain reference build, which has no runtime in it, at round 193.
 */
#define _GNU_SOURCE
#include <bench.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 1000
#define BUDGET_SECONDS 40

static atomic_int calling;

__attribute__((bench)) static int first_call(int x)
{
	return x + 1;
}

static void *initialise_runtime(void *arg)
{
	(void)arg;
	atomic_store(&calling, 1);
	first_call(1);
	return NULL;
}

/* One round: a thread makes the process's first instrumented call while
 * the main thread forks, DELAY spins after the call began; the child makes
 * a call of its own. */
static int race(int delay)
{
	pthread_t t;
	int status;

	if (pthread_create(&t, NULL, initialise_runtime, NULL) != 0)
		return 1;
	while (!atomic_load(&calling))
		;
	for (volatile int i = 0; i < delay; i++)
		;
	pid_t pid = fork();
	if (pid == 0)
		exit(first_call(2) == 3 ? 0 : 1);
	pthread_join(t, NULL);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* Exit status of PID, or -1 after killing its group when it hangs. */
static int wait_or_kill(pid_t pid)
{
	struct timespec tick = { 0, 1000000 };
	int status;

	for (int ms = 0; ms < 2000; ms++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		nanosleep(&tick, NULL);
	}
	kill(-pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

int main(int argc, char **argv)
{
	int failures = 0, rounds = 0;
	struct timespec start, now;

	if (argc == 3 && strcmp(argv[1], "race") == 0)
		return race(atoi(argv[2]));
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int i = 0; i < ROUNDS; i++) {
		char delay[16];

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= BUDGET_SECONDS)
			break;
		rounds++;
		snprintf(delay, sizeof delay, "%d", (i % 20) * 50);
		pid_t pid = fork();
		if (pid == 0) {
			setpgid(0, 0);
			execl("/proc/self/exe", argv[0], "race", delay, (char *)NULL);
			_exit(127);
		}
		int status = wait_or_kill(pid);
		if (status == -1) {
			printf("round %d hung\n", i);
			return 1;
		}
		failures += status > 0;
	}
	fprintf(stderr, "%d rounds\n", rounds);
	printf("none hung, %d failed\n", failures);
	return failures != 0;
}
