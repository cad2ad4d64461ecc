/*
 * Unloading an instrumented library while a thread that called it lives
 * on: the summary's per-thread tables and the blocking counts keep their
 * sites (pointers into the library) until exit, so they must keep copies
 * of them; calls the library's destructor makes while it goes are written
 * before it is unmapped.  The library is loaded twice (same sites, likely
 * the same address), and the thread exits after the unload.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

static sem_t called, may_exit;
static unsigned (*work)(unsigned);
static void (*blocking)(void);

static void *caller(void *arg)
{
	unsigned s = 0;

	(void)arg;
	for (unsigned i = 0; i < 1000; i++)
		s += work(i);
	blocking();
	printf("thread %u\n", s % 7);
	sem_post(&called);
	sem_wait(&may_exit);
	return NULL;
}

static int mapped(void)
{
	char line[4096];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return -1;
	/* Its code: libdw may still map the file to read (not execute). */
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "/libshlib.so") && strstr(line, " r-xp "))
			found = 1;
	fclose(f);
	return found;
}

static void *load(void)
{
	void *lib = dlopen("./libshlib.so", RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		return NULL;
	}
	work = (unsigned (*)(unsigned))dlsym(lib, "lib_work");
	blocking = (void (*)(void))dlsym(lib, "lib_blocking");
	return work && blocking ? lib : NULL;
}

int main(void)
{
	pthread_t t;
	unsigned s = 0;
	void *lib;

	sem_init(&called, 0, 0);
	sem_init(&may_exit, 0, 0);
	if (!(lib = load()) || pthread_create(&t, NULL, caller, NULL))
		return 1;
	sem_wait(&called);
	dlclose(lib);
	printf("unmapped %d\n", !mapped());
	if (!(lib = load()))
		return 1;
	for (unsigned i = 0; i < 10; i++)
		s += work(i);
	blocking();
	dlclose(lib);
	printf("main %u, unmapped %d\n", s % 7, !mapped());
	sem_post(&may_exit);
	pthread_join(t, NULL);
	return 0;
}
