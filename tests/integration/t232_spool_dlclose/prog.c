/*
 * Records name their site and name by pointers into the library that made
 * them.  BENCH_SPOOL=always keeps them in the spool until a flush: the
 * runtime's dlclose must format them before the library is unmapped, or
 * the exit flush reads freed memory (a crash, or garbage names).
 */
#define _GNU_SOURCE
#include <bench.h>
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((bench)) static unsigned after_unload(unsigned x)
{
	return x + 3;
}

#include "../spool_probe.h"

static int still_mapped(void)
{
	char line[4096];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "/libshlib.so"))
			found = 1;
	fclose(f);
	return found;
}

int main(void)
{
	for (int round = 0; round < 3; round++) {
		void *lib = dlopen("./libshlib.so", RTLD_NOW | RTLD_LOCAL);
		unsigned (*work)(unsigned);
		unsigned s = (unsigned)round;

		if (!lib) {
			fprintf(stderr, "dlopen: %s\n", dlerror());
			return 1;
		}
		work = (unsigned (*)(unsigned))dlsym(lib, "lib_work");
		if (!work)
			return 1;
		for (int i = 0; i < 2000; i++)
			s = work(s + (unsigned)i);
		if (round == 2)
			probe();
		if (dlclose(lib)) {
			fprintf(stderr, "dlclose: %s\n", dlerror());
			return 1;
		}
		printf("round %d: state %x, still mapped after dlclose: %d\n", round, s, still_mapped());
		for (int i = 0; i < 100; i++)
			s = after_unload(s);
	}
	return 0;
}
