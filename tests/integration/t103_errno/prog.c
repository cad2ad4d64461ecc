/* A wrapped call keeps its result and errno exactly, failing or not, in
 * every context (the hooks save errno first and restore it last), also
 * when the call is recorded, warned about and handed to a callback. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, long rc)
{
	printf("%s rc=%ld errno=%s\n", what, rc, strerrorname_np(errno) ? strerrorname_np(errno) : "0");
}

__attribute__((bench("nonblocking"))) static void handler(void)
{
	struct stat st;

	errno = 0;
	show("read(-1)", (long)read(-1, NULL, 0));
	errno = ERANGE;
	show("usleep ok keeps ERANGE", (long)usleep(1));
	errno = 0;
	show("stat missing", (long)stat("/nonexistent/file", &st));
	errno = 0;
	show("open dir for write", (long)open("/", O_WRONLY));
	errno = EINTR;
	show("close(-1)", (long)close(-1));
}

static void outside(void)
{
	errno = 0;
	show("outside: write(-1)", (long)write(-1, "x", 1));
}

int main(void)
{
	handler();
	outside();
	return 0;
}
