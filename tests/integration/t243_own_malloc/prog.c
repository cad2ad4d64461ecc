/*
 * A program with its own malloc (bash, tcsh, emacs have one), every
 * function instrumented, blocking calls recorded with their traces.  The
 * writer thread names trace frames with libdw, which allocates through the
 * program's malloc: the writer must not record those calls.  It did, filled
 * its own ring (a small one here) and waited for room only it could make:
 * the program hung at exit (`bash -c 'echo $(echo x) | cat'` did).
 * Built with -fno-builtin: GCC would otherwise turn calloc's malloc +
 * memset back into a call to calloc.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *next, *end;

static void *more_core(size_t n)
{
	void *p;

	if (!next || next + n > end) {
		size_t size = n > (1u << 24) ? n : (1u << 24);

		next = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (next == MAP_FAILED)
			return NULL;
		end = next + size;
	}
	p = next;
	next += n;
	return p;
}

void *malloc(size_t n)
{
	size_t *p;

	n = (n + 31) & ~(size_t)15;
	pthread_mutex_lock(&lock);
	p = more_core(n);
	pthread_mutex_unlock(&lock);
	if (!p)
		return NULL;
	p[0] = n;
	return p + 2;
}

void free(void *p)
{
	(void)p;
}

void *calloc(size_t count, size_t size)
{
	void *p = malloc(count * size);

	if (p)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p = malloc(n);

	if (p && old) {
		size_t had = ((size_t *)old)[-2];

		memcpy(p, old, had < n ? had : n);
	}
	return p;
}

int main(void)
{
	struct stat st;
	int found = 0;

	for (int i = 0; i < 20; i++) {
		found += stat("/", &st) == 0; /* a blocking call, traced */
		usleep(20000); /* the writer names the traces meanwhile */
	}
	printf("%d stat calls\n", found);
	return 0;
}
