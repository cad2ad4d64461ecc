/*
 * A thread's own key destructors (thread-local storage cleanup, as
 * googletest's ThreadLocal does) run after the runtime's key destructor in
 * glibc's rounds, and may call instrumented code: those calls are
 * recorded on their thread, none dropped, and the thread's calls are
 * still closed when it ends.  Two keys: one whose destructor sets its
 * value again once (a second round).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_key_t key, again_key;

__attribute__((noinline)) void release_value(void *p)
{
	free(p);
}

static void key_dtor(void *p)
{
	release_value(p);
}

static void again_dtor(void *p)
{
	static __thread int rounds;

	if (++rounds == 1)
		pthread_setspecific(again_key, p); /* once more, next round */
	else
		release_value(p);
}

static void *worker(void *arg)
{
	pthread_setspecific(key, malloc(16));
	pthread_setspecific(again_key, malloc(16));
	return arg;
}

int main(void)
{
	pthread_t t;

	pthread_key_create(&key, key_dtor);
	pthread_key_create(&again_key, again_dtor);
	for (int i = 0; i < 3; i++) {
		pthread_create(&t, NULL, worker, NULL);
		pthread_join(t, NULL);
	}
	puts("done");
	return 0;
}
