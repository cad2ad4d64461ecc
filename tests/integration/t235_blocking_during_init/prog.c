/*
 * Blocking calls on one thread while another is still initialising the
 * runtime.  The runtime's initialisation calls uname(), which this program
 * defines: it stalls there (bounded) while the main thread makes more
 * blocking calls than a queue holds (4,096).  Those calls must wait for the
 * initialisation rather than fill a queue that no writer empties yet: a
 * runtime that let them through dropped ~2,000 of them ("signal re-entry").
 * Every call is recorded (BENCH_BLOCKING_MIN_US=0), so check.py counts
 * exactly CALLS events from the main thread.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define CALLS 6000

static atomic_int in_init, calls_done;

/* Called by the runtime's initialisation, so nothing blocking here may go
 * through the wrapped functions: raw system calls only. */
int uname(struct utsname *names)
{
	struct timespec nap = { 0, 1000000 }; /* 1 ms */

	if (!atomic_exchange(&in_init, 1)) {
		/* A second at most: a runtime that makes the main thread
		 * wait never sets calls_done while we are here. */
		for (int i = 0; i < 1000 && !atomic_load(&calls_done); i++)
			syscall(SYS_nanosleep, &nap, NULL);
	}
	return (int)syscall(SYS_uname, names);
}

static void *first_call(void *arg)
{
	char buf[512];

	(void)arg;
	return getcwd(buf, sizeof buf) ? NULL : (void *)1;
}

int main(void)
{
	struct timespec nap = { 0, 1000000 };
	char buf[512];
	pthread_t t;
	long bad = 0;

	if (pthread_create(&t, NULL, first_call, NULL) != 0) {
		perror("pthread_create");
		return 1;
	}
#ifdef __BENCH__
	/* Wait (bounded) until the other thread is inside the runtime's
	 * initialisation; the plain build never gets there. */
	for (int i = 0; i < 5000 && !atomic_load(&in_init); i++)
		syscall(SYS_nanosleep, &nap, NULL);
#else
	(void)nap;
#endif
	for (int i = 0; i < CALLS; i++)
		bad += getcwd(buf, sizeof buf) == NULL;
	atomic_store(&calls_done, 1);
	pthread_join(t, NULL);
	printf("%d calls, %ld failed\n", CALLS, bad);
	return 0;
}
