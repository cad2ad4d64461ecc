/* The pointer wrappers, call-site descriptors and hook declarations survive
 * garbage collections forced after every pass (GC roots registered): the
 * same program as t102, built with ggc-min-expand=0. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

typedef int (*sleeper)(useconds_t);

static sleeper table[] = { usleep };

struct ops {
	int (*pause_for)(useconds_t);
	int (*shut)(int);
};

static const struct ops file_ops = { .pause_for = usleep, .shut = close };

static int call_with(sleeper fn, useconds_t us)
{
	return fn(us);
}

static void calls(void)
{
	sleeper local = usleep;
	int (*opener)(const char *, int, ...) = open;
	int fd;

	printf("local %d\n", local(1));
	printf("table %d\n", table[0](1));
	printf("callback %d\n", call_with(usleep, 1));
	printf("ops %d\n", file_ops.pause_for(1));
	printf("same %d %d\n", local == usleep, table[0] == local);
	fd = opener("/dev/null", O_RDONLY);
	printf("close %d\n", file_ops.shut(fd));
	printf("direct %d\n", usleep(1));
}

int main(void)
{
	calls();
	return 0;
}
