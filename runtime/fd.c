/*
 * fd.c - the runtime's descriptors, moved out of the program's way.
 *
 * Shells and daemons use low numbers as they like: `exec 3>file` in bash,
 * a fixed fd 9 in its tests, a loop closing 3..255 before opening files of
 * their own.  A records file or spool at such a number was closed or taken
 * over by the program, and the runtime then wrote into the program's file
 * (bash's `exec 3>user3.txt` received a 16 MiB spool).  Numbers just below
 * 1024 (or below a lower descriptor limit) are out of that range and
 * still fit in an fd_set.  The owners check their descriptor before use
 * all the same (output.c, spool.c): a program may close every number.
 */
#include "fd.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#define HIGH_FD_CEILING 1024
#define HIGH_FD_ROOM 64 /* below the ceiling, for a few descriptors */

int bench_fd_move_high(int fd)
{
	struct rlimit limit;
	long ceiling = HIGH_FD_CEILING, floor;
	int high;

	if (fd < 0)
		return fd;
	if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
	    (long)limit.rlim_cur < ceiling)
		ceiling = (long)limit.rlim_cur;
	floor = ceiling > 2 * HIGH_FD_ROOM ? ceiling - HIGH_FD_ROOM : ceiling / 2;
	if (floor <= fd)
		return fd;
	high = fcntl(fd, F_DUPFD_CLOEXEC, (int)floor);
	if (high < 0)
		return fd;
	close(fd);
	return high;
}
