/*
 * The output fills up mid-run: after a first batch is flushed, the program
 * caps its file size (RLIMIT_FSIZE, SIGXFSZ ignored) 200 bytes above what
 * is written, so the next write stops inside a record.  The file must keep
 * only whole records (the first batch), the records that did not fit must
 * be counted as lost, and the program must run on unchanged.
 */
#include <bench.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#define BATCH 50

__attribute__((bench)) static unsigned first(unsigned x)
{
	return x * 3 + 1;
}

__attribute__((bench)) static unsigned second(unsigned x)
{
	return x * 5 + 1;
}

__attribute__((bench)) static unsigned third(unsigned x)
{
	return x * 7 + 1;
}

int main(void)
{
	const char *out = getenv("BENCH_OUTPUT");
	struct stat st;
	unsigned x = 0;

	for (int i = 0; i < BATCH; i++)
		x = first(x);
#ifdef __BENCH__
	bench_flush();
#endif
	printf("first batch %x\n", x);
	fflush(stdout);

	off_t written = out && stat(out, &st) == 0 ? st.st_size : 0;
	struct rlimit cap = { (rlim_t)written + 200, (rlim_t)written + 200 };
	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &cap) != 0) {
		perror("setrlimit");
		return 1;
	}
	for (int i = 0; i < BATCH; i++)
		x = second(x);
#ifdef __BENCH__
	bench_flush();
#endif
	for (int i = 0; i < BATCH; i++)
		x = third(x);
	printf("all batches %x\n", x);
	return 0;
}
