/*
 * Blocking events far faster than one queue holds (4,096 events): two
 * threads each record 30,000 violations back to back while a third calls
 * bench_flush() all along.  The writer drains each queue beside its thread
 * and frees slots as it goes; a thread that finds its queue full waits for
 * room.  Every event must arrive exactly once and in order: each thread
 * calls getcwd from two lines in a fixed pattern that check.py replays
 * (the records go to events.jsonl: 60,000 lines are not for the expect
 * file).
 */
#include <bench.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define EVENTS 30000

static atomic_int producers_done;

static void *produce(void *arg)
{
	char buf[512];
	long bad = 0;

	(void)arg;
#ifdef __BENCH__
	bench_nonblocking_begin();
#endif
	for (int i = 0; i < EVENTS; i++) {
		if (i % 3 == 0)
			bad += getcwd(buf, sizeof buf) == NULL; /* pattern: line A */
		else
			bad += getcwd(buf, sizeof buf - 1) == NULL; /* pattern: line B */
	}
#ifdef __BENCH__
	bench_nonblocking_end();
#endif
	atomic_fetch_add(&producers_done, 1);
	return (void *)bad;
}

static void *flusher(void *arg)
{
	(void)arg;
	while (atomic_load(&producers_done) < 2) {
#ifdef __BENCH__
		bench_flush();
#endif
		usleep(500);
	}
	return NULL;
}

int main(void)
{
	pthread_t p[2], f;
	void *bad[2];

	if (pthread_create(&f, NULL, flusher, NULL) != 0 ||
	    pthread_create(&p[0], NULL, produce, NULL) != 0 ||
	    pthread_create(&p[1], NULL, produce, NULL) != 0) {
		perror("pthread_create");
		return 1;
	}
	pthread_join(p[0], &bad[0]);
	pthread_join(p[1], &bad[1]);
	pthread_join(f, NULL);
	printf("%d events per thread, %ld failed\n", EVENTS, (long)bad[0] + (long)bad[1]);
	return 0;
}
