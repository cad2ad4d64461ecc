/* _FORTIFY_SOURCE=2 turns read, fgets, pread, recv, readlink, getcwd and
 * poll into inline wrappers that call __X_chk or an alias named X: each
 * source call must still be recorded exactly once, under its own line.
 * A direct call to __read_chk counts as read. */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

ssize_t __read_chk(int fd, void *buf, size_t nbytes, size_t buflen);

/* Lengths the compiler cannot see: the wrappers must check at run time. */
static volatile size_t opaque = 4;

static void calls(int fd, int sock)
{
	size_t four = opaque;
	char small[4], line[32], link[64], cwd[PATH_MAX];
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	ssize_t n;

	n = read(fd, small, four);
	printf("read %zd\n", n);
	n = pread(fd, small, four, 1);
	printf("pread %zd\n", n);
	n = __read_chk(fd, small, 2, sizeof(small));
	printf("__read_chk %zd\n", n);
	printf("poll %d\n", poll(&pfd, 1, 0));
	n = recv(sock, line, four, MSG_DONTWAIT);
	printf("recv %zd\n", n);
	n = readlink("/proc/self/exe", link, four);
	printf("readlink %d\n", n > 0);
	printf("getcwd %d\n", getcwd(cwd, sizeof(cwd)) != NULL);
	printf("fgets %d\n", fgets(line, (int)four, stdin) != NULL);
}

static void run(void)
{
	int sv[2];
	int fd = open("/proc/self/cmdline", O_RDONLY);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	calls(fd, sv[1]);
}

int main(void)
{
	run();
	return 0;
}
