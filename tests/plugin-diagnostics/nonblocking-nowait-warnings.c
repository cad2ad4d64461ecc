/* In a nonblocking function, a direct blocking call warns at compile time
 * unless its arguments may make it return at once: a descriptor (its mode
 * is known at run time only), flags that are not a constant or have a
 * nowait bit, a timeout that is not a constant or is 0. */
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((bench("nonblocking"))) void on_event(int fd, int flags, int ms)
{
	char c;
	int status;
	struct pollfd p = { fd, POLLIN, 0 };

	(void)read(fd, &c, 1);                   /* descriptor: no warning */
	(void)recv(fd, &c, 1, 0);                /* descriptor: no warning */
	(void)waitpid(-1, &status, WNOHANG);     /* nowait bit: no warning */
	(void)waitpid(-1, &status, flags);       /* unknown flags: no warning */
	(void)waitpid(-1, &status, 0);           /* waits: warning */
	(void)poll(&p, 1, 0);                    /* zero timeout: no warning */
	(void)poll(&p, 1, ms);                   /* unknown timeout: no warning */
	(void)poll(&p, 1, -1);                   /* waits: warning */
	(void)flock(fd, LOCK_EX | LOCK_NB);      /* nowait bit: no warning */
	(void)flock(fd, LOCK_EX);                /* waits: warning */
	(void)usleep(10);                        /* warning */
}
