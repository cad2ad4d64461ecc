/*
 * A program that closes every descriptor it did not open (daemons, shells,
 * closefrom()) and opens files of its own, which get the lowest numbers.
 * The runtime's records file and spool must never be written into those
 * files: bash's `exec 3>file` received the spool's bytes, and its test
 * files the records.  The runtime keeps its descriptors at high numbers
 * (closing 3..255 leaves them alone) and checks them before each use:
 * closing every number up to 1023 takes the spool with it (its records are
 * counted as lost), and the records file is opened again.
 */
#include <bench.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((bench)) static int work(int i)
{
	return i * 3;
}

static int burst(void)
{
	int sum = 0;

	for (int i = 0; i < 20000; i++)
		sum += work(i);
	return sum;
}

/* Closes lo..hi-1, opens 4 files (lowest numbers), writes into them,
 * records meanwhile, then reads them back. */
static int round_trip(int round, int hi)
{
	int fds[4], bad = 0;
	char name[32], text[64], back[64];

	for (int fd = 3; fd < hi; fd++)
		close(fd);
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "user%d-%d.txt", round, i);
		fds[i] = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fds[i] < 0)
			return 1;
	}
	burst();
#ifdef __BENCH__
	bench_flush(); /* the writer writes now, with the numbers reused */
#endif
	for (int i = 0; i < 4; i++) {
		ssize_t n;

		snprintf(text, sizeof(text), "user data %d-%d\n", round, i);
		if (write(fds[i], text, strlen(text)) < 0)
			return 1;
		burst();
		n = pread(fds[i], back, sizeof(back) - 1, 0);
		back[n > 0 ? n : 0] = '\0';
		bad += strcmp(back, text) != 0;
		close(fds[i]);
	}
	printf("round %d (closed 3..%d): %d files intact\n", round, hi - 1, 4 - bad);
	return bad;
}

int main(void)
{
	int bad = 0;

	burst();
	bad += round_trip(1, 256);
	bad += round_trip(2, 1024);
	return bad;
}
