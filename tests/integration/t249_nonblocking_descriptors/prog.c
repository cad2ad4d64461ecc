/* A call on a descriptor in non-blocking mode returns at once instead of
 * waiting: in nonblocking code it is recorded (nonblocking context) but is
 * not a violation, as the reads of an event loop's ready sockets are not.
 * Still violations: the same calls on blocking descriptors, and on a
 * regular file opened O_NONBLOCK (Linux ignores the flag for files).
 * MSG_DONTWAIT makes a send/recv non-blocking on a blocking socket, as
 * WNOHANG does a waitpid, LOCK_NB a flock and a zero timeout a poll.
 * errno after the wrapped call is the call's, not the hook's fcntl's. */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static ssize_t (*read_ptr)(int, void *, size_t) = read;

struct fds {
	int nb_pipe, b_pipe, b_sock, nb_sock, file, listener;
};

static void show(const char *what, ssize_t n)
{
	printf("%s %zd %s\n", what, n, n < 0 ? strerror(errno) : "");
}

/* Three calls down from the handler, through an uninstrumented helper. */
static void drain(int fd)
{
	char buf[8];
	ssize_t n = read(fd, buf, sizeof(buf));

	show("drain", n);
}

__attribute__((bench("nonblocking"))) static void on_event(struct fds *f)
{
	char buf[16];
	struct iovec iov = { buf, sizeof(buf) };
	int fd = f->nb_pipe;

	show("nb read", read(f->nb_pipe, buf, sizeof(buf)));
	show("nb read via pointer", read_ptr(f->nb_pipe, buf, sizeof(buf)));
	show("nb readv", readv(f->nb_pipe, &iov, 1));
	show("b read", read(f->b_pipe, buf, sizeof(buf)));
	show("dontwait recv", recv(f->b_sock, buf, sizeof(buf), MSG_DONTWAIT));
	show("b send", send(f->b_sock, "x", 1, 0));
	show("nb recv", recv(f->nb_sock, buf, sizeof(buf), 0));
	show("file write", write(f->file, "y", 1));
	show("nb accept", accept(f->listener, NULL, NULL));
	/* The call's result overwrites its descriptor argument. */
	fd = (int)read(fd, buf, sizeof(buf));
	show("overwritten", fd);
	drain(f->nb_pipe);
	drain(f->b_pipe);
	{
		int status, options = WNOHANG;
		struct pollfd p = { f->nb_pipe, POLLIN, 0 };

		show("waitpid nohang", waitpid(-1, &status, options));
		show("poll 0", poll(&p, 1, 0));
		show("poll 1 ms", poll(&p, 1, 1));
		show("flock nb", flock(f->file, LOCK_SH | LOCK_NB));
		show("flock", flock(f->file, LOCK_UN));
	}
}

int main(void)
{
	struct fds f;
	int nb[2], b[2], sv[2], sv2[2];
	struct sockaddr_un un = { .sun_family = AF_UNIX };

	if (pipe2(nb, O_NONBLOCK) || pipe(b) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv2))
		return 1;
	f.nb_pipe = nb[0];
	f.b_pipe = b[0];
	f.b_sock = sv[0];
	f.nb_sock = sv2[0];
	f.file = open("file.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK, 0600);
	f.listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	/* An address length of the family alone: Linux binds a fresh
	 * abstract name. */
	if (f.file < 0 || f.listener < 0 ||
	    bind(f.listener, (const struct sockaddr *)&un, sizeof(sa_family_t)) ||
	    listen(f.listener, 1))
		return 1;
	if (write(b[1], "abcdefghijklmnopqrst", 20) != 20)
		return 1;
	on_event(&f);
	unlink("file.tmp");
	return 0;
}
